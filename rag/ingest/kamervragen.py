"""The one parser for Kamervragen answers, whatever the file format.

Layout it understands: an optional covering letter, a heading paragraph ("De antwoorden
op de schriftelijke vragen van ..."), then per question a "Vraag n" heading, the question,
an "Antwoord" (or "Antwoord n") heading and the answer. A "Lijst van vragen en
antwoorden" whose questions carry only a number ("1." / "1") works too. Without any
"Antwoord" heading, the answer is recognised by :mod:`rag.ingest.questions`: it follows
the line that ends the question with "?".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.document import Document, Metadata, Passage, QAPair
from rag.ingest import patterns
from rag.ingest.folding import paragraphs, typical_width
from rag.ingest.metadata import parse_metadata, with_hints
from rag.ingest.notes import detach_notes
from rag.ingest.passages import PassageMaker
from rag.ingest.questions import item_lines, numbered_items, split_question
from rag.ingest.source import Line, SourceText

log = logging.getLogger(__name__)

# The paragraph that introduces the answers: "De antwoorden op de schriftelijke vragen
# van ...", "Antwoorden op vragen van ...", "Antwoord van minister X (...)".
INTRO_START = re.compile(r"^(?:De\s+)?[Aa]ntwoord(?:en)?\s+(?:op|van)\b")

# How a covering letter opens.
LETTER_START = re.compile(r"^(?:Hierbij|Geachte|Graag|Hiermede|Bijgaand)\b")


@dataclass(frozen=True)
class _Heading:
    index: int  # position in the body lines
    kind: str  # "q" or "a"
    number: int | None
    rest: Line | None  # text on the heading line after "Vraag 1:" / "1."


@dataclass(frozen=True)
class _Section:
    number: int
    question: list[Line]
    answer: list[Line]


def parse_kamervragen(source: SourceText) -> Document | None:
    """Parse a Kamervragen answer text into a Document; None when it has no Vraag/Antwoord structure."""
    detached = detach_notes(source.lines)
    found = _sections(detached.body)
    if found is None:
        return None
    preamble, sections = found
    letter, intro = _split_preamble(preamble)
    width = typical_width(detached.body)
    maker = PassageMaker(source.stem, source.stem, detached)
    metadata = with_hints(parse_metadata(maker.fold(preamble).text, letter, source.text), source.hints)
    doc_id = metadata.kenmerk or source.stem
    maker = PassageMaker(doc_id, _title(metadata, doc_id), detached)
    passages = maker.make(paragraphs(letter, width), "letter", "letter")
    passages += maker.make(paragraphs(intro, width), "paragraph", "p")
    pairs: list[QAPair] = []
    cited_in: dict[str, int] = {}
    for section in sections:
        question = maker.fold(section.question)
        # The Kamervraag is a passage too: "what did the members ask?" is answered by its words.
        passages += maker.make(paragraphs(section.question, width), "question", f"q{section.number}", section.number)
        groups = paragraphs(section.answer, width)
        answers = maker.make(groups, "answer", f"v{section.number}", section.number, question)
        pairs.append(QAPair(section.number, question.text, "\n\n".join(p.text for p in answers)))
        passages += answers
        for label in question.labels + tuple(_labels_in(answers, maker)):
            cited_in.setdefault(label, section.number)
    passages += maker.note_passages(cited_in, maker.citing_sentences(paragraphs(detached.body, width)))
    log.info("parsed %s: %d questions, %d passages", source.name, len(pairs), len(passages))
    footnotes = maker.footnotes()
    return Document(doc_id, maker.title, source.name, source.text, metadata, tuple(pairs), footnotes, tuple(passages))


def _labels_in(passages: Sequence[Passage], maker: PassageMaker) -> list[str]:
    """Labels of the notes whose texts the passages carry."""
    by_text = {note.folded.text: note.label for note in maker.detached.notes}
    return [by_text[text] for passage in passages for text in passage.footnotes if text in by_text]


def _title(metadata: Metadata, doc_id: str) -> str:
    """Make a human title: "Antwoorden Kamervragen <kenmerk> over '<subject>'", or what is known."""
    if metadata.kenmerk and metadata.subject:
        return f"Antwoorden Kamervragen {metadata.kenmerk} over '{metadata.subject}'"
    if metadata.kenmerk:
        return f"Antwoorden Kamervragen {metadata.kenmerk}"
    return metadata.subject or doc_id


def _split_preamble(preamble: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split what precedes the first question into the covering letter and the heading paragraph."""
    for index, line in enumerate(preamble):
        if INTRO_START.match(line.text.strip()):
            # What precedes the heading paragraph is a letter only if it reads like one.
            if any(LETTER_START.match(before.text.strip()) for before in preamble[:index]):
                return preamble[:index], preamble[index:]
            return [], preamble
    first = next((line.text.strip() for line in preamble if not line.blank), "")
    return (preamble, []) if LETTER_START.match(first) else ([], preamble)


