"""The layouts Kamervragen answers come in, each on a small text written here in that layout."""

# ruff: noqa: RUF001 - curly quotes and dashes are what Dutch typesetting prints

from __future__ import annotations

from pathlib import Path

import pytest

from rag.answer.compose import citation, vraag_json
from rag.document import Document
from rag.ingest import read_document

HEADING = (
    "Vragen van de leden Hirsch (GroenLinks-PvdA) en Teunissen (PvdA) aan de Minister van Financiën over "
    "exportkredieten (ingezonden 4 april 2024).\n\n"
    "Antwoord van Staatssecretaris Van Rij (Financiën), mede namens de Minister voor Buitenlandse Handel "
    "(ontvangen 21 mei 2024).\n\n"
)
FOOTER = (
    "ah-tk-20232024-1786\nISSN 0921 - 7398\n’s-Gravenhage 2024 Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1\n"
)


def on_one_line(*parts: str, masthead: tuple[str, int] | None = None) -> str:
    """A conversion that put the document on one line: the masthead (years, number) if given, HEADING, ``parts``."""
    top: tuple[str, ...] = ()
    if masthead is not None:
        years, number = masthead
        top = (
            f"Tweede Kamer der Staten-Generaal 2 Vergaderjaar {years} Aanhangsel van de Handelingen Vragen gesteld "
            f"door de leden der Kamer, met de daarop door de regering gegeven antwoorden {number}",
        )
    return " ".join((*top, HEADING.replace("\n", " ").strip(), *parts))


