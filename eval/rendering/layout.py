"""Flowing a source's paragraphs onto pages, with each page's notes at its foot."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .source import INLINE_HEADING, LIST_BULLET, Block, BlockKind, Source
from .wrap import Line, Role, Span, TextStyle, draw, token_notes, tokens, with_trailing, wrap

NUMBERED = re.compile(r"^\d+\. ")  # a numbered question, answered under a heading "Antwoord"
SIGNATURE_GAP = 3.0  # leadings of white space between the signer's role and name
NoteRows = dict[int, list[list[Span]]]


@dataclass(frozen=True)
class Geometry:
    """Where a layout prints: the text column, its fonts, the page's top and foot, the notes."""

    body: TextStyle
    note: TextStyle
    x: float
    top: float
    body_bottom: float
    notes_bottom: float
    notes_gap: float
    leading: float
    note_leading: float
    paragraph_gap: float
    heading_gap: float


@dataclass
class FlowLine:
    """A line of running text waiting for a page: space before it (in leadings), keep with next."""

    line: Line
    gap: float = 0.0
    keep: bool = False
    break_before: bool = False


@dataclass
class Page:
    """A laid-out page; `lines` is the order in which they are drawn and extracted."""

    number: int
    head: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    note_lines: list[Line] = field(default_factory=list)
    foot: list[Line] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        """Every line in drawing order."""
        return [*self.head, *self.body, *self.note_lines, *self.foot]


def trailing_spaces(doc_id: str) -> bool:
    """Whether the document's lines keep the trailing spaces of a word processor (half of them)."""
    return draw(f"trailing:{doc_id}", 2) == 0


def paragraph(
    text: str,
    role: Role,
    geo: Geometry,
    source: Source,
    *,
    spaced: bool,
    end: str = " ",
    number: int = -1,
    indent: float = 0.0,
) -> list[Line]:
    """A paragraph wrapped into lines (later ones indented); with `spaced`, lines keep a trailing space."""
    inline = INLINE_HEADING.match(text)
    words = tokens(text, geo.body, source.doc_id, bold_prefix=inline.group(1) if inline else "")
    wrapped = wrap(words, geo.body, indent=indent)
    lines = []
    for index, row in enumerate(wrapped):
        last = index == len(wrapped) - 1
        spans = with_trailing(row.spans, (end if last else " ") if spaced and not row.broken else "")
        notes = tuple(n for span in spans for n in token_notes((span,)))
        x = geo.x + (indent if index else 0.0)
        lines.append(Line(spans, role, x, notes=notes, starts_block=index == 0 and bool(inline), paragraph=number))
    return lines


def flow(source: Source, geo: Geometry, *, spaced: bool) -> list[FlowLine]:
    """The body blocks as flow lines: white space before headings, headings kept with what follows."""
    out: list[FlowLine] = []
    asking = False  # in a question, whose last line ends in two spaces
    for number, block in enumerate(source.blocks):
        first_word = block.text.split(" ", 1)[0]
        if first_word.startswith(("Vraag", "Vragen", "Antwoord")) or NUMBERED.match(block.text):
            asking = not first_word.startswith("Antwoord")
        items = [
            FlowLine(line) for line in _block_lines(block, source, geo, spaced=spaced, asking=asking, number=number)
        ]
        opens = block.kind is BlockKind.HEADING or INLINE_HEADING.match(block.text)
        if out and out[-1].line.role is not Role.HEADING:
            items[0].gap = geo.heading_gap if opens else geo.paragraph_gap
        items[0].line.starts_block |= items[0].gap > 0 or not out  # white space before: a new Markdown block
        items[0].keep = block.kind is BlockKind.HEADING
        if block.kind is BlockKind.SIGNATURE:
            items[-1].gap = SIGNATURE_GAP
        out.extend(items)
    if out:  # the document's very last line has no trailing space
        last = out[-1].line.spans[-1]
        out[-1].line.spans[-1] = replace(last, text=last.text.rstrip(" "))
    return out


