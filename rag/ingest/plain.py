"""Fallback for text without Vraag/Antwoord structure: one passage per paragraph."""

from __future__ import annotations

import logging
import re

from rag.document import Document, Metadata
from rag.ingest.folding import paragraphs, typical_width
from rag.ingest.metadata import KENMERK
from rag.ingest.notes import detach_notes
from rag.ingest.passages import PassageMaker
from rag.ingest.source import SourceText

log = logging.getLogger(__name__)

# A Markdown heading: "# Title", "## Title".
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?P<title>\S.*?)\s*#*$")

# A first line longer than this reads as prose, not as a title.
_MAX_TITLE_CHARS = 100


def parse_plain(source: SourceText) -> Document:
    """Paragraph passages (kind "paragraph", split on blank lines and short sentence-final lines).

    Paragraphs over ~200 words are split at sentence ends. Notes are detached as in
    Kamervragen documents. The title is the first Markdown heading, else a short first
    line, else the file stem.
    """
    detached = detach_notes(source.lines)
    kenmerk = KENMERK.search(source.stem)
    doc_id = kenmerk.group("kenmerk") if kenmerk else source.stem
    maker = PassageMaker(doc_id, _title(source), detached)
    passages = maker.make(paragraphs(detached.body, typical_width(detached.body)), "paragraph", "p")
    passages += maker.note_passages({})
    log.info("parsed %s as plain text: %d passages", source.name, len(passages))
    return Document(
        doc_id,
        maker.title,
        source.name,
        source.text,
        Metadata(kenmerk=doc_id if kenmerk else None),
        (),
        maker.footnotes(),
        tuple(passages),
    )


def _title(source: SourceText) -> str:
    """Return the first Markdown heading, else the first line if it is short, else the file stem."""
    filled = [line.text.strip() for line in source.lines if not line.blank]
    for text in filled:
        if heading := MARKDOWN_HEADING.match(text):
            return heading.group("title")
    if filled and len(filled[0]) <= _MAX_TITLE_CHARS and not filled[0].endswith((".", ",", ";")):
        return " ".join(filled[0].split())
    return source.stem
