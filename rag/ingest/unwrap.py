"""Text that lost its line breaks: a PDF converted to one line, or to very long ones, or rewrapped.

Rewrapped text was run together and wrapped again at a fixed width, so that headings stand
inside lines; it is read as one line per paragraph. Such a conversion still holds everything
the PDF printed, in order: the masthead, each heading, the notes at the foot of each page and
the page footers, all run together. This
module cuts an over-long line back into the lines a reader needs, with exact offsets:
before and after each piece of page furniture (so that the footers end pages again),
before and after each Vraag/Antwoord heading (so that headings stand alone), and before
each note at the foot of a page (after the last note marker of that page, where a number
is followed by the note's first word; for a marker set apart from its word, as text
extraction leaves the Tweede Kamer's, the last such place before the page's later notes).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence

from rag.ingest import patterns
from rag.ingest.furniture import INLINE_FOOTER, INLINE_MASTHEAD, INLINE_PAGE_OF
from rag.ingest.layout.headings import parse_heading
from rag.ingest.layout.metadata import NAME_WORDS, SIGNATURE_OPENING
from rag.ingest.source import Line

# A line this long was not printed as one: the conversion lost its line breaks.
UNWRAPPED_CHARS = 1000
# A signature in running text: a minister's or state secretary's role ending in a comma after a
# sentence or a greeting ("Hoogachtend,"), then a name of a few words that ends the piece or runs
# into the next page's letterhead ("… J.W. Rozendaal Ministerie van Defensie Ons kenmerk …").
_SIGNATURE_AT = re.compile(
    rf"(?<=[.!?)»,]\s)(?P<role>{SIGNATURE_OPENING}[^.!?]{{0,150}}?,)\s+(?P<name>{NAME_WORDS})"
    r"(?=\s*$|\s+(?:Ministerie\s+van|Datum|Ons\s+kenmerk|Uw\s+kenmerk|Onze\s+referentie|Pagina)\s)"
)
# A heading's numbers up to the last one: "Antwoord 4 en", "Vragen 2, 3".
_HEADING_NUMBERS = re.compile(
    r"\b(?:vraag|vragen|antwoord|antwoorden)\s+\d{1,3}(?:\s*(?:,|en|t/m)\s*\d{1,3})*\s*(?:,|en|t/m)$", re.IGNORECASE
)
# The most notes a page's first note may skip: ones missed on earlier pages.
NOTE_SKIP = 5
# The longest a note runs: one that opens further above the next is running text.
NOTE_CHARS = 400
# A question after an answer of a few words that lacks its full stop: "Antwoord 9 Ja Vraag 10 Wilt u …".
_AFTER_SHORT_ANSWER = re.compile(
    r"\b(?:Antwoord|ANTWOORD)\s+\d{1,3}:?\s+(?:[^\s.?!]+\s+){1,3}(?=(?:Vraag|VRAAG)\s+\d{1,3}\s)"
)
# Headings inside lines, and more than open them, before a text counts as wrapped anew.
MIN_REFLOWED_HEADINGS = 3
# Where a heading may open inside running text: after the end of a sentence, a closing
# quote or bracket, or a note marker ("...rond»?1 Antwoord 1 Ja."); a numbered question
# ("... in 2023. 2. Hoe beoordeelt u ...?") too.
_HEADING_AT = re.compile(
    r"(?<=[.?!:;»”\"')\]\d])\s+(?=(?:Vraag|Vragen|Antwoord|Antwoorden|VRAAG|ANTWOORD)\b|\d{1,3}\.\s+[A-ZÀ-Þ])"
)


def unwrap(lines: Sequence[Line]) -> tuple[list[Line], bool]:
    """``lines`` with every over-long line cut into the lines it was printed as, and whether all were as printed."""
    if is_reflowed(lines):
        return [piece for block in _blocks(lines) for piece in _cut(block)], False
    result: list[Line] = []
    printed = True
    for line in lines:
        if len(line.text) > UNWRAPPED_CHARS:
            result += _cut(line)
            printed = False
        else:
            result.append(line)
    return result, printed


def is_reflowed(lines: Sequence[Line]) -> bool:
    """Whether the text was run together and wrapped again: more Vraag/Antwoord headings inside lines than open them.

    As printed, a heading opens its line ("Vraag 2", "Antwoord 2 Ja."); wrapped anew at a fixed
    width, it stands wherever the width put it ("… antwoorden? 1 Antwoord 1 Ja. Vraag 2 Hoe is …").
    """
    opening = inside = 0
    for line in lines:
        if len(line.text) > UNWRAPPED_CHARS:
            continue
        text = line.text.strip()
        opening += parse_heading(text[:200], numbered=False) is not None
        inside += sum(
            parse_heading(text[found.end() :][:80]) is not None
            for found in _HEADING_AT.finditer(text)
            if found.start() > 0
        )
    return inside >= MIN_REFLOWED_HEADINGS and inside > opening


def _blocks(lines: Sequence[Line]) -> list[Line]:
    """Each run of non-blank lines joined into one line, with exact offsets (line breaks become spaces)."""
    blocks: list[Line] = []
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None and line.text.strip():
            run.append(line)
            continue
        if run:
            first, last = run[0], run[-1]
            text = [" "] * (last.start + len(last.text) - first.start)
            for part in run:
                text[part.start - first.start : part.start - first.start + len(part.text)] = part.text
            blocks.append(Line("".join(text), first.start, first.page, first.page_start))
            run = []
    return blocks


def _cut(line: Line) -> list[Line]:
    """One over-long line as pages of furniture, headings, running text and notes."""
    pieces: list[Line] = []
    next_label = 1
    for page, furniture in _pages(line):
        # Notes stand at the foot of a page, so only text that a footer closes has them.
        cuts, next_label = _note_cuts(page, next_label) if furniture else ([], next_label)
        pieces += _at_signatures(_at_headings([page.cut(a, b) for a, b in _spans(len(page.text), cuts)]))
        pieces += furniture
    return [piece for piece in (_stripped(p) for p in pieces) if piece is not None]


def _pages(line: Line) -> Iterable[tuple[Line, list[Line]]]:
    """The line cut at its page furniture: each page's text with the furniture after it."""
    spans = sorted(
        (found.start(), found.end())
        for pattern in (INLINE_MASTHEAD, INLINE_FOOTER, INLINE_PAGE_OF)
        for found in pattern.finditer(line.text)
    )
    position = 0
    for start, end in spans:
        if start < position:
            continue
        yield line.cut(position, start), [line.cut(start, end)]
        position = end
    yield line.cut(position), []


