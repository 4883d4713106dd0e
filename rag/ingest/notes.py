"""Detach page-foot notes and end notes from the running text.

Page-foot notes ("1 Het gaat hier om ...") sit between the last line of one page and the
first line of the next, often in the middle of a sentence. They are recognised by their
number: it must be the next note number, and a marker for it ("developer.1") must
already have appeared in the running text. End notes ("1) Het Parool, ...") follow a rule
of underscores at the end of the document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from rag.ingest import patterns
from rag.ingest.folding import Folded, fold
from rag.ingest.labels import BARE_LABEL, NOTE_TEXT_START, labels_joined
from rag.ingest.source import Line


@dataclass(frozen=True)
class Note:
    """A detached note: its printed label ("1" or "1)"), where it starts, and its folded text."""

    label: str
    start: int  # offset of the label in the source text
    folded: Folded

    @property
    def end(self) -> int:
        """Offset just past the note's last character."""
        return self.folded.end


@dataclass(frozen=True)
class Detached:
    """The running text with its notes taken out."""

    body: tuple[Line, ...]
    notes: tuple[Note, ...]

    @property
    def foot_labels(self) -> frozenset[str]:
        """Labels of page-foot notes ("1", "2", ...)."""
        return frozenset(note.label for note in self.notes if not note.label.endswith(")"))

    @property
    def end_labels(self) -> frozenset[str]:
        """Labels of end notes ("1)", "2)", ...)."""
        return frozenset(note.label for note in self.notes if note.label.endswith(")"))

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """The words of the running text in lower case, but the parts of words broken at a hyphen.

        It tells which parts before a hyphen are words of their own ("mvo" in "mvo-standaarden").
        A part is left out before and after a hyphen that ends a token, at a line end or, in a
        conversion that put the lines on one ("tegemoetko- mingen"), inside a line.
        """
        words: set[str] = set()
        broken = False  # the token before ended in a hyphen
        for line in self.body:
            for token in line.text.split():
                if not broken and not token.endswith("-"):
                    words.update(word.lower() for word in _WORDS.findall(token))
                broken = token.endswith("-")
        return frozenset(words)


_WORDS = re.compile(r"[^\W\d_]+")

# A note being read: its label, the offset of that label, and its lines so far.
_Part = tuple[str, int, list[Line]]


def detach_notes(lines: Sequence[Line]) -> Detached:
    """Split lines into running text and notes; the running text closes over the gaps."""
    body, end_notes = _split_end_notes(labels_joined(lines))
    body, foot_notes = _split_foot_notes(body)
    return Detached(tuple(_with_spaced_markers(body, foot_notes)), tuple(foot_notes + end_notes))


def _split_end_notes(lines: list[Line]) -> tuple[list[Line], list[Note]]:
    """End notes after the last rule of underscores; text after the rule that is no note stays."""
    rules = [index for index, line in enumerate(lines) if patterns.ENDNOTE_RULE.match(line.text)]
    if not rules:
        return lines, []
    rule = lines[rules[-1]]
    after_rule = patterns.ENDNOTE_RULE.match(rule.text).end()
    tail = ([rule.cut(after_rule)] if rule.text[after_rule:].strip() else []) + lines[rules[-1] + 1 :]
    parts: list[_Part] = []
    stray: list[Line] = []
    for line in tail:
        start = patterns.ENDNOTE_START.match(line.text)
        if start:
            parts.append((start.group("label"), line.start + start.start("label"), [line.cut(start.end())]))
        elif parts:
            parts[-1][2].append(line)
        else:
            stray.append(line)
    if not parts:
        return lines, []
    return lines[: rules[-1]] + stray, [Note(label, at, fold(part)) for label, at, part in parts]


@dataclass(frozen=True)
class _Marker:
    """Where a note marker may stand: its label, the source offset of its first character, and its line."""

    label: str
    at: int
    line: int
    begin: int  # within the line's text
    end: int
    glued: bool  # "developer.1", not "bericht 1?"
    weak: bool = False  # glued to a word without punctuation ("Kit2"): the marker only when nothing else is


def _marker_candidates(lines: Sequence[Line]) -> list[_Marker]:
    """Every place that may be a note marker, in text order: explicit, glued ("developer.1") or spaced ("Ends 1?")."""
    found: list[_Marker] = []
    for index, line in enumerate(lines):
        explicit = {begin for begin, _, _ in line.markers}
        found += [_Marker(label, line.start + begin, index, begin, end, True) for begin, end, label in line.markers]
        for marker in patterns.FOOTNOTE_MARKER.finditer(line.text):
            if marker.start("n") not in explicit:
                found.append(_Marker(marker.group("n"), line.start + marker.start("n"), index, *marker.span("n"), True))
        for marker in patterns.SPACED_MARKER.finditer(line.text):
            if not patterns.NUMBERED_WORD.search(line.text[: marker.start()].rstrip()):
                at = line.start + marker.start("n")
                found.append(_Marker(marker.group("n"), at, index, *marker.span("n"), False))
        for marker in patterns.LETTER_MARKER.finditer(line.text):
            group = next(name for name in ("n", "m", "k") if marker.group(name))
            at = line.start + marker.start(group)
            found.append(_Marker(marker.group(group), at, index, *marker.span(group), False, weak=True))
    return sorted(found, key=lambda marker: marker.at)


