"""Build the lines of a SourceText from structured formats (HTML, Word, Markdown).

Readers of structured formats know where paragraphs, line breaks, headings, page breaks
and note markers are; they feed that to a :class:`LineBuilder`, which lays the text out the
way a plain-text export would: one line per printed line, a blank line between
paragraphs, and the notes at the end below a rule of underscores, as end notes
("1) ...") that :mod:`rag.ingest.notes` detaches. Note markers are recorded on their
line (``Line.markers``), so folding removes exactly them and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.document import Metadata
from rag.ingest.source import Line, SourceText

# Any whitespace run, including no-break spaces, collapses to one space (as a browser shows it).
_WHITESPACE = re.compile(r"\s+")

# Characters that are invisible in print and would split or glue words: soft hyphen, zero-width space.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")

# The rule above the end notes; patterns.ENDNOTE_RULE recognises it.
NOTES_RULE = "__________"


@dataclass
class _Pending:
    """A line being built: its text, note markers, page and flags."""

    text: str = ""
    markers: list[tuple[int, int, str]] = field(default_factory=list)
    page: int | None = None
    page_start: bool = False


@dataclass
class LineBuilder:
    """Collects inline text into lines and paragraphs; ``page`` is the current page, if known."""

    page: int | None = None
    prefix: str = ""  # printed before the next text, e.g. an <ol> item's "1. "; kept across empty blocks
    _paragraphs: list[tuple[list[_Pending], bool]] = field(default_factory=list)
    _lines: list[_Pending] = field(default_factory=list)
    _current: _Pending = field(default_factory=_Pending)
    _page_start: bool = False

    def add(self, text: str) -> None:
        """Append inline text; whitespace collapses as in a browser."""
        text = _WHITESPACE.sub(" ", _INVISIBLE.sub("", text))
        if not self._current.text or self._current.text.endswith(" "):
            text = text.lstrip(" ")
        if text:
            self._begin()
            self._current.text += text

    def add_marker(self, shown: str, label: str) -> None:
        """Append a note reference marker as printed (``shown``, e.g. "1") for the note ``label`` ("1)")."""
        self._begin()
        begin = len(self._current.text)
        self._current.text += shown
        self._current.markers.append((begin, begin + len(shown), label))

    def line_break(self) -> None:
        """End the current line; the next line continues the same paragraph."""
        current = self._current
        current.text = current.text.rstrip(" ")
        if current.text:
            self._lines.append(current)
        self._current = _Pending()

    def end_paragraph(self, heading: bool = False) -> None:
        """End the current line and paragraph; ``heading`` marks the paragraph's lines as a heading."""
        self.line_break()
        if self._lines:
            self._paragraphs.append((self._lines, heading))
        self._lines = []

    def new_page(self) -> None:
        """Start a new page: text after this point is on the next page."""
        if self._current.text:
            self.line_break()
        self.page = (self.page or 1) + 1
        self._page_start = True

    def build(
        self, name: str, stem: str, notes: list[tuple[str, str]], hints: Metadata, title: str | None
    ) -> SourceText:
        """Lay out the paragraphs and the notes ``(label, text)`` as a SourceText."""
        self.end_paragraph()
        lines: list[Line] = []
        position = 0

        def emit(text: str, pending: _Pending | None = None, heading: bool = False) -> None:
            nonlocal position
            if pending is None:
                lines.append(Line(text, position))
            else:
                markers = tuple(pending.markers)
                # Text before the first page break is on page 1, once there are pages at all.
                page = 1 if pending.page is None and self.page is not None else pending.page
                lines.append(Line(text, position, page, pending.page_start, heading, markers))
            position += len(text) + 1  # the "\n" that joins it to the next line

        for number, (paragraph, heading) in enumerate(self._paragraphs):
            if number:
                emit("")
            for pending in paragraph:
                emit(pending.text, pending, heading)
        if notes:
            emit("")
            emit(NOTES_RULE)
            for label, text in notes:
                emit(f"{label} {_WHITESPACE.sub(' ', text).strip()}")
        return SourceText(name, stem, "\n".join(line.text for line in lines), tuple(lines), hints, title)

    def _begin(self) -> None:
        """Record the page of a line when its first character arrives, after any pending prefix."""
        if not self._current.text:
            self._current.page = self.page
            self._current.page_start, self._page_start = self._page_start, False
            self._current.text, self.prefix = self.prefix, ""