def _note_cuts(page: Line, label: int) -> tuple[list[int], int]:
    """Where the notes at the foot of ``page`` begin, and the label of the next note after them.

    The notes follow the page's last note marker; each opens with its label and a word. A note
    missed on an earlier page (its marker glued to a word: "First Eet Kit2 opgezet") would stop
    every later one, so a page whose notes do not open with ``label`` may open with the number
    of a marker it cites.
    """
    for first in (label, *_cited_after(page.text, label)):
        cuts, following = _labelled_note_cuts(page, first)
        if cuts:
            return _with_earlier_notes(page.text, cuts, first, label), following
    return [], label


def _with_earlier_notes(text: str, cuts: list[int], first: int, label: int) -> list[int]:
    """``cuts`` with the notes from ``label`` up to ``first`` that stand right above them.

    Their markers went unseen in the running text ("volgens de informatiekaart 10 van de NZa"),
    but each note still opens with its label, within NOTE_CHARS of the next and with no heading between.
    """
    for missed in range(first - 1, label - 1, -1):
        starts = [start for start, _ in _note_starts(text, missed, max(0, cuts[0] - NOTE_CHARS)) if start < cuts[0]]
        if not starts or _HEADING_AT.search(text, starts[-1], cuts[0]):
            break
        cuts = [starts[-1], *cuts]
    return cuts


def _cited_after(text: str, label: int) -> list[int]:
    """The marker numbers a page cites above ``label``, within NOTE_SKIP of it, in order of first citation."""
    found = (patterns.FOOTNOTE_MARKER, patterns.SPACED_MARKER)
    numbers = sorted((m.start(), int(m.group("n"))) for pattern in found for m in pattern.finditer(text))
    return list(dict.fromkeys(n for _, n in numbers if label < n <= label + NOTE_SKIP))


def _labelled_note_cuts(page: Line, label: int) -> tuple[list[int], int]:
    """Where the notes at the foot of ``page`` begin when its first note is labelled ``label``."""
    markers = list(patterns.FOOTNOTE_MARKER.finditer(page.text))
    if not markers:
        return _spaced_note_cuts(page, label)
    cuts: list[int] = []
    position = markers[-1].end()
    while found := next(_note_starts(page.text, label, position), None):
        cuts.append(found[0])
        position, label = found[1], label + 1
    return cuts, label


