"""Printed lines: spans of text in a font, and wrapping with Dutch hyphenation.

Every line is drawn as one PDF text object at its own height, so pypdf reads it back as
one line whose text is `Line.text`: the conversions build on that.
"""

# ruff: noqa: RUF001 - curly quotes and dashes are what Dutch typesetting prints

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache

import pyphen
from reportlab.pdfbase.pdfmetrics import stringWidth

from .source import MARKER

WORD_CORE = re.compile(r"^([(«„“‘'\"]*)([A-Za-zÀ-ÖØ-öø-ÿ]+)([)»”’'\".,;:?!]*)$")
URLISH = re.compile(r"://|www\.|\.(?:nl|org|com|eu|int|net)/|^\S{20,}/|/\S{20,}$")
# Where an existing character lets a word break without an added hyphen.
BREAK_AFTER = {"word": "-", "url": "/-_"}
MIN_PART = 3
MIN_HYPHENATED = 8  # shorter words are never hyphenated


class Role(StrEnum):
    """What a printed line is; the conversions treat each role in its own way."""

    HOUSE = "house"  # Tweede Kamer der Staten-Generaal
    LOGO = "logo"  # the big 2
    YEAR = "year"  # Vergaderjaar ... Aanhangsel van de Handelingen
    SERIES = "series"  # Vragen gesteld door de leden der Kamer, ...
    NUMBER = "number"  # the Aanhangsel number
    VRAGEN = "vragen"
    ANTWOORD = "antwoord"
    HEADING = "heading"
    TEXT = "text"
    SIGNATURE = "signature"
    NOTE = "note"
    BLANK = "blank"
    FOOTER = "footer"
    MINISTRY = "ministry"
    LETTERHEAD = "letterhead"
    SIDE = "side"


FLOW_ROLES = {Role.VRAGEN, Role.ANTWOORD, Role.HEADING, Role.TEXT, Role.SIGNATURE}


@dataclass(frozen=True)
class Span:
    """A run of text in one font; `x` places it apart from the run before, on the same line."""

    text: str
    font: str
    size: float
    rise: float = 0.0
    marker: bool = False
    heading: bool = False
    x: float | None = None

    @property
    def width(self) -> float:
        """The printed width in points."""
        return stringWidth(self.text, self.font, self.size)


@dataclass
class Line:
    """A printed line: spans, position, role; `starts_block` opens a paragraph in Markdown."""

    spans: list[Span]
    role: Role
    x: float = 0.0
    y: float = 0.0
    notes: tuple[int, ...] = ()
    starts_block: bool = False
    paragraph: int = -1

    @property
    def text(self) -> str:
        """The line as pypdf extracts it (a span set apart is preceded by one space)."""
        parts: list[str] = []
        for span in self.spans:
            if span.x is not None and parts:
                parts.append(" ")
            parts.append(span.text)
        return "".join(parts)


@dataclass(frozen=True)
class TextStyle:
    """Fonts and measures of a column of text."""

    font: str
    bold: str
    size: float
    width: float
    marker_size: float
    marker_rise: float
    hyphen_zone: float = 38.0

    def span(self, text: str, *, bold: bool = False) -> Span:
        """A span of plain (or bold) text in this style."""
        return Span(text, self.bold if bold else self.font, self.size, heading=bold)

    def marker(self, numbers: str, *, spaced: bool) -> Span:
        """A raised note marker, preceded by a space when `spaced`."""
        text = f" {numbers}" if spaced else numbers
        return Span(text, self.font, self.marker_size, rise=self.marker_rise, marker=True)


Token = tuple[Span, ...]


@dataclass
class Wrapped:
    """A wrapped line before placement: its spans and whether it ends inside a word."""

    spans: list[Span] = field(default_factory=list)
    broken: bool = False

    @property
    def width(self) -> float:
        """The printed width in points."""
        return sum(span.width for span in self.spans)


@cache
def _hyphenator() -> pyphen.Pyphen:
    """The Dutch hyphenation dictionary."""
    return pyphen.Pyphen(lang="nl_NL", left=MIN_PART, right=MIN_PART)


