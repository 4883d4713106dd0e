"""Questions whose answers carry no "Antwoord" heading: where the question ends and the answer begins.

Rule: a question ends at the first line that ends with a question mark (closing quotes,
brackets and note markers allowed after it), extended over directly following lines that
also end with one ("Bent u bekend met ...? / Wat is uw reactie?"). Everything after it is
the answer, which must not be empty. The question must end with "?" before its first
paragraph ends (a blank line), else the item is not a question at all.

In a "Lijst van vragen en antwoorden" without Antwoord headings, an item opens at a line
"n" / "n." / "n)" / "n. text" with the next number (starting at 1), and only when what
follows it is a question by that rule; an inner numbered list in an answer therefore does
not open items. Such a list needs at least :data:`MIN_ITEMS` items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.ingest import patterns
from rag.ingest.source import Line

# Fewer numbered items than this are not taken for a list of questions.
MIN_ITEMS = 2

# A question's last line: "?" then optional closing quotes or brackets.
QUESTION_END = re.compile(r"\?[’'\"”»)\]]*$")  # noqa: RUF001 - typographic quotes are what is printed

# A trailing end-note marker token, as in "... intelligentie'? 1)".
TRAILING_ENDNOTE = re.compile(r"\s+\d{1,2}\)$")


@dataclass(frozen=True)
class Item:
    """A numbered question: the index of its opening line, its number, and text on that line."""

    index: int
    number: int
    rest: Line | None


def visible(line: Line) -> str:
    """A line's text without its explicit note markers, footnote marker or trailing end-note marker."""
    text = line.text
    for begin, end, _ in sorted(line.markers, reverse=True):
        text = text[:begin] + text[end:]
    return TRAILING_ENDNOTE.sub("", patterns.without_marker(text))


def split_question(lines: Sequence[Line]) -> tuple[list[Line], list[Line]] | None:
    """Split a question-and-answer item into question lines and answer lines; None if the rule fails."""
    seen_text = False
    for index, line in enumerate(lines):
        if line.blank:
            if seen_text:
                return None
            continue
        seen_text = True
        if QUESTION_END.search(visible(line)):
            stop = index + 1
            while stop < len(lines) and not lines[stop].blank and QUESTION_END.search(visible(lines[stop])):
                stop += 1
            answer = list(lines[stop:])
            return (list(lines[:stop]), answer) if any(not line.blank for line in answer) else None
    return None


def numbered_items(body: Sequence[Line]) -> list[Item]:
    """Find the items of a numbered list of questions without Antwoord headings; [] if there is none."""
    items: list[Item] = []
    for index, line in enumerate(body):
        match = patterns.NUMBERED_QUESTION.match(line.text.strip())
        if not match or int(match.group("n")) != len(items) + 1:
            continue
        indent = len(line.text) - len(line.text.lstrip())
        rest = line.cut(indent + match.start("rest")) if match.group("rest") else None
        if _opens_question(rest, body, index) and (not items or _has_answer(items[-1], body, index)):
            items.append(Item(index, len(items) + 1, rest))
    return items if len(items) >= MIN_ITEMS and _has_answer(items[-1], body, len(body)) else []


def item_lines(item: Item, body: Sequence[Line], stop: int) -> list[Line]:
    """The lines of an item up to ``stop``, starting with the text on its number's line."""
    return ([item.rest] if item.rest else []) + list(body[item.index + 1 : stop])


def _opens_question(rest: Line | None, body: Sequence[Line], index: int) -> bool:
    """Whether the text from a number line on reads as a question followed by something."""
    lines = ([rest] if rest else []) + list(body[index + 1 : index + 40])
    return split_question(lines) is not None


def _has_answer(item: Item, body: Sequence[Line], stop: int) -> bool:
    """Whether the item before ``stop`` splits into a question and a non-empty answer."""
    return split_question(item_lines(item, body, stop)) is not None