def read(tmp_path: Path, text: str, name: str = "antwoorden.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def answers(document: Document) -> dict[tuple[int, ...], str]:
    return {pair.numbers: pair.answer for pair in document.pairs}


def test_combined_and_listed_headings_answer_several_vragen(tmp_path):
    document = read(
        tmp_path,
        HEADING + "Vraag 1\nBent u bekend met het rapport?\n\nAntwoord 1\nJa.\n\n"
        "Vraag 2 en 3\nKlopt het bericht? Wat gaat u doen?\n\nAntwoord 2 en 3\nHet bericht klopt niet.\n\n"
        "Vraag 7, 8, 9 10 en 11\nWanneer komt het besluit?\n\nAntwoord 7, 8, 9, 10 en 11\nIn juni.\n",
    )
    assert answers(document) == {(1,): "Ja.", (2, 3): "Het bericht klopt niet.", (7, 8, 9, 10, 11): "In juni."}
    passage = next(p for p in document.passages if p.kind == "answer" and p.vraag == (2, 3))
    assert passage.id == "antwoorden:v2-3:1" and vraag_json(passage.vraag) == [2, 3]
    assert "Vraag 2 en 3" in citation(passage, "nl") and "Question 2 and 3" in citation(passage, "en")


def test_separate_questions_answered_together_and_antwoord_vraag_n(tmp_path):
    document = read(
        tmp_path,
        HEADING + "Vraag 4\nHoeveel polissen zijn er?\n\nAntwoord vraag 4\nEr zijn 12 polissen.\n\n"
        "Vraag 5\nWat kosten ze?\n\nVraag 6\nWie betaalt?\n\nAntwoord 5 en 6\nDe Staat betaalt € 3 miljoen.\n",
    )
    assert answers(document) == {(4,): "Er zijn 12 polissen.", (5, 6): "De Staat betaalt € 3 miljoen."}
    questions = {p.vraag: p.text for p in document.passages if p.kind == "question"}
    assert questions == {(4,): "Hoeveel polissen zijn er?", (5,): "Wat kosten ze?", (6,): "Wie betaalt?"}
    assert document.pairs[1].question == "Wat kosten ze? Wie betaalt?"


def test_inline_headings(tmp_path):
    document = read(
        tmp_path,
        "Antwoorden op vragen van het lid Jansen (VVD) over fietsen (ingezonden 10 maart 2022).\n\n"
        "Vraag 1: Hoeveel fietsen worden gestolen?\n\nAntwoord op vraag 1: Ongeveer 487.000 per jaar.\n\n"
        "Vraag 2: Wat doet u eraan?\n\nAntwoord op vraag 2: Ik stel een taskforce in.\n",
    )
    assert answers(document) == {(1,): "Ongeveer 487.000 per jaar.", (2,): "Ik stel een taskforce in."}


def test_numbered_questions_with_an_answer_heading_and_a_list_inside_an_answer(tmp_path):
    document = read(
        tmp_path,
        HEADING + "1. Bent u bekend met het bericht?\n\nAntwoord\nJa. Ik neem drie maatregelen:\n"
        "1. meer toezicht;\n2. hogere boetes;\n3. voorlichting.\n\n"
        "2. Wat kost dat?\n\nAntwoord\nDat kost € 4 miljoen.\n",
    )
    assert [pair.numbers for pair in document.pairs] == [(1,), (2,)]
    assert "2. hogere boetes" in document.pairs[0].answer and document.pairs[1].answer == "Dat kost € 4 miljoen."


def test_an_answer_that_points_to_another_records_which(tmp_path):
    document = read(
        tmp_path,
        HEADING + "Vraag 1\nWat doet u?\n\nAntwoord 1\nIk stel een onderzoek in.\n\n"
        "Vraag 2\nWanneer?\n\nAntwoord 2\nZie het antwoord op vraag 1.\n",
    )
    assert [pair.refers for pair in document.pairs] == [(), (1,)]
    assert next(p for p in document.passages if p.vraag == (2,) and p.kind == "answer").refers == (1,)


def test_a_mededeling_says_when_the_answers_come_and_who_said_so(tmp_path):
    document = read(
        tmp_path,
        "Vragen van het lid Hoogendijk (JA21) aan de Minister van Financiën over crypto in box 3 "
        "(ingezonden 9 juni 2022).\n\nMededeling van Minister Kooistra (Financiën) (ontvangen 29 juni 2022).\n\n"
        "De vragen kunnen niet binnen de gebruikelijke termijn worden beantwoord. Ik streef ernaar ze "
        "uiterlijk op 9 september 2022 te beantwoorden.\n",
    )
    assert document.pairs == () and [p.kind for p in document.passages] == ["heading", "heading", "mededeling"]
    metadata = document.metadata
    assert (metadata.answerer, metadata.submitted, metadata.received) == (
        "Minister Kooistra (Financiën)",
        "2022-06-09",
        "2022-06-29",
    )


def test_a_mededeling_that_names_the_questions_as_the_heading_does_is_no_heading(tmp_path):
    document = read(
        tmp_path,
        "Vragen van het lid Hoogendijk (JA21) aan de Minister van Financiën over crypto in box 3 "
        "(ingezonden 9 juni 2022).\n\nMededeling van Minister Kooistra (Financiën) (ontvangen 29 juni 2022).\n\n"
        "De vragen van het lid Hoogendijk (JA21) over crypto in box 3 (ingezonden 9 juni 2022) kunnen niet binnen "
        "de gebruikelijke termijn worden beantwoord.\n\nIk streef ernaar ze uiterlijk op 9 september 2022 te "
        "beantwoorden.\n",
    )
    assert [p.kind for p in document.passages] == ["heading", "heading", "mededeling", "mededeling"]
    assert document.metadata.received == "2022-06-29"


def test_lost_headings_are_read_from_the_question_marks(tmp_path):
    document = read(
        tmp_path,
        HEADING + "Bent u bekend met het rapport?\n\nJa.\n\nHoeveel projecten zijn verzekerd? Wat is de waarde?\n\n"
        "Er zijn 14 projecten verzekerd, samen € 2,1 miljard.\n\nDat bedrag groeit.\n",
    )
    assert answers(document) == {
        (1,): "Ja.",
        (2,): "Er zijn 14 projecten verzekerd, samen € 2,1 miljard.\n\nDat bedrag groeit.",
    }


def test_an_ordinary_page_of_questions_is_not_taken_for_kamervragen(tmp_path):
    document = read(
        tmp_path, "Veelgestelde vragen\n\nWat is DigiD?\n\nEen inlogmiddel.\n\nHoe vraag ik het aan?\n\nOnline.\n"
    )
    assert document.pairs == () and {p.kind for p in document.passages} == {"paragraph"}


def test_official_heading_metadata_and_the_footer_id(tmp_path):
    document = read(tmp_path, HEADING + "Vraag 1\nKlopt dit?\n\nAntwoord 1\nJa.\n\n" + FOOTER)
    metadata = document.metadata
    assert document.doc_id == metadata.aanhangsel == "ah-tk-20232024-1786"
    assert metadata.askers == "Hirsch (GroenLinks-PvdA) en Teunissen (PvdA)"
    assert metadata.parties == ("GroenLinks-PvdA", "PvdA")
    assert metadata.answerer == "Staatssecretaris Van Rij (Financiën)"
    assert (metadata.submitted, metadata.received) == ("2024-04-04", "2024-05-21")
    assert metadata.addressee == "de Minister van Financiën" and metadata.kenmerk is None
    assert not any("ISSN" in p.text or "Aanhangsel 1" in p.text for p in document.passages)


def test_a_kenmerk_mentioned_after_the_answers_is_another_set_of_questions(tmp_path):
    document = read(
        tmp_path,
        HEADING + "Vraag 1\nKlopt dit?\n\nAntwoord 1\nJa.\n\nToelichting:\n\n"
        "Deze vragen vullen eerdere vragen aan (vraagnummer 2023Z17840).\n\n" + FOOTER,
    )
    assert document.doc_id == "ah-tk-20232024-1786" and document.metadata.kenmerk is None
    assert document.pairs[0].answer == "Ja."
    assert document.passages[-1].text.startswith("Toelichting: Deze vragen vullen")


def test_a_signature_after_the_last_answer_is_cut_off_and_names_the_answerer(tmp_path):
    document = read(
        tmp_path,
        "Antwoorden op vragen van het lid Wolters (PvdA) over bibliotheken (ingezonden 16 mei 2023).\n\n"
        "Vraag 1\nKlopt dit?\n\nAntwoord\nJa, dat klopt.\n\nDE MINISTER VAN ONDERWIJS, CULTUUR EN WETENSCHAP,\n\n"
        "J.W. van Oostveen\n",
    )
    assert document.pairs[0].answer == "Ja, dat klopt."
    assert document.metadata.answerer == "DE MINISTER VAN ONDERWIJS, CULTUUR EN WETENSCHAP, J.W. van Oostveen"
    assert document.passages[-1].kind == "letter"


@pytest.mark.parametrize("name", ["drs. M.C.G. Keijzer", "mr. dr. A.B. de Vries", "prof. dr. ir. J. Smit"])
def test_a_signature_whose_name_opens_with_a_title_names_the_answerer(tmp_path, name):
    role = "De Staatssecretaris van Economische Zaken en Klimaat,"
    heading = "Antwoorden op vragen van het lid Wolters (PvdA) over glasvezel (ingezonden 16 mei 2023).\n\n"
    signed = read(tmp_path, heading + f"Vraag 1\nKlopt dit?\n\nAntwoord\nJa, dat klopt.\n\n{role}\n{name}\n")
    assert signed.metadata.answerer == f"{role} {name}"
    assert signed.pairs[0].answer == "Ja, dat klopt."
    # A conversion that lost its line breaks (one line of over a thousand characters) still ends with it.
    answers = " ".join(
        f"Vraag {n} Wat doet u aan punt {n}? Antwoord {n} Ik pak punt {n} aan met de provincies." for n in range(1, 15)
    )
    (tmp_path / "one").mkdir()
    one_line = read(tmp_path / "one", f"{heading.strip()} {answers} {role} {name}\n")
    assert len(one_line.pairs) == 14 and one_line.metadata.answerer == f"{role} {name}"


def test_page_furniture_in_a_text_conversion_ends_pages_and_never_a_heading(tmp_path):
    page = "Vraag {n}\nWat doet u aan punt {n}?\nAntwoord {n}\nIk pak punt {n} aan.\n{footer}\n"
    footers = [FOOTER.strip(), *(f"Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel {n}" for n in (2, 3))]
    text = HEADING + "".join(page.format(n=n, footer=footer) for n, footer in enumerate(footers, 1))
    document = read(tmp_path, text)
    assert [pair.numbers for pair in document.pairs] == [(1,), (2,), (3,)]
    assert [p.page for p in document.passages if p.kind == "answer"] == [1, 2, 3]
    assert not any("Aanhangsel" in p.text for p in document.passages)


def test_a_page_foot_note_that_opens_with_a_newspapers_article_is_a_note(tmp_path):
    # A sentence cut by the page foot, with the note ("1 de Volkskrant, ...") between its halves.
    text = (
        HEADING + "Vraag 1\nBent u bekend met het bericht «Pups uit het buitenland»?1\nAntwoord 1\nJa.\n"
        "Vraag 2\nWelke eisen gelden er?\nAntwoord 2\nEen pup die naar Nederland wordt\n"
        "1 de Volkskrant, 19 mei 2018, «Pups uit het buitenland» (https://www.volkskrant.nl/pups~b4e71c2a/)\n"
        + FOOTER
        + "gebracht, moet ten minste 15 weken oud zijn.\nVraag 3\nWie controleert dat?\nAntwoord 3\n"
        "De NVWA, op\n1 de dag na aankomst.\n"
    )
    document = read(tmp_path, text)
    assert [note.text for note in document.footnotes] == [
        "de Volkskrant, 19 mei 2018, «Pups uit het buitenland» (https://www.volkskrant.nl/pups~b4e71c2a/)"
    ]
    assert [pair.answer for pair in document.pairs] == [
        "Ja.",
        "Een pup die naar Nederland wordt gebracht, moet ten minste 15 weken oud zijn.",
        "De NVWA, op 1 de dag na aankomst.",  # "1 de dag": no newspaper's name follows
    ]
    assert document.pairs[0].question == "Bent u bekend met het bericht «Pups uit het buitenland»?"


def test_notes_at_the_page_foot_with_spaced_and_glued_markers(tmp_path):
    text = (
        HEADING + "Vraag 1\nBent u bekend met het rapport van Both Ends 1?\nAntwoord 1\nJa, zie ook de brief van "
        "15 december jl. 2\nen het verslag.3\n1 https://www.bothends.org/rapport\n2 Kamerstuk 26 485, nr. 432.\n"
        "3 Kamerstuk 26 485, nr. 407\n" + FOOTER
    )
    document = read(tmp_path, text)
    assert [note.text for note in document.footnotes] == [
        "https://www.bothends.org/rapport",
        "Kamerstuk 26 485, nr. 432.",
        "Kamerstuk 26 485, nr. 407",
    ]
    asked = next(p for p in document.passages if p.kind == "question")
    answer = next(p for p in document.passages if p.kind == "answer")
    assert asked.text == "Bent u bekend met het rapport van Both Ends?"
    assert answer.text == "Ja, zie ook de brief van 15 december jl. en het verslag."
    assert len(answer.footnotes) == 3  # its own two, and the one its question cites


def test_a_word_broken_at_a_line_end_is_joined_and_a_real_hyphen_kept(tmp_path):
    document = read(
        tmp_path,
        HEADING + "Vraag 1\nWat doet u?\nAntwoord 1\nSchade moet worden gecompen-\nseerd in het Midden-\n"
        "Oosten, ook bij kennis-\nen innovatie en met mvo-\nstandaarden; de mvo blijft leidend.\n",
    )
    assert document.pairs[0].answer == (
        "Schade moet worden gecompenseerd in het Midden-Oosten, ook bij kennis- en innovatie en met "
        "mvo-standaarden; de mvo blijft leidend."
    )


def test_a_conversion_on_one_line_is_read_like_the_pdf_it_came_from(tmp_path):
    text = on_one_line(
        "Vraag 1 Kent u het bericht «Schadepost»?1 Antwoord 1 Ja. Vraag 2 en 3 Hoeveel kost het? Wat doet u?2",
        "Antwoord 2 en 3 Het kost € 12 miljoen en ik overleg met de verzekeraars over de",
        "1 Financieel Dagblad, «Schadepost», 24 september 2014 2 Kamerstuk 28 828, nr. 70",
        "ah-tk-20142015-698 ISSN 0921 - 7398 ’s-Gravenhage 2014 Tweede Kamer, vergaderjaar 2014–2015, Aanhangsel 1",
        "terugbetaling. Vraag 4 Wanneer? Antwoord 4 In 2015.",
        "x" * 600,
        masthead=("2014–2015", 698),
    )
    document = read(tmp_path, text)
    assert document.doc_id == "ah-tk-20142015-698"
    assert answers(document)[(2, 3)] == "Het kost € 12 miljoen en ik overleg met de verzekeraars over de terugbetaling."
    assert [note.text for note in document.footnotes] == [
        "Financieel Dagblad, «Schadepost», 24 september 2014",
        "Kamerstuk 28 828, nr. 70",
    ]
    assert answers(document)[(4,)].startswith("In 2015.")
    assert document.passages[0].kind == "heading" and "Staten-Generaal" not in document.passages[0].text


def test_on_one_line_a_note_whose_marker_went_unseen_stops_no_later_note(tmp_path):
    # Note 2's marker is glued to a word ("Kit2") and note 4's stands before a lower-case word, so
    # neither reads as a marker; the notes still open with their labels at the page foot.
    text = on_one_line(
        "Vraag 1 Kent u het bericht «Code zwart»?1 Antwoord 1 Ja.",
        "1 NOS, «Code zwart», 3 maart 2024",
        "ah-tk-20232024-2271 ISSN 0921 - 7398 ’s-Gravenhage 2024",
        "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1",
        "Vraag 2 Wat is er gedaan? Antwoord 2 Er is een First Eet Kit2 opgezet voor scholen en huisartsen. Zie ook "
        "het verslag. 3 Vraag 3 en 4 Hoe lang wachten patiënten? Wat doet u daaraan?",
        "2 Zie de website www.firsteetkit.nl 3 Kamerstuk 31 839, nr. 1024",
        "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 2",
        "Antwoord 3 en 4 Volgens de informatiekaart 4 van de NZa wachten zij gemiddeld 14 weken. Ik overleg met "
        "de zorgverzekeraars over kortere wachttijden. 5 Vraag 5 en 6 Wanneer start de pilot? Wie doet mee? "
        "Antwoord 5 en 6 Op 1 november 2024 start de pilot in zes regio’s.",
        "4 https://puc.overheid.nl/nza/doc/PUC_760147_22 5 Kamerstuk 25 424, nr. 679",
        "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 3",
        "x" * 600,
        masthead=("2023–2024", 2271),
    )
    document = read(tmp_path, text)
    assert [note.text for note in document.footnotes] == [
        "NOS, «Code zwart», 3 maart 2024",
        "Zie de website www.firsteetkit.nl",
        "Kamerstuk 31 839, nr. 1024",
        "https://puc.overheid.nl/nza/doc/PUC_760147_22",
        "Kamerstuk 25 424, nr. 679",
    ]
    assert answers(document)[(2,)] == "Er is een First Eet Kit opgezet voor scholen en huisartsen. Zie ook het verslag."
    assert answers(document)[(3, 4)].endswith("Ik overleg met de zorgverzekeraars over kortere wachttijden.")
    assert answers(document)[(5, 6)].startswith("Op 1 november 2024 start de pilot in zes regio’s. xxx")


def test_on_one_line_an_answer_of_one_word_without_its_full_stop_ends_at_the_next_question(tmp_path):
    text = on_one_line(
        "Vraag 1 Kunt u deze vragen een voor een beantwoorden? Antwoord 1 Ja Vraag 2 Wilt u ze binnen drie weken "
        "beantwoorden? Antwoord 2 Nee, helaas niet Vraag 3 Waarom niet? Antwoord 3 Zie Vraag 4 hieronder. Vraag 4 "
        "Welke informatie ontbreekt? Antwoord 4 Er is informatie nodig van de Belastingdienst.",
        "Die volgt later. " * 40,
    )
    document = read(tmp_path, text)
    assert [answers(document)[(1,)], answers(document)[(2,)]] == ["Ja", "Nee, helaas niet"]
    assert answers(document)[(3,)] == "Zie Vraag 4 hieronder."
    assert [p.text for p in document.passages if p.kind == "question"][1:] == [
        "Wilt u ze binnen drie weken beantwoorden?",
        "Waarom niet?",
        "Welke informatie ontbreekt?",
    ]


def test_a_conversion_that_printed_lines_twice_gives_them_once(tmp_path):
    line = "De maatregel geldt voor alle gemeenten in het land."
    text = HEADING + f"Vraag 1\nWat geldt?\nAntwoord 1\n{line}\n{FOOTER}{line}\nDat blijft zo.\n"
    assert read(tmp_path, text).pairs[0].answer == f"{line}\n\nDat blijft zo."


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("Vraag 3, 4 en 5", (3, 4, 5)), ("Vragen 4 t/m 6", (4, 5, 6)), ("Antwoord op vraag 7:", (7,))],
)
def test_heading_numbers(text, numbers):
    from rag.ingest.layout.headings import parse_heading

    assert parse_heading(text).numbers == numbers