def draw(key: str, faces: int) -> int:
    """A number below `faces` that depends on `key` alone: the renderer's only source of variety."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % faces


def marker_spaced(doc_id: str, numbers: str) -> bool:
    """Whether a marker stands apart from its word (about two in five, fixed per document)."""
    return draw(f"marker:{doc_id}:{numbers}", 5) < 2


def tokens(text: str, style: TextStyle, doc_id: str, *, bold_prefix: str = "") -> list[Token]:
    """The words of a paragraph as tokens; markers `[^n]` become raised numbers."""
    text = re.sub(r"\](?:, ?| )?\[\^", "][^", text)  # [^1], [^2] -> one marker "1, 2"
    text = re.sub(r" +(?=\[\^)", "", text)  # a marker never starts a line
    words = text.split(" ")
    bold_words = len(bold_prefix.split(" ")) if bold_prefix else 0
    return [_token(word, style, doc_id, bold=index < bold_words) for index, word in enumerate(words) if word]


def _token(word: str, style: TextStyle, doc_id: str, *, bold: bool) -> Token:
    """One word: text spans and marker spans."""
    spans: list[Span] = []
    pos = 0
    for match in re.finditer(r"(?:\[\^\d+\])+", word):
        if match.start() > pos:
            spans.append(style.span(word[pos : match.start()], bold=bold))
        numbers = ", ".join(MARKER.findall(match.group()))
        spans.append(style.marker(numbers, spaced=bool(spans) and marker_spaced(doc_id, numbers)))
        pos = match.end()
    if pos < len(word):
        spans.append(style.span(word[pos:], bold=bold))
    return tuple(spans)


def token_notes(token: Token) -> tuple[int, ...]:
    """The note numbers a token's markers refer to."""
    return tuple(int(n) for span in token if span.marker for n in span.text.split(","))


def wrap(words: list[Token], style: TextStyle, *, indent: float = 0.0) -> list[Wrapped]:
    """Break tokens into lines of `style.width` (later lines narrower by `indent`)."""
    lines = [Wrapped()]
    for word in words:
        _place(lines, word, style, indent)
    return [_merged(line) for line in lines]


def _place(lines: list[Wrapped], word: Token, style: TextStyle, indent: float) -> None:
    """Add one token to the last line, breaking lines (and the token) where needed."""
    while True:
        line = lines[-1]
        room = style.width - (indent if len(lines) > 1 else 0.0) - line.width
        space = [style.span(" ", bold=word[0].heading)] if line.spans else []
        if sum(span.width for span in (*space, *word)) <= room:
            line.spans.extend([*space, *word])
            return
        split = _split(word, room - sum(span.width for span in space), style, force=not line.spans)
        if split:
            head, word = split
            line.spans.extend([*space, head])
            line.broken = True
            lines.append(Wrapped())
        elif not line.spans:
            line.spans.extend(word)
            return
        else:
            lines.append(Wrapped())


def _split(word: Token, room: float, style: TextStyle, *, force: bool) -> tuple[Span, Token] | None:
    """The longest head of a plain word that fits `room`, and the rest; None if it should not break."""
    if len(word) != 1 or word[0].marker:
        return None
    span = word[0]
    url = bool(URLISH.search(span.text))
    if not force and room < (6.0 if url else style.hyphen_zone):
        return None
    for head, tail in _breaks(span.text, url=url):
        if stringWidth(head, span.font, span.size) <= room:
            return replace(span, text=head), (replace(span, text=tail),)
    if force:
        cut = max(1, _fitting_chars(span, room))
        return replace(span, text=span.text[:cut]), (replace(span, text=span.text[cut:]),)
    return None


def _breaks(text: str, *, url: bool) -> Iterator[tuple[str, str]]:
    """Break points of a word, longest head first: after a hyphen (or / and _ in a URL), or Dutch syllables."""
    chars = BREAK_AFTER["url" if url else "word"]
    found = [
        (text[: i + 1], text[i + 1 :])
        for i in range(len(text) - 3, MIN_PART - 2, -1)
        if text[i] in chars and text[i + 1] not in chars
    ]
    if not url and "-" not in text and not any(c.isdigit() for c in text):
        match = WORD_CORE.match(text)
        if match and not match.group(2).isupper() and len(match.group(2)) >= MIN_HYPHENATED:
            lead, core, trail = match.groups()
            found += [(f"{lead}{head}-", f"{tail}{trail}") for head, tail in _hyphenator().iterate(core)]
    yield from sorted(found, key=lambda pair: -len(pair[0]))


def _fitting_chars(span: Span, room: float) -> int:
    """How many leading characters of a span fit in `room`."""
    count = 0
    while count < len(span.text) and stringWidth(span.text[: count + 1], span.font, span.size) <= room:
        count += 1
    return count


def _merged(line: Wrapped) -> Wrapped:
    """The line with neighbouring spans of the same font joined."""
    spans: list[Span] = []
    for span in line.spans:
        if spans and _same_run(spans[-1], span):
            spans[-1] = replace(spans[-1], text=spans[-1].text + span.text)
        else:
            spans.append(span)
    return Wrapped(spans, line.broken)


def _same_run(before: Span, span: Span) -> bool:
    """Whether a span continues the one before in the same font, size and height."""
    same_font = (before.font, before.size, before.rise, before.marker) == (span.font, span.size, span.rise, span.marker)
    return same_font and span.x is None


def with_trailing(spans: list[Span], tail: str) -> list[Span]:
    """The spans with `tail` (spaces) added at the end of the last one."""
    if not tail or not spans:
        return spans
    return [*spans[:-1], replace(spans[-1], text=spans[-1].text + tail)]
