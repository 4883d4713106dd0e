"""The late-interaction leg and its token store, with the token-giving fake embedder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.answer.service import AnswerService
from rag.document import Passage
from rag.search.asking import asked_facets
from rag.search.late import late_scores, max_sim
from rag.search.retriever import Retriever
from rag.settings import Settings
from rag.store.index import TOKEN_STARTS, CorruptIndexError, Index
from rag.store.tokens import TokenTable
from tests.conftest import FakeEmbedder, TokenFakeEmbedder, unit_index

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Why do border guards quit their posts?"
SHORT = "Border guards."  # two of the question's words, and little else: the pooled vectors' favourite
LONG = "Guards quit their posts because the night shifts, the long travel and the high rents weigh on them."


def test_max_sim_averages_each_question_tokens_best_match():
    question = np.eye(3, dtype=np.float32)[:2]  # two tokens
    passage = np.array([[1, 0, 0], [0, 0.6, 0.8]], dtype=np.float32)
    assert max_sim(question, passage) == pytest.approx((1.0 + 0.6) / 2)
    assert max_sim(question, np.zeros((0, 3), np.float32)) == 0.0


def test_the_token_table_keeps_each_passages_tokens_and_skips_unknown_ones():
    first, second = np.ones((2, 4), np.float32) / 2, np.full((3, 4), 0.5, np.float32)
    table = TokenTable.of([first, None, second], 4)
    assert table.fits(3) and not table.fits(2)
    assert table.tokens(1).shape == (0, 4) and table.tokens(2).shape == (3, 4)
    assert table.values.dtype == np.int8  # one byte a dimension, and a scale per token
    again = TokenTable.joined([table.select([2, 1]), table.select([0])], 4)
    assert again.fits(3) and again.values.dtype == np.int8
    np.testing.assert_allclose(again.tokens(0), second, rtol=1e-6)
    np.testing.assert_array_equal(again.tokens(0), table.tokens(2))  # the stored rows, not quantised again
    np.testing.assert_allclose(again.tokens(2), first, rtol=1e-6)
    assert again.tokens(1).shape == (0, 4)
    scores = late_scores(np.full((1, 4), 0.5, np.float32), [0, 1, 2], table)
    assert scores.keys() == {0, 2} and scores[0] == pytest.approx(1.0) and scores[2] == pytest.approx(1.0)


def _index(embedder, documents: tuple[str, str] = ("d", "d")) -> Index:
    items = [
        Passage(f"{doc}:p{i}", doc, "Titel", "answer", text, i, 0, len(text), vraag=(i,))
        for i, (doc, text) in enumerate(zip(documents, [SHORT, LONG], strict=True), 1)
    ]
    return unit_index(items, embedder)


def _first(index: Index, embedder, question: str, weight: float) -> str:
    retriever = Retriever(index, embedder, min_margin=-1.0, question_lift=0.0, late_weight=weight)
    return retriever.retrieve(question, 2).hits[0].passage.text


def test_an_english_question_is_ordered_by_its_words_best_matches_too():
    embedder = TokenFakeEmbedder()
    index = _index(embedder)
    assert _first(index, embedder, QUESTION, 0.0) == SHORT  # the pooled vectors alone
    assert _first(index, embedder, QUESTION, 1.0) == LONG  # four of its words against two


def test_the_late_leg_orders_the_passages_of_the_first_document_only():
    # The document quoted first is the one the evidence test reads: the leg must not change it.
    embedder = TokenFakeEmbedder()
    assert _first(_index(embedder, ("a", "b")), embedder, QUESTION, 1.0) == SHORT


def test_the_late_leg_leaves_dutch_questions_facet_questions_and_tokenless_indexes_alone():
    embedder = TokenFakeEmbedder()
    retriever = Retriever(_index(embedder), embedder, min_margin=-1.0, late_weight=1.0)

    def tokens_for(question: str) -> np.ndarray | None:
        return retriever._embed(question, asked_facets(question))[1]

    assert tokens_for(QUESTION) is not None
    assert tokens_for("Waarom zeggen zoveel grensbewakers op Schiphol hun baan op?") is None
    assert tokens_for("Who signed the answers about border guards quitting their posts?") is None
    assert Retriever(retriever.index, embedder, late_weight=0.0)._embed(QUESTION, frozenset())[1] is None
    plain = FakeEmbedder()  # offers no token vectors: an index of it knows none
    assert _first(_index(plain), plain, QUESTION, 1.0) == SHORT


def test_token_vectors_are_saved_checked_and_read_back(tmp_path):
    embedder = TokenFakeEmbedder()
    index = _index(embedder)
    index.save(tmp_path)
    loaded = Index.load(tmp_path)
    np.testing.assert_array_equal(loaded.tokens.tokens(1), index.tokens.tokens(1))
    # int8 with a scale per token keeps each unit vector's direction.
    exact = TokenTable.of([TokenFakeEmbedder()._tokens(LONG)], 256).tokens(0)
    np.testing.assert_allclose(np.sum(exact * TokenFakeEmbedder()._tokens(LONG), axis=1), 1.0, atol=1e-3)
    assert loaded.tokens.tokens(1).shape[0] == len(LONG.replace(",", "").replace(".", "").split())
    np.save(tmp_path / TOKEN_STARTS, np.array([0, 1], dtype=np.int64))
    with pytest.raises(CorruptIndexError, match="checksum"):
        Index.load(tmp_path)
    with pytest.raises(CorruptIndexError, match="token table"):
        Index(index.vectors, index.owners, index.passages, index.background, index.manifest, TokenTable.empty(1, 256))


def test_a_token_table_whose_parts_disagree_does_not_fit():
    table = TokenTable.of([np.ones((2, 4), np.float32) / 2], 4)
    assert table.fits(1)
    assert not TokenTable(table.values, table.scales[:1], table.starts).fits(1)
    assert not TokenTable(table.values, table.scales, np.array([0, 3])).fits(1)


def test_an_english_question_finds_the_dutch_answer_that_names_why_with_the_real_model(real_embedder, tmp_path):
    # Pooled, the question lands on the recruitment campaign (Vraag 7); word by word, "leaving
    # their jobs" meets "vertrokken" in the answer to Vragen 2 and 3.
    document = next((ROOT / "eval" / "own" / "blind2").glob("*marechaussee-schiphol*"))
    settings = Settings(home=tmp_path, index_dir=tmp_path / "index")
    index = AnswerService(settings, embedder=real_embedder, files=[document]).retriever.index
    question = "Why are so many border police officers leaving their jobs at the airport?"

    def first(weight: float | None, type_weight: float | None = 0.0) -> Passage:
        retriever = Retriever(index, real_embedder, min_margin=-1.0, late_weight=weight, type_weight=type_weight)
        return retriever.retrieve(question, 3).hits[0].passage

    assert first(None).vraag == (2, 3) and "vertrokken" in first(None).text
    assert first(0.0).vraag == (7,)
    # That answer names "de redenen", so the reason lift of a why-question finds it as well.
    assert first(0.0, type_weight=None).vraag == (2, 3)
