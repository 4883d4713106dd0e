"""A question for an amount, a time or a reason puts the passages that state one first, within the first document.

A question naming a year puts those naming it first.
"""

from __future__ import annotations

from rag.answer.service import AnswerService
from rag.document import Passage
from rag.search.retriever import Retriever
from rag.settings import Settings
from rag.store.index import Index
from tests.conftest import FakeEmbedder, unit_index

# The topic passage shares more of the question's words; only the other one names a sum and a date.
TOPIC = "De wachtlijsten in de jeugdzorg pakken wij aan met gemeenten en aanbieders."
FUNDED = "Daarvoor komt per 1 september 2025 eenmalig 40 miljoen euro beschikbaar voor de jeugdzorg."
MONEY = "Hoeveel geld gaat naar de wachtlijsten in de jeugdzorg?"


def _index(documents: tuple[str, str] = ("d", "d")) -> Index:
    items = [
        Passage(f"{doc}:p{i}", doc, "Titel", "answer", text, i, 0, len(text), vraag=(i,))
        for i, (doc, text) in enumerate(zip(documents, [TOPIC, FUNDED], strict=True), 1)
    ]
    return unit_index(items, FakeEmbedder())


def _first(index: Index, question: str, weight: float | None) -> str:
    retriever = Retriever(index, FakeEmbedder(), min_margin=-1.0, question_lift=0.0, type_weight=weight)
    return retriever.retrieve(question, 2).hits[0].passage.text


def test_a_question_for_money_puts_the_passage_with_an_amount_first():
    index = _index()
    assert _first(index, MONEY, 0.0) == TOPIC  # by its words alone
    assert _first(index, MONEY, 1.0) == FUNDED
    when = "When will the waiting lists in de jeugdzorg shrink?"
    assert _first(index, when, 0.0) == TOPIC
    assert _first(index, when, 1.0) == FUNDED  # a date


def test_a_why_question_puts_the_passage_that_gives_a_cause_first():
    items = [
        Passage("d:p1", "d", "Titel", "answer", text, i, 0, len(text), vraag=(i,))
        for i, text in enumerate(
            [
                "De wachttijden voor de examens zijn opgelopen tot elf weken.",
                "Dat komt doordat er te weinig examinatoren zijn.",
            ],
            1,
        )
    ]
    index = unit_index(items, FakeEmbedder())
    why = "Waarom zijn de wachttijden voor de examens opgelopen?"
    assert _first(index, why, 0.0) == items[0].text  # by its words alone
    assert _first(index, why, 1.0) == items[1].text
    assert _first(index, "Hoe lang zijn de wachttijden voor de examens?", 1.0) == items[0].text


def test_other_questions_and_other_documents_keep_their_order():
    assert _first(_index(), "Wat doet u aan de wachtlijsten in de jeugdzorg?", 1.0) == TOPIC  # asks for no amount
    # The document quoted first is the one the evidence test reads: the order across documents stays dense.
    assert _first(_index(("a", "b")), MONEY, 1.0) == TOPIC


ANSWERS = """2025Z01234

Antwoorden op vragen van het lid Jansen over de wachtlijsten in de jeugdzorg.

Vraag 1
Wat gaat u doen aan de lange wachtlijsten in de jeugdzorg?

Antwoord 1
Ik pak de wachtlijsten in de jeugdzorg aan samen met gemeenten en aanbieders. Gemeenten krijgen meer ruimte
om jeugdzorg gezamenlijk in te kopen, en aanbieders verwijzen kinderen op de wachtlijst sneller door.

Vraag 2
Welke middelen zijn daarvoor beschikbaar?

Antwoord 2
Het kabinet stelt hiervoor eenmalig € 40 miljoen beschikbaar, te verdelen over de regio's met de langste
wachttijden.

Vraag 3
Wanneer verwacht u dat de wachttijden korter worden?

Antwoord 3
De eerste regio's beginnen per 1 september 2025. Ik verwacht dat de wachttijden in het voorjaar van 2026
merkbaar korter zijn.
"""


