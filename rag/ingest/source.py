"""What every reader produces: the text that offsets refer to, split into printed lines; and its error."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.document import Metadata

# Any line break style; captured so that offsets can step over it exactly. A form feed (a page
# break) inside a line also ends it, with an empty separator: a conversion that writes no line
# break between pages glues a page's footer to the next page's header ("… 2016\fTweede Kamer …").
_LINE_BREAK = re.compile(r"(\r\n|\r|\n|(?<=[^\r\n])(?=\f))")


class IngestError(Exception):
    """A file could not be turned into a document; ``str(error)`` says why, in plain English.

    Readers raise it for missing, unreadable, empty or unsupported files, so callers can
    show the message as is instead of a traceback. Its one argument is a ``rag.notices.Notice``,
    which the chat also shows in Dutch.
    """


@dataclass(frozen=True)
class Line:
    """One printed line: its raw text, where it starts in the source text, and its page."""

    text: str
    start: int  # offset of text[0] in the source text
    page: int | None = None
    page_start: bool = False  # the first line of a page: text cut by a page foot resumes here
    heading: bool = False  # the format marks the line as a heading (HTML <h2>, Word "Heading 2", "## ...")
    # Note reference markers the format marks explicitly (HTML <sup>, Word footnote references):
    # (begin, end, label) within ``text``; folding drops those characters and records the label.
    markers: tuple[tuple[int, int, str], ...] = ()

    @property
    def end(self) -> int:
        """Offset just past the last character of the line."""
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        """Whether the line holds nothing but whitespace."""
        return not self.text.strip()

    def cut(self, begin: int, stop: int | None = None) -> Line:
        """Return the part ``text[begin:stop]`` as a line of its own, with exact offsets."""
        stop = len(self.text) if stop is None else stop
        markers = tuple((b - begin, e - begin, label) for b, e, label in self.markers if begin <= b and e <= stop)
        return Line(
            self.text[begin:stop], self.start + begin, self.page, self.page_start and begin == 0, self.heading, markers
        )


@dataclass(frozen=True)
class SourceText:
    """A file as a reader saw it: the full text and its lines, with pages when known."""

    name: str  # the file name, e.g. "2020Z23459-antwoorden.txt"
    stem: str  # the file name without extension
    text: str
    lines: tuple[Line, ...]
    # What the file says about itself outside its text (HTML <meta> tags); the text wins where both speak.
    hints: Metadata = field(default_factory=Metadata)
    title: str | None = None  # a title the format declares (HTML DC.title / <title>), if any
    wrapped: bool = True  # lines are as printed; False for a conversion that lost its line breaks


def split_lines(text: str, offset: int = 0, page: int | None = None) -> list[Line]:
    """Split ``text`` at line breaks; each line keeps its offset (plus ``offset``) and ``page``."""
    parts = _LINE_BREAK.split(text)
    lines: list[Line] = []
    position = offset
    for index in range(0, len(parts), 2):
        body = parts[index]
        lines.append(Line(body, position, page))
        separator = parts[index + 1] if index + 1 < len(parts) else ""
        position += len(body) + len(separator)
    return lines
