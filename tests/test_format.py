"""Chat formatting is pure: tested without a server."""

from __future__ import annotations

import html

from rag.answer.compose import Answer, Quote, citation, to_text
from rag.document import Passage
from rag.language import message
from rag.notices import Failure, Notice
from tests.conftest import QUOTE_JSON_FIELDS
from ui.format import answer_markdown, answer_text, escape_markdown, notices_markdown, short_citation, with_links

PASSAGE = Passage(
    id="2020Z23459:v2:3",
    doc_id="2020Z23459",
    title="Antwoorden 2020Z23459",
    kind="answer",
    text="De verhouding man/vrouw is 70/30.",
    paragraph=3,
    start=10,
    end=40,
    vraag=(2,),
    question="Wat is daarbij de verhouding man/vrouw?",
    footnotes=("Kamerstuk 29 696, nr. 7",),
)


def quote(passage: Passage = PASSAGE, language: str = "nl") -> Quote:
    return Quote(1, 0.9, passage, citation(passage, language))


def test_citation_names_document_vraag_question_and_paragraph_in_dutch():
    assert citation(PASSAGE, "nl") == "2020Z23459, Vraag 2: “Wat is daarbij de verhouding man/vrouw?”, alinea 3"


def test_citation_in_english_adds_page_when_known():
    from dataclasses import replace

    text = citation(replace(PASSAGE, page=2), "en")
    assert text == "2020Z23459, Question 2: “Wat is daarbij de verhouding man/vrouw?”, p. 2, paragraph 3"


def test_letter_passage_is_cited_as_covering_letter():
    from dataclasses import replace

    letter = replace(PASSAGE, kind="letter", vraag=(), question=None, paragraph=1)
    assert citation(letter, "nl") == "2020Z23459, aanbiedingsbrief, alinea 1"


def test_a_kamervraag_and_a_note_are_cited_as_such():
    from dataclasses import replace

    asked = replace(PASSAGE, id="2020Z23459:q2:1", kind="question", question=None, paragraph=1)
    assert citation(asked, "nl") == "2020Z23459, Vraag 2 (tekst van de vraag), alinea 1"
    assert citation(asked, "en") == "2020Z23459, Question 2 (text of the question), paragraph 1"
    note = replace(PASSAGE, id="2020Z23459:fn:2)", kind="footnote", vraag=(6,), question=None, paragraph=6, page=4)
    assert citation(note, "nl") == "2020Z23459, Vraag 6, p. 4, voetnoot 2)"


def test_answer_markdown_quotes_passage_as_blockquote_with_a_short_linked_citation():
    answer = Answer("vraag?", "nl", True, (quote(),), "Dit zeggen de documenten letterlijk:")
    text = answer_markdown(answer, pdfs={"2020Z23459"})
    lines = text.splitlines()
    assert lines[0] == "Dit zeggen de documenten letterlijk\\:"
    assert "> De verhouding man\\/vrouw is 70\\/30\\." in lines
    citation_line = next(line for line in lines if line.startswith("> **[1]** "))
    assert citation_line == (
        '> **[1]** <a href="/documents/2020Z23459/text?lang=nl&amp;mark=2020Z23459%3Av2%3A3#quote" '
        'title="Antwoorden 2020Z23459" target="_blank">2020Z23459\\, Vraag 2\\, alinea 3</a>'
        ' · <a href="/documents/2020Z23459/file" target="_blank">PDF</a>'
    )
    assert "> *Voetnoot:* Kamerstuk 29 696\\, nr\\. 7" in lines
    # The Kamervraag is there, folded: not repeated in every citation.
    assert "<details><summary>De Kamervraag</summary>" in lines
    assert "Wat is daarbij de verhouding man\\/vrouw\\?" in lines


def test_short_citation_names_page_and_combined_vragen():
    from dataclasses import replace

    assert short_citation(replace(PASSAGE, page=3, vraag=(4, 5)), "nl") == "2020Z23459, Vraag 4 en 5, p. 3, alinea 3"
    assert short_citation(replace(PASSAGE, kind="question"), "en") == (
        "2020Z23459, Question 2 (text of the question), paragraph 3"
    )


def test_first_quote_in_full_the_rest_folded_and_only_the_answer_bold():
    from dataclasses import replace

    first = replace(PASSAGE, text="Eerste zin. De verhouding is 70/30.")
    same_answer = replace(PASSAGE, id="2020Z23459:v2:4", paragraph=4, text="Vervolg. Nog een zin.")
    other = replace(PASSAGE, id="2020Z23459:v5:1", vraag=(5,), paragraph=1, text="Andere zin. Weer een.")
    quotes = tuple(
        Quote(rank, 0.9, passage, citation(passage, "nl"), (bold,))
        for rank, (passage, bold) in enumerate(
            ((first, "De verhouding is 70/30."), (same_answer, "Vervolg."), (other, "Andere zin.")), 1
        )
    )
    text = answer_markdown(Answer("q", "nl", True, quotes, "Intro"))
    head, folded = text.split("<details><summary>Meer passages (2)</summary>")
    assert "> Eerste zin\\. **De verhouding is 70\\/30\\.**" in head and "Vervolg" not in head
    assert "> **Vervolg\\.** Nog een zin\\." in folded  # continues the first answer: bold
    assert "> Andere zin\\. Weer een\\." in folded  # another Vraag: nothing bold
    assert folded.rstrip().endswith("</details>")


