"""A note that is only a paper number or link: found for a question asking for one, through the passage citing it."""

from __future__ import annotations

import pytest

from rag.document import Metadata, Passage
from rag.ingest.patterns import is_bare_reference
from rag.search.asking import asked_facets, asks_for_link, asks_for_source
from rag.search.links import citing_passages
from rag.search.retriever import Retriever
from rag.store.index import Source
from tests.conftest import unit_index


def _passage(number: int, kind: str, text: str, cited_by: str | None = None, doc: str = "d") -> Passage:
    return Passage(f"{doc}:{kind}:{number}", doc, "Titel", kind, text, number, 0, len(text), cited_by=cited_by)


def _retriever(items: list[Passage], embedder, metadata: Metadata | None = None) -> Retriever:
    """A retriever over ``items`` of one document "d", embedded by ``embedder``, with no lexical leg."""
    index = unit_index(items, embedder, (Source("d.txt", "", "d", metadata=metadata or Metadata()),))
    return Retriever(index, embedder, -1.0, lexical_weight=0)


# Like Vraag 6 of the bundled document: the marker stands after the last sentence, while
# the first one names the plan that the note numbers.
KAMERVRAAG = _passage(1, "question", "Wat is de stand van het actieplan voor robots? Ligt de opvolging op schema?")
ANSWER = _passage(2, "answer", "De kamerbrief over de groeistrategie noemt het ook.")
PLAN_NOTE = _passage(3, "footnote", "Kamerstuk 26 643, nr. 640", cited_by="Ligt de opvolging op schema?")
LETTER_NOTE = _passage(4, "footnote", "Kamerstuk 29 696, nr. 7", cited_by=ANSWER.text)


def test_each_paper_number_note_is_tied_to_the_passage_citing_it():
    items = [
        KAMERVRAAG,
        ANSWER,
        PLAN_NOTE,
        LETTER_NOTE,
        _passage(5, "footnote", "Het gaat om het dossier Software.", cited_by="De kamerbrief over de groeistrategie"),
        _passage(6, "footnote", "Kamerstuk 1, nr. 2", cited_by="Ligt de opvolging op schema?", doc="other"),
    ]
    # A note with words of its own is embedded with them; one of another document is not cited here.
    assert citing_passages(items) == {2: 0, 3: 1}


def test_a_paper_number_is_ranked_by_the_passage_citing_it(fake_embedder, monkeypatch):
    items = [KAMERVRAAG, ANSWER, PLAN_NOTE, LETTER_NOTE]
    retriever = _retriever(items, fake_embedder, Metadata(kenmerk="2020Z1"))
    question = "Wat is het kamerstuknummer van het actieplan voor robots?"
    assert asked_facets(question) == {"reference"}
    assert [h.passage.id for h in retriever.retrieve(question, 2).hits] == ["d:footnote:3", "d:footnote:4"]
    monkeypatch.setitem(retriever.links.__dict__, "citing", {})  # each note by its own words only
    assert retriever.retrieve(question, 2).hits[0].passage.id == "d:footnote:4"


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("Wat is het kamerstuknummer van het Strategisch Actieplan voor AI?", "Kamerstuk 26 643, nr. 640"),
        ("Which parliamentary paper number is the Strategic Action Plan for AI?", "Kamerstuk 26 643, nr. 640"),
        ("Kamerstuknummer van de brief over de groeistrategie", "Kamerstuk 29 696, nr. 7"),
        ("What is the Kamerstuk number of the November 2019 paper on the sector plan?", "Kamerstuk 31 228, nr. 795."),
    ],
)
def test_the_paper_number_asked_for_comes_first_with_the_real_model(real_service, question, number):
    answer = real_service.ask(question)
    assert answer.answered and answer.quotes[0].passage.text == number


def test_a_question_about_a_paper_but_not_its_number_is_answered_from_the_text_with_the_real_model(real_service):
    question = "Op welke datum verscheen het kamerstuk over het onderzoekssectorplan bètatechniek?"
    assert asked_facets(question) == set()
    assert "15 november 2019" in real_service.ask(question).quotes[0].passage.text


