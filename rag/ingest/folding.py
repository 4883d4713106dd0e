"""From printed lines to passage text: paragraphs, folded lines, markers removed, exact offsets."""

# ruff: noqa: RUF001 - curly quotes and dashes are what Dutch typesetting prints

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from rag.ingest import patterns
from rag.ingest.source import Line

_TOKEN = re.compile(r"\S+")

# The letters at the end of a token before its hyphen, or at the start of the next: one word's parts.
_WORD_PART = re.compile(r"[^\W\d_]+$|^[^\W\d_]+")
# Words after a hyphen that show it stands for a shared part ("bij- en nascholing"), not a break.
_CONJUNCTIONS = frozenset({"en", "of", "tot", "als", "noch", "en/of", "dan", "and", "or"})
# Punctuation that closes up to the word before it.
_CLOSING = frozenset(".,;:?!)»”’")
# A part this short before a hyphen is an abbreviation ("ov-diensten"), unless the document says otherwise.
_SHORT_PART = 3

# A URL broken at a "-" or "/" at the end of a line continues without a space on the next.
_URL_START = re.compile(r"^(?:https?://|www\.)|[(\s,'‘]https?://")

# A paragraph ends at a sentence end on a line that stops clearly short of the right margin:
# even with the next line's first word added it would fill less than this share of a full line.
_SHORT_LINE = 0.9

# Enough lines to tell where the right margin is; below this only blank lines break paragraphs.
_MIN_LINES_FOR_WIDTH = 5


@dataclass(frozen=True)
class Folded:
    """Text folded from lines, with the source offset and page of every character."""

    text: str
    offsets: tuple[int, ...]
    pages: tuple[int | None, ...]
    marks: tuple[tuple[str, int], ...] = ()  # (label, position in text) of each note marker removed

    @property
    def labels(self) -> tuple[str, ...]:
        """Labels of the notes the text refers to, in order of first reference."""
        return tuple(dict.fromkeys(label for label, _ in self.marks))

    @property
    def start(self) -> int:
        """Offset in the source text of the first character."""
        return self.offsets[0] if self.offsets else 0

    @property
    def end(self) -> int:
        """Offset in the source text just past the last character."""
        return self.offsets[-1] + 1 if self.offsets else 0

    @property
    def page(self) -> int | None:
        """The page where the text starts."""
        return self.pages[0] if self.pages else None

    def part(self, begin: int, stop: int) -> Folded:
        """Return ``text[begin:stop]`` with its offsets, pages and the note markers among them."""
        marks = tuple((label, at - begin) for label, at in self.marks if begin <= at <= stop)
        return Folded(self.text[begin:stop], self.offsets[begin:stop], self.pages[begin:stop], marks)


def fold(
    lines: Sequence[Line],
    foot_labels: frozenset[str] = frozenset(),
    end_labels: frozenset[str] = frozenset(),
    vocabulary: Collection[str] = (),
) -> Folded:
    """Join lines into one line of text: whitespace runs become one space, note markers go.

    Markers are removed only for labels of notes that were actually found, so numbers in
    the running text are never touched. A line break (or, in a conversion that lost its
    line breaks, a space) is dropped without a space inside a URL broken at "-" or "/", and
    inside a word hyphenated at the end of a line ("gecompen- seerd" is "gecompenseerd";
    see `hyphen_kept`). ``vocabulary`` holds the document's words in lower case.
    """
    chars: list[str] = []
    offsets: list[int] = []
    pages: list[int | None] = []
    marks: list[tuple[str, int]] = []
    previous = ""
    dropped = False  # the token before was a note marker standing apart ("ambtsvoorganger 17. Daarin")
    for line in lines:
        for index, match in enumerate(_TOKEN.finditer(line.text)):
            token = match.group()
            if line.markers:
                kept, explicit = _drop_markers(line, match)
                if not kept:
                    marks.extend((label, len(chars)) for label, _ in explicit)
                    dropped = True
                    continue
            if token in end_labels and previous[-1:] in patterns.ENDNOTE_MARKER_AFTER:
                marks.append((token, len(chars)))
                continue
            if not line.markers:
                kept, explicit = list(range(match.start(), match.end())), []
            # A marker that opened the token ("Ends 1?") leaves its punctuation closed up to the word before.
            dropped = dropped or (bool(kept) and kept[0] > match.start())
            marker = patterns.FOOTNOTE_MARKER.search(token)
            if marker and marker.group("n") in foot_labels and not explicit:
                token, kept = token[: marker.start("n")], kept[: marker.start("n")]
            token = "".join(line.text[at] for at in kept)
            in_url = index == 0 and _continues_url(previous)
            joined = not in_url and not _URL_START.search(previous) and _continues_word(previous, token)
            if joined and not hyphen_kept(previous, token, vocabulary):
                del chars[-1], offsets[-1], pages[-1]  # the hyphen of a word broken at a line end
            if chars and not joined and not in_url and not (dropped and token[:1] in _CLOSING):
                chars.append(" ")
                offsets.append(offsets[-1] + 1)
                pages.append(pages[-1])
            dropped = False
            marks.extend((label, len(chars) + position) for label, position in explicit)
            chars.extend(token)
            offsets.extend(line.start + at for at in kept)
            pages.extend([line.page] * len(token))
            if marker and marker.group("n") in foot_labels and not explicit:
                marks.append((marker.group("n"), len(chars)))
            previous = token
    return Folded("".join(chars), tuple(offsets), tuple(pages), tuple(marks))


