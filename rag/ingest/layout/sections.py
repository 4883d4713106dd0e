"""Where each Kamervraag and each answer stands in a document's running text.

The layouts found in practice, all read by one walk over the headings
(:mod:`rag.ingest.layout.headings`):

- "Vraag 1" / "Antwoord 1", or "Vraag 1" / "Antwoord": each question with its answer;
- combined headings, "Vraag 2 en 3" / "Antwoord 2 en 3": one answer to several questions;
- separate headings answered together, "Vraag 5", "Vraag 6", "Antwoord 5 en 6";
- inline headings, "Vraag 1: ..." / "Antwoord op vraag 1: ...";
- a numbered list, "1. Bent u ...?" / "Antwoord";
- no answer headings: each question ends at its "?" (:mod:`rag.ingest.layout.questions`);
- no headings at all (a conversion that lost them): paragraphs that ask alternate with
  paragraphs that answer, numbered in order.

Question numbers must rise, not run on: a heading lost in conversion must not take the
rest of the document with it. An answer that only points to another ("Zie het antwoord op
vraag 7.") records which; a signature or a "Toelichting" after the last answer is cut off
it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.ingest import patterns
from rag.ingest.folding import paragraphs
from rag.ingest.layout.headings import Heading, numbers_in, parse_heading
from rag.ingest.layout.metadata import signature_start
from rag.ingest.layout.questions import QUESTION_END, item_lines, numbered_items, split_question, visible
from rag.ingest.source import Line

log = logging.getLogger(__name__)

# "Zie het antwoord op vraag 7.", "Ik verwijs u naar mijn antwoord op de vragen 2 en 3.",
# "Voor het antwoord op deze vraag verwijs ik naar het antwoord op vraag 4."
REFERRAL = re.compile(
    r"^(?:Zie\b|(?:Ik|Hiervoor)\s+verwijs\b|Voor\s+(?:het\s+)?antwoord\b|Graag\s+verwijs\b|Kortheidshalve\b)"
    r".{0,80}?\bantwoord(?:en)?\s+(?:op|bij)\s+(?:de\s+)?vra(?:ag|gen)\s+(?P<numbers>\d{1,3}(?:\s*(?:,|en|t/m)\s*\d{1,3})*)",
    re.IGNORECASE,
)
# A referring answer says little else: at most this many words.
REFERRAL_MAX_WORDS = 40
# What ends the questions and answers: the members' explanation, printed after the last answer.
CLOSING_HEADING = re.compile(r"^(?:\*\*)?Toelichting:?(?:\*\*)?$")
# A signature's role line stands among the last lines of the last answer, if there.
SIGNATURE_LINES = 8
# No headings at all: at least this many question paragraphs followed by an answer.
MIN_LOST_SECTIONS = 2
# What says that a text holds Kamervragen, before its first question.
KAMERVRAGEN_SIGNS = re.compile(
    r"\bingezonden\b|\bKamervragen\b|\bAanhangsel\b|\bAntwoord(?:en)? (?:van|op)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Asked:
    """One Kamervraag as printed: the numbers its heading names and its lines."""

    numbers: tuple[int, ...]
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Section:
    """An answer with the Kamervragen it answers."""

    numbers: tuple[int, ...]  # the Vragen the answer answers: (5, 6) under "Antwoord 5 en 6"
    questions: tuple[Asked, ...]
    answer: tuple[Line, ...]


@dataclass(frozen=True)
class Layout:
    """A document's running text split into what precedes the questions, the sections, and what follows."""

    preamble: tuple[Line, ...]
    sections: tuple[Section, ...]
    closing: tuple[Line, ...] = ()  # a signature or "Toelichting" after the last answer


def find_layout(body: Sequence[Line], width: float | None) -> Layout | None:
    """The layout of ``body``; None when it holds no questions and answers."""
    headings = _headings(body)
    if any(heading.kind == "a" for _, heading in headings):
        preamble, sections = _answered(body, headings)
    else:
        found = _headless(body, headings) or _lost(body, width)
        if found is None:
            return None
        preamble, sections = found
    if not sections:
        return None
    return _with_closing(preamble, sections)


