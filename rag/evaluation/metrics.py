"""Retrieval and abstention measured the way users meet them: on the answers the product gives.

Each question is answered as ``vraagbaak ask`` answers it, and the answer is scored as the
shared checker (``score.py``) scores it: a quote counts when it holds an expected string
and comes from one of the question's documents; quoting the string from another document
counts as a wrong document; a found answer cites the right Vraag when its passage answers
one of the Vragen the question names.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.answer.compose import Answer
from rag.document import Passage

KS = (1, 3, 5)


@dataclass(frozen=True)
class EvalQuestion:
    """One line of a question file."""

    id: str
    lang: str
    question: str
    expect: tuple[str, ...]
    vraag: tuple[int, ...] = ()  # the Vragen under whose answer an expected string stands
    kind: str = ""  # for unanswerable questions: "on_topic" or "off_topic"
    doc: tuple[str, ...] = ()  # identifiers the answering document may be cited by
    group: str = ""  # the question set it was written in ("fresh26"), where sets were merged


@dataclass(frozen=True)
class Outcome:
    """How one question was answered."""

    question: EvalQuestion
    answered: bool
    rank: int | None  # of the first quote holding an expected string from a right document
    wrong_doc: int  # quotes before it that hold an expected string but come from another document
    vraag_right: bool | None  # whether that quote cites one of the Vragen asked; None when none is named
    highlighted: bool  # the top quote is the hit and its bold sentences hold the expected string


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
                    _numbers(row.get("vraag")),
                    str(row.get("kind") or ""),
                    _names(row.get("doc")),
                    str(row.get("set") or ""),
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a question line ({error})") from error
    return questions


def _numbers(value: object) -> tuple[int, ...]:
    if value is None:
        return ()
    return tuple(int(n) for n in value) if isinstance(value, list) else (int(value),)  # type: ignore[call-overload]


def _names(value: object) -> tuple[str, ...]:
    if not value:
        return ()
    return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value)  # type: ignore[attr-defined]


def fold(text: str) -> str:
    """Lower case with runs of white space folded to one space, for matching."""
    return " ".join(text.split()).lower()


def shown_text(passage: Passage, with_context: bool = False) -> str:
    """The passage's text, and with ``with_context`` also what is shown beside it: its Kamervraag and footnotes."""
    if not with_context:
        return passage.text
    return "\n".join([passage.text, passage.question or "", *passage.footnotes])


def holds_expected(wanted: Sequence[str], passage: Passage, with_context: bool = False) -> bool:
    """Whether the passage's shown text holds one of the ``wanted`` strings (already folded)."""
    return any(w in fold(shown_text(passage, with_context)) for w in wanted)


def from_right_document(question: EvalQuestion, passage: Passage) -> bool:
    """Whether the passage comes from one of the documents the question may be answered from."""
    return not question.doc or any(name in passage.doc_id for name in question.doc)


def outcome(question: EvalQuestion, answer: Answer, with_context: bool = False) -> Outcome:
    """Score one answer against its question."""
    wanted = [fold(e) for e in question.expect]
    wrong = 0
    for quote in answer.quotes if wanted else ():
        if not holds_expected(wanted, quote.passage, with_context):
            continue
        if not from_right_document(question, quote.passage):
            wrong += 1
            continue
        right = bool(set(quote.passage.vraag) & set(question.vraag)) if question.vraag else None
        highlighted = quote.rank == 1 and any(w in fold(" ".join(quote.highlights)) for w in wanted)
        return Outcome(question, answer.answered, quote.rank, wrong, right, highlighted)
    return Outcome(question, answer.answered, None, wrong, None, False)


def run(
    questions: Iterable[EvalQuestion], answer: Callable[[str], Answer], with_context: bool = False
) -> list[Outcome]:
    """Answer every question with ``answer`` and score it."""
    return [outcome(q, answer(q.question), with_context) for q in questions]


def metrics(outcomes: Sequence[Outcome]) -> dict[str, float | int | None]:
    """Recall@k, MRR, highlight@1, right Vraag, wrong documents, abstention and false abstention."""
    answerable = [o for o in outcomes if o.question.expect]
    unanswerable = [o for o in outcomes if not o.question.expect]
    found = [o for o in answerable if o.rank is not None]
    row: dict[str, float | int | None] = {"questions": len(outcomes), "answerable": len(answerable)}
    for k in KS:
        row[f"recall@{k}"] = _share([o.rank is not None and o.rank <= k for o in answerable])
    row["mrr"] = _mean([1 / o.rank if o.rank else 0.0 for o in answerable])
    row["highlight@1"] = _share([o.highlighted for o in answerable if o.rank == 1])
    row["vraag_right"] = _share([o.vraag_right for o in found if o.vraag_right is not None])
    row["wrong_doc"] = sum(o.wrong_doc for o in answerable)
    row["abstention"] = _share([not o.answered for o in unanswerable])
    row["false_abstention"] = _share([not o.answered for o in answerable])
    return row


def report(outcomes: Sequence[Outcome], per_document: bool = True) -> dict[str, dict[str, float | int | None]]:
    """Metrics overall, per language, per unanswerable kind, per question set and per document."""
    rows = {"all": metrics(outcomes)}
    for name, key in (("lang", lambda o: o.question.lang), ("kind", lambda o: o.question.kind)):
        for value in sorted({key(o) for o in outcomes if key(o)}):
            selected = [o for o in outcomes if key(o) == value and (name == "lang" or not o.question.expect)]
            rows[value] = metrics(selected)
    groups = sorted({o.question.group for o in outcomes if o.question.group})
    for group in groups if len(groups) > 1 else ():
        rows[f"set {group}"] = metrics([o for o in outcomes if o.question.group == group])
    documents = list(dict.fromkeys(o.question.doc[0] for o in outcomes if o.question.doc))
    for document in documents if per_document and len(documents) > 1 else ():
        rows[document] = metrics([o for o in outcomes if o.question.doc[:1] == (document,)])
    return rows


def _share(flags: Sequence[bool]) -> float | None:
    """Share of true flags; None when there are none to count (printed blank, null in JSON)."""
    return round(sum(flags) / len(flags), 3) if flags else None


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


COLUMNS = (
    "questions",
    "recall@1",
    "recall@3",
    "mrr",
    "abstention",
    "false_abstention",
    "vraag_right",
    "wrong_doc",
    "highlight@1",
)


def format_report(rows: dict[str, dict[str, float | int | None]]) -> str:
    """The metrics as an aligned plain-text table, one row per group; blank where nothing counts."""
    width = max([len(name) for name in rows] + [8])
    header = [f"{'':>{width}}", *(f"{c.replace('_', ' '):>10}" for c in COLUMNS)]
    lines = [" ".join(header)]
    for name, row in rows.items():
        cells = [f"{row[c]:>10g}" if row.get(c) is not None else f"{'':>10}" for c in COLUMNS]
        lines.append(" ".join([f"{name:>{width}}", *cells]))
    return "\n".join(lines)