def _block_lines(block: Block, source: Source, geo: Geometry, *, spaced: bool, asking: bool, number: int) -> list[Line]:
    """The printed lines of one block; a question's last line ends in two spaces when `spaced`."""
    if block.kind is BlockKind.HEADING:
        return [Line([geo.body.span(block.text, bold=True)], Role.HEADING, geo.x, starts_block=True, paragraph=number)]
    if block.kind is BlockKind.SIGNATURE:
        return [
            Line([geo.body.span(text)], Role.SIGNATURE, geo.x, starts_block=index == 0, paragraph=number)
            for index, text in enumerate(block.lines)
        ]
    if block.kind is BlockKind.LIST:
        return [line for item in block.lines for line in _item(item, source, geo, spaced=spaced, number=number)]
    end = "  " if asking else " "
    return paragraph(block.text, Role.TEXT, geo, source, spaced=spaced, end=end, number=number)


def _item(text: str, source: Source, geo: Geometry, *, spaced: bool, number: int) -> list[Line]:
    """A list item: the first line at the bullet, the rest indented under the item's text."""
    indent = geo.body.span(LIST_BULLET).width if text.startswith(LIST_BULLET) else 0.0
    return paragraph(text, Role.TEXT, geo, source, spaced=spaced, number=number, indent=indent)


def note_lines(source: Source, geo: Geometry) -> NoteRows:
    """Each note wrapped: its number raised and small, then the text; URLs break at / and -."""
    out: NoteRows = {}
    number_size = geo.note.marker_size
    for number, text in source.notes.items():
        rows = wrap(tokens(text, geo.note, source.doc_id), geo.note, indent=0.0)
        first = [Span(str(number), geo.note.font, number_size, rise=geo.note.marker_rise), geo.note.span(" ")]
        out[number] = [[*first, *rows[0].spans], *(row.spans for row in rows[1:])]
    return out


def paginate(lines: list[FlowLine], notes: NoteRows, geo: Geometry, first_top: float) -> list[Page]:
    """Pages filled with the flow lines; a line goes to the next page with its notes if they do not fit."""
    pages = [Page(1)]
    y = first_top
    for index, item in enumerate(lines):
        page = pages[-1]
        if item.break_before and page.body:
            page = _new_page(pages, notes, geo)
        while True:
            top = first_top if page.number == 1 else geo.top
            y = top if not page.body else y - geo.leading * (1 + item.gap)
            wanted = page.notes + [n for n in item.line.notes if n not in page.notes]
            lowest = y - (geo.leading if item.keep and index + 1 < len(lines) else 0.0)
            if lowest >= _floor(wanted, notes, geo) or not page.body:
                break
            page = _new_page(pages, notes, geo)
        item.line.y = y
        page.body.append(item.line)
        page.notes = wanted
    _place_notes(pages[-1], notes, geo)
    return pages


def _floor(numbers: list[int], notes: NoteRows, geo: Geometry) -> float:
    """The lowest baseline the running text may take above these notes."""
    count = sum(len(notes[n]) for n in numbers)
    if not count:
        return geo.body_bottom
    return geo.notes_bottom + (count - 1) * geo.note_leading + geo.notes_gap


def _new_page(pages: list[Page], notes: NoteRows, geo: Geometry) -> Page:
    """Close the last page (placing its notes) and start the next."""
    _place_notes(pages[-1], notes, geo)
    pages.append(Page(pages[-1].number + 1))
    return pages[-1]


def _place_notes(page: Page, notes: NoteRows, geo: Geometry) -> None:
    """The page's notes at its foot, in number order, under a short rule."""
    rows = [(n, index, spans) for n in sorted(page.notes) for index, spans in enumerate(notes[n])]
    y = geo.notes_bottom + (len(rows) - 1) * geo.note_leading
    if rows:
        page.rules.append((geo.x, y + geo.note_leading, geo.x + 56.0, y + geo.note_leading))
    for number, index, spans in rows:
        x = geo.x if index == 0 else geo.x + spans_offset(notes[number][0])
        page.note_lines.append(Line(spans, Role.NOTE, x, y, starts_block=index == 0, paragraph=-number))
        y -= geo.note_leading


def spans_offset(first: list[Span]) -> float:
    """How far a note's text starts right of its number (continuation lines align with it)."""
    return first[0].width + first[1].width
