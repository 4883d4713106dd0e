"""Choosing a ranking weight by leaving one document out, on hand-made rank tables."""

from __future__ import annotations

from rag.evaluation.ranking import choose, document_mrr, format_folds, leave_one_out

# Per value, per document, the rank of each answerable question's first right passage (0: none).
TABLE = {
    0.0: {"a": [1, 2], "b": [2, 2, 1], "c": [1]},
    0.5: {"a": [1, 1], "b": [1, 1, 1], "c": [2]},
    1.0: {"a": [1, 1], "b": [1, 1, 0], "c": [0]},
}


def test_every_document_weighs_equally():
    assert document_mrr([1, 2, 0, 4]) == (1 + 0.5 + 0 + 0.25) / 4
    # Document c's one question counts as much as b's three: pooled, 1.0 would win (0.75 to 0.625).
    assert choose({0.0: {"b": [2, 2, 2], "c": [1]}, 1.0: {"b": [1, 1, 1], "c": [0]}}, ["b", "c"]) == 0.0
    assert choose({0.0: {"b": [1, 1, 2], "c": [1]}, 1.0: {"b": [1, 1, 1], "c": [2]}}, ["b", "c"]) == 0.0


def test_a_tie_keeps_the_smaller_value():
    assert choose({0.0: {"a": [1]}, 0.5: {"a": [1]}}, ["a"]) == 0.0


def test_each_document_is_scored_at_the_value_chosen_on_the_others():
    folds = {doc: (value, held, base) for doc, value, held, base in leave_one_out(TABLE)}
    # Without c, 0.5 ranks a and b best; c itself loses its one question there.
    assert folds["c"] == (0.5, 0.0, 1.0)
    # Without a or b, c's first place at 0.0 decides.
    assert folds["a"] == (0.0, 0.5, 0.5)
    assert folds["b"] == (0.0, 1 / 3, 1 / 3)
    text = format_folds(leave_one_out(TABLE), TABLE)
    assert "chosen on all 3 documents: 0.5" in text
