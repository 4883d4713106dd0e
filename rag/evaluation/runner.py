"""Run question sets against documents indexed afresh, and check what ``list`` says of each document.

A *corpus folder* holds documents, their questions (``questions.jsonl``) and, optionally,
what each document says about itself (``metadata.jsonl``: askers, answerer, dates, Aanhangsel
id). Question files can also be given alone, with the documents named separately.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.evaluation.metrics import EvalQuestion, read_questions
from rag.store.folders import gather

QUESTIONS = "questions.jsonl"
METADATA = "metadata.jsonl"
# The fields of `vraagbaak list --json` that must match what a document says of itself.
CHECKED_FIELDS = ("doc_id", "aanhangsel", "askers", "answerer", "submitted", "received")


@dataclass(frozen=True)
class Corpus:
    """Questions, the documents they are about, and the metadata expected of those documents."""

    questions: tuple[EvalQuestion, ...]
    documents: tuple[Path, ...]
    expected: tuple[dict[str, object], ...] = ()


def load_corpus(paths: Sequence[Path], documents: Sequence[Path] = ()) -> Corpus:
    """The questions of each file or corpus folder in ``paths``, the folders' documents and ``documents``."""
    questions: list[EvalQuestion] = []
    files: list[Path] = []
    expected: list[dict[str, object]] = []
    for path in paths:
        if not path.is_dir():
            questions += read_questions(path)
            continue
        questions += read_questions(path / QUESTIONS)
        files += [f for f in gather([path]).files if f.name != "README.md"]
        if (path / METADATA).is_file():
            lines = (path / METADATA).read_text(encoding="utf-8").splitlines()
            expected += [json.loads(line) for line in lines if line.strip()]
    files += list(gather(documents).files)
    return Corpus(tuple(questions), tuple(dict.fromkeys(files)), tuple(expected))


def metadata_report(rows: Sequence[dict[str, object]], expected: Sequence[dict[str, object]]) -> dict[str, object]:
    """How many documents ``list`` describes right, field by field, matched to ``expected`` by file name.

    A field is right when it equals the expected value after folding case, white space and
    end punctuation; a name may also stand inside a longer value ("Minister De Jonge
    (Binnenlandse Zaken en Koninkrijksrelaties)" holds "Minister De Jonge").
    """
    by_file = {Path(str(row["source"])).name: row for row in rows}
    checked = [(want, by_file.get(str(want["file"]))) for want in expected]
    fields = {name: [_same(name, want.get(name), got) for want, got in checked] for name in CHECKED_FIELDS}
    wrong = {
        str(want["file"]): [name for name in CHECKED_FIELDS if not _same(name, want.get(name), got)]
        for want, got in checked
    }
    return {
        "documents": len(checked),
        "all_right": sum(not names for names in wrong.values()),
        **{name: sum(flags) for name, flags in fields.items()},
        "wrong": {file: names for file, names in wrong.items() if names},
    }


def _same(name: str, want: object, row: dict[str, object] | None) -> bool:
    got = None if row is None else row.get(name)
    if not want:
        return not got
    if not got:
        return False
    want_text, got_text = _folded(str(want)), _folded(str(got))
    return want_text == got_text or (name == "answerer" and (want_text in got_text or got_text in want_text))


def _folded(text: str) -> str:
    return " ".join(text.split()).strip(" .,;").casefold()
