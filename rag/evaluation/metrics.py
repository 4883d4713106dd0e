"""Retrieval quality on a question file: recall@k, MRR, abstention and false abstention."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rag.document import Passage
from rag.search.retriever import Evidence

KS = (1, 3, 5)


@dataclass(frozen=True)
class EvalQuestion:
    """One line of an evaluation file."""

    id: str
    lang: str
    question: str
    expect: tuple[str, ...]
    vraag: int | None = None
    kind: str = ""  # optional label, such as "on_topic" or "off_topic" for unanswerable questions


class Searcher(Protocol):
    """Anything that ranks passages for a question and judges them, like ``Retriever``."""

    def retrieve(self, question: str, k: int) -> Evidence:
        """The top ``k`` passages for ``question`` and whether they answer it."""


def read_questions(path: Path) -> list[EvalQuestion]:
    """Parse a JSON-lines question file; a bad line raises ValueError naming its line number."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(
                EvalQuestion(
                    row["id"],
                    row["lang"],
                    row["question"],
                    tuple(row["expect"]),
                    row.get("vraag"),
                    str(row.get("kind") or ""),
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a question line ({error})") from error
    return questions


def fold(text: str) -> str:
    """Lower case with runs of white space folded to one space, for matching."""
    return " ".join(text.split()).lower()


def shown_text(passage: Passage, with_context: bool = False) -> str:
    """The passage's text, and with ``with_context`` also what is shown beside it: its Kamervraag and footnotes."""
    if not with_context:
        return passage.text
    return "\n".join([passage.text, passage.question or "", *passage.footnotes])


def first_hit(evidence: Evidence, expect: Sequence[str], with_context: bool = False) -> int | None:
    """Rank of the first retrieved passage that contains an expected string (see `shown_text`)."""
    wanted = [fold(e) for e in expect]
    for hit in evidence.hits:
        if any(w in fold(shown_text(hit.passage, with_context)) for w in wanted):
            return hit.rank
    return None


def highlight_holds_answer(evidence: Evidence, expect: Sequence[str]) -> bool:
    """Whether the top hit's highlighted sentences contain an expected string."""
    wanted = [fold(e) for e in expect]
    highlighted = fold(" ".join(evidence.hits[0].highlights)) if evidence.hits else ""
    return any(w in highlighted for w in wanted)


def evaluate(
    questions: Sequence[EvalQuestion], searcher: Searcher, with_context: bool = False
) -> dict[str, dict[str, float | None]]:
    """Metrics overall, per language, per unanswerable kind and per part of the document.

    Kinds and parts get rows only where the questions tell them apart: a ``kind`` on
    unanswerable questions, and answerable ones both with and without a ``vraag``.

    Recall and MRR are computed on the ranking even where the system abstained, so that
    retrieval and abstention are measured separately. ``highlight@1`` is the share of
    top-1 hits whose highlighted sentences hold the expected answer. By default a passage
    holds the answer only in its own text; ``with_context`` also counts the Kamervraag and
    footnotes quoted with it (a question about what the member asked is answered there).
    """
    rows = []
    for q in questions:
        evidence = searcher.retrieve(q.question, max(KS))
        rank = first_hit(evidence, q.expect, with_context) if q.expect else None
        rows.append((q, evidence.answered, rank, rank == 1 and highlight_holds_answer(evidence, q.expect)))
    report = {"all": _metrics(rows)}
    for lang in sorted({q.lang for q in questions}):
        report[lang] = _metrics([r for r in rows if r[0].lang == lang])
    # Off-topic questions are far easier to refuse than on-topic ones the document leaves open.
    for kind in sorted({q.kind for q in questions if q.kind and not q.expect}):
        report[kind] = _metrics([r for r in rows if r[0].kind == kind and not r[0].expect])
    # Answers to a Vraag, against the covering letter and notes (no ``vraag``): a weaker kind.
    parts = {
        "in_vraag": [r for r in rows if r[0].expect and r[0].vraag is not None],
        "letter_notes": [r for r in rows if r[0].expect and r[0].vraag is None],
    }
    if all(parts.values()):
        report.update({name: _metrics(part) for name, part in parts.items()})
    return report


def _metrics(rows: list[tuple[EvalQuestion, bool, int | None, bool]]) -> dict[str, float | None]:
    answerable = [(answered, rank) for q, answered, rank, _ in rows if q.expect]
    unanswerable = [answered for q, answered, _, _ in rows if not q.expect]
    highlighted = [held for q, _, rank, held in rows if q.expect and rank == 1]
    metrics: dict[str, float | None] = {"questions": len(rows), "answerable": len(answerable)}
    for k in KS:
        metrics[f"recall@{k}"] = _share([rank is not None and rank <= k for _, rank in answerable])
    metrics["mrr"] = _mean([1 / rank if rank else 0.0 for _, rank in answerable])
    metrics["highlight@1"] = _share(highlighted)
    metrics["abstention"] = _share([not answered for answered in unanswerable])
    metrics["false_abstention"] = _share([not answered for answered, _ in answerable])
    return metrics


def _share(flags: Sequence[bool]) -> float | None:
    """Share of true flags; None when there are none to count (printed blank, null in JSON)."""
    return round(sum(flags) / len(flags), 3) if flags else None


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def format_report(report: dict[str, dict[str, float | None]]) -> str:
    """The metrics as an aligned plain-text table: one row per language, kind or part; blank where nothing counts."""
    columns = ["questions", *(f"recall@{k}" for k in KS), "mrr", "highlight@1", "abstention", "false_abstention"]
    lines = ["  ".join(f"{c:>16}" for c in ["", *columns])]
    for name, metrics in report.items():
        cells = [f"{metrics[c]:>16g}" if metrics.get(c) is not None else f"{'':>16}" for c in columns]
        lines.append("  ".join([f"{name:>16}", *cells]))
    return "\n".join(lines)
