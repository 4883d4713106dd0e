"""The `.src` source format: a `key: value` header, `===`, the body and its notes."""

# ruff: noqa: RUF001 - curly quotes and dashes are what Dutch typesetting prints

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

log = logging.getLogger(__name__)

HEADER_END = "==="
NOTES_START = "---notes---"
LIST_BULLET = "– "
NOTE_DEFINITION = re.compile(r"^\[\^(\d+)\]:\s*(.*)$")
MARKER = re.compile(r"\[\^(\d+)\]")
# "Vraag 1", "Vraag 2 en 3", "Vraag 7, 8, 9 10 en 11", "Antwoord vraag 7", "Antwoord op vraag 1", "Antwoord".
_QA = r"(?:Vraag|Vragen|Antwoord|Antwoorden)(?: op)?(?: (?:vraag|vragen))?(?: \d+(?:(?:, ?| | en )\d+)*)?"
QA_HEADING = re.compile(rf"^{_QA}$")
INLINE_HEADING = re.compile(rf"^({_QA}:)(?= )")
OTHER_HEADING = re.compile(r"^(?:Toelichting|Mededeling|Bijlage|Bijlagen):?$")
AANHANGSEL_ID = re.compile(r"^ah-tk-(\d{4})(\d{4})-(\d+)$")
REQUIRED = {
    "aanhangsel": ("aanhangsel", "jaar", "vragen"),
    "brief": ("kenmerk", "datum", "betreft", "ons-kenmerk", "ministerie"),
}
# Characters the standard fonts cannot carry (or pypdf cannot read back) and their stand-ins.
SUBSTITUTES = {
    "•": "–",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
    "≥": ">=",
    "≤": "<=",
    "→": "->",
}


class SourceError(ValueError):
    """A source file that does not follow the format of `eval/own/README.md`."""


class BlockKind(StrEnum):
    """What a body paragraph is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST = "list"
    SIGNATURE = "signature"


@dataclass(frozen=True)
class Block:
    """One body paragraph: its kind and its source lines (one line unless a list or a signature)."""

    kind: BlockKind
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The paragraph as one line."""
        return " ".join(self.lines)

    @property
    def is_qa_heading(self) -> bool:
        """Whether this is a Vraag/Antwoord heading on a line of its own."""
        return self.kind is BlockKind.HEADING and bool(QA_HEADING.match(self.text))


@dataclass(frozen=True)
class Source:
    """A parsed source: header keys, body blocks and notes by number."""

    path: Path
    header: dict[str, str]
    blocks: tuple[Block, ...]
    notes: dict[int, str]

    @property
    def layout(self) -> str:
        """`aanhangsel` or `brief`."""
        return self.header["layout"]

    @property
    def doc_id(self) -> str:
        """The kenmerk of a brief, the Aanhangsel id otherwise."""
        return self.header["kenmerk"] if self.layout == "brief" else self.header["aanhangsel"]

    @property
    def stem(self) -> str:
        """The rendered files' name without extension: `<doc id>-<source name>`."""
        name = self.path.stem
        return name if name.startswith(self.doc_id) else f"{self.doc_id}-{name}"

    def get(self, key: str) -> str | None:
        """A header value, None when absent or empty."""
        return self.header.get(key) or None


def pdf_safe(text: str) -> str:
    """Text with every character the WinAnsi standard fonts lack replaced by a stand-in."""
    out = []
    for char in text:
        if char in SUBSTITUTES:
            out.append(SUBSTITUTES[char])
            continue
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            plain = "".join(c for c in unicodedata.normalize("NFKD", char) if c.isascii()) or "?"
            log.warning("character %r (U+%04X) is not in WinAnsi; printed as %r", char, ord(char), plain)
            out.append(plain)
    return "".join(out)


def parse_source(path: Path) -> Source:
    """Read and check a `.src` file."""
    lines = pdf_safe(path.read_text(encoding="utf-8")).replace("\r\n", "\n").split("\n")
    if HEADER_END not in lines:
        raise SourceError(f"{path}: no '{HEADER_END}' line after the header")
    end = lines.index(HEADER_END)
    header = _parse_header(path, lines[:end])
    body, note_lines = _split_notes(lines[end + 1 :])
    source = Source(path, header, _parse_blocks(body), _parse_notes(path, note_lines))
    _check_markers(source)
    return source


def _parse_header(path: Path, lines: list[str]) -> dict[str, str]:
    """The `key: value` pairs of the header, checked for the layout's required keys."""
    header: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise SourceError(f"{path}:{number}: header line without 'key: value': {line!r}")
        header[key.strip()] = value.strip()
    layout = header.get("layout")
    if layout not in REQUIRED:
        raise SourceError(f"{path}: layout must be one of {sorted(REQUIRED)}, not {layout!r}")
    missing = [key for key in REQUIRED[layout] if not header.get(key)]
    if missing:
        raise SourceError(f"{path}: header lacks {', '.join(missing)} (layout {layout})")
    if "aanhangsel" in header and not AANHANGSEL_ID.match(header["aanhangsel"]):
        raise SourceError(f"{path}: aanhangsel {header['aanhangsel']!r} is not ah-tk-<vergaderjaar>-<nummer>")
    return header


def _split_notes(lines: list[str]) -> tuple[list[str], list[str]]:
    """The body lines and the note lines after `---notes---`."""
    if NOTES_START in (line.strip() for line in lines):
        at = [line.strip() for line in lines].index(NOTES_START)
        return lines[:at], lines[at + 1 :]
    return lines, []


def _parse_blocks(lines: list[str]) -> tuple[Block, ...]:
    """The body's paragraphs (separated by blank lines), each classified."""
    blocks: list[Block] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(" ".join(line.split()))
        elif current:
            blocks.append(Block(_kind(current), tuple(current)))
            current = []
    return tuple(blocks)


def _kind(lines: list[str]) -> BlockKind:
    """The kind of a paragraph from its lines."""
    if any(line.startswith(LIST_BULLET) for line in lines):
        return BlockKind.LIST
    if len(lines) == 2 and lines[0].endswith(","):
        return BlockKind.SIGNATURE
    text = " ".join(lines)
    if QA_HEADING.match(text) or OTHER_HEADING.match(text):
        return BlockKind.HEADING
    return BlockKind.PARAGRAPH


def _parse_notes(path: Path, lines: list[str]) -> dict[int, str]:
    """The note definitions `[^n]: text`, by number."""
    notes: dict[int, str] = {}
    for line in lines:
        if not line.strip():
            continue
        match = NOTE_DEFINITION.match(line.strip())
        if not match:
            raise SourceError(f"{path}: note line is not '[^n]: text': {line!r}")
        notes[int(match.group(1))] = " ".join(match.group(2).split())
    return notes


def _check_markers(source: Source) -> None:
    """Fail on a marker without a note; warn about a note without a marker."""
    used = {int(n) for block in source.blocks for n in MARKER.findall(block.text)}
    for key in ("vragen", "antwoord"):
        used |= {int(n) for n in MARKER.findall(source.header.get(key, ""))}
    undefined = sorted(used - source.notes.keys())
    if undefined:
        raise SourceError(f"{source.path}: markers without a note: {undefined}")
    unused = sorted(source.notes.keys() - used)
    if unused:
        log.warning("%s: notes without a marker are not printed: %s", source.path, unused)
