"""Reader for plain text and Markdown files."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from rag.ingest.source import IngestError, Line, SourceText, split_lines
from rag.notices import Notice

log = logging.getLogger(__name__)

# Tried in order. cp1252 is what Dutch Windows tools write; latin-1 accepts any byte,
# so decoding never fails outright (a wrong guess shows as odd accents, not lost text).
_FALLBACK_ENCODINGS = ("cp1252", "latin-1")

# pdftotext separates pages with a form feed.
_FORM_FEED = "\f"


# Share of control characters (other than tab, line breaks and form feed) above which bytes are not text.
_MAX_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset(b"\t\n\r\f")


def looks_binary(data: bytes) -> bool:
    """Whether the first 4 KB hold a NUL byte or more than a few control characters: not a text file."""
    head = data[:4096]
    controls = sum(1 for byte in head if (byte < 32 or byte == 127) and byte not in _TEXT_CONTROLS)
    return b"\x00" in head or controls > _MAX_CONTROL_SHARE * len(head)


# Formats that begin with readable bytes, so looks_binary alone can miss them: a PDF's
# first kilobytes are often plain dictionaries, its compressed streams come later.
_SIGNATURES = {b"%PDF-": "PDF", b"PK\x03\x04": "zip (.docx?)", b"\xd0\xcf\x11\xe0": "Word .doc", b"\x7fELF": "program"}


def decode(data: bytes, name: str) -> str:
    """Decode file bytes as UTF-8 (with or without BOM), falling back to cp1252/latin-1."""
    kind = next((kind for magic, kind in _SIGNATURES.items() if data.startswith(magic)), None)
    if kind is not None:
        raise IngestError(Notice("other_format", name=name, kind=kind))
    if looks_binary(data):
        raise IngestError(Notice("binary_text", name=name))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        log.warning("%s is not valid UTF-8; read it as %s", name, encoding)
        return text
    raise IngestError(Notice("undecodable", name=name))  # unreachable: latin-1 takes any byte


def read_text(path: Path) -> SourceText:
    """Read a .txt or .md file into lines; ``Document.text`` will be the decoded file content."""
    text = decode(path.read_bytes(), path.name)
    return SourceText(path.name, path.stem, text, tuple(_mark_pages(split_lines(text), _FORM_FEED in text)))


def _mark_pages(lines: list[Line], has_form_feeds: bool) -> list[Line]:
    """Flag page starts; number pages only when the text has form feeds to count them by.

    Text extracted from a PDF starts each page with a form feed (pdftotext) or, as in
    the bundled corpus file, with a single leading space. Either marks where a sentence
    cut by a page-foot note resumes. A deeper indent is the column a layout-keeping
    conversion (``pdftotext -layout``) sets every line in, not a page start.
    """
    page = 1
    marked: list[Line] = []
    for line in lines:
        single_space = line.text.startswith(" ") and not line.text.startswith("  ") and not line.blank
        starts_page = line.text.startswith(_FORM_FEED) or single_space
        if line.text.startswith(_FORM_FEED) and marked:
            page += line.text.count(_FORM_FEED)
        marked.append(replace(line, page=page if has_form_feeds else None, page_start=starts_page))
    return marked
