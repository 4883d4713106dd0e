"""Reader for Word .docx files (python-docx): paragraphs and table cells in document order.

Each paragraph becomes a paragraph of lines (a manual line break starts a new line);
each table row becomes a paragraph with a line per cell, merged cells once. Paragraphs
in a heading style ("Heading 2", "Kop 2", "Title") are marked as headings. Footnotes and
endnotes (Word's own, referenced with a superscript number) become end notes with their
markers. Pages are numbered only when the file says where pages break: Word's record of
its last layout (``w:lastRenderedPageBreak``) when present, else explicit page breaks;
otherwise the page is None. Deleted tracked changes and text boxes are left out.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree

from rag.document import Metadata
from rag.ingest.formats.lines import LineBuilder
from rag.ingest.source import IngestError, SourceText
from rag.notices import Notice

log = logging.getLogger(__name__)

# Style names of headings, in English (as python-docx reports built-in styles) and Dutch.
HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*\d$|^(?:title|titel)$", re.IGNORECASE)

# Elements whose content is not running text of the paragraph: drawings (text boxes),
# legacy VML, alternate renderings, deleted and moved-away text, properties.
_SKIPPED = frozenset(
    qn(tag) for tag in ("w:drawing", "w:pict", "w:del", "w:moveFrom", "w:rPr", "w:pPr", "w:txbxContent")
) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}

# A Word file of a few pages unpacks to a few MB; far more is a zip bomb, not a document.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

_NOTE_REFERENCES = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote"}


def read_docx(path: Path) -> SourceText:
    """Read a .docx file into lines; ``Document.text`` is its text laid out as paragraphs."""
    if path.stat().st_size == 0:
        raise IngestError(Notice("empty_docx", name=path.name))
    _refuse_zip_bomb(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        log.debug("python-docx refused %s", path, exc_info=True)
        raise IngestError(Notice("not_docx", name=path.name)) from error
    except etree.XMLSyntaxError as error:
        raise IngestError(Notice("damaged_docx", name=path.name, reason=f"{type(error).__name__}: {error}")) from error
    reader = _Reader(document)
    reader.blocks(document.element.body)
    return reader.builder.build(
        path.name, path.stem, reader.notes(), Metadata(), document.core_properties.title or None
    )


def _refuse_zip_bomb(path: Path) -> None:
    """Refuse a .docx whose parts would unpack to more than ``MAX_UNPACKED_BYTES``.

    Python's zipfile never inflates a member past the size its header declares, so the
    declared sizes bound what reading the file can cost.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # not a zip at all: python-docx says so below
    if unpacked > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // (1024 * 1024)
        raise IngestError(Notice("zip_bomb", name=path.name, size=unpacked // (1024 * 1024), limit=limit))


class _Reader:
    """Walks a document body into a LineBuilder, keeping note references in order."""

    def __init__(self, document: docx.document.Document) -> None:
        self.styles = {style.style_id: style.name or "" for style in document.styles}
        self.note_texts = {kind: _note_texts(document, kind) for kind in ("footnote", "endnote")}
        self.referenced: dict[tuple[str, str], str] = {}  # (kind, w:id) -> label "1)"
        body = document.element.body
        if next(body.iter(qn("w:lastRenderedPageBreak")), None) is not None:
            self.breaks = frozenset({qn("w:lastRenderedPageBreak")})
        elif any(_page_break(el) for el in body.iter(qn("w:br"))) or next(body.iter(qn("w:pageBreakBefore")), None):
            self.breaks = frozenset({qn("w:br")})
        else:
            self.breaks = frozenset()
        self.builder = LineBuilder(page=1 if self.breaks else None)

    def blocks(self, container: etree._Element) -> None:
        """Read paragraphs and tables of a body, cell or content control, in order."""
        for child in container:
            if child.tag == qn("w:p"):
                self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                for row in child.iter(qn("w:tr")):
                    if row.getparent() is not child:
                        continue  # a nested table's row: read with its cell
                    for cell in row.findall(qn("w:tc")):
                        self.blocks(cell)
                        self.builder.line_break()
                    self.builder.end_paragraph()
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                self.blocks(child)

    def paragraph(self, element: etree._Element) -> None:
        """Read one paragraph, with its line breaks, page breaks and note references."""
        properties = element.find(qn("w:pPr"))
        style = properties.find(qn("w:pStyle")) if properties is not None else None
        name = self.styles.get(style.get(qn("w:val")), "") if style is not None else ""
        if (
            self.breaks == {qn("w:br")}
            and properties is not None
            and properties.find(qn("w:pageBreakBefore")) is not None
        ):
            self.builder.new_page()
        if element.getparent() is not None and element.getparent().tag == qn("w:tc"):
            self._inline(element)
            self.builder.line_break()
            return
        self._inline(element)
        self.builder.end_paragraph(heading=bool(HEADING_STYLE.match(name)))

    def _inline(self, element: etree._Element) -> None:
        for item in _run_items(element):
            if item.tag == qn("w:t"):
                self.builder.add(item.text or "")
            elif item.tag in (qn("w:tab"), qn("w:ptab")):
                self.builder.add(" ")
            elif item.tag == qn("w:noBreakHyphen"):
                self.builder.add("-")
            elif item.tag in self.breaks and (item.tag != qn("w:br") or _page_break(item)):
                self.builder.new_page()
            elif item.tag == qn("w:cr") or (
                item.tag == qn("w:br") and item.get(qn("w:type")) in (None, "textWrapping")
            ):
                self.builder.line_break()
            elif item.tag in _NOTE_REFERENCES:
                self._reference(_NOTE_REFERENCES[item.tag], item.get(qn("w:id")) or "")

    def _reference(self, kind: str, note_id: str) -> None:
        if note_id not in self.note_texts[kind]:
            return
        label = self.referenced.setdefault((kind, note_id), f"{len(self.referenced) + 1})")
        self.builder.add_marker(label[:-1], label)

    def notes(self) -> list[tuple[str, str]]:
        """The referenced notes, as ("1)", text), in order of first reference."""
        return [(label, self.note_texts[kind][note_id]) for (kind, note_id), label in self.referenced.items()]


def _page_break(element: etree._Element) -> bool:
    return element.get(qn("w:type")) == "page"


def _run_items(element: etree._Element) -> Iterator[etree._Element]:
    """Yield the content elements of the runs in a paragraph, in order, skipping what is not running text."""
    for child in element:
        if child.tag in _SKIPPED:
            continue
        if child.tag == qn("w:r"):
            yield from (item for item in child if item.tag not in _SKIPPED)
        elif child.tag == qn("w:lastRenderedPageBreak"):
            yield child
        else:  # hyperlinks, insertions, smart tags, fields, content controls
            yield from _run_items(child)


def _note_texts(document: docx.document.Document, kind: str) -> dict[str, str]:
    """The texts of the document's footnotes or endnotes, by w:id; separators left out."""
    reltype = RELATIONSHIP_TYPE.FOOTNOTES if kind == "footnote" else RELATIONSHIP_TYPE.ENDNOTES
    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype == reltype), None)
    if part is None:
        return {}
    texts: dict[str, str] = {}
    for note in parse_xml(part.blob).iter(qn(f"w:{kind}")):
        if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join("".join(t.text or "" for t in note.iter(qn("w:t"))).split())
        if text:
            texts[note.get(qn("w:id")) or ""] = text
    return texts