def referred(answer_text: str) -> tuple[int, ...]:
    """The Vragen whose answer a short answer points to ("Zie het antwoord op vraag 7."), if it only points."""
    found = REFERRAL.search(answer_text.strip())
    if found is None or len(answer_text.split()) > REFERRAL_MAX_WORDS:
        return ()
    return numbers_in(found.group("numbers"))


def _headings(body: Sequence[Line]) -> list[tuple[int, Heading]]:
    """The headings of ``body`` that fit the document's sequence of questions, by line index."""
    found = [(i, h) for i, line in enumerate(body) if (h := parse_heading(line.text.strip()))]
    numbered = not any(h.kind == "q" for _, h in found)
    if numbered:
        found = [(i, h) for i, line in enumerate(body) if (h := parse_heading(line.text.strip(), numbered=True))]
        found = _last_of_each_number(found)
    accepted: list[tuple[int, Heading]] = []
    last = 0
    for index, heading in found:
        if heading.kind == "q":
            first = min(heading.numbers)
            if first <= last or (numbered and first != last + 1):
                continue
            last = max(heading.numbers)
        elif last == 0:
            continue  # an answer heading before any question
        accepted.append((index, heading))
    return accepted


def _last_of_each_number(found: list[tuple[int, Heading]]) -> list[tuple[int, Heading]]:
    """Numbered questions: of several lines numbered alike before one "Antwoord", the last.

    An answer may hold a numbered list of its own; its items come before the next question.
    """
    kept: list[tuple[int, Heading]] = []
    for position, (index, heading) in enumerate(found):
        later = next(((i, h) for i, h in found[position + 1 :] if h.kind == "a" or h.numbers == heading.numbers), None)
        if heading.kind == "q" and later is not None and later[1].kind == "q":
            continue
        kept.append((index, heading))
    return kept


def _answered(body: Sequence[Line], headings: list[tuple[int, Heading]]) -> tuple[list[Line], list[Section]]:
    """Sections from question and answer headings, pending questions answered by the next answer heading."""
    pending: list[Asked] = []
    sections: list[Section] = []
    for position, (index, heading) in enumerate(headings):
        stop = headings[position + 1][0] if position + 1 < len(headings) else len(body)
        lines = tuple(_with_rest(body[index], heading)) + tuple(body[index + 1 : stop])
        if heading.kind == "q":
            pending.append(Asked(heading.numbers, lines))
            continue
        answered = [p for p in pending if set(p.numbers) & set(heading.numbers)] or pending
        if not answered and sections:  # a second answer heading: more of the same answer
            last = sections[-1]
            sections[-1] = Section(last.numbers, last.questions, last.answer + lines)
            continue
        numbers = heading.numbers if set(heading.numbers) >= set(_all(answered)) else _all(answered)
        sections.append(Section(tuple(sorted(numbers)), tuple(answered), lines))
        pending = [p for p in pending if p not in answered]
    for asked in pending:
        log.warning("Vraag %s has no answer", "/".join(map(str, asked.numbers)))
        sections.append(Section(asked.numbers, (asked,), ()))
    sections.sort(key=lambda section: section.numbers)
    return list(body[: headings[0][0]]), sections


def _all(asked: Sequence[Asked]) -> tuple[int, ...]:
    return tuple(sorted({n for a in asked for n in a.numbers}))


def _with_rest(line: Line, heading: Heading) -> list[Line]:
    """The text after a heading on its own line, as a line of its own."""
    if heading.rest_start is None:
        return []
    indent = len(line.text) - len(line.text.lstrip())
    return [line.cut(indent + heading.rest_start)]


def _headless(body: Sequence[Line], headings: list[tuple[int, Heading]]) -> tuple[list[Line], list[Section]] | None:
    """Questions without answer headings: each ends at its "?" and its answer follows (:mod:`.questions`)."""
    items = [(index, h.numbers, _with_rest(body[index], h)) for index, h in headings if h.kind == "q"]
    if not items:
        items = [(i.index, (i.number,), item_lines(i, body, i.index + 1)) for i in numbered_items(body)]
    if not items:
        return None
    sections: list[Section] = []
    for position, (index, numbers, first) in enumerate(items):
        stop = items[position + 1][0] if position + 1 < len(items) else len(body)
        split = split_question(first + list(body[index + 1 : stop]))
        if split is None:
            log.info("Vraag %s has no answer heading and no question mark to end it", numbers)
            return None
        sections.append(Section(numbers, (Asked(numbers, tuple(split[0])),), tuple(split[1])))
    return list(body[: items[0][0]]), sections


