"""Retriever details on a hand-made index with the fake embedder."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from rag.document import Passage
from rag.search.retriever import Retriever
from rag.store.embedding import embed_units
from rag.store.index import Index, Manifest
from rag.store.vectors import vector_index
from tests.conftest import paragraphs


def test_highlights_come_from_the_stored_sentences_even_beyond_the_candidates(fake_embedder, monkeypatch):
    texts = ["Scholing kost geld. De regeling voor omscholing telt 37,5 miljoen.", "Een andere alinea over fietsen."]
    items = paragraphs(texts)
    items[0] = replace(items[0], heading="Welk budget heeft de minister voor de nieuwe omscholing?")
    units = np.vstack([embed_units([p], fake_embedder) for p in items])
    owners = np.array([0, 0, 0, 0, 1], dtype=np.int32)
    manifest = Manifest(model={}, sources=(), count=len(items))
    index = Index(vector_index(units), owners, items, np.zeros((0, 256), np.float32), manifest)
    question = "welk budget heeft de minister voor omscholing in miljoen"
    assert index.search(fake_embedder.embed_queries([question])[0], 1)[0][0] == 0  # the whole passage is best
    monkeypatch.setattr("rag.search.retriever.CANDIDATES", 1)  # so no sentence of it is among the candidates
    (hit,) = Retriever(index, fake_embedder, min_margin=-1.0).retrieve(question, 1).hits
    assert hit.passage.id == "d:p0" and hit.highlights == ("De regeling voor omscholing telt 37,5 miljoen.",)


def _kamervragen_index(embedder) -> Index:
    """Two Kamervragen, each with its answer; the second answer in two paragraphs."""

    def passage(pid, kind, vraag, text, paragraph=1):
        return Passage(f"d:{pid}", "d", "Titel", kind, text, paragraph, 0, len(text), vraag=vraag)

    items = [
        passage("q1", "question", (1,), "Kent u het bericht over treinen in de winter?"),
        passage("v1:1", "answer", (1,), "Ja, het bericht over treinen in de winter ken ik."),
        passage("q2", "question", (2,), "Hoeveel treinen reden afgelopen winter te laat?"),
        passage("v2:1", "answer", (2,), "In december en januari was de punctualiteit 88 procent.", 1),
        passage("v2:2", "answer", (2,), "ProRail onderzoekt de storingen aan wissels.", 2),
    ]
    blocks = [embed_units([p], embedder) for p in items]
    owners = np.concatenate([np.full(len(b), i, dtype=np.int32) for i, b in enumerate(blocks)])
    manifest = Manifest(model={}, sources=(), count=len(items))
    return Index(vector_index(np.vstack(blocks)), owners, items, np.zeros((0, 256), np.float32), manifest)


def test_an_answer_rises_as_a_whole_towards_the_kamervraag_the_question_echoes(fake_embedder):
    index = _kamervragen_index(fake_embedder)
    question = "Hoeveel treinen reden te laat in de winter?"
    plain = Retriever(index, fake_embedder, min_margin=-1.0, question_lift=0.0).retrieve(question, 3).hits
    lifted = Retriever(index, fake_embedder, min_margin=-1.0, question_lift=0.75).retrieve(question, 3).hits
    # The first answer shares the question's words; the second answers it, in other words.
    assert [h.passage.id for h in plain] == ["d:v1:1", "d:v2:2", "d:v2:1"]
    # The whole second answer comes first, its paragraphs in their own order.
    assert [h.passage.id for h in lifted] == ["d:v2:2", "d:v2:1", "d:v1:1"]
    # Scores stay dense: the lift only orders.
    assert [h.score for h in lifted] == [plain[1].score, plain[2].score, plain[0].score]


def test_a_question_closer_to_the_answer_than_to_its_kamervraag_is_not_moved(fake_embedder):
    index = _kamervragen_index(fake_embedder)
    question = "punctualiteit in december en januari"
    orders = [
        [
            h.passage.id
            for h in Retriever(index, fake_embedder, min_margin=-1.0, question_lift=lift).retrieve(question, 3).hits
        ]
        for lift in (0.0, 0.75)
    ]
    assert orders[0] == orders[1] and orders[0][0] == "d:v2:1"


def test_kamervragen_that_fill_the_candidates_do_not_hide_the_answers(fake_embedder, monkeypatch):
    index = _kamervragen_index(fake_embedder)
    question = "Kent u het bericht over treinen in de winter?"
    # With room for one unit, it is the first Kamervraag's, which is hidden: more are fetched.
    assert int(index.owners[index.search(fake_embedder.embed_queries([question])[0], 1)[0][0]]) == 0
    monkeypatch.setattr("rag.search.retriever.CANDIDATES", 1)
    monkeypatch.setattr("rag.search.retriever.MIN_CANDIDATES", 1)
    hits = Retriever(index, fake_embedder, min_margin=-1.0, question_lift=0.0).retrieve(question, 1).hits
    assert [h.passage.id for h in hits] == ["d:v1:1"]


def test_the_covering_letter_answers_only_questions_about_the_document(fake_embedder):
    def passage(pid, kind, text):
        return Passage(f"d:{pid}", "d", "Titel", kind, text, 1, 0, len(text))

    items = [
        passage("l1", "letter", "Hierbij stuur ik u de antwoorden op de vragen over het woningtekort."),
        passage("v1", "answer", "Er worden dit jaar 70.000 woningen gebouwd."),
    ]
    blocks = [embed_units([p], fake_embedder) for p in items]
    owners = np.concatenate([np.full(len(b), i, dtype=np.int32) for i, b in enumerate(blocks)])
    manifest = Manifest(model={}, sources=(), count=len(items))
    index = Index(vector_index(np.vstack(blocks)), owners, items, np.zeros((0, 256), np.float32), manifest)
    retriever = Retriever(index, fake_embedder, min_margin=-1.0)
    assert [h.passage.id for h in retriever.retrieve("Wat doet u aan het woningtekort?", 2).hits] == ["d:v1"]
    asked = retriever.retrieve("Wanneer stuurde de minister de antwoorden over het woningtekort?", 2).hits
    assert "d:l1" in [h.passage.id for h in asked]