def test_how_much_the_regions_get_is_answered_by_the_sum_with_the_real_model(real_embedder, tmp_path):
    # By its words the question meets "De eerste regio's beginnen per 1 september 2025" (Vraag 3);
    # only Vraag 2 names an amount.
    document = tmp_path / "2025Z01234-jeugdzorg.txt"
    document.write_text(ANSWERS, encoding="utf-8")
    settings = Settings(home=tmp_path, index_dir=tmp_path / "index")
    index = AnswerService(settings, embedder=real_embedder, files=[document]).retriever.index

    def first(weight: float | None) -> tuple[bool, str, tuple[int, ...]]:
        evidence = Retriever(index, real_embedder, type_weight=weight).retrieve("Hoeveel krijgen de regio's?", 3)
        return evidence.answered, evidence.reason, evidence.hits[0].passage.vraag

    # Without the lift, the passage quoted first states no amount, so it is not offered as the answer.
    assert first(0.0) == (False, "answer_type", (3,))
    assert first(None) == (True, "", (2,))


EXAMS = """2025Z04567

Antwoorden op vragen van het lid De Boer over de wachttijden voor het staatsexamen Nederlands.

Vraag 1
Hoe lang moeten kandidaten wachten op het staatsexamen Nederlands als tweede taal?

Antwoord 1
De gemiddelde wachttijd voor het onderdeel Spreken bedroeg in maart 2025 elf weken. Voor de onderdelen Lezen
en Luisteren was dat zes weken. De norm is dat een kandidaat binnen vijf weken examen kan doen.

Vraag 2
Wat is de oorzaak van de opgelopen wachttijden?

Antwoord 2
Het aantal aanmeldingen is in 2024 met 30% gestegen, doordat meer nieuwkomers het examen moeten afleggen.
Tegelijk is het moeilijk om voldoende examinatoren te werven.

Vraag 3
Welke maatregelen neemt u om de wachttijden te verkorten?

Antwoord 3
De examenorganisatie opent vier extra examenlocaties en neemt twintig examinatoren in dienst. Ik verwacht dat
de wachttijden eind 2025 weer binnen de norm liggen.
"""


def test_why_the_wait_is_long_is_answered_by_its_cause_with_the_real_model(real_embedder, tmp_path):
    # By its words the question meets the answer on how long the wait is (Vraag 1); Vraag 2 gives the cause.
    document = tmp_path / "2025Z04567-examens.txt"
    document.write_text(EXAMS, encoding="utf-8")
    settings = Settings(home=tmp_path, index_dir=tmp_path / "index")
    index = AnswerService(settings, embedder=real_embedder, files=[document]).retriever.index
    question = "Waarom zijn de wachttijden voor het staatsexamen zo lang?"
    order = [
        [hit.passage.vraag for hit in Retriever(index, real_embedder, type_weight=w).retrieve(question, 3).hits]
        for w in (0.0, None)
    ]
    assert order == [[(1,), (2,), (3,)], [(2,), (1,), (3,)]]


def test_a_question_naming_a_year_puts_the_passages_naming_it_first():
    other = "In 2020 zijn 1.910 zoekvragen in de fotodatabank van de politie uitgevoerd."
    asked = "In 2021 waren het er 2.280."
    items = [
        Passage(f"d:p{i}", "d", "Titel", "answer", text, i, 0, len(text), vraag=(i,))
        for i, text in enumerate([other, asked], 1)
    ]
    index = unit_index(items, FakeEmbedder())

    def first(question: str, weight: float) -> str:
        retriever = Retriever(
            index, FakeEmbedder(), min_margin=-1.0, question_lift=0.0, type_weight=0.0, year_weight=weight
        )
        return retriever.retrieve(question, 2).hits[0].passage.text

    question = "Hoeveel zoekvragen in de fotodatabank van de politie in 2021?"
    assert first(question, 0.0) == other  # by its words alone
    assert first(question, 1.0) == asked
    assert first("Hoeveel zoekvragen in de fotodatabank van de politie?", 1.0) == other  # names no year
