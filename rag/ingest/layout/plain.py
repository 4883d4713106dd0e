"""Fallback for text without Vraag/Antwoord structure: one passage per paragraph, with its heading.

Headings give context, not passages, when the format marks them (HTML ``<h2>``, Word
heading styles, Markdown "#"): they are left out of the passages and the nearest one
above each paragraph becomes its ``Passage.heading``. A plain .txt marks nothing, so
there a short single-line paragraph without closing punctuation that is followed by more
text is taken for a heading: it stays a passage (as it always was) and also becomes the
heading of the paragraphs below it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from rag.document import Document, Metadata
from rag.ingest.folding import paragraphs, typical_width
from rag.ingest.layout.metadata import KENMERK
from rag.ingest.notes import detach_notes
from rag.ingest.passages import PassageMaker
from rag.ingest.source import Line, SourceText

log = logging.getLogger(__name__)

# A Markdown heading: "# Title", "## Title".
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?P<title>\S.*?)\s*#*$")

# A first line longer than this reads as prose, not as a title.
_MAX_TITLE_CHARS = 100

# How a line that is no heading ends: with sentence or clause punctuation.
_CLOSING_PUNCTUATION = (".", ",", ";", ":", "?", "!")


def parse_plain(source: SourceText) -> Document:
    """Paragraph passages (kind "paragraph", split on blank lines and short sentence-final lines).

    Paragraphs over ~200 words are split at sentence ends. Notes are detached as in
    Kamervragen documents. The title is the first marked heading, else the first Markdown
    heading, else the title the file declares, else a short first line, else the file stem.
    """
    detached = detach_notes(source.lines)
    kenmerk = KENMERK.search(source.stem)
    known = kenmerk.group("kenmerk") if kenmerk else source.hints.kenmerk
    doc_id = known or source.stem
    maker = PassageMaker(doc_id, _title(source), detached)
    groups, headings = _with_headings(paragraphs(detached.body, typical_width(detached.body)))
    passages = maker.make(groups, "paragraph", "p", headings=headings)
    passages += maker.note_passages({}, maker.citing_sentences(groups))
    log.info("parsed %s as plain text: %d passages", source.name, len(passages))
    return Document(
        doc_id,
        maker.title,
        source.name,
        source.text,
        Metadata(kenmerk=known),
        (),
        maker.footnotes(),
        tuple(passages),
    )


def _with_headings(groups: Sequence[Sequence[Line]]) -> tuple[list[Sequence[Line]], list[str | None]]:
    """Return the paragraphs that become passages and, for each, the nearest heading above it."""
    marked = any(line.heading for group in groups for line in group)
    kept: list[Sequence[Line]] = []
    headings: list[str | None] = []
    current: str | None = None
    for position, group in enumerate(groups):
        text = " ".join(" ".join(line.text.split()) for line in group if not line.blank)
        if marked and all(line.heading for line in group):
            current = text or current
            continue
        kept.append(group)
        headings.append(current)
        if not marked and _looks_like_heading(group, text) and position + 1 < len(groups):
            current = text
    return kept, headings


def _looks_like_heading(group: Sequence[Line], text: str) -> bool:
    """Whether an unmarked paragraph reads as a heading: one short line without closing punctuation."""
    filled = [line for line in group if not line.blank]
    return len(filled) == 1 and 0 < len(text) <= _MAX_TITLE_CHARS and not text.endswith(_CLOSING_PUNCTUATION)


def _title(source: SourceText) -> str:
    """Return the document's title; see :func:`parse_plain`."""
    marked = next((" ".join(line.text.split()) for line in source.lines if line.heading and not line.blank), None)
    if marked:
        return marked
    filled = [line.text.strip() for line in source.lines if not line.blank]
    for text in filled:
        if heading := MARKDOWN_HEADING.match(text):
            return heading.group("title")
    if source.title:
        return source.title
    if filled and len(filled[0]) <= _MAX_TITLE_CHARS and not filled[0].endswith((".", ",", ";")):
        return " ".join(filled[0].split())
    return source.stem
