"""Named regular expressions for the printed layout of Kamervragen answers.

Kept in one place so that each pattern is explained once and the note detector, the
paragraph folder and the structure parser agree on what a heading or a marker is.
"""

# ruff: noqa: RUF001 - curly quotes and dashes are what Dutch typesetting prints

from __future__ import annotations

import re

# "Vraag 3", "Vraag 3:", "Vraag 3. Bent u ...": the heading that opens question n.
# Inline question text is only taken after a separator, so a sentence that happens to
# start with "Vraag" is not mistaken for a heading.
QUESTION_HEADING = re.compile(r"^Vraag\s+(?P<n>\d{1,3})\s*(?:[:.\-–]\s*(?P<rest>\S.*)?)?$")

# "Antwoord", "Antwoord 3", "Antwoord op vraag 3", optionally followed by ":" and text.
ANSWER_HEADING = re.compile(
    r"^Antwoord(?:\s+(?:op\s+vraag\s+)?(?P<n>\d{1,3}))?\s*(?:[:.\-–]\s*(?P<rest>\S.*)?)?$",
    re.IGNORECASE,
)

# "1", "1.", "1)" or "1. Bent u ...": a question number in a "Lijst van vragen en
# antwoorden", where questions carry no "Vraag" heading.
NUMBERED_QUESTION = re.compile(r"^(?P<n>\d{1,3})[.)]?(?:\s+(?P<rest>\S.*))?$")

# A line of underscores: the rule above the end notes ("1) Het Parool, ...").
ENDNOTE_RULE = re.compile(r"^\s*_{5,}\s*")

# "1) Het Parool, ...": the start of an end note, at the start of a line.
ENDNOTE_START = re.compile(r"^\s*(?P<label>\d{1,2}\))\s+(?=\S)")

# "1 Het gaat hier om ...": the start of a page-foot note, at the start of a line.
# Its text opens like a source does: a capital, a quote or bracket, a web address, or an article before
# a newspaper's name ("1 de Volkskrant, 19 mei 2018", "2 het Parool"); "1 januari" is no note.
NOTE_TEXT = r"(?=[A-ZÀ-Þ«“\"‘'(]|www\.|https?://|(?:de|het)\s+[A-ZÀ-Þ])"
FOOTNOTE_START = re.compile(rf"^\s*(?P<n>\d{{1,2}})\s+{NOTE_TEXT}")

# A page-foot note marker glued to the end of a word after punctuation:
# "developer.1", "Groeistrategie.2", "blijkt,4", "rond»?1", or after a year ("in 2023.13", "uit 2018?10").
# Requiring a letter or closing mark before the punctuation keeps "2020/2021", "37,5" and "2.1" out.
FOOTNOTE_MARKER = re.compile(
    r"(?:(?<=[^\W\d_][.,;:!?'’\"”)»])|(?<=[.?!'’\"”)»][.,;:!?'’\"”)»])|(?<=\b(?:19|20)\d\d[.?!]))"
    r"(?P<n>\d{1,2})(?=\s|$|,\s*\d|,$)"
)
# Markers a PDF's text extraction glued to a word without punctuation ("First Eet Kit2 opgezet",
# "motie Joseph-Agema3,") or to the next word ("gesproken. 3Toekomstige"), or set before a
# lower-case word after "jl.". Too like "CO2" or a count to be taken alone: only as the marker of
# a note that is found, when no other candidate is (``rag.ingest.notes``).
LETTER_MARKER = re.compile(
    r"(?<=[^\W\d_]{2}[a-zà-ÿ])(?P<n>\d{1,2})(?=[\s,.;:)]|$)"
    r"|(?<=[.?!] )(?P<m>\d{1,2})(?=[A-ZÀ-Þ][a-zà-ÿ])"
    r"|(?:(?<=\bjl\. )|(?<=[»”)] ))(?P<k>\d{1,2})(?= [a-zà-ÿ])"  # "van 24 april jl. 5 aangeef"
)

