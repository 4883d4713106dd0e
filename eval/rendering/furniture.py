"""The two layouts: the Tweede Kamer's Aanhangsel and a ministry's answer letter (brief).

Each puts its fixed lines (masthead or letterhead, running header, footer) around the
running text that `layout` flows onto the pages.
"""

# ruff: noqa: RUF001, RUF002 - curly quotes and dashes are what Dutch typesetting prints

from __future__ import annotations

import itertools

from .layout import FlowLine, Geometry, Page, flow, note_lines, paginate, paragraph, trailing_spaces
from .source import AANHANGSEL_ID, Source
from .wrap import Line, Role, Span, TextStyle, draw, wrap

REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
MARGIN_X, BODY_X = 55.3, 221.1  # the Aanhangsel's left margin and its text column
AANHANGSEL_TITLE = "Aanhangsel van de Handelingen"

AANHANGSEL = Geometry(
    body=TextStyle(REGULAR, BOLD, 8.5, 300.0, 5.5, 3.2),
    note=TextStyle(REGULAR, BOLD, 6.9, 296.0, 5.0, 2.5, hyphen_zone=24.0),
    x=BODY_X,
    top=771.0,
    body_bottom=150.0,
    notes_bottom=148.0,
    notes_gap=16.0,
    leading=9.6,
    note_leading=9.06,
    paragraph_gap=0.0,
    heading_gap=1.0,
)
AANHANGSEL_FIRST_TOP = 509.1

BRIEF = Geometry(
    body=TextStyle(REGULAR, BOLD, 9.0, 345.0, 6.0, 3.5),
    note=TextStyle(REGULAR, BOLD, 7.0, 340.0, 5.0, 2.5, hyphen_zone=24.0),
    x=76.0,
    top=760.0,
    body_bottom=84.0,
    notes_bottom=72.0,
    notes_gap=16.0,
    leading=12.5,
    note_leading=9.0,
    paragraph_gap=1.0,
    heading_gap=1.0,
)
SIDE_X = 466.0
SIDE = TextStyle(REGULAR, BOLD, 7.0, 112.0, 5.0, 2.5, hyphen_zone=1000.0)
MINISTRY = TextStyle(REGULAR, BOLD, 10.0, 180.0, 6.0, 3.0, hyphen_zone=1000.0)  # beside the coat of arms
VALUE = TextStyle(REGULAR, BOLD, 9.0, 300.0, 6.0, 3.0, hyphen_zone=1000.0)  # date and subject, right of their labels
VALUE_X = 124.0
TITLE_PARAGRAPH = -1000  # numbers the title paragraphs apart from the body's (0, 1, ...) and the notes' (-1, ...)
RETURN_ADDRESS = "> Retouradres Postbus 20018 2500 EA Den Haag"
ADDRESSEE = ("De Voorzitter van de Tweede Kamer der Staten-Generaal", "Postbus 20018", "2500 EA  DEN HAAG")


def lay_out(source: Source) -> list[Page]:
    """The source's pages, furniture included, in the source's layout."""
    return lay_out_brief(source) if source.layout == "brief" else lay_out_aanhangsel(source)


def fixed(
    text: str, x: float, y: float, role: Role, font: str = REGULAR, size: float = 8.5, *, starts_block: bool = False
) -> Line:
    """A line at a fixed place on the page."""
    return Line([Span(text, font, size)], role, x, y, starts_block=starts_block)


def vergaderjaar(source: Source) -> tuple[str, str]:
    """The session years ("2023–2024") and the Aanhangsel number, from the Aanhangsel id."""
    match = AANHANGSEL_ID.match(source.header["aanhangsel"])
    assert match, "checked by parse_source"
    return f"{match.group(1)}–{match.group(2)}", match.group(3)