def _sections(body: Sequence[Line]) -> tuple[list[Line], list[_Section]] | None:
    """Return the lines before the first question and every question with its answer; None if none."""
    headings = _headings(body, numbered=False)
    numbered = not any(heading.kind == "q" for heading in headings)
    if numbered:
        headings = _headings(body, numbered=True)
    questions = [heading for heading in headings if heading.kind == "q"]
    if not any(heading.kind == "a" for heading in headings):
        return _headless_sections(body, [] if numbered else questions)
    sections: list[_Section] = []
    for position, heading in enumerate(questions):
        stop = questions[position + 1].index if position + 1 < len(questions) else len(body)
        answer = next((h for h in headings if h.kind == "a" and heading.index < h.index < stop), None)
        if answer is None:
            log.warning("Vraag %d has no 'Antwoord' heading; its answer is left empty", heading.number)
        elif answer.number is not None and answer.number != heading.number:
            log.warning("Vraag %d is answered under 'Antwoord %d'", heading.number, answer.number)
        question_stop = answer.index if answer else stop
        question_lines = _with_rest(heading, body[heading.index + 1 : question_stop])
        answer_lines = _with_rest(answer, body[answer.index + 1 : stop]) if answer else []
        sections.append(_Section(heading.number or 0, question_lines, answer_lines))
    return list(body[: questions[0].index]), sections


def _headless_sections(body: Sequence[Line], questions: list[_Heading]) -> tuple[list[Line], list[_Section]] | None:
    """Sections of questions without any Antwoord heading: "Vraag n" headings, else a numbered list.

    Every question must split into question and answer by the "?" rule, or none is taken.
    """
    items = [(q.index, q.number or 0, _with_rest(q, ())) for q in questions]
    if not items:
        items = [(item.index, item.number, item_lines(item, body, item.index + 1)) for item in numbered_items(body)]
    if not items:
        return None
    sections: list[_Section] = []
    for position, (index, number, first) in enumerate(items):
        stop = items[position + 1][0] if position + 1 < len(items) else len(body)
        split = split_question(first + list(body[index + 1 : stop]))
        if split is None:
            log.info("Vraag %d has no 'Antwoord' heading and no question mark to end it: no Kamervragen", number)
            return None
        sections.append(_Section(number, *split))
    log.debug("%d questions without Antwoord headings", len(sections))
    return list(body[: items[0][0]]), sections


def _with_rest(heading: _Heading, lines: Sequence[Line]) -> list[Line]:
    """Return the lines of a section, preceded by any text on its heading line."""
    return ([heading.rest] if heading.rest else []) + list(lines)


def _headings(body: Sequence[Line], numbered: bool) -> list[_Heading]:
    """Question and answer headings; question numbers must run on (1, 2, 3, ...).

    With ``numbered``, a question opens at a bare number ("1." / "1 Bent u ...") but only
    after an answer (or at the start), so numbers inside a question are not headings.
    """
    headings: list[_Heading] = []
    expected: int | None = None
    in_question = False
    for index, line in enumerate(body):
        text = line.text.strip()
        indent = len(line.text) - len(line.text.lstrip())
        pattern = patterns.NUMBERED_QUESTION if numbered else patterns.QUESTION_HEADING
        question = None if numbered and in_question else pattern.match(text)
        if question and _runs_on(int(question.group("n")), expected, numbered):
            number = int(question.group("n"))
            headings.append(_Heading(index, "q", number, _rest(line, indent, question)))
            expected, in_question = number + 1, True
        elif (answer := patterns.ANSWER_HEADING.match(text)) and expected is not None:
            number = int(answer.group("n")) if answer.group("n") else None
            headings.append(_Heading(index, "a", number, _rest(line, indent, answer)))
            in_question = False
    return headings


def _runs_on(number: int, expected: int | None, numbered: bool) -> bool:
    """Whether a question number continues the sequence; a bare-number list must start at 1."""
    if expected is None:
        return number == 1 or not numbered
    return number == expected


def _rest(line: Line, indent: int, match: re.Match[str]) -> Line | None:
    """Return the text after a heading on the same line, as a line with exact offsets."""
    return line.cut(indent + match.start("rest")) if match.group("rest") else None
