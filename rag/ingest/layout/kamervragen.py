"""The one parser for Kamervragen answers, whatever the file format and layout.

A document is an optional covering letter, a heading (the official "Vragen van het lid
... (ingezonden ...)" and "Antwoord van Minister ... (ontvangen ...)", or "De antwoorden
op de schriftelijke vragen van ..."), then the questions with their answers in one of the
layouts :mod:`rag.ingest.layout.sections` reads, and perhaps a signature. A document with the
official heading but no questions is a *Mededeling*: it only says when the answers will
come. What the document says about itself is read by :mod:`rag.ingest.layout.metadata`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace

from rag.document import Document, Metadata, QAPair
from rag.ingest.folding import paragraphs, typical_width
from rag.ingest.layout.metadata import ANSWERED_BY, RECEIVED, SUBMITTED, parse_metadata, signature_start
from rag.ingest.layout.sections import find_layout, referred
from rag.ingest.notes import Detached, detach_notes
from rag.ingest.passages import PassageMaker
from rag.ingest.source import Line, SourceText

log = logging.getLogger(__name__)

# The paragraph that introduces the answers: "De antwoorden op de schriftelijke vragen
# van ...", "Antwoorden op vragen van ...", "Antwoord van minister X (...)", or the official
# heading "Vragen van het lid ...".
INTRO_START = re.compile(r"^(?:De\s+)?(?:[Aa]ntwoord(?:en)?\s+(?:op|van)\b|Vragen\s+van\s+(?:het|de)\b)")

# How a covering letter opens.
LETTER_START = re.compile(r"^(?:Hierbij|Geachte|Graag|Hiermede|Bijgaand)\b")

# A ministry letter's letterhead ("Datum 8 juni 2023") stands within this many characters of its start.
LETTERHEAD_CHARS = 3000

# What may follow the official heading's "(ontvangen 16 maart 2020)" before the text goes on.
_HEADING_END = re.compile(r"\.?\s*")

# "Mededeling van Minister ... (ontvangen ...)": the answers will come later.
MEDEDELING = re.compile(r"\bMededeling\s+van\b")


def parse_kamervragen(source: SourceText) -> Document | None:
    """Parse a Kamervragen answer text into a Document; None when it is no Kamervragen document."""
    detached = detach_notes(source.lines)
    width = typical_width(detached.body) if source.wrapped else None
    layout = find_layout(detached.body, width)
    if layout is None:
        return _without_questions(source, detached, width)
    letter, intro = _split_preamble(layout.preamble)
    front = PassageMaker(source.stem, source.stem, detached).fold(layout.preamble).text
    # The letterhead is page furniture on later pages, so it is read from the text as printed.
    metadata = parse_metadata(front, [*letter, *layout.closing], source.hints, source.text[:LETTERHEAD_CHARS])
    doc_id = document_id(metadata, source.stem)
    maker = PassageMaker(doc_id, title(metadata, doc_id), detached)
    passages = maker.make(paragraphs(letter, width), "letter", "letter")
    passages += maker.make(paragraphs(intro, width), "heading", "p")
    pairs: list[QAPair] = []
    cited_in: dict[str, tuple[int, ...]] = {}
    for section in layout.sections:
        question = maker.fold([line for asked in section.questions for line in asked.lines])
        for asked in section.questions:
            section_id = f"q{_label(asked.numbers)}"
            passages += maker.make(paragraphs(asked.lines, width), "question", section_id, asked.numbers)
        for label in question.labels:
            cited_in.setdefault(label, section.numbers)
        section_id = f"v{_label(section.numbers)}"
        answers = maker.make(
            paragraphs(section.answer, width), "answer", section_id, section.numbers, question, cited=cited_in
        )
        refers = referred(" ".join(p.text for p in answers))
        answers = [replace(p, refers=refers) for p in answers] if refers else answers
        pairs.append(QAPair(section.numbers, question.text, "\n\n".join(p.text for p in answers), refers))
        passages += answers
    closing = "letter" if signature_start(layout.closing) is not None else "paragraph"  # else a "Toelichting"
    passages += maker.make(paragraphs(layout.closing, width), closing, "closing")
    passages += maker.note_passages(cited_in, maker.citing_sentences(paragraphs(detached.body, width)))
    log.info("parsed %s: %d answers, %d passages", source.name, len(pairs), len(passages))
    return Document(
        doc_id, maker.title, source.name, source.text, metadata, tuple(pairs), maker.footnotes(), tuple(passages)
    )


def document_id(metadata: Metadata, stem: str) -> str:
    """The kenmerk when the document prints one, else its Aanhangsel id, else the file name."""
    return metadata.kenmerk or metadata.aanhangsel or stem


def title(metadata: Metadata, doc_id: str) -> str:
    """A human title: "Antwoorden Kamervragen <kenmerk> over '<subject>'", or what is known."""
    if metadata.kenmerk and metadata.subject:
        return f"Antwoorden Kamervragen {metadata.kenmerk} over '{metadata.subject}'"
    if metadata.kenmerk:
        return f"Antwoorden Kamervragen {metadata.kenmerk}"
    if metadata.subject:
        return f"Antwoorden Kamervragen over {metadata.subject}"
    return doc_id


def _label(numbers: Sequence[int]) -> str:
    """A section's part of a passage id: "3", or "5-6" for an answer to two Vragen."""
    return "-".join(map(str, numbers)) or "0"