@pytest.mark.parametrize(
    ("text", "numbers", "rest"),
    [
        ("Antwoord Op 12 maart 2024 tekenden negen ketens.", (), "Op 12 maart 2024 tekenden negen ketens."),
        ("Antwoord op vraag 12: Op 1 mei was dat zo.", (12,), "Op 1 mei was dat zo."),
        ("Antwoord Nee.", (), "Nee."),
    ],
)
def test_an_answer_heading_run_into_an_answer_that_opens_with_op_and_a_date(text, numbers, rest):
    # On one line, "Antwoord Op 12 maart …" had read as "Antwoord op (vraag) 12" with a sentence's
    # remainder after it, and so as no heading at all: the answer ran on in the question above.
    from rag.ingest.layout.headings import parse_heading

    heading = parse_heading(text, numbered=True)
    assert heading is not None and heading.kind == "a" and heading.numbers == numbers
    assert text[heading.rest_start :] == rest


def test_a_word_broken_inside_a_line_of_a_conversion_is_joined(tmp_path):
    # A conversion that put the printed lines on one keeps the break as "- ".
    document = read(
        tmp_path,
        HEADING + "Vraag 1\nWat doet u?\nAntwoord 1\nEr is € 61.870 aan tegemoetko- mingen uitgekeerd, voor "
        "landbouwhuis- dieren in het Midden- Oosten, bij kennis- en innovatie en met mvo- standaarden; "
        "de mvo blijft leidend.\n",
    )
    assert document.pairs[0].answer == (
        "Er is € 61.870 aan tegemoetkomingen uitgekeerd, voor landbouwhuisdieren in het Midden-Oosten, bij "
        "kennis- en innovatie en met mvo-standaarden; de mvo blijft leidend."
    )