def lay_out_aanhangsel(source: Source) -> list[Page]:
    """The Aanhangsel van de Handelingen: masthead, the questions' heading, footer with the id."""
    geo, spaced = AANHANGSEL, trailing_spaces(source.doc_id)
    title = _title_lines(source, geo, spaced=spaced)
    lines = title + flow(source, geo, spaced=spaced)
    if title and len(lines) > len(title):
        lines[len(title)].gap = geo.heading_gap
    pages = paginate(lines, note_lines(source, geo), geo, AANHANGSEL_FIRST_TOP)
    years, _ = vergaderjaar(source)
    footer = f"Tweede Kamer, vergaderjaar {years}, Aanhangsel"
    for page in pages:
        page.foot = [fixed(f"{footer} {page.number}", BODY_X, 69.4, Role.FOOTER, size=9.1, starts_block=True)]
    pages[0].head = _masthead(source, " " if spaced else "")
    pages[0].foot = _first_footer(source, f"{footer} 1")
    return pages


def _masthead(source: Source, tail: str) -> list[Line]:
    """Page 1's masthead down to the Aanhangsel number; `tail` is a word processor's trailing space."""
    years, number = vergaderjaar(source)
    year = [Span(f"Vergaderjaar {years}", REGULAR, 9.6), Span(f"{AANHANGSEL_TITLE}{tail}", BOLD, 10.0, x=BODY_X)]
    series = ("Vragen gesteld door de leden der Kamer, met de daarop door de", "regering gegeven antwoorden")
    return [
        fixed("Tweede Kamer der Staten-Generaal", MARGIN_X, 762.5, Role.HOUSE, BOLD, 18.1, starts_block=True),
        fixed("2", 505.9, 746.0, Role.LOGO, BOLD, 38.0),
        Line(year, Role.YEAR, MARGIN_X, 705.7, starts_block=True),
        fixed(f"{series[0]}{tail}", BODY_X, 648.9, Role.SERIES, size=9.1, starts_block=True),
        fixed(f"{series[1]}{tail}", BODY_X, 639.3, Role.SERIES, size=9.1),
        fixed(f"{number}{tail}", BODY_X, 538.2, Role.NUMBER, BOLD, 12.8, starts_block=True),
    ]


def _first_footer(source: Source, footer: str) -> list[Line]:
    """Page 1's foot under the notes: three lines holding a space, the id, the ISSN, place and year."""
    place = [Span(f"’s-Gravenhage {source.header['jaar']}", REGULAR, 6.4), Span(footer, REGULAR, 9.1, x=BODY_X)]
    return [
        *(fixed(" ", BODY_X, y, Role.BLANK) for y in (128.0, 112.0, 96.0)),
        fixed(source.doc_id, MARGIN_X, 82.3, Role.FOOTER, size=6.4, starts_block=True),
        fixed("ISSN 0921 - 7398", MARGIN_X, 75.4, Role.FOOTER, size=6.4),
        Line(place, Role.FOOTER, MARGIN_X, 68.5),
    ]


def _title_lines(source: Source, geo: Geometry, *, spaced: bool) -> list[FlowLine]:
    """The heading of the questions ("Vragen van ...") and the answer's ("Antwoord van ...")."""
    out: list[FlowLine] = []
    for key, role in (("vragen", Role.VRAGEN), ("antwoord", Role.ANTWOORD)):
        if source.get(key):
            lines = paragraph(
                source.header[key], role, geo, source, spaced=spaced, end=" ", number=TITLE_PARAGRAPH - len(out)
            )
            lines[0].starts_block = True
            out.append(FlowLine(lines[0], gap=0.6 if out else 0.0))
            out.extend(FlowLine(line) for line in lines[1:])
    return out


def side_first(source: Source) -> bool:
    """Whether the letter's side column comes before its body in the PDF (half of the letters)."""
    return draw(f"side:{source.doc_id}", 2) == 0


