"""Turn groups of printed lines and detached notes into Passages with stable ids."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.document import Footnote, Passage
from rag.ingest.folding import Folded, fold
from rag.ingest.notes import Detached
from rag.ingest.sentences import sentence_spans, split_long
from rag.ingest.source import Line

# An item of a list: a paragraph that opens with a dash or a bullet.
_LIST_ITEM = re.compile(r"[\u2013\u2014\u2022\u25aa\u00b7*-]\s")


@dataclass(frozen=True)
class PassageMaker:
    """Everything a passage needs besides its own lines: the document and its notes."""

    doc_id: str
    title: str
    detached: Detached

    def fold(self, lines: Sequence[Line]) -> Folded:
        """Fold lines, removing markers of this document's notes."""
        return fold(lines, self.detached.foot_labels, self.detached.end_labels, self.detached.vocabulary)

    def note_texts(self, labels: Sequence[str]) -> tuple[str, ...]:
        """Return the texts of the notes with these labels, once each, in order."""
        texts = {note.label: note.folded.text for note in self.detached.notes}
        return tuple(texts[label] for label in dict.fromkeys(labels) if label in texts)

    def make(
        self,
        groups: Sequence[Sequence[Line]],
        kind: str,
        section: str,
        vraag: tuple[int, ...] = (),
        question: Folded | None = None,
        headings: Sequence[str | None] = (),
        cited: dict[str, tuple[int, ...]] | None = None,
    ) -> list[Passage]:
        """One passage per paragraph (over-long ones split at sentences), numbered from 1.

        Notes referenced by ``question`` are attached to every passage of its answer, since
        the question is the context the passage is read in. ``headings``, when given, holds
        the heading above each group. ``cited``, when given, records for each note the Vragen
        of the first passage that cites it.
        """
        context = question.labels if question else ()
        passages: list[Passage] = []
        for group, heading in self._introductions_joined(groups, headings):
            for part in split_long(self.fold(group)):
                if not part.text:
                    continue
                for label in part.labels if cited is not None else ():
                    cited.setdefault(label, vraag)
                number = len(passages) + 1
                passages.append(
                    Passage(
                        id=f"{self.doc_id}:{section}:{number}",
                        doc_id=self.doc_id,
                        title=self.title,
                        kind=kind,
                        text=part.text,
                        paragraph=number,
                        start=part.start,
                        end=part.end,
                        vraag=vraag,
                        question=question.text if question else None,
                        page=part.page,
                        footnotes=self.note_texts(part.labels + context),
                        heading=heading,
                    )
                )
        return passages

    def _introductions_joined(
        self, groups: Sequence[Sequence[Line]], headings: Sequence[str | None]
    ) -> list[tuple[list[Line], str | None]]:
        """The paragraphs with their headings, a paragraph that ends in a colon joined to the one after it.

        "De meeste hinder ondervonden:" is answered by the list below it; quoted apart,
        neither says it. A list whose items are paragraphs of their own, each after a dash
        ("Polen: 12.140 kinderen", "België: 5.820 kinderen"), as Word writes one, joins it
        whole: the first item alone answers "in welke landen?" as little.
        """
        joined: list[tuple[list[Line], str | None]] = []
        introduces = False  # whether the paragraph before ends in a colon
        listing = False  # whether the paragraph before is an item of a list a colon introduced
        for position, group in enumerate(groups):
            text = self.fold(group).text.strip()
            item = _LIST_ITEM.match(text) is not None
            if introduces or (listing and item):
                joined[-1][0].extend(group)
                listing = item
            else:
                joined.append((list(group), headings[position] if position < len(headings) else None))
                listing = False
            introduces = text.endswith(":")
        return joined

    def citing_sentences(self, groups: Sequence[Sequence[Line]]) -> dict[str, str]:
        """The sentence that first cites each note, from the document's paragraphs (``groups``)."""
        found: dict[str, str] = {}
        for group in groups:
            folded = self.fold(group)
            spans = sentence_spans(folded.text)
            for label, at in folded.marks:
                # A marker follows what it annotates: the sentence holding the character before it.
                span = next(((a, b) for a, b in spans if a <= max(at - 1, 0) < b), None)
                if span and label not in found:
                    found[label] = folded.text[span[0] : span[1]]
        return found

    def note_passages(
        self, cited_in: dict[str, tuple[int, ...]], citing: dict[str, str] | None = None
    ) -> list[Passage]:
        """Make a passage per note, ``vraag`` set to the question whose text first cites it.

        ``citing`` holds the sentence that cites each note (by label), kept as its ``cited_by``.
        """
        citing = citing or {}
        return [
            Passage(
                id=f"{self.doc_id}:fn:{note.label}",
                doc_id=self.doc_id,
                title=self.title,
                kind="footnote",
                text=note.folded.text,
                paragraph=number,
                start=note.folded.start,  # the note's text; its Footnote also spans the label
                end=note.end,
                vraag=cited_in.get(note.label, ()),
                page=note.folded.page,
                cited_by=citing.get(note.label),
            )
            for number, note in enumerate(self.detached.notes, start=1)
        ]

    def footnotes(self) -> tuple[Footnote, ...]:
        """Return the document's notes as Footnotes."""
        return tuple(Footnote(note.label, note.folded.text, note.start, note.end) for note in self.detached.notes)
