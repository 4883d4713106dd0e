"""Ingestion of the bundled Kamervragen document (txt and pdf) and of small synthetic files."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.document import Document, Metadata
from rag.ingest import IngestError, read_document

CORPUS = Path(__file__).resolve().parent.parent / "rag" / "corpus"
TXT = CORPUS / "2020Z23459-antwoorden-kunstmatige-intelligentie.txt"
PDF = CORPUS / "2020Z23459-antwoorden-kunstmatige-intelligentie.pdf"

CUT_SENTENCES = (
    "We begrijpen het pleidooi van de Nederlandse AI Coalitie, dat er de komende jaren veel moet gebeuren om "
    "technologisch gedreven ontwikkelingen bij te houden en internationaal niet achterop te raken.",
    "En dat is juist de kracht van de Nederlandse AI Coalitie; het is een sterk publiek-privaat samenwerkingsverband.",
)
QUESTION_7 = (
    "Welke mogelijkheden, binnen bestaande of via nieuwe programma’s, ziet u nog meer om versneld mensen op te "  # noqa: RUF001
    "leiden voor kunstmatige intelligentie? Hoe kunt u initiatieven daartoe vanuit de AI Coalitie en MKB-Nederland "
    "maximaal ondersteunen?"
)
NOTES = {
    "1": "Het gaat hier om het kwalificatiedossier Software development niveau 4 (crebonummer 25604).",
    "2": "Kamerstuk 29 696, nr. 7",
    "3": "https://vsnu.nl/nl_NL/nieuws.html/nieuwsbericht/630",
    "4": "Kamerstuk 31 228, nr. 795.",
    "1)": "Het Parool, 24 november 2020, 'Amsterdam op achterstand in opmars kunstmatige intelligentie', "
    "https://www.parool.nl/amsterdam/amsterdam-op-achterstand-in-opmars-kunstmatige-intelligentie~bb7b6905/",
    "2)": "Kamerstuk 26 643, nr. 640",
}


@pytest.fixture(scope="module")
def txt() -> Document:
    return read_document(TXT)


@pytest.fixture(scope="module")
def pdf() -> Document:
    return read_document(PDF)


@pytest.fixture(scope="module", params=["txt", "pdf"])
def doc(request: pytest.FixtureRequest) -> Document:
    return request.getfixturevalue(request.param)


def by_id(document: Document) -> dict:
    return {passage.id: passage for passage in document.passages}


def squash(text: str) -> str:
    return "".join(text.split())


# --- the bundled document, in both formats -------------------------------------------------


def test_seven_question_answer_pairs(doc):
    assert [pair.numbers for pair in doc.pairs] == [(n,) for n in range(1, 8)]
    assert doc.pairs[0].question == (
        "Bent u bekend met het bericht 'Amsterdam op achterstand in opmars kunstmatige intelligentie'?"
    )
    assert doc.pairs[0].answer == "Ja, ik ben bekend met het genoemde bericht."
    assert doc.pairs[6].question == QUESTION_7
    assert all(pair.answer for pair in doc.pairs)


def test_metadata(doc):
    assert doc.metadata == Metadata(
        kenmerk="2020Z23459",
        submitted="2020-12-02",
        askers="Van der Molen en Amhaouch (beiden CDA)",
        answerer="De minister van Onderwijs, Cultuur en Wetenschap, Ingrid van Engelshoven",
        subject="Amsterdam op achterstand in opmars kunstmatige intelligentie",
        parties=("CDA",),
    )
    assert doc.doc_id == "2020Z23459"
    assert doc.title == (
        "Antwoorden Kamervragen 2020Z23459 over 'Amsterdam op achterstand in opmars kunstmatige intelligentie'"
    )


def test_notes_are_detached(doc):
    assert {note.label: note.text for note in doc.footnotes} == NOTES
    for note in doc.footnotes:
        assert squash(note.text) in squash(doc.text[note.start : note.end])
    crebo = [p.id for p in doc.passages if "crebonummer" in p.text]
    assert crebo == ["2020Z23459:fn:1"]
    answers = [p for p in doc.passages if p.kind == "answer"]
    assert not [p.id for p in answers if "Kamerstuk" in p.text or "https://" in p.text]
    joined = " ".join(p.text for p in answers)
    for marker in ("developer.1", "Groeistrategie.2", "gemaakt.3", "blijkt,4", "? 1)", "? 2)"):
        assert marker not in joined
    assert "Software developer." in joined and "blijkt, investeert" in joined
    assert "? 1)" not in doc.pairs[0].question and "? 2)" not in doc.pairs[5].question


def test_notes_attach_to_the_passages_that_cite_them(doc):
    cites = {label: [p.id for p in doc.passages if NOTES[label] in p.footnotes] for label in NOTES}
    assert cites["1)"] == ["2020Z23459:q1:1", "2020Z23459:v1:1"]  # the Kamervraag cites it; its answer shows it
    assert cites["2)"][0] == "2020Z23459:q6:1" and all(i.startswith("2020Z23459:v6:") for i in cites["2)"][1:])
    for label, vraag in (("1", 2), ("2", 3), ("3", 4), ("4", 5)):
        assert len(cites[label]) == 1 and cites[label][0].startswith(f"2020Z23459:v{vraag}:")
    notes = {p.id: p for p in doc.passages if p.kind == "footnote"}
    assert {p.id: p.vraag for p in notes.values()} == {
        "2020Z23459:fn:1": (2,),
        "2020Z23459:fn:2": (3,),
        "2020Z23459:fn:3": (4,),
        "2020Z23459:fn:4": (5,),
        "2020Z23459:fn:1)": (1,),
        "2020Z23459:fn:2)": (6,),
    }
    assert all(p.text == NOTES[p.id.split(":fn:")[1]] for p in notes.values())
    cited_by = {p.id.split(":fn:")[1]: p.cited_by for p in notes.values()}
    assert cited_by["2"] == "Dit staat ook in de Kamerbrief over de Groeistrategie."
    assert cited_by["3"].startswith("De Vereniging van Universiteiten (VSNU)") and cited_by["3"].endswith("gemaakt.")
    assert "'Amsterdam op achterstand in opmars kunstmatige intelligentie'?" in cited_by["1)"]
    assert all(p.cited_by is None for p in doc.passages if p.kind != "footnote")


def test_sentences_cut_by_a_page_foot_are_joined(doc):
    answers = [p.text for p in doc.passages if p.kind == "answer"]
    for sentence in CUT_SENTENCES:
        assert sum(sentence in text for text in answers) == 1, sentence
    assert doc.pairs[6].question == QUESTION_7


def test_covering_letter_and_heading(doc):
    letter = [p for p in doc.passages if p.kind == "letter"]
    assert [p.id for p in letter] == [f"2020Z23459:letter:{n}" for n in (1, 2, 3)]
    assert all(p.vraag == () for p in letter)
    text = " ".join(p.text for p in letter)
    for expected in ("Mona Keijzer", "2020Z23459", "ingezonden op 2 december 2020"):
        assert expected in text
    assert letter[2].text == "De minister van Onderwijs, Cultuur en Wetenschap, Ingrid van Engelshoven"
    heading = by_id(doc)["2020Z23459:p:1"]
    assert heading.kind == "heading" and heading.text.startswith("De antwoorden op de schriftelijke vragen")
    assert heading.text.endswith("(ingezonden d.d. 2 december 2020).")


def test_passage_ids_unique_and_offsets_point_at_the_text(doc):
    ids = [p.id for p in doc.passages]
    assert len(ids) == len(set(ids))
    for passage in doc.passages:
        assert passage.doc_id == doc.doc_id and passage.title == doc.title
        source = squash(doc.text[passage.start : passage.end])
        words = passage.text.split()
        # Whitespace is ignored: a URL broken over two lines is one word in the passage.
        assert source.startswith(squash(words[0])) and source.endswith(squash(words[-1])), passage.id


def test_answer_passages_carry_their_question(doc):
    questions = {pair.numbers: pair.question for pair in doc.pairs}
    for passage in doc.passages:
        if passage.kind == "answer":
            assert passage.question == questions[passage.vraag]
            assert passage.id == f"2020Z23459:v{passage.vraag[0]}:{passage.paragraph}"


# --- txt: paragraphs as printed --------------------------------------------------------------


def test_txt_answer_paragraphs(txt):
    counts = {}
    for passage in txt.passages:
        if passage.kind == "answer":
            counts[passage.vraag[0]] = counts.get(passage.vraag[0], 0) + 1
    assert counts == {1: 1, 2: 3, 3: 2, 4: 3, 5: 6, 6: 1, 7: 2}
    passages = by_id(txt)
    assert passages["2020Z23459:v2:1"].text.endswith("dan kunstmatige intelligentie alleen.")
    assert passages["2020Z23459:v2:2"].text.startswith("Het hoger onderwijs kent wel")
    assert passages["2020Z23459:v3:2"].text.startswith("Vanuit EZK wordt de aanpak")
    assert passages["2020Z23459:v4:3"].text.startswith("Belangrijk startpunt is dat")
    assert passages["2020Z23459:v5:6"].text.startswith("Binnen de AI Coalitie")
    # The PDF beside the text gives the pages: each passage is on the page the PDF prints it on.
    pages = {
        pid: passages[pid].page for pid in ("2020Z23459:v2:2", "2020Z23459:v3:2", "2020Z23459:v5:2", "2020Z23459:v7:2")
    }
    assert pages == {"2020Z23459:v2:2": 1, "2020Z23459:v3:2": 2, "2020Z23459:v5:2": 3, "2020Z23459:v7:2": 4}
    assert all(p.page is not None for p in txt.passages if p.kind != "footnote")


def test_a_text_without_its_pdf_beside_it_has_no_pages(tmp_path):
    alone = tmp_path / TXT.name
    alone.write_bytes(TXT.read_bytes())
    assert all(p.page is None for p in read_document(alone).passages)


# --- pdf: same content, pages known, paragraphs as the PDF prints them -------------------------


def test_pdf_pages(pdf):
    passages = by_id(pdf)
    assert {p.page for p in pdf.passages} == {1, 2, 3, 4}
    assert passages["2020Z23459:letter:1"].page == 1
    assert passages["2020Z23459:v2:1"].page == 1
    assert passages["2020Z23459:fn:1"].page == 2
    assert passages["2020Z23459:fn:4"].page == 3
    assert passages["2020Z23459:v6:1"].page == 4
    assert passages["2020Z23459:fn:2)"].page == 4
    # The running header "Kenmerk 2020Z23459 - pagina 1" stays in the text, out of every passage.
    assert "pagina" in pdf.text.lower() and not any("pagina 1" in p.text.lower() for p in pdf.passages)


def test_pdf_matches_txt(txt, pdf):
    assert pdf.metadata == txt.metadata and pdf.footnotes != () and pdf.title == txt.title
    assert [(p.numbers, p.question) for p in pdf.pairs] == [(p.numbers, p.question) for p in txt.pairs]
    assert [" ".join(p.answer.split()) for p in pdf.pairs] == [" ".join(p.answer.split()) for p in txt.pairs]
    # Letter, heading and notes are identical passages.
    same = {p.id: p.text for p in txt.passages if p.kind != "answer"}
    assert {p.id: p.text for p in pdf.passages if p.kind != "answer"} == same
    # Documented difference: the bundled PDF re-flows each blank-line block of the text as one
    # paragraph, so its answer passages are runs of the txt's (split at sentences past ~200 words).
    for passage in pdf.passages:
        if passage.kind == "answer":
            assert passage.text in " ".join(txt.pairs[passage.vraag[0] - 1].answer.split())


# --- synthetic documents ---------------------------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_text_becomes_paragraph_passages(tmp_path):
    path = write(
        tmp_path,
        "notitie.txt",
        "Notitie over algoritmes\n\nDe overheid gebruikt algoritmes.\nDat vraagt om toezicht.\n\n"
        "Een tweede alinea volgt hier.\n",
    )
    document = read_document(path)
    assert document.doc_id == "notitie" and document.title == "Notitie over algoritmes"
    assert document.pairs == ()
    assert [(p.id, p.kind, p.paragraph) for p in document.passages] == [
        ("notitie:p:1", "paragraph", 1),
        ("notitie:p:2", "paragraph", 2),
        ("notitie:p:3", "paragraph", 3),
    ]
    assert document.passages[1].text == "De overheid gebruikt algoritmes. Dat vraagt om toezicht."
    assert document.text[document.passages[2].start : document.passages[2].end] == "Een tweede alinea volgt hier."


def test_long_plain_paragraph_is_split_at_sentences(tmp_path):
    sentence = "Dit is een zin van precies tien woorden lang hier."
    path = write(tmp_path, "lang.md", "# Lang\n\n" + " ".join([sentence] * 50) + "\n")
    document = read_document(path)
    assert document.title == "Lang"
    texts = [p.text for p in document.passages if p.text != "# Lang"]
    assert len(texts) == 3 and all(len(t.split()) <= 200 for t in texts)
    assert " ".join(texts) == " ".join([sentence] * 50)


def test_antwoord_n_variant(tmp_path):
    path = write(
        tmp_path,
        "vragen.txt",
        "Antwoorden op de vragen van het lid Jetten (D66) over de inzet van algoritmes "
        "(ingezonden 3 maart 2021).\n\nVraag 1\nWelke algoritmes gebruikt de overheid?\n\nAntwoord 1\n"
        "De overheid gebruikt verschillende algoritmes.\n\nVraag 2\nHoe wordt toezicht gehouden?\n\n"
        "Antwoord 2\nHet toezicht ligt bij de Autoriteit Persoonsgegevens.\n",
    )
    document = read_document(path)
    assert [(p.numbers, p.question, p.answer) for p in document.pairs] == [
        ((1,), "Welke algoritmes gebruikt de overheid?", "De overheid gebruikt verschillende algoritmes."),
        ((2,), "Hoe wordt toezicht gehouden?", "Het toezicht ligt bij de Autoriteit Persoonsgegevens."),
    ]
    assert document.metadata.askers == "Jetten (D66)"
    assert document.metadata.submitted == "2021-03-03"
    assert document.metadata.subject == "de inzet van algoritmes"
    assert [p.id for p in document.passages if p.kind == "answer"] == ["vragen:v1:1", "vragen:v2:1"]


def test_numbered_list_of_questions(tmp_path):
    path = write(
        tmp_path,
        "lijst.txt",
        "Lijst van vragen en antwoorden\n\n1\nHoeveel kost het programma?\nAntwoord\n"
        "Het programma kost 5 miljoen euro.\n\n2. Wanneer start het programma?\nAntwoord\nIn 2022.\n",
    )
    document = read_document(path)
    assert [(p.numbers, p.question, p.answer) for p in document.pairs] == [
        ((1,), "Hoeveel kost het programma?", "Het programma kost 5 miljoen euro."),
        ((2,), "Wanneer start het programma?", "In 2022."),
    ]


def test_non_utf8_text_is_decoded(tmp_path):
    path = tmp_path / "oud.txt"
    path.write_bytes("Een café in Utrecht.\n".encode("cp1252"))
    assert read_document(path).passages[0].text == "Een café in Utrecht."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leeg.txt", b"", "is empty"),
        ("wit.md", b"  \n\n \t\n", "is empty"),
        ("brief.odt", b"PK\x03\x04", "Unsupported file type '.odt'"),
        ("kapot.pdf", b"this is not a pdf", "Could not read kapot.pdf as a PDF"),
        ("binair.txt", b"\x00\x01\x02", "binary"),
    ],
)
def test_unusable_files_raise_ingest_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        read_document(path)


def test_missing_file_raises_ingest_error(tmp_path):
    with pytest.raises(IngestError, match="does not exist"):
        read_document(tmp_path / "weg.txt")
