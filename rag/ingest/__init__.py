"""Ingestion: turn a .txt, .md, .pdf, .html or .docx file into a ``rag.document.Document``.

In the order it happens:

- :mod:`rag.ingest.formats`: one reader per format, producing printed lines with offsets and pages;
- :mod:`rag.ingest.unwrap` and :mod:`rag.ingest.furniture`: lost line breaks restored, page
  furniture and repeated lines taken out (``tidy``);
- :mod:`rag.ingest.layout`: where each Vraag and Antwoord stands and what the document says
  about itself; :mod:`rag.ingest.layout.kamervragen` builds the Document, and text without
  that structure falls back to paragraph passages (:mod:`rag.ingest.layout.plain`);
- :mod:`rag.ingest.labels`, :mod:`rag.ingest.notes`, :mod:`rag.ingest.folding`,
  :mod:`rag.ingest.passages`: note labels joined to their text, footnotes out of the running
  text, lines into paragraphs, paragraphs into quotable Passages.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

from rag.document import Document
from rag.ingest.formats.markdown import read_markdown
from rag.ingest.formats.pages import with_original_pages
from rag.ingest.formats.pdf import read_pdf
from rag.ingest.formats.text import read_text
from rag.ingest.formats.webpage import read_html
from rag.ingest.formats.word import read_docx
from rag.ingest.furniture import AANHANGSEL_ID, remove_furniture, without_repeats
from rag.ingest.layout.kamervragen import parse_kamervragen
from rag.ingest.layout.plain import parse_plain
from rag.ingest.source import IngestError, SourceText
from rag.ingest.unwrap import unwrap
from rag.notices import Notice

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "code_checksum",
    "read_document",
    "reader_fingerprint",
    "reading_code",
]

log = logging.getLogger(__name__)

_READERS: dict[str, Callable[[Path], SourceText]] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
}

SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(_READERS))

# Answers to Kamervragen run to a few pages: the bundled PDF is 0.1 MB and long ones stay
# under 5 MB. Anything above this is not such a document, and reading it would hold the
# whole file (and its text) in memory.
MAX_FILE_BYTES = 20 * 1024 * 1024


def read_document(path: Path) -> Document:
    """Read one file into a Document: Kamervragen structure when present, else paragraphs.

    Raises IngestError, with a message fit to show the user, when the file is missing,
    unreadable, empty, larger than ``MAX_FILE_BYTES`` or of an unsupported type.
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise IngestError(
            Notice("unsupported_type", suffix=repr(path.suffix or "(none)"), name=path.name, supported=supported)
        )
    if not path.is_file():
        raise IngestError(Notice("not_a_file", path=path))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise IngestError(Notice("too_large", name=path.name, size=f"{size / (1024 * 1024):.1f}", limit=limit))
    try:
        source = reader(path)
    except OSError as error:
        raise IngestError(Notice("unreadable", name=path.name, reason=error.strerror or error)) from error
    if not source.text.strip():
        raise IngestError(Notice("empty", name=path.name))
    log.debug("read %s: %d lines", path.name, len(source.lines))
    source = tidy(source)
    return with_original_pages(parse_kamervragen(source) or parse_plain(source), path)


@cache
def reader_fingerprint() -> str:
    """A checksum of the code that turns files into passages and passages into embedded units.

    An index records it, so that passages read by another version are read again, and
    embedded again, rather than quoted as that version cut them. A checksum of the code,
    not a version number, because a changed rule is easily released without a bumped number.
    """
    return code_checksum(reading_code(), Path(__file__).parent.parent)


def reading_code() -> list[Path]:
    """The Python files whose code decides what is stored of a file: its passages and the texts embedded for them.

    This package and its subpackages, ``rag.document`` and ``rag.store.embedding``.
    """
    here = Path(__file__).parent
    return [*sorted(here.rglob("*.py")), here.parent / "document.py", here.parent / "store" / "embedding.py"]


def code_checksum(paths: Sequence[Path], root: Path) -> str:
    """A checksum of the Python files at ``paths``, by path under ``root`` and code.

    Comment and blank lines are left out: they change no passage.
    """
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode())
        lines = path.read_text(encoding="utf-8").splitlines()
        digest.update("\n".join(line for line in lines if line.strip() and not line.lstrip().startswith("#")).encode())
    return digest.hexdigest()[:16]


def tidy(source: SourceText) -> SourceText:
    """The lines a parser needs: long conversions cut into lines, page furniture and repeated lines out."""
    unwrapped, printed = unwrap(source.lines)
    furnished = remove_furniture(unwrapped)
    hints = source.hints if source.hints.aanhangsel else replace(source.hints, aanhangsel=furnished.aanhangsel)
    if hints.aanhangsel is None and (found := AANHANGSEL_ID.search(source.stem.lower())):
        hints = replace(hints, aanhangsel=found.group(0))
    lines = without_repeats(furnished.lines)
    return replace(source, lines=tuple(lines), hints=hints, wrapped=printed)