def _first_markers(lines: Sequence[Line]) -> dict[str, int]:
    """For each marker label in the running text, the index of the first line that has it."""
    first: dict[str, int] = {}
    for marker in _marker_candidates(lines):
        first.setdefault(marker.label, marker.line)
    return first


def _with_spaced_markers(body: list[Line], notes: Sequence[Note]) -> list[Line]:
    """``body`` with the marker of each page-foot note recorded on its line where it stands apart ("Ends 1?").

    A note's marker is the last candidate for its label before the note and after the
    previous note's marker; a glued one ("developer.1") wins, and folding removes those by
    itself, so only a spaced marker is recorded. Other numbers in the text are left alone.
    """
    candidates = _marker_candidates(body)
    lines = list(body)
    after = -1
    for note in notes:
        if note.label.endswith(")"):
            continue
        own = [m for m in candidates if m.label == note.label and after < m.at < note.start]
        if not own:
            continue
        ranked = [m for m in own if m.glued] or [m for m in own if not m.weak] or own
        chosen = ranked[-1]
        after = chosen.at
        line = lines[chosen.line]
        if not chosen.glued and (chosen.begin, chosen.end, note.label) not in line.markers:
            lines[chosen.line] = replace(line, markers=(*line.markers, (chosen.begin, chosen.end, note.label)))
    return lines


def _split_foot_notes(lines: list[Line]) -> tuple[list[Line], list[Note]]:
    """Take out blocks of page-foot notes, together with the blank lines around them."""
    markers = _first_markers(lines)
    body: list[Line] = []
    notes: list[Note] = []
    index = 0
    number = 1
    while index < len(lines):
        if stacked := _stacked_notes(lines, index, number):
            index, found = stacked
            number = int(found[-1].label) + 1
            notes.extend(found)
            continue
        start = patterns.FOOTNOTE_START.match(lines[index].text)
        # The next note, or the one after it when a note was lost (no marker, or a mangled label);
        # at the foot of a page the notes there need no marker ("volgens de informatiekaart 10 van").
        opens = start and any(
            start.group("n") == str(label)
            and (markers.get(str(label), index) < index or _at_page_foot(lines, index, label, markers))
            for label in (number, number + 1)
        )
        if not opens:
            body.append(lines[index])
            index += 1
            continue
        while body and body[-1].blank:
            body.pop()
        cut_mid_sentence = bool(body) and not patterns.SENTENCE_END.search(patterns.without_marker(body[-1].text))
        number = int(start.group("n"))
        index, found, resumed = _read_block(lines, index, markers, number, cut_mid_sentence)
        number += len(found)
        notes.extend(found)
        body.extend(resumed)
        while index < len(lines) and lines[index].blank:
            index += 1
    return body, notes


def _stacked_notes(lines: Sequence[Line], index: int, number: int) -> tuple[int, list[Note]] | None:
    """Notes whose labels pdftotext stacked above their texts ("2", "3", then a line of each), and the index after them.

    Only where pages are known, the labels run on from ``number`` (or skip one), and as many
    one-line texts as labels close the page or the block.
    """
    if lines[index].page is None:
        return None
    page = lines[index].page
    labels = []
    at = index
    while at < len(lines) and lines[at].page == page and BARE_LABEL.fullmatch(lines[at].text):
        labels.append(at)
        at += 1
    numbers = [int(lines[i].text) for i in labels]
    if (
        len(numbers) < 2
        or numbers[0] not in (number, number + 1)
        or numbers != list(range(numbers[0], numbers[0] + len(numbers)))
    ):
        return None
    while at < len(lines) and lines[at].blank and lines[at].page == page:
        at += 1
    texts = list(range(at, at + len(labels)))
    after = at + len(labels)
    if texts[-1] >= len(lines) or any(lines[i].page != page or not _note_line(lines[i]) for i in texts):
        return None
    if after < len(lines) and lines[after].page == page and not lines[after].blank:
        return None
    notes = [
        Note(lines[label].text.strip(), lines[label].start, fold([lines[text]]))
        for label, text in zip(labels, texts, strict=True)
    ]
    return after, notes


def _note_line(line: Line) -> bool:
    """Whether a line may be a note's text: it opens as one and is no heading."""
    return not line.blank and bool(NOTE_TEXT_START.match(line.text)) and not patterns.is_heading(line.text.strip())


