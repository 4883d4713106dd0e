"""The Dutch-aware lexical leg on a tiny corpus indexed once, and how it orders Dutch questions."""

from __future__ import annotations

import numpy as np
import pytest

from rag.search.lexical import LexicalIndex, LexicalLeg, words
from rag.search.retriever import Retriever
from rag.store.index import Index, Manifest
from rag.store.vectors import vector_index
from tests.conftest import paragraphs as passages

TEXTS = [
    "In het voorjaar treedt een subsidieregeling voor omscholing in werking met € 37,5 miljoen.",
    "De verhouding man/vrouw is 70/30.",
    "Inmiddels hebben meer dan 170.000 Nederlanders deze training gevolgd.",
    "Die regeling is bedoeld voor bedrijven in de ICT-sector.",
]


@pytest.fixture(scope="module")
def lexical() -> LexicalIndex:
    return LexicalIndex(TEXTS)


def test_words_drop_stop_words_and_normalise_numbers():
    assert words("Hoeveel geld is er voor de € 37,5 miljoen? 170.000 mensen, 70/30") == [
        "geld",
        "37,5",
        "miljoen",
        "170000",
        "mensen",
        "70/30",
    ]


def test_hyphenated_words_count_whole_and_in_parts():
    assert words("mkb-bedrijven") == ["mkb-bedrijven", "mkb", "bedrijven"]


@pytest.mark.parametrize(
    ("question", "best"),
    [
        ("170000 deelnemers", 2),  # a number written without its thousands dot
        ("verhouding 70/30", 1),
        ("regelingen voor ICT bedrijven", 3),  # stemmed plural
    ],
)
def test_best_passage(lexical, question, best):
    scores = lexical.scores(question)
    assert int(scores.argmax()) == best and scores[best] > 0


def test_compound_is_found_through_its_parts(lexical):
    scores = lexical.scores("omscholingsregeling")
    assert [bool(s > 0) for s in scores] == [True, False, False, True]  # "omscholing", "regeling"


def test_coverage_is_the_share_of_known_terms(lexical):
    assert lexical.coverage("omscholing voor tulpen") == 0.5
    assert lexical.scores("tulpenbollen in Lisse").max() == 0


def test_lexical_leg_scores_dutch_questions_only_relative_to_the_best():
    leg = LexicalLeg(passages(TEXTS))
    scores = leg.scores("Hoeveel mensen hebben de training van 170.000 gevolgd?")
    assert scores is not None and int(scores.argmax()) == 2 and scores.max() == pytest.approx(1.0)
    assert leg.scores("How many people followed the training?") is None  # English words do not match Dutch text
    assert leg.scores("Hoe staat het met de tulpenbollen in Lisse?") is None  # no known term: nothing to add


def test_lexical_leg_is_not_built_for_large_collections():
    assert LexicalLeg(passages(TEXTS), max_passages=3).scores("verhouding man vrouw 70/30") is None
    assert LexicalLeg([]).scores("verhouding man vrouw 70/30") is None


def test_a_dutch_question_is_ordered_by_dense_plus_lexical_scores(fake_embedder):
    asked = "Welke regeling voor scholing is er?"  # a question: "regeling scholing" would be a search
    texts = ["De regeling voor scholing.", "Scholing en regeling in de sector."]
    items = passages(texts)
    vectors = fake_embedder.embed_passages(texts)
    manifest = Manifest(model={}, sources=(), count=len(items))
    index = Index(
        vector_index(vectors), np.arange(len(items), dtype=np.int32), items, np.zeros((0, 256), np.float32), manifest
    )
    retriever = Retriever(index, fake_embedder, min_margin=-1.0, lexical_weight=1.0)
    dense_order = [
        h.passage.id for h in Retriever(index, fake_embedder, -1.0, lexical_weight=0).retrieve(asked, 2).hits
    ]
    retriever.lexical.scores = lambda question: np.array([0.0, 1.0]) if question == asked else None
    hits = retriever.retrieve(asked, 2).hits
    assert dense_order == ["d:p0", "d:p1"] and [h.passage.id for h in hits] == ["d:p1", "d:p0"]
    dense = {
        h.passage.id: h.score for h in Retriever(index, fake_embedder, -1.0, lexical_weight=0).retrieve(asked, 2).hits
    }
    assert {h.passage.id: h.score for h in hits} == dense  # the lexical leg orders; scores stay dense


def test_a_misspelt_dutch_question_finds_its_answer_first_with_the_lexical_leg(real_service):
    # "mesnen" for "mensen": BM25 alone ranks the answer third here, the dense leg first;
    # the fusion must keep it first.
    question = "hoeveel mesnen volgen jaarlijks een AI opleiding?"
    dense = Retriever(real_service.index, real_service.embedder, lexical_weight=0).retrieve(question, 5)
    fused = real_service.retriever.retrieve(question, 5)
    assert "circa 700 studenten" in fused.hits[0].passage.text
    assert "circa 700 studenten" in dense.hits[0].passage.text