def _drop_markers(line: Line, match: re.Match[str]) -> tuple[list[int], list[tuple[str, int]]]:
    """Return the positions in ``line.text`` of a token's characters outside explicit note markers.

    Also returns the label of each marker in the token with the number of kept characters before it.
    """
    dropped = {at for begin, end, _ in line.markers for at in range(begin, end)}
    kept = [at for at in range(match.start(), match.end()) if at not in dropped]
    explicit = [
        (label, sum(at < begin for at in kept))
        for begin, _, label in line.markers
        if match.start() <= begin < match.end()
    ]
    return kept, explicit


def _continues_word(previous: str, token: str) -> bool:
    """Whether ``token`` is the rest of a word that ``previous`` broke off with a hyphen."""
    if not (len(previous) > 1 and previous.endswith("-") and previous[-2].isalpha() and token[:1].isalpha()):
        return False
    return token[0].isupper() or token.lower().strip(",.;:") not in _CONJUNCTIONS


def hyphen_kept(previous: str, token: str, vocabulary: Collection[str]) -> bool:
    """Whether a word broken at a hyphen keeps it: "Midden-Oosten", "mvo-standaarden", not "gecompen-seerd".

    Before a capital the hyphen is the word's own. Otherwise it is a break where the document
    writes the joined word elsewhere ("praktijk- ruimte" beside "praktijkruimte"), and kept where
    the part before it is a word the document also writes on its own ("mvo", "ggz"), or a short
    part (three letters or fewer) when the document's words are not known.
    """
    if token[0].isupper():
        return True
    part = _WORD_PART.search(previous[:-1])
    fragment = part.group().lower() if part else ""
    if vocabulary and (fragment + _WORD_PART.match(token).group().lower()) in vocabulary:
        return False
    if fragment in vocabulary:
        return True
    return len(fragment) <= _SHORT_PART


def _continues_url(token: str) -> bool:
    """Whether a token that ended a line is a URL cut at a hyphen or slash."""
    return token.endswith(("-", "/")) and bool(_URL_START.search(token))


def typical_width(lines: Sequence[Line]) -> float | None:
    """Estimate the width of a full line (90th percentile of line lengths); None if too few lines."""
    lengths = sorted(len(line.text.strip()) for line in lines if not line.blank)
    if len(lengths) < _MIN_LINES_FOR_WIDTH:
        return None
    return float(lengths[int(0.9 * (len(lengths) - 1))])


def paragraphs(lines: Sequence[Line], width: float | None) -> list[list[Line]]:
    """Group lines into printed paragraphs.

    A paragraph ends at a blank line (unless the text before it ends with a comma, as a
    signature's role line does) or at a line that ends a sentence and stops short of the
    right margin, where the next word would have fitted had the author not broken the line.
    """
    groups: list[list[Line]] = []
    current: list[Line] = []
    for index, line in enumerate(lines):
        if line.blank:
            if current and not patterns.without_marker(current[-1].text).endswith(","):
                groups.append(current)
                current = []
            continue
        current.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is not None and not following.blank and _ends_paragraph(line, following, width):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _ends_paragraph(line: Line, following: Line, width: float | None) -> bool:
    """Whether the author broke the line on purpose after a sentence end, a note marker after it or not."""
    text = line.text
    for begin, end, _ in sorted(line.markers, reverse=True):  # "stikstof. 4": a marker standing apart
        text = text[:begin] + text[end:]
    text = patterns.without_marker(text)
    if width is None or not patterns.SENTENCE_END.search(text):
        return False
    next_word = following.text.split()[0]
    if next_word[:1].islower():  # "15 december jl. 2" / "en het verslag": no paragraph opens in lower case
        return False
    return len(text) + 1 + len(next_word) < _SHORT_LINE * width