def test_lost_headings_where_full_lines_run_a_question_and_an_answer_together(tmp_path):
    # Without blank lines only a short last line ends a paragraph; here answers and questions end on full ones.
    lines = [
        "Vragen van de leden Hirsch (GroenLinks-PvdA) en Teunissen (PvdA) aan de Minister",
        "van Financiën over exportkredieten (ingezonden 4 april 2024). Antwoord van",
        "Staatssecretaris Van Rij (Financiën) (ontvangen 21 mei 2024). Zie ook bijlage.",
        "Bent u bekend met het rapport over de projecten van de exportkredietverzekering?",
        "Ja. Het rapport is mij bekend en ik heb het met veel belangstelling gelezen, net",
        "als de reactie van de sector; ik stuur uw Kamer binnenkort een brief daarover.",
        "Hoeveel projecten zijn verzekerd en wat is de totale waarde van die polissen? Wat",
        "doet u met de uitkomst van het rapport, nu de sector er al op heeft gereageerd?",
        "Er zijn veertien projecten verzekerd, samen € 2,1 miljard; dat bedrag groeit elk",
        "jaar.",
        "Kunt u deze vragen beantwoorden voor het debat over de exportkredietverzekering?",
        "Ja.",
    ]
    document = read(tmp_path, "\n".join(lines) + "\n")
    assert [pair.numbers for pair in document.pairs] == [(1,), (2,), (3,)]
    assert answers(document)[(1,)].endswith("ik stuur uw Kamer binnenkort een brief daarover.")
    assert document.pairs[1].question.startswith("Hoeveel projecten") and document.pairs[1].question.endswith(
        "nu de sector er al op heeft gereageerd?"
    )
    assert answers(document)[(2,)].startswith("Er zijn veertien projecten verzekerd")


