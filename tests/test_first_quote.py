"""The passage quoted first is the one the evidence test reads as the answer.

It is always shown when the question is answered, even where its own score falls short of
the margin. It may not come from a document that a lift put above the one holding the best
match, when it fails the background test on its own: the question is then not found.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.answer.compose import ask
from rag.answer.service import AnswerService
from rag.document import Passage
from rag.search.retriever import Retriever
from rag.settings import Settings
from rag.store.embedding import embed_units
from rag.store.index import Index, Manifest
from rag.store.vectors import vector_index

QUESTION = "Hoeveel treinen reden te laat in de winter?"


def _index(embedder, other: str, same: str) -> Index:
    """An answer sharing the question's words, and one whose Kamervraag is the question.

    They lie in documents ``same`` and ``other``.
    """

    def passage(doc: str, pid: str, kind: str, vraag: int, text: str) -> Passage:
        return Passage(f"{doc}:{pid}", doc, "Titel", kind, text, 1, 0, len(text), vraag=(vraag,))

    items = [
        passage(same, "q1", "question", 1, "Kent u het bericht over wachttijden bij de huisarts?"),
        passage(same, "v1", "answer", 1, "Ja, de wachttijden bij de huisarts in de winter ken ik."),
        passage(other, "q2", "question", 2, "Hoeveel treinen reden afgelopen winter te laat?"),
        passage(other, "v2", "answer", 2, "In december en januari was de punctualiteit 88 procent."),
    ]
    blocks = [embed_units([p], embedder) for p in items]
    owners = np.concatenate([np.full(len(b), i, dtype=np.int32) for i, b in enumerate(blocks)])
    manifest = Manifest(model={}, sources=(), count=len(items))
    return Index(vector_index(np.vstack(blocks)), owners, items, np.zeros((0, 256), np.float32), manifest)


def _retrieve(index: Index, embedder, margin: float):
    return Retriever(index, embedder, min_margin=margin, lexical_weight=0.0).retrieve(QUESTION, 2)


def test_the_lifted_answer_is_quoted_though_it_falls_short_of_the_margin_alone(fake_embedder):
    index = _index(fake_embedder, "d", "d")
    lifted, other = _retrieve(index, fake_embedder, -1.0).hits
    assert (lifted.passage.id, other.passage.id) == ("d:v2", "d:v1")  # its Kamervraag lifts it
    margin = (lifted.score + other.score) / 2  # the other passage's best match passes, it does not
    evidence = _retrieve(index, fake_embedder, margin)
    assert evidence.answered
    assert [(h.passage.id, h.relevant) for h in evidence.hits] == [("d:v2", True), ("d:v1", True)]


def test_a_lift_onto_another_document_that_fails_alone_is_not_an_answer(fake_embedder):
    index = _index(fake_embedder, "b", "a")
    lifted, other = _retrieve(index, fake_embedder, -1.0).hits
    assert lifted.passage.doc_id == "b" and other.passage.doc_id == "a"
    evidence = _retrieve(index, fake_embedder, (lifted.score + other.score) / 2)
    assert (evidence.answered, evidence.reason) == (False, "margin")
    assert evidence.hits[0].passage.id == "b:v2" and not evidence.hits[0].relevant


OWN = Path(__file__).resolve().parent.parent / "eval" / "own" / "blind2"
SHOPS = "ah-tk-20232024-2593"
VACANT = "Why do medium-sized cities suffer more from vacant shops than large cities?"


@pytest.fixture(scope="module")
def three_documents(real_embedder, tmp_path_factory) -> Retriever:
    """Ukrainian refugees, empty shops and teachers leaving special education, in one index."""
    names = ("2702-oekraiense-ontheemden", "2593-winkelleegstand", "2614-leraren-speciaal-onderwijs")
    files = [next(OWN.glob(f"ah-tk-20232024-{name}.*")) for name in names]
    home = tmp_path_factory.mktemp("three")
    service = AnswerService(Settings(home=home, index_dir=home / "index"), embedder=real_embedder, files=files)
    return Retriever(service.retriever.index, real_embedder)


def test_a_question_a_lift_sends_to_another_document_is_not_found_with_the_real_model(three_documents):
    # Its best match is on empty shops; a teachers' Kamervraag ("Waarom …") lifted that answer above
    # it, and none of the teachers' passages passes on its own. It had been "answered" with no quote.
    answer = ask(VACANT, three_documents)
    assert (answer.answered, answer.quotes, answer.nearest) == (False, (), ())
    # Asked of the shops document, Vraag 3 answers it.
    evidence = three_documents.retrieve(VACANT, 3, SHOPS)
    assert evidence.answered and evidence.hits[0].passage.vraag == (3,)
    dutch_question = "Waarom hebben middelgrote steden meer last van leegstaande winkels dan de grote steden?"
    dutch = ask(dutch_question, three_documents)
    assert dutch.answered and dutch.quotes[0].passage.doc_id == SHOPS and dutch.quotes[0].passage.vraag == (3,)
