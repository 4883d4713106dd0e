"""Page furniture: the lines a page carries besides the document's own text.

The Tweede Kamer prints every answer in the *Aanhangsel van de Handelingen* with a
masthead on page 1 ("Tweede Kamer der Staten-Generaal", "Vergaderjaar 2023–2024
Aanhangsel van de Handelingen", the number) and a footer on every page ("ah-tk-20232024-1292",
"ISSN 0921 - 7398", "’s-Gravenhage 2024 Tweede Kamer, vergaderjaar 2023–2024,
Aanhangsel 1"). Ministries print "Pagina 2 van 4" and running headers. Those lines are
recognised by their form wherever they stand, in PDFs and in text conversions alike, and
taken out of the running text; lines that recur at the page edges of most pages are taken
out too (never a heading). A footer also says where a page ends, which gives text conversions
their page numbers.
"""

# ruff: noqa: RUF001, RUF002, RUF003 - curly quotes and dashes are what Dutch typesetting prints

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag.ingest.layout.headings import is_structural
from rag.ingest.source import Line

# The Aanhangsel id as the footer prints it: "ah-tk-20232024-1292".
AANHANGSEL_ID = re.compile(r"\bah-(?P<chamber>tk|ek)-(?P<year>(?:19|20)\d{6})-(?P<number>\d{1,5})\b")
_YEARS = r"(?:19|20)\d\d\s*[–-]\s*(?:19|20)\d\d"
# "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 3": the line that ends every page; 3 is the page.
PAGE_FOOTER = re.compile(rf"(?:Tweede|Eerste) Kamer, vergaderjaar {_YEARS}, Aanhangsel (?P<page>\d{{1,3}})")
# The same line with its page number set apart, as pdftotext writes it: the number follows alone.
SPLIT_FOOTER = re.compile(
    rf"^(?:[’'‘]s-Gravenhage\s+(?:19|20)\d\d\s+)?(?:Tweede|Eerste) Kamer, vergaderjaar {_YEARS}, Aanhangsel$"
)
# A ministry letter's running header on later pages repeats fields of its letterhead, each on
# a line of its own: "Datum 19 september 2023", "Ons kenmerk IENW/BSK-2023/1234". Only repeats
# are furniture, and a side column set at a page's foot (``_side_column``): the first stands in
# the letterhead, which says when and under what number.
LETTERHEAD_FIELD = re.compile(
    r"^(?:Datum\s+\d{1,2}\s+[^\W\d_]+\s+(?:19|20)\d\d|(?:(?:Ons|Uw) kenmerk|Onze referentie)\s+\S+(?:\s*/\s*\S+)*)$",
    re.IGNORECASE,
)
# Page 1's footer block before that line, on one line or three.
_FOOTER_PARTS = (
    r"ah-[te]k-\d{8}-\d{1,5}",
    r"ISSN\s*0921\s*[-–]\s*7398",
    r"[’'‘]s-Gravenhage\s+(?:19|20)\d\d",
)
# The masthead of page 1, one pattern per printed line; the number of the answers follows it.
_MASTHEAD_PARTS = (
    r"(?:Tweede|Eerste) Kamer der Staten-Generaal",
    r"[12]",
    rf"Vergaderjaar (?P<years>{_YEARS})\s+Aanhangsel van de Handelingen",
    r"Vragen gesteld door de leden der Kamer, met de daarop door de",
    r"regering gegeven antwoorden",
)
MASTHEAD_YEARS = re.compile(rf"Vergaderjaar (?P<years>{_YEARS})\s+Aanhangsel van de Handelingen", re.IGNORECASE)
# A printed page number: "3", "- 3 -", "Pagina 3 van 4", "pagina 3/4", "Page 3 of 4".
PAGE_NUMBER = re.compile(r"^(?:-\s*\d+\s*-|(?:pagina|page|blz\.?)?\s*\d+\s*(?:(?:van|of|/)\s*\d+)?)$", re.IGNORECASE)
_LINE_PATTERNS = tuple(
    re.compile(rf"^{pattern}$", re.IGNORECASE)
    for pattern in (
        *_FOOTER_PARTS,
        rf"[’'‘]s-Gravenhage\s+(?:19|20)\d\d\s+{PAGE_FOOTER.pattern}",
        PAGE_FOOTER.pattern,
        r"(?:Tweede|Eerste) Kamer der Staten-Generaal",
        MASTHEAD_YEARS.pattern,
        r"Vragen gesteld door de leden der Kamer, met de daarop door de",
        r"regering gegeven antwoorden",
        r"Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden",
        r"(?:pagina|page)\s+\d+\s+(?:van|of)\s+\d+",
    )
)
# The same furniture run together inside a long line (a conversion that lost its line breaks).
INLINE_FOOTER = re.compile(
    rf"(?:{_FOOTER_PARTS[0]}\s+)?(?:{_FOOTER_PARTS[1]}\s+)?(?:{_FOOTER_PARTS[2]}\s+)?{PAGE_FOOTER.pattern}"
)
INLINE_MASTHEAD = re.compile(r"\s+".join(_MASTHEAD_PARTS) + r"\s+(?P<number>\d{1,5})\b")
# A ministry letter's page number inside a long line: "… M.A. Hendriksen Pagina 1 van 3 Datum …".
# From page 2 on, the running header's fields stand before it ("Datum 24 oktober 2024 Ons kenmerk
# DGA / 90455218 Pagina 2 van 4"); on page 1 they are the letterhead, which is read.
_RUNNING_FIELDS = (
    r"(?:Datum\s+\d{1,2}\s+[^\W\d_]+\s+(?:19|20)\d\d\s+)?"
    r"(?:(?:(?:Ons|Uw)\s+kenmerk|Onze\s+referentie)\s+\S+(?:\s*/\s*\S+)*\s+){0,3}"
)
INLINE_PAGE_OF = re.compile(
    rf"(?:{_RUNNING_FIELDS}(?=(?:pagina|page)\s+(?:[2-9]|\d{{2,3}})\s))?\b(?:pagina|page)\s+\d{{1,3}}\s+(?:van|of)\s+\d{{1,3}}\b",
    re.IGNORECASE,
)