def test_a_paragraph_that_ends_in_a_colon_is_quoted_with_the_list_it_introduces(tmp_path):
    document = read(
        tmp_path,
        HEADING + "Vraag 1\nWie had er last van?\n\nAntwoord 1\nDe meeste hinder ondervonden:\n\n"
        "– de Belastingdienst;\n– het UWV en de SVB.\n\nAndere organisaties meldden weinig.\n\n" + FOOTER,
    )
    answers = [p.text for p in document.passages if p.kind == "answer"]
    assert answers == [
        "De meeste hinder ondervonden: – de Belastingdienst; – het UWV en de SVB.",
        "Andere organisaties meldden weinig.",
    ]


def test_a_list_whose_items_are_paragraphs_is_quoted_whole_with_its_introduction(tmp_path):
    document = read(
        tmp_path,
        HEADING + "Vraag 1\nWaar wonen de kinderen?\n\nAntwoord 1\nDe meeste wonen in de volgende landen:\n\n"
        "– Polen: 12.140 kinderen\n\n– België: 5.820 kinderen\n\n– Duitsland: 4.390 kinderen\n\n"
        "Een overzicht is bijgevoegd.\n\n– Een streepje zonder inleiding staat apart.\n\n" + FOOTER,
    )
    answers = [p.text for p in document.passages if p.kind == "answer"]
    assert answers == [
        "De meeste wonen in de volgende landen: – Polen: 12.140 kinderen – België: 5.820 kinderen"
        " – Duitsland: 4.390 kinderen",
        "Een overzicht is bijgevoegd.",
        "– Een streepje zonder inleiding staat apart.",
    ]


