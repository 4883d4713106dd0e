"""Note labels that stand on a line of their own, joined to their text.

pdftotext sets each of the Tweede Kamer's page-foot notes as its label ("1") above its text,
and may print the page footer in between; ``rag.ingest.notes`` reads a note only where the
label opens the note's line. A label is joined to the text after it where pages are known,
the text reads as a note's and no Vraag/Antwoord heading follows on the page: a bare number
above text is also how a list of questions numbers them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rag.ingest import patterns
from rag.ingest.source import Line

# A note's label on a line of its own, as pdftotext sets the Tweede Kamer's notes: "1", then
# (after the page footer it printed in between) "Relief Web, 6 mei 2024, «…»".
BARE_LABEL = re.compile(r"\s*\d{1,2}\s*")
NOTE_TEXT_START = re.compile(rf"\s*{patterns.NOTE_TEXT}")


def labels_joined(lines: Sequence[Line]) -> list[Line]:
    """``lines`` with each label that stands alone at a page foot joined to the note text after it.

    Only where pages are known and no heading follows on the page: a bare number above text
    is also how a list of questions numbers them. The joined line spans both, with exact
    offsets: what stands between them reads as spaces.
    """
    heading_follows = _heading_follows(lines)
    joined: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        # Labels stacked on lines of their own ("2", "3") come before their texts in turn (``rag.ingest.notes``).
        stacked = any(0 <= i < len(lines) and BARE_LABEL.fullmatch(lines[i].text) for i in (index - 1, index + 1))
        after = _next_filled(lines, index) if BARE_LABEL.fullmatch(line.text) and not stacked else None
        if after is not None and _may_be_note_text(lines, index, after) and not heading_follows[after]:
            text = lines[after]
            shift = text.start - line.start
            markers = tuple((begin + shift, end + shift, label) for begin, end, label in text.markers)
            joined.append(replace(line, text=line.text + " " * (shift - len(line.text)) + text.text, markers=markers))
            index = after + 1
            continue
        joined.append(line)
        index += 1
    return joined


def _next_filled(lines: Sequence[Line], index: int) -> int | None:
    """The index of the first line after ``lines[index]`` that is not blank."""
    return next((i for i in range(index + 1, len(lines)) if not lines[i].blank), None)


def _may_be_note_text(lines: Sequence[Line], label: int, text: int) -> bool:
    """Whether ``lines[text]`` may be the text of the note labelled on ``lines[label]``: same known page, note-like."""
    page = lines[label].page
    if page is None or lines[text].page != page or lines[text].page_start:
        return False
    return bool(NOTE_TEXT_START.match(lines[text].text)) and not patterns.is_heading(lines[text].text.strip())


def _heading_follows(lines: Sequence[Line]) -> list[bool]:
    """Per line, whether a Vraag/Antwoord heading stands after it on its page (one pass from the end)."""
    follows = [False] * len(lines)
    seen = False  # a heading after the line at hand, on its page
    for index in range(len(lines) - 1, -1, -1):
        follows[index] = seen
        line = lines[index]
        # A page's first line ends what the lines before it can see.
        seen = not line.page_start and (seen or patterns.is_heading(line.text.strip()))
        if index > 0 and lines[index - 1].page != line.page:
            seen = False
    return follows