def _at_page_foot(lines: Sequence[Line], index: int, label: int, markers: dict[str, int]) -> bool:
    """Whether ``lines[index]`` opens notes that run, label after label, to the end of its page.

    Only when pages are known; a marker seen for one of those notes before it (``markers``: the
    first line of each label) shows they are notes.
    """
    if lines[index].page is None:
        return False
    labels = [label]
    for line in lines[index + 1 :]:
        if line.page != lines[index].page or line.page_start:
            break
        start = patterns.FOOTNOTE_START.match(line.text)
        if start and start.group("n") == str(labels[-1] + 1):
            labels.append(labels[-1] + 1)
        elif line.blank or patterns.is_heading(line.text.strip()):
            return False
    return len(labels) > 1 and any(markers.get(str(n), index) < index for n in labels)


def _read_block(
    lines: list[Line], index: int, markers: dict[str, int], number: int, cut_mid_sentence: bool
) -> tuple[int, list[Note], list[Line]]:
    """Read consecutive notes from ``lines[index]``: the index after them, the notes, resumed text.

    The block ends at a page start, a blank line, a heading, or a line after a note that
    is complete. Running text that resumes on the note's own line (as it does when a PDF
    generator flowed the note into the text) is handed back as a line of its own.
    """
    parts: list[_Part] = []
    resumed: list[Line] = []
    while index < len(lines):
        line = lines[index]
        label = str(number + len(parts))
        start = patterns.FOOTNOTE_START.match(line.text)
        # The block's first line opens a note (the caller saw to that); at a page foot the next
        # label opens the next note even when its marker was lost.
        seen = not parts or markers.get(label, index) < index or line.page is not None
        opens = bool(start and start.group("n") == label and seen)
        if parts and not opens and BARE_LABEL.fullmatch(line.text) and line.text.strip() in {p[0] for p in parts}:
            index += 1  # a label printed after the notes, its note already read
            continue
        astray = bool(parts) and not opens and _label_printed_after(lines, index, int(label))
        if parts and not astray and _block_ends(line, parts[-1], opens):
            break
        if astray:
            parts.append((label, line.start, [line]))
        elif opens:
            parts.append((label, line.start + start.start("n"), [line.cut(start.end())]))
        else:
            parts[-1][2].append(line)
        _split_inline(parts, number, markers, index)
        index += 1
        if cut_mid_sentence and (rest := _resumed_text(parts[-1])):
            resumed.append(rest)
            break
    return index, [Note(label, at, fold(part)) for label, at, part in parts], resumed


def _label_printed_after(lines: Sequence[Line], index: int, label: int) -> bool:
    """Whether ``lines[index]`` is note ``label`` whose label pdftotext printed below the page's notes.

    "2 / Zie de website … / Zie www.zorgkaart… / 4 / Kamerstukken … / 3": the line reads as a
    note, the next one opens the note after it, and the label stands alone further down the page.
    """
    line = lines[index]
    if line.page is None or not _note_line(line):
        return False
    page = [other for other in lines[index + 1 :] if other.page == line.page and not other.blank]
    following = patterns.FOOTNOTE_START.match(page[0].text) if page else None
    return bool(following and following.group("n") == str(label + 1)) and any(
        other.text.strip() == str(label) for other in page[1:]
    )


def _block_ends(line: Line, part: _Part, opens_note: bool) -> bool:
    """Whether ``line`` no longer belongs to the block of notes being read."""
    if line.blank or line.page_start or patterns.is_heading(line.text.strip()):
        return True
    note_text = " ".join(part_line.text for part_line in part[2]).strip()
    return not opens_note and bool(patterns.NOTE_END.search(note_text))


def _split_inline(parts: list[_Part], number: int, markers: dict[str, int], index: int) -> None:
    """Split notes that follow each other on one line ("2 Kamerstuk 29 696, nr. 7 3 https://...")."""
    while True:
        label = str(number + len(parts))
        line = parts[-1][2][-1]
        if markers.get(label, index) >= index and line.page is None:
            return
        split = next(
            (
                found
                for found in re.finditer(rf"(?<=\s){label}\s+{patterns.NOTE_TEXT}", line.text)
                if not patterns.REFERENCE_WORD.search(line.text[: found.start()].rstrip())
            ),
            None,
        )
        if split is None:
            return
        parts[-1][2][-1] = line.cut(0, split.start())
        parts.append((label, line.start + split.start(), [line.cut(split.end())]))


def _resumed_text(part: _Part) -> Line | None:
    """Cut running text that resumes after a complete note off the note's last line, and return it."""
    line = part[2][-1]
    for found in patterns.BODY_RESUMES.finditer(line.text):
        if not patterns.ABBREVIATION.search(line.text[: found.start()]):
            part[2][-1] = line.cut(0, found.start())
            return line.cut(found.end())
    return None
