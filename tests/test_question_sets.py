"""The question sets in eval/: well formed, answerable from their documents, and paired where they say so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.evaluation.metrics import fold, read_questions
from rag.evaluation.runner import load_corpus
from tests.conftest import BUNDLED_TXT

EVAL = Path(__file__).resolve().parent.parent / "eval"
BUNDLED = EVAL / "bundled" / "questions.jsonl"
OWN = EVAL / "own"
# Per corpus: its questions, and how many are off every document's topic and name none.
OWN_CORPORA = {
    "dev": (160, 30),
    "blind": (160, 30),
    "blind2": (140, 0),
    "blind3": (140, 0),
    "blind4": (140, 0),
    "blind5": (140, 0),
    "blind6": (140, 0),
    "blind7": (140, 0),
    "blind8": (140, 0),
    "blind9": (140, 0),
    "blind10": (140, 0),
    "blind11": (140, 0),
    "blind12": (140, 0),
    "blind13": (168, 0),
}


def test_the_bundled_documents_sets_are_one_file_with_the_shared_smoke_test_in_it():
    questions = read_questions(BUNDLED)
    assert len({q.id for q in questions}) == len(questions) and {q.lang for q in questions} <= {"nl", "en"}
    assert sum(q.group == "dev" for q in questions) == 29 and len({q.group for q in questions}) >= 30
    document = fold(BUNDLED_TXT.read_text(encoding="utf-8"))
    assert [(q.id, e) for q in questions for e in q.expect if fold(e) not in document] == []


def test_each_translation_has_its_original_in_the_other_language():
    questions = read_questions(BUNDLED)
    originals = {q.id: q for q in questions}
    translations = [q for q in questions if q.id.endswith("-tr")]
    assert translations
    for translation in translations:
        original = originals[translation.id.removesuffix("-tr")]
        assert translation.expect == original.expect and translation.expect
        assert translation.lang != original.lang and translation.question != original.question


def _source_body(name: str) -> str:
    """A source document's body as written, its note markers taken out."""
    text = (OWN / "sources" / f"{name}.src").read_text(encoding="utf-8")
    body = text.split("\n===\n", 1)[1].split("---notes---")[0]
    return fold(re.sub(r"\[\^\d+\]", "", body))


def _source_header(name: str) -> str:
    return fold((OWN / "sources" / f"{name}.src").read_text(encoding="utf-8").split("\n===\n", 1)[0])


@pytest.mark.parametrize("corpus", OWN_CORPORA)
def test_our_corpora_name_real_files_and_expect_what_their_sources_say(corpus):
    loaded = load_corpus([OWN / corpus])
    count, docless = OWN_CORPORA[corpus]
    stems = {path.name.split(".")[0] for path in loaded.documents}
    assert len(loaded.documents) == len(loaded.expected) == 14 and len(loaded.questions) == count
    assert len({q.id for q in loaded.questions}) == len(loaded.questions)
    unnamed = [q for q in loaded.questions if not q.doc]
    assert len(unnamed) == docless and all(q.kind == "off_topic" and not q.expect for q in unnamed)
    for question in loaded.questions:
        if not question.doc:
            continue
        assert question.doc and question.doc[0] in stems, question.id
        name = question.doc[0].split("-", 4)[-1] if question.doc[0].startswith("ah-") else question.doc[0][11:]
        text = _source_body(name) + " " + _source_header(name)
        assert all(fold(e) in text for e in question.expect), question.id
        assert question.expect or question.kind in ("on_topic", "off_topic"), question.id
