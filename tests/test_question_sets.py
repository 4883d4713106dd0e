"""The question sets in eval/: well formed, answerable from the bundled document, and paired where they say so."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.evaluation.metrics import fold, read_questions
from tests.conftest import BUNDLED_TXT

EVAL = Path(__file__).resolve().parent.parent / "eval"
SETS = sorted(EVAL.glob("*.jsonl"))


def test_the_question_sets_are_there():
    assert {"dev.jsonl", "tune.jsonl", "paired.jsonl"} <= {path.name for path in SETS}


@pytest.mark.parametrize("path", SETS, ids=lambda path: path.stem)
def test_every_expected_answer_stands_in_the_document(path):
    document = fold(BUNDLED_TXT.read_text(encoding="utf-8"))
    questions = read_questions(path)
    assert len({q.id for q in questions}) == len(questions)
    assert {q.lang for q in questions} <= {"nl", "en"}
    missing = [(q.id, e) for q in questions for e in q.expect if fold(e) not in document]
    assert missing == []


def test_each_paired_question_is_a_translation_of_one_in_the_set():
    questions = read_questions(EVAL / "paired.jsonl")
    originals = {q.id: q for q in questions if not q.id.endswith("-tr")}
    translations = [q for q in questions if q.id.endswith("-tr")]
    assert len(translations) == len(originals) > 0
    for translation in translations:
        original = originals[translation.id.removesuffix("-tr")]
        assert translation.expect == original.expect and translation.expect
        assert translation.lang != original.lang
        assert translation.question != original.question
