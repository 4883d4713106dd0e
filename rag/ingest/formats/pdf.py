"""Reader for PDF files (pypdf): lines with their page numbers (headers and footers go in ``rag.ingest.furniture``)."""

from __future__ import annotations

import logging
from pathlib import Path

from pypdf import PdfReader

from rag.ingest.source import IngestError, Line, SourceText
from rag.notices import Notice

log = logging.getLogger(__name__)
# pypdf warns about every font it cannot fully decode ("fontTools is required ..."); the text is read all the same.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read_pdf(path: Path) -> SourceText:
    """Extract the text of every page; ``Document.text`` is that text, page furniture included.

    Pages are joined with a line break. Every line keeps the 1-based number of its page,
    and the first line of each page is flagged so that sentences cut by a page foot can be
    joined again.
    """
    pages = page_texts(path)
    if not any(text.strip() for text in pages):
        raise IngestError(Notice("scanned_pdf", name=path.name))
    text, lines = _assemble([page.splitlines() for page in pages])
    return SourceText(path.name, path.stem, text, tuple(lines))


def page_texts(path: Path, layout: bool = False) -> list[str]:
    """Extract the text of each page, or raise an IngestError the user can act on.

    ``layout`` keeps the columns' spacing (pypdf's layout mode), as some conversions do.
    """
    mode = "layout" if layout else "plain"
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(Notice("pdf_password", name=path.name))
        return [page.extract_text(extraction_mode=mode) or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as error:  # pypdf fails on damaged files in many ways; the user only needs a sentence
        log.debug("pypdf failed on %s", path, exc_info=True)
        raise IngestError(Notice("bad_pdf", name=path.name, reason=f"{type(error).__name__}: {error}")) from error


def _assemble(kept_pages: list[list[str]]) -> tuple[str, list[Line]]:
    """Join the pages; return the text and its lines, with page numbers and page-start flags."""
    chunks: list[str] = []
    lines: list[Line] = []
    position = 0
    for page_number, page_lines in enumerate(kept_pages, start=1):
        for index, text in enumerate(page_lines):
            lines.append(Line(text, position, page_number, index == 0))
            chunks.append(text)
            position += len(text) + 1  # the "\n" that joins it to the next line
    return "\n".join(chunks), lines