# A ministry's name in a letter's side column: this many lines at most, each this short.
SIDE_NAME_LINES = 3
SIDE_NAME_CHARS = 40
# Lines this close to a page edge may be running headers or footers.
EDGE_LINES = 2
# A line is a running header or footer when it recurs (digits aside) at the edge of this share of pages,
REPEATED_SHARE = 0.6
# and is at least this long.
MIN_RUNNING_CHARS = 10
# A line printed twice by a conversion is dropped when it is at least this long ("Ja." may recur)
MIN_REPEATED_CHARS = 20
# and repeats one of this many lines before it at a page start (notes and footer lie between).
REPEAT_WINDOW = 12


@dataclass(frozen=True)
class Furnished:
    """Lines without furniture, with pages where the furniture told them, and the Aanhangsel id it named."""

    lines: tuple[Line, ...]
    aanhangsel: str | None = None


def remove_furniture(lines: Sequence[Line]) -> Furnished:
    """Take page furniture out of ``lines``; number pages by their footers where no page is known."""
    pages = _pages(lines)
    edges = {index for rows in pages for index in rows[:EDGE_LINES] + rows[-EDGE_LINES:]}
    repeated = _running_lines(lines, pages)
    # Bare page numbers count only where at least two pages print one at an edge.
    numbered_pages = sum(any(PAGE_NUMBER.match(lines[i].text.strip()) for i in edges & set(rows)) for rows in pages)
    edges = edges if numbered_pages >= 2 else set()
    # Printed once, so no running line: page 1's masthead, and a letter's side column at a page's foot.
    once = _masthead_rows(lines) | {index for rows in pages for index in _side_column(lines, rows)}
    # A text conversion knows no pages; its footers ("..., Aanhangsel 2") say where each one ends.
    numbered = all(line.page is None for line in lines) and any(PAGE_FOOTER.search(line.text) for line in lines)
    kept: list[Line] = []
    page, starts_page = 1, False
    split_footer = False  # a footer without its page number was just taken out
    fields: set[str] = set()  # letterhead fields seen on a line of their own
    for index, line in enumerate(lines):
        text = line.text.strip()
        if split_footer and text.isdigit():
            split_footer = False
            continue
        if LETTERHEAD_FIELD.match(text):
            if (field := " ".join(text.split()).lower()) in fields:
                continue
            fields.add(field)
        split_footer = (split_footer and not text) or bool(SPLIT_FOOTER.match(text))
        if split_footer or index in once or _is_furniture(text, repeated, index in edges and line.page is not None):
            if numbered and (footer := PAGE_FOOTER.search(text)):
                page, starts_page = int(footer.group("page")) + 1, True
            continue
        if numbered:
            line = replace(line, page=page, page_start=line.page_start or (starts_page and not line.blank))
        starts_page = starts_page and line.blank
        kept.append(line)
    return Furnished(tuple(kept), _aanhangsel(lines))


def without_repeats(lines: Sequence[Line]) -> list[Line]:
    """``lines`` without text a conversion printed twice.

    A line that repeats the line before it, or that opens a page repeating one of the last
    lines of the page before, is dropped. Short lines ("Ja.") may well recur and are kept.
    """
    kept: list[Line] = []
    recent: list[str] = []  # the last lines of running text, stripped
    for line in lines:
        text = line.text.strip()
        if not text:
            kept.append(line)
            continue
        window = recent[-REPEAT_WINDOW:] if line.page_start or _continues_page(kept) else recent[-1:]
        if len(text) >= MIN_REPEATED_CHARS and text in window:
            continue
        recent.append(text)
        kept.append(line)
    return kept