# A two-page answer in the shapes pdftotext gives the Tweede Kamer's PDFs: the note's label on
# a line of its own, its text after the page footer (default), indented in the text column
# (-layout), or straight after the label (-raw).
SLUIZEN = [
    "Vragen van het lid Jansen (D66) aan de Minister van Infrastructuur en Waterstaat over de",
    "vervanging van sluizen (ingezonden 3 maart 2024).",
    "Antwoord van Minister Harbers (Infrastructuur en Waterstaat) (ontvangen 2 april 2024).",
    "Vraag 1",
    "Bent u bekend met het bericht «Sluizen aan vervanging toe»?1",
    "Antwoord 1",
    "Ja.",
    "Vraag 2",
    "Hoeveel sluizen moeten de komende tien jaar worden vervangen?",
    "Antwoord 2",
    "Rijkswaterstaat beheert 130 sluizen. Daarvan moeten er volgens de meest",
    "recente planning 24 voor 2035 worden vervangen of gerenoveerd. De",
]
SLUIZEN_PAGE_2 = [
    "kosten daarvan worden geraamd op € 1,2 miljard.",
    "Vraag 3",
    "Wanneer begint de vervanging van de sluis bij Eefde?",
    "Antwoord 3",
    "De aanbesteding start in 2025; de werkzaamheden beginnen naar verwachting in 2027.",
]
SLUIZEN_NOTE = "NOS, 1 maart 2024, «Sluizen aan vervanging toe» (https://nos.nl/artikel/1234)"
SLUIZEN_MASTHEAD = ["Tweede Kamer der Staten-Generaal", "2", "Vergaderjaar 2023–2024", "Aanhangsel van de Handelingen"]
SLUIZEN_FOOTER = ["ah-tk-20232024-1234", "ISSN 0921 - 7398"]