@pytest.mark.parametrize(
    ("question", "source", "link"),
    [
        ("link naar het overzicht van de VSNU", True, True),
        ("Op welke webpagina staat het overzicht?", True, True),
        ("What is the URL of the VSNU overview?", True, True),
        ("link to the Parool article", True, True),
        # Every question for the address asks for a source: else the link stays hidden.
        ("Wat is het internetadres van het VSNU-overzicht?", True, True),
        ("Waar kan ik het overzicht van cursussen vinden?", True, False),
        ("Where can I read the action plan?", True, False),
        ("Is the VSNU overview online?", True, False),
        ("Wat is het kamerstuknummer van het actieplan?", True, False),
        ("Welke cursussen noemt de VSNU?", False, False),
        ("Where is the AI lab located?", False, False),
        ("Waar wordt AI onderwezen?", False, False),
    ],
)
def test_which_questions_ask_for_a_source_or_the_address_itself(question, source, link):
    assert (asks_for_source(question), asks_for_link(question)) == (source, link)


def test_a_bare_link_is_found_only_for_a_question_asking_where_to_read(fake_embedder):
    items = [
        _passage(1, "answer", "Hogescholen bieden korte cursussen over robots aan."),
        _passage(2, "footnote", "https://example.nl/cursussen/robots", cited_by="overzicht cursussen robots"),
    ]
    retriever = _retriever(items, fake_embedder)
    # The note's words match best, yet a link does not say which courses there are.
    assert [h.passage.id for h in retriever.retrieve("overzicht cursussen robots", 2).hits] == ["d:answer:1"]
    found = retriever.retrieve("waar vind ik het overzicht cursussen robots", 2).hits
    assert found[0].passage.id == "d:footnote:2"


def test_asked_for_a_link_the_address_comes_just_above_the_passage_citing_it(fake_embedder):
    citing = "De VSNU heeft het aanbod robots inzichtelijk gemaakt. Hogescholen bieden cursussen robots aan."
    items = [
        _passage(1, "answer", citing),
        _passage(
            2, "footnote", "https://example.nl/robots", cited_by="De VSNU heeft het aanbod robots inzichtelijk gemaakt."
        ),
        _passage(3, "answer", "Scholen geven les over robots."),
    ]
    retriever = _retriever(items, fake_embedder)
    # Where to read it: the citing passage, which shares more of the words, comes first.
    where = retriever.retrieve("waar vind ik het aanbod robots van hogescholen", 3).hits
    assert [h.passage.id for h in where[:2]] == ["d:answer:1", "d:footnote:2"]
    link = retriever.retrieve("webpagina met het aanbod robots van hogescholen", 3).hits
    assert [h.passage.id for h in link[:2]] == ["d:footnote:2", "d:answer:1"]
    assert link[0].score < link[1].score  # lifted in the order only; its own score is kept


def test_asked_for_a_website_the_real_model_quotes_the_address_first(real_service):
    answer = real_service.ask("Op welke website zet de VSNU haar cursusaanbod over AI?")
    assert answer.answered and answer.quotes[0].passage.text.startswith("https://vsnu.nl/")
    assert "VSNU" in answer.quotes[1].passage.text  # then the passage citing it


def test_the_link_to_an_overview_is_found_with_the_real_model(real_service):
    answer = real_service.ask("Waar staat het VSNU-overzicht van AI-cursussen online?")
    assert answer.answered and answer.quotes[0].passage.text.startswith("https://vsnu.nl/")


def test_an_off_topic_question_is_not_matched_to_a_bare_paper_number_with_the_real_model(real_service):
    evidence = real_service.retriever.retrieve("How do I apply for a Dutch passport?", 5)
    assert not evidence.answered
    assert evidence.hits and not any(is_bare_reference(h.passage.text) for h in evidence.hits)