def _lost(body: Sequence[Line], width: float | None) -> tuple[list[Line], list[Section]] | None:
    """No headings at all: paragraphs that end with a question, each followed by paragraphs that answer it.

    Each asking paragraph counts as one Vraag; several in a row are answered together. Only
    a text that says it holds Kamervragen is read so, never an ordinary page of questions.
    """
    groups = [run for group in paragraphs(body, width) for run in _turns(group)]
    asks = [_asks(group) for group in groups]
    sections: list[Section] = []
    first: int | None = None
    position = 0
    while position < len(groups):
        stop = position
        while stop < len(groups) and asks[stop]:
            stop += 1
        answer_stop = stop
        while answer_stop < len(groups) and not asks[answer_stop]:
            answer_stop += 1
        if stop > position and answer_stop > stop:
            numbered = _numbered_from(sum(len(s.questions) for s in sections) + 1, groups[position:stop])
            answer = tuple(line for group in groups[stop:answer_stop] for line in group)
            sections.append(Section(_all(numbered), numbered, answer))
            first = position if first is None else first
        position = max(answer_stop, position + 1)
    if len(sections) < MIN_LOST_SECTIONS or first is None:
        return None
    preamble = [line for line in body if line.start < groups[first][0].start]
    if not KAMERVRAGEN_SIGNS.search(" ".join(line.text for line in preamble)):
        return None
    log.info("no Vraag/Antwoord headings: %d questions found by their question marks", len(sections))
    return preamble, sections


def _turns(group: Sequence[Line]) -> list[list[Line]]:
    """A paragraph cut where, at a line end, it turns from answering to asking or back.

    Without headings or blank lines only a short last line ends a paragraph, and a full one
    runs two together: an answer into the next question ("... aan uw Kamer zend." /
    "Hoeveel melkveehouders hebben zich aangemeld ...?"), a question into its answer ("...
    moeten worden gesloopt?" / "De vergoeding bestaat ..."). The paragraph is cut before every
    line that opens a sentence after a line that ends one; a run that ends with a question
    asks, and neighbouring runs that both ask or both answer stay one.
    """
    texts = [visible(line).strip() for line in group]
    runs: list[list[Line]] = [[]]
    for index, line in enumerate(group):
        if index and patterns.SENTENCE_END.search(texts[index - 1]) and texts[index][:1].isupper():
            runs.append([])
        runs[-1].append(line)
    merged: list[list[Line]] = []
    for run in runs:
        if merged and _asks(merged[-1]) == _asks(run):
            merged[-1].extend(run)
        else:
            merged.append(run)
    return merged


def _asks(group: Sequence[Line]) -> bool:
    return bool(QUESTION_END.search(visible(group[-1])))


def _numbered_from(number: int, groups: Sequence[Sequence[Line]]) -> tuple[Asked, ...]:
    return tuple(Asked((number + offset,), tuple(group)) for offset, group in enumerate(groups))


def _with_closing(preamble: Sequence[Line], sections: list[Section]) -> Layout:
    """The layout, with a signature or "Toelichting" after the last answer cut off it."""
    last = sections[-1]
    cut = _closing_start(last.answer)
    if cut is None:
        return Layout(tuple(preamble), tuple(sections))
    sections[-1] = Section(last.numbers, last.questions, last.answer[:cut])
    return Layout(tuple(preamble), tuple(sections), last.answer[cut:])


def _closing_start(answer: Sequence[Line]) -> int | None:
    """Where the closing matter of the last answer begins, if it has any."""
    for index, line in enumerate(answer):
        if CLOSING_HEADING.match(line.text.strip()):
            return index
    filled = [index for index, line in enumerate(answer) if not line.blank]
    tail = filled[-SIGNATURE_LINES:]
    found = signature_start([answer[index] for index in tail]) if tail else None
    # Only what follows the answer's own text: never its first line.
    return tail[found] if found is not None and tail[found] != filled[0] else None