def pdftotext_shape(shape: str) -> str:
    indent = " " * 25 if shape == "layout" else ""
    body = [indent + line for line in SLUIZEN]
    if shape == "default":
        foot = ["", "1", "", *SLUIZEN_FOOTER, "’s-Gravenhage 2024", "", SLUIZEN_NOTE, ""]
        foot += ["Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel", "", "1", ""]
    elif shape == "layout":
        foot = ["", "", indent + "1", indent + "    " + SLUIZEN_NOTE, "", "", *SLUIZEN_FOOTER]
        foot += ["’s-Gravenhage 2024       Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1"]
    else:
        foot = ["1", SLUIZEN_NOTE, *SLUIZEN_FOOTER]
        foot += ["’s-Gravenhage 2024 Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1"]
    page_2 = [*SLUIZEN_PAGE_2, "", "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 2"]
    return "\n".join([*SLUIZEN_MASTHEAD, "1234", *body, *foot]) + "\n\f" + "\n".join(page_2) + "\n\f"


@pytest.mark.parametrize("shape", ["default", "layout", "raw"])
def test_pdftotext_conversions_keep_the_note_out_of_the_answer(tmp_path, shape):
    converted = tmp_path / f"ah-tk-20232024-1234-sluizen.{shape}.txt"
    converted.write_text(pdftotext_shape(shape), encoding="utf-8")
    document = read_document(converted)
    answers = {p.vraag: " ".join(p.text.split()) for p in document.passages if p.kind == "answer"}
    notes = [" ".join(p.text.split()) for p in document.passages if p.kind == "footnote"]
    assert notes == [SLUIZEN_NOTE] and sorted(answers) == [(1,), (2,), (3,)]
    assert answers[(2,)].endswith("gerenoveerd. De kosten daarvan worden geraamd op € 1,2 miljard.")
    assert document.metadata.received == "2024-04-02" and document.doc_id == "ah-tk-20232024-1234"


SLUIZEN_NOTES = [
    "Kamerstuk 18 106, nr. 240",
    "Zie de website www.sluizen.nl",
    "Rijkswaterstaat, Programma Vervanging en Renovatie 2024",
]
# pdftotext's orders for a page's later notes: the second label printed below the notes, or
# all labels stacked above their texts.
NOTE_ORDERS = {
    "label below": ["2", "", SLUIZEN_NOTES[0], SLUIZEN_NOTES[1], "4", SLUIZEN_NOTES[2], "3"],
    "labels stacked": ["2", "3", "4", "", *SLUIZEN_NOTES],
}


@pytest.mark.parametrize("order", sorted(NOTE_ORDERS))
def test_pdftotext_notes_in_another_order_than_their_labels(tmp_path, order):
    page_1 = pdftotext_shape("default").split("\f")[0]
    page_2 = [
        "kosten daarvan worden geraamd op € 1,2 miljard.",
        "Vraag 3",
        "Welke sluizen volgen na de evaluatie uit 2018?2 Wat kost dat?",
        "Antwoord 3",
        "Eerst de sluis bij Eefde.3 Daarna volgt de sluis bij Delden.4",
        "",
        *NOTE_ORDERS[order],
        "",
        "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel",
        "",
        "2",
    ]
    converted = tmp_path / "ah-tk-20232024-1234-sluizen.txt"
    converted.write_text(page_1 + "\f" + "\n".join(page_2) + "\n\f", encoding="utf-8")
    document = read_document(converted)
    assert [" ".join(note.text.split()) for note in document.footnotes] == [SLUIZEN_NOTE, *SLUIZEN_NOTES]
    assert answers(document)[(3,)] == "Eerst de sluis bij Eefde. Daarna volgt de sluis bij Delden."
    asked = [p.text for p in document.passages if p.kind == "question"]
    assert asked[-1] == "Welke sluizen volgen na de evaluatie uit 2018? Wat kost dat?"


