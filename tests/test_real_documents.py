"""Real answer documents as users have them, and our own documents in the same layouts.

The ten real ones (the Tweede Kamer's PDFs and defective conversions) lie in the shared
folder beside the repository, not in it; where it is absent these tests are skipped. Our own
documents (eval/own) are rendered in the same layouts and are always there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.evaluation.conversions import CONVERSIONS, compared
from rag.ingest import read_document
from rag.ingest.formats.pdf import page_texts

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "corpus" / "real"
OWN = ROOT / "eval" / "own" / "dev"
needs_shared = pytest.mark.skipif(
    not REAL.is_dir(), reason="the shared corpus of real documents is not beside the repo"
)


def real(name: str):
    return read_document(next(REAL.glob(f"{name}*")))


def own(name: str):
    return read_document(next(OWN.glob(f"*{name}*")))


@needs_shared
@pytest.mark.parametrize(
    ("name", "answered", "notes"),
    [
        ("ah-tk-20142015-698", [(1,), (2, 3), (4,), (5,), (6,)], 4),  # one line; combined heading
        ("ah-tk-20232024-1481", [(1,), (2,), (3,), (4,), (5, 6)], 3),  # Vraag 5, Vraag 6, Antwoord 5 en 6
        ("ah-tk-20232024-1786", [*[(n,) for n in range(1, 10)], (10, 11), *[(n,) for n in range(12, 16)]], 16),
        ("ah-tk-20232024-1292", [(n,) for n in range(1, 11)], 1),
        ("ah-tk-20232024-403", [(n,) for n in range(1, 12)], 6),  # Markdown conversion, "[1 ]" markers
    ],
)
def test_real_layouts_answers_and_notes(name, answered, notes):
    document = real(name)
    assert [pair.numbers for pair in document.pairs] == answered
    assert len(document.footnotes) == notes
    assert document.doc_id == name and document.metadata.aanhangsel == name
    assert not any("ISSN" in p.text or "Aanhangsel 1" in p.text for p in document.passages)


@needs_shared
def test_real_metadata_comes_from_the_official_heading():
    metadata = real("ah-tk-20232024-1786").metadata
    assert metadata.askers == "Hirsch (GroenLinks-PvdA) en Teunissen (PvdA)"
    assert metadata.parties == ("GroenLinks-PvdA", "PvdA")
    assert metadata.answerer.startswith("Staatssecretaris Van Rij")
    assert (metadata.submitted, metadata.received) == ("2024-04-04", "2024-05-21")


@needs_shared
def test_a_real_referral_and_a_real_sentence_across_a_page_break():
    document = real("ah-tk-20232024-1292")
    assert [pair.refers for pair in document.pairs if pair.refers] == [(7,)]
    long = real("ah-tk-20232024-1786")
    answer = next(p for p in long.passages if p.kind == "answer" and p.vraag == (2,))
    assert "voldoen aan internationale standaarden voor maatschappelijk verantwoord ondernemen (mvo)." in answer.text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("huisartsen-platteland", (7, 8, 9, 10)),  # "Vraag 7, 8 9 en 10" with a comma lost
        ("politie-zeeland", (6, 7, 8)),
        ("drinkwater", (4, 5)),  # separate questions, one answer
        ("dijkversterking-maas", (5, 6)),  # a text conversion with form feeds
    ],
)
def test_our_documents_combined_answers(name, expected):
    assert expected in [pair.numbers for pair in own(name).pairs]


@pytest.mark.parametrize(
    "name",
    ["studiefinanciering", "wolven-veluwe", "fietsendiefstal", "nachtvluchten-schiphol", "gevangeniswezen"],
)
def test_our_documents_in_every_layout_answer_each_question(name):
    # Markdown with "Antwoord vraag n", one line with numbered questions, a ministry letter with
    # inline headings, a careless text conversion, and one that printed lines twice.
    document = own(name)
    numbers = [n for pair in document.pairs for n in pair.numbers]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 8
    assert all(pair.answer for pair in document.pairs)


@pytest.mark.parametrize("corpus", ["dev", "blind", "blind2", "blind3", "blind4", "blind5", "blind6"])
def test_each_of_our_documents_is_known_by_its_kenmerk_or_aanhangsel_id(corpus):
    # A letter's "Uw kenmerk" may stand in the side column that text extraction sets at the foot
    # of page 1, after the first answers (blind3's funderingsschade): it is still the kenmerk.
    folder = ROOT / "eval" / "own" / corpus
    expected = [json.loads(line) for line in (folder / "metadata.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(expected) == 14
    assert {row["file"]: read_document(folder / row["file"]).doc_id for row in expected} == {
        row["file"]: row["doc_id"] for row in expected
    }


@pytest.mark.parametrize("pdf", sorted((ROOT / "eval" / "own").glob("*/20*Z*.pdf")), ids=lambda path: path.stem)
def test_a_letters_side_column_at_the_foot_of_a_page_is_read_but_never_quoted(pdf):
    # Text extraction sets the side column ("Ministerie van …", "Ons kenmerk …", "Uw kenmerk …",
    # "Pagina 1 van 3") after the page's notes, where the next page may go on with an answer.
    document = read_document(pdf)
    assert document.metadata.kenmerk == pdf.stem.split("-")[0]
    quoted = [p for p in document.passages if p.kind in ("question", "answer", "footnote")]
    assert [p.id for p in quoted if "Uw kenmerk" in p.text or "Ons kenmerk" in p.text] == []


def test_our_mededeling_and_letter_metadata():
    mededeling = own("cryptobelasting")
    assert mededeling.pairs == () and "mededeling" in {p.kind for p in mededeling.passages}
    letter = own("fietsendiefstal").metadata
    assert letter.kenmerk == "2022Z04417" and letter.answerer.startswith("De Minister van Justitie en Veiligheid")


@pytest.mark.parametrize("conversion", ["one-line", "rewrapped"])
@pytest.mark.parametrize("name", ["cryptobelasting", "pensioentransitie", "jeugdcriminaliteit"])
def test_a_mededeling_run_together_keeps_its_id_and_says_why_the_answers_are_late(tmp_path, name, conversion):
    # Its text names the questions' kenmerk ("(2023Z08104) kunnen niet binnen …"): only the
    # heading, which ends at "(ontvangen …).", says what the document is.
    pdf = next((ROOT / "eval" / "own").glob(f"*/*{name}*.pdf"))
    converted = tmp_path / f"{pdf.stem}.txt"
    converted.write_text(CONVERSIONS[conversion](page_texts(pdf)), encoding="utf-8")
    original, text = read_document(pdf), read_document(converted)
    assert text.doc_id == original.doc_id == f"ah-tk-{pdf.stem.split('-')[2]}-{pdf.stem.split('-')[3]}"
    first = next(p for p in text.passages if p.kind == "mededeling")
    assert first.text.startswith("De vragen van ") and "kunnen niet binnen de gebruikelijke termijn" in first.text
    heading = next(p for p in original.passages if p.kind == "heading")
    assert heading.text.startswith("Vragen van ") and "kunnen niet" not in heading.text


@pytest.mark.parametrize("separator", ["\n\f", "\f"])
@pytest.mark.parametrize("name", ["huisartsen-platteland", "zeehondensterfte"])
def test_a_text_conversion_with_form_feeds_reads_as_its_pdf(tmp_path, name, separator):
    # pdftotext ends each page with a form feed; some converters write no line break before it,
    # which glues a page's footer to the next page's masthead.
    pdf = next((ROOT / "eval" / "own").glob(f"*/*{name}*.pdf"))
    converted = tmp_path / f"{pdf.stem}.txt"
    converted.write_text(separator.join(page_texts(pdf)), encoding="utf-8")

    def answers(path: Path) -> list[tuple[tuple[int, ...], str]]:
        return [(p.vraag, " ".join(p.text.split()[:8])) for p in read_document(path).passages if p.kind == "answer"]

    original, text = answers(pdf), answers(converted)
    assert len(original) >= 12 and text == original


@pytest.mark.parametrize(
    "name",
    [
        "drinkwater",
        "huisartsen-platteland",
        "fietsendiefstal",
        "bibliotheken",
        "legering-havelte",
        "rolstoel-trein",
        "consulaire-bijstand",
        "voedselverspilling",  # numbered questions; the running header before "Pagina 2 van 4"
    ],
)
def test_a_one_line_conversion_keeps_notes_out_of_the_answers(tmp_path, name):
    # Text extraction sets a Tweede Kamer note marker apart ("tegen te gaan? 1 Antwoord 1 Ja."),
    # and on one line the notes run on from a sentence the page foot cut ("De 1 Relief Web, …").
    # A ministry letter's pages end at "Pagina 1 van 3", and its first page at the signature,
    # which follows a greeting ("Hoogachtend,") or runs into the next page's letterhead.
    pdf = next((ROOT / "eval" / "own").glob(f"*/*{name}*.pdf"))
    converted = tmp_path / f"{pdf.stem}.txt"
    converted.write_text(CONVERSIONS["one-line"](page_texts(pdf)), encoding="utf-8")
    original, one_line = read_document(pdf), read_document(converted)
    outcome = compared("one-line", original, one_line)
    assert outcome.answers >= 10 and outcome.kept == outcome.answers and outcome.leaked == 0
    assert outcome.changed == ()
    notes = [" ".join(p.text.split()[:5]) for p in original.passages if p.kind == "footnote"]
    found = [" ".join(p.text.split()) for p in one_line.passages if p.kind == "footnote"]
    assert len(notes) >= 2 and all(any(note in text for text in found) for note in notes)


@pytest.mark.parametrize("width", [60, 100])
@pytest.mark.parametrize("name", ["drinkwater", "politie-zeeland"])
def test_a_conversion_wrapped_anew_at_a_fixed_width_answers_as_its_pdf(tmp_path, name, width):
    # Run together and wrapped again, "Vraag 2" and "Antwoord 2" stand inside lines, not at their start.
    import textwrap

    from rag.ingest.source import split_lines
    from rag.ingest.unwrap import is_reflowed

    pdf = next(OWN.glob(f"*{name}*.pdf"))
    plain = "\n".join(page_texts(pdf))
    rewrapped = tmp_path / f"{pdf.stem}.txt"
    rewrapped.write_text(textwrap.fill(" ".join(plain.split()), width), encoding="utf-8")
    assert is_reflowed(split_lines(rewrapped.read_text(encoding="utf-8")))
    assert not is_reflowed(split_lines(plain))
    # Paragraph breaks are lost with the line breaks: each printed answer paragraph stands,
    # under its own Vraag, in one of the answer passages read from the rewrapped text.
    outcome = compared("rewrapped", read_document(pdf), read_document(rewrapped))
    assert outcome.answers >= 8 and outcome.kept == outcome.answers


def test_a_heading_that_ends_in_a_colon_ends_a_note_block():
    # Cut out of one long line, "Vraag 6:" stands alone; a page-foot note before it must not take it along.
    from rag.ingest.patterns import is_heading

    assert all(is_heading(text) for text in ("Vraag 6:", "Antwoord op vraag 6:", "Vraag 6", "Antwoord 6: Ja."))
    assert not any(is_heading(text) for text in ("Vraagt u zich af", "Vraag 6 is lastig"))