def _split_preamble(preamble: Sequence[Line]) -> tuple[list[Line], list[Line]]:
    """Split what precedes the first question into the covering letter and the heading paragraph."""
    opening = next((i for i, line in enumerate(preamble) if LETTER_START.match(line.text.strip())), 0)
    for index, line in enumerate(preamble):
        # A letter's subject set apart from its label ("Betreft" / "Antwoorden op vragen over …", as
        # pdftotext prints columns) opens like the heading: the heading follows the letter's opening.
        if index >= opening and INTRO_START.match(line.text.strip()):
            # What precedes the heading paragraph is a letter only if it reads like one.
            if _is_letter(preamble[:index]):
                return list(preamble[:index]), list(preamble[index:])
            return [], list(preamble)
    return (list(preamble), []) if _is_letter(preamble) else ([], list(preamble))


def _is_letter(lines: Sequence[Line]) -> bool:
    """Whether ``lines`` read as a covering letter: a line opens as one, or a minister signs them.

    Run into one line, a letter opens with its letterhead ("Ministerie van … Hierbij zend ik u …"),
    and only its signature, cut out on lines of its own, still tells it.
    """
    return any(LETTER_START.match(line.text.strip()) for line in lines) or signature_start(lines) is not None


def _without_questions(source: SourceText, detached: Detached, width: float | None) -> Document | None:
    """A document with the official heading but no questions and answers: a Mededeling, or None."""
    groups = [part for group in paragraphs(detached.body, width) for part in _after_received(group)]
    provisional = PassageMaker(source.stem, source.stem, detached)  # folds text before the id is known
    heading = [g for g in groups[:6] if _is_heading(provisional.fold(g).text)]
    if not heading:
        return None
    # The Mededeling's own text names the questions as the heading does ("De vragen van het lid
    # ... (ingezonden 10 maart 2025) kunnen niet ..."): the heading ends with "Mededeling van".
    announcing = [g for g in heading if MEDEDELING.search(provisional.fold(g).text)]
    last = groups.index(announcing[0] if announcing else heading[-1]) + 1
    metadata = parse_metadata(provisional.fold([line for g in groups[:last] for line in g]).text, (), source.hints)
    doc_id = document_id(metadata, source.stem)
    maker = PassageMaker(doc_id, title(metadata, doc_id), detached)
    kind = "mededeling" if any(MEDEDELING.search(maker.fold(g).text) for g in groups[:last]) else "paragraph"
    passages = maker.make(groups[:last], "heading", "p") + maker.make(groups[last:], kind, "m")
    passages += maker.note_passages({}, maker.citing_sentences(groups))
    log.info("parsed %s: no questions answered (%s)", source.name, kind)
    return Document(doc_id, maker.title, source.name, source.text, metadata, (), maker.footnotes(), tuple(passages))


def _after_received(group: list[Line]) -> list[list[Line]]:
    """A paragraph cut after the heading's "(ontvangen …).", where a conversion ran the text on after it."""
    parts: list[list[Line]] = [[]]
    for line in group:
        found = RECEIVED.search(line.text)
        if found is None:
            parts[-1].append(line)
            continue
        end = _HEADING_END.match(line.text, found.end()).end()
        parts[-1].append(line.cut(0, end))
        parts.append([line.cut(end)] if line.text[end:].strip() else [])
    return [part for part in parts if part]


def _is_heading(text: str) -> bool:
    """Whether a paragraph is (part of) the official heading: who asked when, who answered or announced."""
    return bool(SUBMITTED.search(text) or ANSWERED_BY.search(text) or MEDEDELING.search(text))
