"""Keyword searches: a few words that ask nothing are found where an answer or its Kamervraag writes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.answer.compose import ask
from rag.document import Passage
from rag.search.keywords import document_number, search_terms, units_writing, writes, written_words
from rag.search.retriever import Retriever
from tests.conftest import retriever_over, unit_index


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("Arriva", ("arriva",)),
        ("Kick Out Zwarte Piet", ("kick", "out", "zwarte", "piet")),
        ("€ 125 miljoen", ("125", "miljoen")),
        ("de verkoop van Arriva", ("verkoop", "arriva")),
        ("Arriva?", ()),  # a question mark asks
        ("Wat is PRIO", ()),  # so does a question word
        ("how many students", ()),
        ("kosten van de dijkversterking bij Holwerd", ()),  # more than a few words
        ("de en het", ()),  # names nothing
    ],
)
def test_a_search_is_a_few_words_without_a_question(query, terms):
    assert search_terms(query) == terms


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("ah-tk-20232024-1076", ("ah-tk-20232024-1076", "")),
        ("2020z23459?", ("2020z23459", "?")),
        ("Straße AH-TK-20232024-1076", ("ah-tk-20232024-1076", "Straße")),
        ("Wie tekende 2020Z23459?", ("2020z23459", "Wie tekende ?")),
        ("Hoeveel aanvragen kwamen er in 2020 binnen?", None),
    ],
)
def test_a_document_number_is_read_from_a_query(query, named):
    assert document_number(query) == named


def test_a_long_term_is_found_inside_a_compound_and_a_short_one_only_as_a_word():
    text = "de sinterklaasintocht in zeeland. de nza en ecn, niet de nzaam of ai-studenten."
    words = written_words(text)
    assert writes(text, words, ("intocht",)) and writes(text, words, ("nza", "ecn", "ai"))
    assert not writes(text, words, ("zaam",)) and not writes(text, words, ("nza", "arriva"))
    # Sentences 1 to 3, then the pairs 4 (1-2) and 5 (2-3): the pair of two sentences writing one.
    text = "Geen intocht. Wel Sinterklaas zelf. Een intocht van Sinterklaas."
    assert units_writing(text, ("sinterklaas",)) == {2, 3, 5}
    assert units_writing(text, ("intocht", "nza")) == {1, 3}


def _passage(pid: str, text: str, question: str | None = None) -> Passage:
    return Passage(f"d:{pid}", "d", "Titel", "answer", text, 1, 0, len(text), vraag=(int(pid[1:]),), question=question)


ITEMS = [
    _passage("v1", "De vervoerder is verkocht aan een investeerder. Het personeel blijft in dienst."),
    _passage("v2", "Ik heb geen signalen dat de dienstregeling verandert.", "Blijft Arriva de treinen rijden?"),
    _passage("v3", "De treinen in het noorden rijden volgens de dienstregeling."),
]


def test_a_search_quotes_what_writes_it_though_the_margin_refuses_it(fake_embedder):
    retriever = Retriever(unit_index(ITEMS, fake_embedder), fake_embedder, min_margin=2.0, lexical_weight=0.0)
    # Its Kamervraag writes "Arriva": the answer under it is quoted, and nothing else.
    evidence = retriever.retrieve("arriva", 3)
    assert evidence.answered and [h.passage.id for h in evidence.hits] == ["d:v2"]
    written = retriever.retrieve("dienstregeling", 3)
    assert written.answered and {h.passage.id for h in written.hits} == {"d:v2", "d:v3"}
    assert written.hits[1].highlights  # the sentence that writes it
    # "De" makes the first sentence the nearer one; the bold goes to the one that writes the term.
    two = [_passage("v1", "De de de de trein. Volgens dienstregeling.")]
    searched = Retriever(unit_index(two, fake_embedder), fake_embedder, min_margin=2.0).retrieve("de dienstregeling", 1)
    assert searched.hits[0].highlights == ("Volgens dienstregeling.",)
    # Scored from the candidates when they hold k passages writing it, else passage by passage: alike.
    first = retriever.retrieve("dienstregeling", 1).hits
    assert [(h.passage.id, h.score) for h in first] == [(h.passage.id, h.score) for h in written.hits[:1]]
    # The same words as a question, or a search nothing writes, still face the margin.
    assert not retriever.retrieve("Wie rijdt de dienstregeling?", 3).answered
    assert not retriever.retrieve("vuurwerk", 3).answered
    # Within a document that does not write it, there is nothing to quote.
    assert not retriever.retrieve("dienstregeling", 3, doc_id="e").answered


OWN = Path(__file__).resolve().parent.parent / "eval" / "own" / "dev"


@pytest.fixture(scope="module")
def own_dev(real_embedder, tmp_path_factory) -> Retriever:
    """Three of our own documents in one index: family doctors, wolves and crypto tax."""
    files = [next(OWN.glob(f"*{name}*")) for name in ("huisartsen-platteland", "wolven-veluwe", "cryptobelasting")]
    return retriever_over(files, real_embedder, tmp_path_factory.mktemp("keywords"))


@pytest.mark.parametrize(
    ("search", "document", "vraag", "written"),
    [
        ("Nivel", "ah-tk-20222023-1517", (2,), "Nivel"),  # the margin refused both
        ("nivel", "ah-tk-20222023-1517", (2,), "Nivel"),
        ("crypto", "ah-tk-20212022-2350", (), "cryptovaluta"),  # inside a compound
        ("2,4 miljoen", "ah-tk-20212022-2301", (6,), "€ 2,4 miljoen"),
    ],
)
def test_searches_the_real_model_refused_find_the_answers_that_write_them(own_dev, search, document, vraag, written):
    answer = ask(search, own_dev)
    assert answer.answered
    first = answer.quotes[0]
    assert (first.passage.doc_id, first.passage.vraag) == (document, vraag)
    assert written in first.passage.text and any(written in h for h in first.highlights)


def test_a_search_nothing_writes_is_still_not_found_with_the_real_model(own_dev):
    answer = ask("recept erwtensoep", own_dev)
    assert not answer.answered and not answer.quotes


def test_a_documents_number_finds_its_heading_and_narrows_a_search_with_the_real_model(own_dev):
    heading = ask("ah-tk-20212022-2301", own_dev)
    assert heading.answered and heading.quotes[0].passage.id == "ah-tk-20212022-2301:p:1"
    assert heading.quotes[0].passage.text.startswith("Vragen van de leden")
    assert not ask("ah-tk-20212022-9999", own_dev).answered  # no such document here
    # "2021" is written in all three documents; with a number, in that one only.
    narrowed = ask("ah-tk-20212022-2350 2021", own_dev)
    assert narrowed.answered and {q.passage.doc_id for q in narrowed.quotes} == {"ah-tk-20212022-2350"}
    assert len({q.passage.doc_id for q in ask("2021", own_dev).quotes}) > 1


def test_a_kenmerk_alone_finds_the_bundled_documents_heading(real_service):
    answer = ask("2020Z23459", real_service.retriever)
    assert answer.answered and [q.passage.kind for q in answer.quotes] == ["heading"]
    assert "Van der Molen en Amhaouch" in answer.quotes[0].passage.text