# A page-foot note marker that the PDF's text extraction set apart from its word: "Both Ends 1?",
# "jl. 3" at a line end, "(mvo). 2 Sinds". Only taken for a note that is found, and only the
# one nearest before it (``rag.ingest.notes``), so other small numbers are left alone.
SPACED_MARKER = re.compile(
    r"(?:(?<=[.,;:!?'’\"”»)])|(?<=[^\W\d_])) (?P<n>\d{1,2})(?![.,]\d)(?=\s*$|[.,;:?!)]|\s+[A-ZÀ-Þ])"
)

# Words a number follows as part of what they name, never as a note marker: "Vraag 1",
# "artikel 31", "nr. 7", "hoofdstuk 2".
NUMBERED_WORD = re.compile(
    r"\b(?:vraag|vragen|antwoord|antwoorden|nr|nrs|no|nummer|blz|p|pag|pagina|art|artikel|lid|bijlage|hoofdstuk"
    r"|paragraaf|punt|fase|stap|niveau|groep|categorie|question|page|article|chapter)\.?$",
    re.IGNORECASE,
)

# An end-note marker: a separate token "1)" after a question mark, full stop or
# closing quote, as in "... intelligentie'? 1)".
ENDNOTE_MARKER_TOKEN = re.compile(r"^\d{1,2}\)$")
ENDNOTE_MARKER_AFTER = frozenset("?.!'’\"”»")

# A line that ends a sentence (or introduces a list with ":"), allowing closing quotes
# or brackets after the punctuation.
SENTENCE_END = re.compile(r"[.?!:][’'\"”)]*$")

# A note's text is complete when it ends like a sentence or a reference does.
NOTE_END = re.compile(r"[.!?)][’'\"”]*$")

# Inside a note line, where running text resumes after the note: a full stop followed
# by a lower-case word ("nr. 795. juist de kracht ..."), which ordinary prose never has.
BODY_RESUMES = re.compile(r"(?<=[.!?])\s+(?=[a-zà-ÿ])")

# Words after which a number is part of a reference, not the start of the next note:
# "nr. 7", "blz. 3".
REFERENCE_WORDS = r"\b(?:nr|nrs|no|nummer|blz|p|pag|art|artikel|lid|bijlage)\.?"
REFERENCE_WORD = re.compile(rf"{REFERENCE_WORDS}$", re.IGNORECASE)

# Abbreviations that end in a full stop without ending the sentence: "o.a.", "nr.", "m.b.t.".
ABBREVIATION = re.compile(
    r"(?:\b|^)(?:o\.a|m\.b\.t|d\.d|nr|nrs|bijv|bv|mr|dr|drs|ir|prof|e\.d|i\.p\.v|t\.a\.v|m\.n|z\.s\.m|ca|resp|jl|blz|pag|art)\.$",
    re.IGNORECASE,
)


def without_marker(text: str) -> str:
    """Strip a line and its trailing page-foot note marker ("developer.1" -> "developer.")."""
    stripped = text.strip()
    marker = FOOTNOTE_MARKER.search(stripped)
    return stripped[: marker.start()] if marker and marker.end() == len(stripped) else stripped


def is_heading(text: str) -> bool:
    """Whether a stripped line is a Vraag/Antwoord heading or the end-note rule."""
    return bool(QUESTION_HEADING.match(text) or ANSWER_HEADING.match(text) or ENDNOTE_RULE.match(text))


# A note that is only a reference: a web address, or a parliamentary paper number
# ("Kamerstuk 29 696, nr. 7"). Match it against the whole note.
WEB_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
PAPER_NUMBER = re.compile(r"kamerstuk(?:ken)?\s+\d[\d\s-]*(?:\s*,?\s*nr\.?\s*\d+)?\.?", re.IGNORECASE)


def is_bare_reference(text: str) -> bool:
    """Whether ``text`` is a web address or a parliamentary paper number, and nothing else.

    Such a note has no words to match a question: alone, a link's vector drew off-topic
    questions (eval/tune.jsonl), and "Kamerstuk 29 696, nr. 7" does not say which letter it
    numbers. Other notes keep their own words; leading every note by its citing sentence
    was measured and not kept (docs/evaluation-history.md).
    """
    text = text.strip()
    return bool(WEB_ADDRESS.fullmatch(text) or PAPER_NUMBER.fullmatch(text))