def _continues_page(kept: Sequence[Line]) -> bool:
    """Whether the lines kept so far end within the first lines of a page."""
    filled = [line for line in kept[-REPEAT_WINDOW:] if not line.blank]
    return any(line.page_start for line in filled)


def _is_furniture(text: str, repeated: set[str], at_edge: bool) -> bool:
    if not text:
        return False
    if any(pattern.match(text) for pattern in _LINE_PATTERNS):
        return True
    if INLINE_FOOTER.fullmatch(text) or INLINE_MASTHEAD.fullmatch(text):
        return True
    if _normalised(text) in repeated:
        return True
    return at_edge and bool(PAGE_NUMBER.match(text))


def _aanhangsel(lines: Sequence[Line]) -> str | None:
    """The Aanhangsel id from a footer ("ah-tk-20232024-1292") or the masthead's year and number."""
    for line in lines:
        if found := AANHANGSEL_ID.search(line.text):
            return found.group(0).lower()
    head = " ".join(line.text.strip() for line in lines[:40])
    if found := INLINE_MASTHEAD.search(head):
        years = re.sub(r"\D", "", found.group("years"))
        return f"ah-tk-{years}-{found.group('number')}"
    return None


def _side_column(lines: Sequence[Line], rows: Sequence[int]) -> list[int]:
    """The rows of a letter's side column that text extraction set at the foot of a page.

    "Ministerie van Financiën", "Ons kenmerk …", "Uw kenmerk …", "Pagina 1 van 3": after the
    page's notes, before the next page's text, which may go on with a sentence of an answer.
    Only with a letterhead field in it; its values are read from the text as printed.
    """
    filled = [index for index in rows if lines[index].text.strip()]
    if not filled or not PAGE_NUMBER.match(lines[filled[-1]].text.strip()):
        return []
    column = [filled[-1]]
    position = len(filled) - 2
    while position >= 0 and LETTERHEAD_FIELD.match(lines[filled[position]].text.strip()):
        column.append(filled[position])
        position -= 1
    if len(column) == 1:
        return []
    # The ministry's name above the fields, on up to SIDE_NAME_LINES lines of a few words.
    above = [filled[i] for i in range(max(0, position - SIDE_NAME_LINES + 1), position + 1)]
    for start, index in enumerate(above):
        if lines[index].text.strip().startswith("Ministerie van") and all(
            len(lines[i].text.strip()) <= SIDE_NAME_CHARS and not lines[i].text.strip().endswith((".", "?", "!", ":"))
            for i in above[start:]
        ):
            return column + above[start:]
    return column


def _masthead_rows(lines: Sequence[Line]) -> set[int]:
    """Indices of page 1's masthead lines and the number line below them, when the masthead is printed."""
    filled = [index for index, line in enumerate(lines[:40]) if not line.blank]
    texts = [lines[index].text.strip() for index in filled]
    size = len(_MASTHEAD_PARTS) + 1  # the masthead's lines and the number under them
    for start in range(len(texts) - size + 1):
        if INLINE_MASTHEAD.match(" ".join(texts[start : start + size])) and texts[start + size - 1].isdigit():
            return set(filled[start : start + size])
    return set()


def _normalised(text: str) -> str:
    """A line with digits and spacing ignored, so that "Pagina 1" and "Pagina 2" compare equal."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().lower()


def _pages(lines: Sequence[Line]) -> list[list[int]]:
    """Indices of the non-blank lines of each page, in order; one page when pages are unknown."""
    pages: dict[int | None, list[int]] = {}
    for index, line in enumerate(lines):
        if not line.blank:
            pages.setdefault(line.page, []).append(index)
    return list(pages.values())


def _running_lines(lines: Sequence[Line], pages: list[list[int]]) -> set[str]:
    """Normalised lines that recur at the top or bottom of most pages (``REPEATED_SHARE``, at least two).

    A Vraag or Antwoord heading that happens to open several pages is never one of them,
    nor a short line ("Ja.") that may end two pages by chance.
    """
    if len(pages) < 2:  # a line must recur on two pages at least
        return set()
    counts: Counter[str] = Counter()
    for rows in pages:
        edges = [lines[i].text.strip() for i in rows[:EDGE_LINES] + rows[-EDGE_LINES:]]
        running = {text for text in edges if len(text) >= MIN_RUNNING_CHARS and not is_structural(text)}
        counts.update({_normalised(text) for text in running})
    needed = max(2, round(REPEATED_SHARE * len(pages)))
    return {text for text, count in counts.items() if count >= needed}
