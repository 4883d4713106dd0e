"""The document contrast: among many documents, a question about none of them matches them all alike."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.document import Passage
from rag.search.contrast import MIN_CONTRAST, MIN_DOCUMENTS, DocumentContrast
from rag.search.retriever import Retriever
from rag.store.collection import update
from rag.store.index import Index, Manifest, flat_index

OWN_DEV = Path(__file__).resolve().parents[1] / "eval" / "own" / "dev"


def _index(documents: int, units_per_document: int = 2) -> Index:
    """``documents`` documents of one passage each; document i's units point along axis i (and a shared axis)."""
    dimension = documents + 1
    passages, rows, owners = [], [], []
    for i in range(documents):
        passages.append(Passage(f"d{i}:v1:1", f"d{i}", "Titel", "answer", "Tekst.", 1, 0, 6, vraag=(1,)))
        for unit in range(units_per_document):
            row = np.zeros(dimension, np.float32)
            row[i], row[-1] = (1.0, 0.0) if unit == 0 else (0.6, 0.8)
            rows.append(row)
            owners.append(i)
    manifest = Manifest(model={}, sources=(), count=len(passages))
    background = np.zeros((0, dimension), np.float32)
    return Index(flat_index(np.array(rows)), np.array(owners, np.int32), passages, background, manifest)


def test_contrast_is_the_best_document_against_the_median_one():
    index = _index(MIN_DOCUMENTS + 1)
    test = DocumentContrast(index)
    shown = np.zeros(len(index.passages), dtype=bool)
    about_one = np.zeros(MIN_DOCUMENTS + 2, np.float32)
    about_one[0] = 1.0
    assert test.contrast(about_one, shown) == pytest.approx(1.0 - 0.0)
    assert test.stands_out(about_one, shown)
    # Along the shared axis every document scores 0.8: about none of them.
    about_none = np.zeros(MIN_DOCUMENTS + 2, np.float32)
    about_none[-1] = 1.0
    assert test.contrast(about_none, shown) == pytest.approx(0.0)
    assert not test.stands_out(about_none, shown)


def test_hidden_passages_and_small_collections_are_not_tested():
    index = _index(MIN_DOCUMENTS)
    test = DocumentContrast(index)
    query = np.zeros(MIN_DOCUMENTS + 1, np.float32)
    query[-1] = 1.0
    assert test.applies and test.contrast(query, np.zeros(MIN_DOCUMENTS, dtype=bool)) == pytest.approx(0.0)
    hidden = np.zeros(MIN_DOCUMENTS, dtype=bool)
    hidden[0] = True  # one document fewer than the median needs
    assert test.contrast(query, hidden) is None and test.stands_out(query, hidden)
    small = DocumentContrast(_index(MIN_DOCUMENTS - 1))
    assert not small.applies and small.stands_out(query[:-1], np.zeros(MIN_DOCUMENTS - 1, dtype=bool))


@pytest.fixture(scope="module")
def many(real_embedder):
    """Our fourteen dev documents in one index, with the real model."""
    files = sorted(p for p in OWN_DEV.iterdir() if p.suffix in (".pdf", ".txt", ".md"))
    index, notices = update(None, files, real_embedder)
    assert notices == [] and len({p.doc_id for p in index.passages}) == len(files) >= MIN_DOCUMENTS
    return Retriever(index, real_embedder)


@pytest.mark.parametrize(
    "question",
    ["Hoeveel fietsen zijn er in 2021 gestolen?", "How many night flights were there at Schiphol in 2022?"],
)
def test_a_question_about_one_of_many_documents_stands_out(many, question):
    evidence = many.retrieve(question, 3)
    assert evidence.answered
    hidden = many.is_question | many.is_reference | many.is_source | many.is_framing
    assert many.contrast.contrast(many.embedder.embed_queries([question])[0], hidden) >= MIN_CONTRAST


@pytest.mark.parametrize(
    "question",
    ["What is the government doing about the shortage of teachers?", "Why are waiting lists for youth care so long?"],
)
def test_a_policy_question_about_none_of_them_is_not_found(many, monkeypatch, question):
    # None of the fourteen is about schools or youth care; a prison or wolf answer matches as well as any.
    evidence = many.retrieve(question, 3)
    assert (evidence.answered, evidence.reason) == (False, "margin")
    assert evidence.margin >= many.min_margin  # the background test alone lets it pass
    monkeypatch.setattr(many.contrast, "min_contrast", -1.0)
    assert many.retrieve(question, 3).answered
