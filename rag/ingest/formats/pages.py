"""Pages for a text conversion that lies beside its PDF: each passage gets the page the PDF prints it on.

A .txt or .md file has no pages, yet a citation should name one when the original is at
hand. Text is compared on letters and digits only, so line breaks, hyphenation at a line
end and page furniture in the PDF do not stand in the way.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

from rag.document import Document, Passage
from rag.ingest.formats.pdf import page_texts
from rag.ingest.source import IngestError

log = logging.getLogger(__name__)

PROBE_CHARS = 40  # enough letters to tell one sentence from every other in a few pages
_NOT_ALNUM = re.compile(r"[\W_]+")


def original_pdf(path: Path) -> Path | None:
    """The PDF of the same name beside a text file, if there is one."""
    if path.suffix.lower() == ".pdf":
        return None
    for candidate in (path.with_suffix(".pdf"), path.with_suffix(".PDF")):
        if candidate.is_file():
            return candidate
    return None


def squeezed(text: str) -> str:
    """``text`` as lower-case letters and digits only."""
    return _NOT_ALNUM.sub("", text.casefold())


def page_of(text: str, pages: list[str]) -> int | None:
    """The 1-based page on which ``text`` starts (else ends), or None when no page holds it."""
    letters = squeezed(text)
    for probe in (letters[:PROBE_CHARS], letters[-PROBE_CHARS:]):
        if len(probe) < PROBE_CHARS // 2:
            continue
        found = [number for number, page in enumerate(pages, 1) if probe in page]
        if found:
            return found[0]
    return None


def with_original_pages(document: Document, path: Path) -> Document:
    """``document`` with page numbers from the PDF beside ``path``; unchanged when there is none."""
    pdf = original_pdf(path)
    if pdf is None or all(p.page is not None for p in document.passages):
        return document
    try:
        pages = [squeezed(page) for page in page_texts(pdf)]
    except IngestError as error:  # a damaged original leaves the conversion as it is
        log.info("no pages for %s: %s", path.name, error)
        return document
    passages = tuple(_paged(p, pages) for p in document.passages)
    log.debug("pages for %s from %s", path.name, pdf.name)
    return replace(document, passages=passages)


def _paged(passage: Passage, pages: list[str]) -> Passage:
    return passage if passage.page is not None else replace(passage, page=page_of(passage.text, pages))
