"""A Word (`.docx`) version of a source: headings as bold paragraphs, notes at the end."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from docx import Document
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from .furniture import ADDRESSEE, RETURN_ADDRESS, vergaderjaar
from .source import INLINE_HEADING, BlockKind, Source

FIXED_TIME = datetime(2024, 1, 1)  # a fixed stamp: the same source gives the same bytes
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
MARKERS = re.compile(r"(\[\^\d+\](?:,? ?\[\^\d+\])*)")


def docx_bytes(source: Source) -> bytes:
    """The source as a Word file, byte for byte the same on every run."""
    document = Document()
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = source.stem, "", ""
    properties.created = properties.modified = properties.last_printed = FIXED_TIME
    properties.revision = 1
    for text, bold in _front_matter(source):
        _add(document.add_paragraph(), text, bold=bold)
    for block in source.blocks:
        _add_block(document, block.kind, block.lines)
    for number, text in sorted(source.notes.items()):
        run = document.add_paragraph().add_run(f"{number} {text}")
        run.font.size = Pt(8)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _front_matter(source: Source) -> list[tuple[str, bool]]:
    """The lines above the body: the Aanhangsel's masthead and headings, or the letterhead."""
    if source.layout == "brief":
        header = source.header
        lines = [header["ministerie"], RETURN_ADDRESS, *ADDRESSEE, f"Datum {header['datum']}"]
        lines += [
            f"Betreft {header['betreft']}",
            f"Ons kenmerk {header['ons-kenmerk']}",
            f"Uw kenmerk {header['kenmerk']}",
        ]
        return [(line, False) for line in lines]
    years, number = vergaderjaar(source)
    return [
        ("Tweede Kamer der Staten-Generaal", True),
        (f"Vergaderjaar {years} Aanhangsel van de Handelingen", False),
        ("Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden", False),
        (number, True),
        *((source.header[key], False) for key in ("vragen", "antwoord") if source.get(key)),
    ]


def _add_block(document: Document, kind: BlockKind, lines: tuple[str, ...]) -> None:
    """One body block: a bold heading, a paragraph, one paragraph per list item, or a signature."""
    if kind is BlockKind.LIST:
        for item in lines:
            _add(document.add_paragraph(), item)
    elif kind is BlockKind.SIGNATURE:
        paragraph = document.add_paragraph()
        paragraph.add_run(lines[0]).add_break()
        paragraph.add_run(lines[1])
    else:
        _add(document.add_paragraph(), " ".join(lines), bold=kind is BlockKind.HEADING)


def _add(paragraph: Paragraph, text: str, *, bold: bool = False) -> None:
    """Runs for a paragraph's text: an inline heading bold, note markers superscript."""
    inline = INLINE_HEADING.match(text)
    if inline:
        paragraph.add_run(inline.group(1)).bold = True
        text = text[inline.end() :]
    for part in MARKERS.split(text):
        if not part:
            continue
        if MARKERS.fullmatch(part):
            paragraph.add_run(", ".join(re.findall(r"\d+", part))).font.superscript = True
        else:
            paragraph.add_run(part).bold = bold or None


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every member's time stamp fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), source.read(info.filename), zipfile.ZIP_DEFLATED)
    return out.getvalue()