def _spaced_note_cuts(page: Line, label: int) -> tuple[list[int], int]:
    """Notes cited by markers set apart from their word ("tegen te gaan? 1 Antwoord 1 Ja.").

    Such a marker looks like any small number, so its note is the last place that opens with
    the label and a word ("De 1 Relief Web, 6 mei 2024, …", a sentence the page foot cut)
    before the notes of the labels cited after it: the notes close the page.
    """
    cited = []
    for marker in patterns.SPACED_MARKER.finditer(page.text):
        if int(marker.group("n")) == label + len(cited) and not patterns.NUMBERED_WORD.search(
            page.text[: marker.start()]
        ):
            cited.append(marker.end())
    if not cited:
        return [], label
    for first in reversed(list(_note_starts(page.text, label, cited[0]))):
        cuts, position = [first[0]], first[1]
        for following in range(label + 1, label + len(cited)):
            if (found := next(_note_starts(page.text, following, position), None)) is None:
                break
            cuts.append(found[0])
            position = found[1]
        if len(cuts) == len(cited) or first[0] > cited[-1]:
            return cuts, label + len(cuts)
    return [], label


def _note_starts(text: str, label: int, position: int) -> Iterator[tuple[int, int]]:
    """Where the note labelled ``label`` may open in ``text`` from ``position``: its label and a word.

    Not a number that a word like "Antwoord" or "Vraag" names ("»?1 Antwoord 1 Ja, ik ben ..."),
    nor the last of a heading's numbers ("Antwoord 4 en 5 Op 1 november …").
    """
    for found in re.compile(rf"(?<=\s){label}\s+{patterns.NOTE_TEXT}").finditer(text, position):
        before = text[max(0, found.start() - 40) : found.start()].rstrip()
        if not patterns.NUMBERED_WORD.search(before) and not _HEADING_NUMBERS.search(before):
            yield found.start(), found.end()


def _spans(length: int, cuts: Sequence[int]) -> list[tuple[int, int]]:
    bounds = [0, *cuts, length]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _at_headings(pieces: Sequence[Line]) -> list[Line]:
    """Pieces cut before every heading, and after its numbers, so that each heading is a line of its own."""
    result: list[Line] = []
    for piece in pieces:
        starts = [
            found.end()
            for found in _HEADING_AT.finditer(piece.text)
            if parse_heading(piece.text[found.end() :][:80], numbered=True) is not None
        ]
        starts = sorted({*starts, *(found.end() for found in _AFTER_SHORT_ANSWER.finditer(piece.text))})
        for a, b in _spans(len(piece.text), starts):
            result += _heading_alone(piece.cut(a, b))
    return result


def _at_signatures(pieces: Sequence[Line]) -> list[Line]:
    """Pieces that end in a signature cut before its role and before its name, as it was printed.

    "… (ingezonden 10 maart 2022). De Minister van Justitie en Veiligheid, M.A. Hendriksen"
    closes a letter's first page or the answers; ``rag.ingest.layout.metadata`` reads a
    signature from its own lines.
    """
    result: list[Line] = []
    for piece in pieces:
        found = _SIGNATURE_AT.search(piece.text)
        if found is None:
            result.append(piece)
            continue
        result += [
            piece.cut(0, found.start()),
            piece.cut(found.start(), found.end("role")),
            piece.cut(found.start("name"), found.end("name")),
        ]
        if piece.text[found.end("name") :].strip():
            result.append(piece.cut(found.end("name")))
    return result


def _heading_alone(piece: Line) -> list[Line]:
    """A piece that opens with a heading, cut after the heading's numbers."""
    heading = parse_heading(piece.text.strip()[:200])
    if heading is None or heading.rest_start is None:
        return [piece]
    indent = len(piece.text) - len(piece.text.lstrip())
    return [piece.cut(0, indent + heading.rest_start), piece.cut(indent + heading.rest_start)]


def _stripped(line: Line) -> Line | None:
    """The line without surrounding spaces (offsets kept exact); None when nothing is left."""
    begin = len(line.text) - len(line.text.lstrip())
    stop = len(line.text.rstrip())
    return line.cut(begin, stop) if stop > begin else None
