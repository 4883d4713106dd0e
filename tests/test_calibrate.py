"""Choosing the refusal threshold: per-document weights, the budget and leave-one-document-out."""

from __future__ import annotations

import math

import pytest

from rag.evaluation.calibrate import (
    Figures,
    Scored,
    choose,
    critical_margin,
    figures,
    held_out_rows,
    leave_one_out,
    spread,
)

GRID = (0.0, 0.01, 0.02, 0.03, 0.04, 0.05)


def _doc(name: str, answerable: list[float], unanswerable: list[float]) -> list[Scored]:
    return [Scored(name, True, c, True) for c in answerable] + [Scored(name, False, c) for c in unanswerable]


# Answerable questions clear 0.035 and more; unanswerable ones fall below 0.025 - 0.045.
TABLE = (
    _doc("a", [0.05, 0.06, 0.08], [0.01, 0.02])
    + _doc("b", [0.04, 0.07], [0.015, 0.03])
    + _doc("c", [0.045, 0.09], [0.025, 0.045])
)


def test_figures_weigh_every_document_equally():
    many = _doc("big", [0.05] * 98 + [0.0, 0.0], [])
    few = _doc("small", [0.05, 0.0], [])
    assert figures(many + few, 0.01).false_abstention == pytest.approx((0.02 + 0.5) / 2, abs=1e-3)


def test_the_threshold_refuses_most_within_the_budget():
    # Up to 0.04 no answer is lost and 5 of 6 unanswerable are refused at 0.04; at 0.05
    # documents b and c lose one answerable question of two each: over budget.
    assert figures(TABLE, 0.04) == Figures(0.833, 0.0, 1.0)
    assert figures(TABLE, 0.05).false_abstention == 0.333
    assert choose(TABLE, GRID) == 0.04


def test_tied_thresholds_give_the_middle_one():
    rows = _doc("x", [0.05], [0.0])  # 0.01 to 0.05 all refuse it and keep the answer
    assert choose(rows, GRID) == 0.03


def test_without_any_threshold_in_budget_the_least_false_abstention_wins():
    rows = _doc("x", [-0.5], [-0.6])
    assert choose(rows, GRID) == GRID[len(GRID) // 2]  # every threshold refuses it: the middle one


def test_leave_one_out_chooses_on_the_other_documents():
    folds = leave_one_out(TABLE, GRID)
    assert [f.doc for f in folds] == ["a", "b", "c"]
    # Any two documents lose an answer at 0.05 (b's 0.04 or c's 0.045): 0.04 in every fold.
    assert [f.threshold for f in folds] == [0.04, 0.04, 0.04]
    assert folds[2].held_out.abstention == 0.5  # c's 0.045 passes a threshold of 0.04
    assert spread(folds) == (0.04, 0.04, 0.04)
    shifted = held_out_rows(TABLE, folds)
    assert figures(shifted, 0.0).false_abstention == 0.0


def test_critical_margin_is_found_by_bisection():
    assert critical_margin(lambda t: t <= 0.0371) == pytest.approx(0.0371, abs=1e-4)
    assert critical_margin(lambda t: False) == -math.inf
    assert critical_margin(lambda t: True) == math.inf