def lay_out_brief(source: Source) -> list[Page]:
    """A ministry's letter: letterhead, side column, running header and `Pagina N van M`."""
    geo, spaced = BRIEF, trailing_spaces(source.doc_id)
    ministry, letterhead, first_top = _letterhead(source, geo)
    body = flow(source, geo, spaced=spaced)
    for before, after in itertools.pairwise(body):
        if before.line.role is Role.SIGNATURE and after.line.role is not Role.SIGNATURE:
            after.break_before = True  # the answers start on a page of their own
    pages = paginate(body, note_lines(source, geo), geo, first_top)
    first = side_first(source)
    for page in pages:
        side = _side_column(source) if page.number == 1 else _running_header(source)
        top, rest = (ministry, letterhead) if page.number == 1 else ([], [])
        page.head = [*top, *side, *rest] if first else [*top, *rest]
        page.foot = [*([] if first else side), _page_number(page.number, len(pages))]
    return pages


def _letterhead(source: Source, geo: Geometry) -> tuple[list[Line], list[Line], float]:
    """Page 1's ministry name, the rest of its letterhead (address, date, subject), where the text starts."""
    rows = wrap([(Span(word, REGULAR, 10.0),) for word in source.header["ministerie"].split()], MINISTRY)
    ministry = [
        Line(row.spans, Role.MINISTRY, 300.0, 800.0 - 12.0 * index, starts_block=index == 0)
        for index, row in enumerate(rows)
    ]
    lines = [fixed(RETURN_ADDRESS, geo.x, 706.0, Role.LETTERHEAD, size=6.5, starts_block=True)]
    lines += [
        fixed(text, geo.x, 688.0 - 12.0 * index, Role.LETTERHEAD, size=9.0, starts_block=index == 0)
        for index, text in enumerate(ADDRESSEE)
    ]
    y = 600.0
    for label, key in (("Datum", "datum"), ("Betreft", "betreft")):
        words = [(Span(word, REGULAR, 9.0),) for word in source.header[key].split()]
        for index, row in enumerate(wrap(words, VALUE)):
            spans = [Span(label, REGULAR, 7.0), *_apart(row.spans, VALUE_X)] if index == 0 else row.spans
            lines.append(Line(spans, Role.LETTERHEAD, geo.x if index == 0 else VALUE_X, y, starts_block=key == "datum"))
            y -= geo.leading
    return ministry, lines, y - 2 * geo.leading


def _apart(spans: list[Span], x: float) -> list[Span]:
    """The spans with the first one placed at `x`, apart from the label before it."""
    first = spans[0]
    return [Span(first.text, first.font, first.size, x=x), *spans[1:]]


def _side_column(source: Source) -> list[Line]:
    """Page 1's side column: the ministry, then (a line lower) our reference and the Kamer's."""
    words = [(Span(word, BOLD, 7.0),) for word in source.header["ministerie"].split()]
    lines = [Line(row.spans, Role.SIDE, SIDE_X, 0.0) for row in wrap(words, SIDE)]
    lines[0].starts_block = True
    references = [f"Ons kenmerk {source.header['ons-kenmerk']}", f"Uw kenmerk {source.header['kenmerk']}"]
    lines += [
        fixed(text, SIDE_X, 0.0, Role.SIDE, size=7.0, starts_block=not index) for index, text in enumerate(references)
    ]
    y = 706.0
    for line in lines:
        y -= 9.0 if line is lines[-2] else 0.0
        line.y = y
        y -= 9.0
    return lines


def _running_header(source: Source) -> list[Line]:
    """The date and our reference at the top of every later page."""
    return [
        fixed(f"Datum {source.header['datum']}", SIDE_X, 800.0, Role.SIDE, size=7.0, starts_block=True),
        fixed(f"Ons kenmerk {source.header['ons-kenmerk']}", SIDE_X, 790.0, Role.SIDE, size=7.0),
    ]


def _page_number(number: int, total: int) -> Line:
    """`Pagina N van M` at the foot of the side column."""
    return fixed(f"Pagina {number} van {total}", SIDE_X, 40.0, Role.FOOTER, size=7.0, starts_block=True)
