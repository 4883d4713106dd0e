"""Reader for PDF files (pypdf): lines with their page numbers, without running headers/footers."""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

from pypdf import PdfReader

from rag.ingest.source import IngestError, Line, SourceText

log = logging.getLogger(__name__)

# A bare page number as printed in a header or footer: "3", "- 3 -", "Pagina 3 van 4",
# "pagina 3/4", "Page 3 of 4".
_PAGE_NUMBER = re.compile(
    r"^(?:-\s*\d+\s*-|(?:pagina|page|blz\.?)?\s*\d+\s*(?:(?:van|of|/)\s*\d+)?)$",
    re.IGNORECASE,
)

# Running headers and footers are looked for only this many lines from either page edge.
_EDGE_LINES = 2

# A line is running furniture when it recurs (digits ignored) on at least this share of pages.
_REPEATED_SHARE = 0.6


def read_pdf(path: Path) -> SourceText:
    """Extract the text of every page; ``Document.text`` is that text without headers/footers.

    Pages are joined with a line break. Every line keeps the 1-based number of its page,
    and the first line of each page is flagged so that sentences cut by a page foot can be
    joined again.
    """
    pages = _page_texts(path)
    if not any(text.strip() for text in pages):
        raise IngestError(f"{path.name} has no extractable text (a scanned PDF? OCR is not supported).")
    furniture = _running_furniture(pages)
    text, lines = _assemble([_strip_furniture(page, furniture) for page in pages])
    return SourceText(path.name, path.stem, text, tuple(lines))


def _page_texts(path: Path) -> list[str]:
    """Extract the text of each page, or raise an IngestError the user can act on."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{path.name} is password-protected; remove the password and try again.")
        return [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as error:  # pypdf fails on damaged files in many ways; the user only needs a sentence
        log.debug("pypdf failed on %s", path, exc_info=True)
        raise IngestError(f"Could not read {path.name} as a PDF ({type(error).__name__}: {error}).") from error


def _normalise(line: str) -> str:
    """Ignore digits and spacing, so that "pagina 1" and "pagina 2" compare equal."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line)).strip().lower()


def _running_furniture(pages: list[str]) -> set[str]:
    """Normalised lines that recur near the top or bottom of most pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for text in pages:
        lines = [line for line in text.splitlines() if line.strip()]
        edges = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        counts.update({_normalise(line) for line in edges})
    needed = max(2, round(_REPEATED_SHARE * len(pages)))
    return {line for line, count in counts.items() if count >= needed and line}


def _strip_furniture(page: str, furniture: set[str]) -> list[str]:
    """Return the page's lines without running headers/footers and page numbers near its edges."""
    lines = page.splitlines()
    filled = [index for index, line in enumerate(lines) if line.strip()]
    edges = set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])
    return [
        line for index, line in enumerate(lines) if index not in edges or not _is_furniture(line.strip(), furniture)
    ]


def _is_furniture(stripped: str, furniture: set[str]) -> bool:
    """Whether an edge line is a running header/footer or a bare page number."""
    return _normalise(stripped) in furniture or bool(_PAGE_NUMBER.match(stripped))


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