# A ministry's answer letter as pdftotext sets its letterhead: labels in one column, values in another.
LETTER_IN_COLUMNS = """Ministerie van Infrastructuur en Waterstaat

> Retouradres Postbus 20901 2500 EX Den Haag

De Voorzitter van de Tweede Kamer der Staten-Generaal
Postbus 20018
2500 EA DEN HAAG

Datum
Betreft

Ons kenmerk IENW/BSK-2024/1234
Uw kenmerk 2024Z05678

12 april 2024
Antwoorden Kamervragen over de veerpont bij Kampen

Hierbij zend ik u de antwoorden op de vragen van het lid De Vries (CDA) over de
veerpont bij Kampen (ingezonden 20 maart 2024).
De Minister van Infrastructuur en Waterstaat,

M.G.J. Harbers

Pagina 1 van 2
\fDatum 12 april 2024
Ons kenmerk IENW/BSK-2024/1234

Antwoorden op vragen van het lid De Vries (CDA) over de veerpont bij Kampen (ingezonden
20 maart 2024)
Vraag 1
Vaart de veerpont bij Kampen deze zomer weer?
Antwoord 1
Ja, vanaf 1 mei 2024 vaart de pont weer volgens de dienstregeling.
"""


@pytest.mark.parametrize(
    "subject",
    ["Antwoorden Kamervragen over de veerpont bij Kampen", "Antwoorden op vragen over de veerpont bij Kampen"],
)
def test_a_letterhead_in_columns_still_dates_the_answers(tmp_path, subject):
    # Set apart from "Betreft", a subject may open as the answers' heading does ("Antwoorden op vragen").
    text = LETTER_IN_COLUMNS.replace("Antwoorden Kamervragen over de veerpont bij Kampen", subject)
    document = read(tmp_path, text, "2024Z05678-veerpont.txt")
    assert [p.kind for p in document.passages if "Hierbij zend ik u" in p.text] == ["letter"]
    metadata = document.metadata
    assert (document.doc_id, metadata.received, metadata.submitted) == ("2024Z05678", "2024-04-12", "2024-03-20")
    assert metadata.answerer == "De Minister van Infrastructuur en Waterstaat, M.G.J. Harbers"
    assert answers(document) == {(1,): "Ja, vanaf 1 mei 2024 vaart de pont weer volgens de dienstregeling."}


# A letter whose later page repeats the letterhead's date and number in a side column that the
# conversion set among the page's lines, not at its edge.
LETTER_WITH_RUNNING_HEADER = """Ministerie van Infrastructuur en Waterstaat
> Retouradres Postbus 20901 2500 EX Den Haag
De Voorzitter van de Tweede Kamer der Staten-Generaal
Datum 12 april 2024
Betreft Antwoorden Kamervragen over de veerpont bij Kampen
Uw kenmerk 2024Z05678
Hierbij zend ik u de antwoorden op de vragen van het lid De Vries (CDA) over de
veerpont bij Kampen (ingezonden 20 maart 2024).
De Minister van Infrastructuur en Waterstaat,
M.G.J. Harbers
\fAntwoorden op vragen van het lid De Vries (CDA) over de veerpont bij Kampen (ingezonden
20 maart 2024)
Vraag 1
Wat kost de reparatie van de veerpont?
Datum 12 april 2024
Uw kenmerk 2024Z05678
Antwoord 1
De reparatie kost naar verwachting € 1,4 miljoen. De provincie en het Rijk dragen elk de
helft van die kosten.
Vraag 2
Wanneer is de nieuwe veerpont klaar?
Antwoord 2
Naar verwachting in 2027.
"""


def test_a_letterhead_repeated_on_a_later_page_is_no_part_of_the_answers(tmp_path):
    document = read(tmp_path, LETTER_WITH_RUNNING_HEADER, "2024Z05678-veerpont.txt")
    assert (document.doc_id, document.metadata.received) == ("2024Z05678", "2024-04-12")
    assert answers(document) == {
        (1,): "De reparatie kost naar verwachting € 1,4 miljoen. De provincie en het Rijk dragen elk de helft van"
        " die kosten.",
        (2,): "Naar verwachting in 2027.",
    }
    assert [p.text for p in document.passages if p.kind == "question"] == [
        "Wat kost de reparatie van de veerpont?",
        "Wanneer is de nieuwe veerpont klaar?",
    ]
