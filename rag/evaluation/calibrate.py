"""Choosing the refusal threshold by leave-one-document-out cross-validation.

Each question is scored once: the highest background margin (``Retriever.min_margin``) at
which it is still answered, its *critical* margin, found by bisection (answering is
monotone in the margin), and whether its top quote then holds an expected string. A
threshold ``t`` refuses exactly the questions whose critical margin is below ``t``, so
every candidate threshold is scored from that table without answering again.

Every document counts equally: figures are means over documents of each document's
share, so the 3017 questions on the bundled document weigh as much as the four of a
small one. A threshold is chosen to refuse as many unanswerable questions as it can while
refusing at most ``FALSE_ABSTENTION_BUDGET`` of the answerable ones; for each document,
it is chosen on the others and applied to it (``leave_one_out``).

The questions are answered by ``rag.evaluation.scan``; ``python -m rag.evaluation.calibrate``
runs both and prints the table.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

# The most false abstention a threshold may cost, per document on average: the target of
# the issue "Calibrate refusal across documents" (at most 5% of answerable questions refused).
FALSE_ABSTENTION_BUDGET = 0.05
# The candidate thresholds: margins from -0.02 to 0.10 in steps of 0.001.
GRID = tuple(round(-0.02 + 0.001 * i, 3) for i in range(121))


@dataclass(frozen=True)
class Scored:
    """One question: its document, whether it is answerable, its critical margin and its top quote."""

    doc: str
    answerable: bool
    critical: float  # the highest threshold at which it is answered; -inf if never, inf if always
    top1: bool = False  # answered, its first quote holds an expected string from a right document


@dataclass(frozen=True)
class Figures:
    """Abstention, false abstention and recall@1 at one threshold; None where nothing counts."""

    abstention: float | None
    false_abstention: float | None
    recall1: float | None


def critical_margin(answered: Callable[[float], bool], low: float = -0.2, high: float = 0.3, steps: int = 14) -> float:
    """The highest threshold in [``low``, ``high``] at which ``answered`` holds, to (high - low) / 2**steps."""
    if not answered(low):
        return -math.inf
    if answered(high):
        return math.inf
    for _ in range(steps):
        middle = (low + high) / 2
        low, high = (middle, high) if answered(middle) else (low, middle)
    return low


def figures(rows: Iterable[Scored], threshold: float) -> Figures:
    """The per-document mean of each document's abstention, false abstention and recall@1 at ``threshold``."""
    by_doc: dict[str, list[Scored]] = {}
    for row in rows:
        by_doc.setdefault(row.doc, []).append(row)
    refused, false, found = [], [], []
    for doc_rows in by_doc.values():
        unanswerable = [r.critical < threshold for r in doc_rows if not r.answerable]
        answerable = [r for r in doc_rows if r.answerable]
        if unanswerable:
            refused.append(sum(unanswerable) / len(unanswerable))
        if answerable:
            false.append(sum(r.critical < threshold for r in answerable) / len(answerable))
            found.append(sum(r.top1 and r.critical >= threshold for r in answerable) / len(answerable))
    return Figures(_mean(refused), _mean(false), _mean(found))


def pooled(rows: Sequence[Scored], threshold: float) -> Figures:
    """The same figures with every question counting once (as ``vraagbaak eval`` counts)."""
    return figures([Scored("all", r.answerable, r.critical, r.top1) for r in rows], threshold)


def choose(rows: Sequence[Scored], grid: Sequence[float] = GRID, budget: float = FALSE_ABSTENTION_BUDGET) -> float:
    """The threshold that refuses the most unanswerable questions within the false-abstention budget.

    Ties go to the lowest false abstention, then to the middle of the tied thresholds: the
    edge of a plateau is where one more question tips it. With no threshold in budget, the
    one with the least false abstention wins.
    """
    scored = [(t, figures(rows, t)) for t in grid]
    within = [(t, f) for t, f in scored if (f.false_abstention or 0.0) <= budget]
    if not within:
        least = min((f.false_abstention or 0.0) for _, f in scored)
        within = [(t, f) for t, f in scored if (f.false_abstention or 0.0) == least]
    best = max((f.abstention or 0.0, -(f.false_abstention or 0.0)) for _, f in within)
    tied = [t for t, f in within if (f.abstention or 0.0, -(f.false_abstention or 0.0)) == best]
    return tied[len(tied) // 2]


@dataclass(frozen=True)
class Fold:
    """One held-out document: the threshold chosen on the others and its figures at that threshold."""

    doc: str
    threshold: float
    held_out: Figures
    questions: int


def leave_one_out(rows: Sequence[Scored], grid: Sequence[float] = GRID) -> list[Fold]:
    """For each document, the threshold chosen on all other documents, applied to it."""
    docs = list(dict.fromkeys(r.doc for r in rows))
    folds = []
    for doc in docs:
        threshold = choose([r for r in rows if r.doc != doc], grid)
        held = [r for r in rows if r.doc == doc]
        folds.append(Fold(doc, threshold, figures(held, threshold), len(held)))
    return folds


def held_out_rows(rows: Sequence[Scored], folds: Sequence[Fold]) -> list[Scored]:
    """Every question with its critical margin shifted by its fold's threshold, so that 0 is its decision."""
    chosen = {f.doc: f.threshold for f in folds}
    return [Scored(r.doc, r.answerable, r.critical - chosen[r.doc], r.top1) for r in rows]


def spread(folds: Sequence[Fold]) -> tuple[float, float, float]:
    """The smallest, median and largest threshold chosen over the folds."""
    values = [f.threshold for f in folds]
    return min(values), statistics.median(values), max(values)


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def format_folds(folds: Sequence[Fold], rows: Sequence[Scored]) -> str:
    """The per-document table and the held-out figures, per document and pooled."""
    lines = [f"{'document':<48} {'n':>5} {'threshold':>9} {'abstain':>8} {'false':>7} {'R@1':>6}"]
    for f in folds:
        cells = [_cell(v) for v in (f.held_out.abstention, f.held_out.false_abstention, f.held_out.recall1)]
        lines.append(f"{f.doc[:48]:<48} {f.questions:>5} {f.threshold:>9.3f} {cells[0]:>8} {cells[1]:>7} {cells[2]:>6}")
    shifted = held_out_rows(rows, folds)
    for name, result in (("per-document mean", figures(shifted, 0.0)), ("pooled", pooled(shifted, 0.0))):
        cells = [_cell(v) for v in (result.abstention, result.false_abstention, result.recall1)]
        lines.append(f"{'held out, ' + name:<48} {len(rows):>5} {'':>9} {cells[0]:>8} {cells[1]:>7} {cells[2]:>6}")
    low, middle, high = spread(folds)
    lines.append(f"thresholds over the folds: min {low:.3f}, median {middle:.3f}, max {high:.3f}")
    lines.append(f"chosen on all documents: {choose(rows):.3f}")
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    from rag.evaluation.scan import main

    main()