def test_the_same_words_from_another_copy_are_shown_once():
    from dataclasses import replace

    twin = replace(PASSAGE, id="2020Z23459-2:v2:3", doc_id="2020Z23459-2")
    answer = Answer("q", "nl", True, (quote(), Quote(2, 0.8, twin, citation(twin, "nl"))), "Intro")
    text = answer_markdown(answer)
    assert text.count("De verhouding man\\/vrouw is 70\\/30") == 1 and "Meer passages" not in text
    assert answer_text(answer).count("De verhouding man/vrouw") == 1


def test_a_refusal_names_the_document_filter():
    refused = Answer("q", "en", False, message=message("not_found", "en"))
    assert answer_markdown(refused, searched_in="2021Z04321") == (
        "I found nothing about this in the loaded documents\\. Searched in one document\\: 2021Z04321\\."
    )
    assert "Gezocht in één document" not in answer_markdown(refused)


def test_copy_text_is_plain():
    answer = Answer("q", "nl", True, (quote(),), "Dit zeggen de documenten letterlijk:")
    assert answer_text(answer).splitlines() == [
        "Dit zeggen de documenten letterlijk:",
        "",
        "“De verhouding man/vrouw is 70/30.”",
        "[1] 2020Z23459, Vraag 2, alinea 3 — Antwoorden 2020Z23459",
        "Voetnoot: Kamerstuk 29 696, nr. 7",
    ]


def test_only_http_addresses_in_notes_become_links():
    text = with_links("Zie https://www.rijksoverheid.nl/a?b=1&c=2. En javascript:alert(1) of ftp://x/y.")
    assert '<a href="https://www.rijksoverheid.nl/a?b=1&amp;c=2" target="_blank">' in text
    assert text.count("<a ") == 1 and "javascript\\:alert\\(1\\)" in text


def test_not_found_is_said_plainly_without_quotes():
    answer = Answer("Hoe maak ik een appeltaart?", "nl", False, message="Ik heb hierover niets gevonden.")
    assert answer_markdown(answer) == "Ik heb hierover niets gevonden\\."


def test_document_text_cannot_inject_markup():
    hostile = "<script>alert(1)</script> ![x](http://evil/x.png) [klik](javascript:alert(1)) **vet**"
    escaped = escape_markdown(hostile)
    for raw in ("<", ">", "![x](", "[klik](", "**vet", "http://"):
        assert raw not in escaped
    assert html.unescape(escaped.replace("\\", "")) == hostile


def test_plain_text_rendering_for_the_terminal():
    answer = Answer("q", "en", True, (quote(language="en"),), "Intro")
    assert to_text(answer).splitlines() == [
        "Intro",
        "",
        "  “De verhouding man/vrouw is 70/30.”",
        "  [1] 2020Z23459, Question 2: “Wat is daarbij de verhouding man/vrouw?”, paragraph 3",
        "      footnote: Kamerstuk 29 696, nr. 7",
    ]


def test_answer_json_contract():
    data = Answer("q", "nl", True, (quote(),), "Intro").to_json()
    assert set(data) == {"question", "language", "answered", "message", "passages", "nearest"}
    assert data["nearest"] == []
    (row,) = data["passages"]
    assert set(row) == QUOTE_JSON_FIELDS
    assert row["text"] == PASSAGE.text and row["vraag"] == 2 and row["page"] is None
    assert row["kamervraag"] == "Wat is daarbij de verhouding man/vrouw?"
    assert row["footnotes"] == ["Kamerstuk 29 696, nr. 7"]


def test_highlighted_sentence_is_bold_inside_the_quote():
    passage = Passage(**{**PASSAGE.__dict__, "text": "Eerste zin. De verhouding is 70/30. Laatste zin."})
    highlighted = Quote(1, 0.9, passage, citation(passage, "nl"), ("De verhouding is 70/30.",))
    text = answer_markdown(Answer("q", "nl", True, (highlighted,), "Intro"))
    assert "> Eerste zin\\. **De verhouding is 70\\/30\\.** Laatste zin\\." in text.splitlines()
    whole = Quote(1, 0.9, PASSAGE, citation(PASSAGE, "nl"), (PASSAGE.text,))
    assert "**" not in answer_markdown(Answer("q", "nl", True, (whole,), "Intro")).split("**[1]**")[0]


def test_nearest_passages_are_marked_as_no_answer_and_never_bold():
    near = Quote(1, 0.85, PASSAGE, citation(PASSAGE, "en"))
    answer = Answer("q", "en", False, message=message("nearest", "en"), nearest=(near,))
    text = answer_markdown(answer)
    assert text.startswith("🔍 The documents do not answer this question\\. These passages come closest")
    assert f"> {escape_markdown(PASSAGE.text)}" in text.splitlines()  # the passage as it is: nothing bold
    data = answer.to_json()
    assert (data["answered"], data["passages"], len(data["nearest"])) == (False, [], 1)
    assert data["nearest"][0]["highlights"] == []
    assert to_text(answer).startswith("The documents do not answer this question.")
    assert f"  “{PASSAGE.text}”" in to_text(answer).splitlines()


def test_notices_are_shown_in_the_language_of_the_page():
    notices = (Failure("skipped", path="scan.pdf", reason=Notice("scanned_pdf", name="scan.pdf")), "plain note")
    dutch = notices_markdown(notices, "nl")
    assert dutch.startswith("- ⚠️ scan\\.pdf overgeslagen\\: Uit scan\\.pdf is geen tekst te halen")
    assert dutch.endswith("- ⚠️ plain note")
    assert notices_markdown(notices, "en").startswith("- ⚠️ skipped scan\\.pdf\\: scan\\.pdf has no extractable text")
