"""What the searcher knows of the indexed passages as a whole, worked out on first need.

Which passages are Kamervragen, the heading or letter, or notes that only name a source or
a paper; which years each document names; which words the documents write in lower case
and which each one writes at all. Each is read once per index, not at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property

import numpy as np

from rag.search import evidence
from rag.search.keywords import writes, written_words
from rag.search.links import is_reference_note, is_source_note
from rag.search.names import STEM, Vocabulary, lower_case_words
from rag.store.index import Index


class Profile:
    """Per-passage flags and per-document words and years of one index."""

    def __init__(self, index: Index) -> None:
        """Describe the passages of ``index``."""
        self.passages = index.passages
        self.sources = index.manifest.sources
        self._places: dict[str, list[tuple[int, Vocabulary]]] = {}

    @cached_property
    def years(self) -> dict[str, frozenset[str]]:
        """The years each document names, for the evidence test: read on first need, not at start-up."""
        named: dict[str, frozenset[str]] = {}
        for passage in self.passages:
            found = evidence.years(" ".join([passage.text, passage.question or "", *passage.footnotes]))
            named[passage.doc_id] = named.get(passage.doc_id, frozenset()) | found
        return named

    @cached_property
    def is_question(self) -> np.ndarray:
        """Per passage, whether it is a Kamervraag."""
        return np.array([p.kind == "question" for p in self.passages], dtype=bool)

    def questions_naming(self, names: Sequence[str]) -> np.ndarray:
        """Per passage, whether it is a Kamervraag writing one of ``names`` (lower-cased), by their first letters."""
        found = np.zeros(len(self.passages), dtype=bool)
        if names:
            stems = "|".join(re.escape(n[:STEM]) + (r"\w*" if len(n) >= STEM else r"\b") for n in names)
            pattern = re.compile(rf"\b(?:{stems})", re.IGNORECASE)
            for row in np.flatnonzero(self.is_question):  # only they can be offered for a claim
                found[row] = bool(pattern.search(self.passages[row].text))
        return found

    @cached_property
    def is_source(self) -> np.ndarray:
        """Per passage, whether it is a note that only names a source."""
        return np.array([is_source_note(p) for p in self.passages], dtype=bool)

    @cached_property
    def is_reference(self) -> np.ndarray:
        """Per passage, whether it is a note that is only a paper number or web address."""
        return np.array([is_reference_note(p) for p in self.passages], dtype=bool)

    @cached_property
    def common_words(self) -> frozenset[str]:
        """The words the documents write in lower case somewhere, for the name test: read on first need."""
        return lower_case_words(p.text for p in self.passages)

    @cached_property
    def vocabularies(self) -> dict[str, Vocabulary]:
        """Per document, the words it writes, for the test of a question's names: read on first need."""
        texts: dict[str, list[str]] = {}
        for p in self.passages:
            texts.setdefault(p.doc_id, []).extend([p.text, p.question or "", p.heading or "", p.title, *p.footnotes])
        return {doc_id: Vocabulary.of(parts) for doc_id, parts in texts.items()}

    def places(self, doc_id: str) -> list[tuple[int, Vocabulary]]:
        """Each passage of document ``doc_id`` with the vocabulary of its own text.

        A note is a passage of its own: counted with each passage that cites it as well, one
        newspaper's name in one note would be written three times ("de Gelderlander").
        """
        if doc_id not in self._places:
            whole = self.vocabularies[doc_id]
            self._places[doc_id] = [
                (o, whole.part([p.text])) for o, p in enumerate(self.passages) if p.doc_id == doc_id
            ]
        return self._places[doc_id]

    def quoted_vocabulary(self, owner: int) -> Vocabulary:
        """The words of passage ``owner``'s whole answer with its Kamervraag, and its document's heading and letter.

        A long answer is quoted in parts: what one part names, the answer names.
        """
        passage = self.passages[owner]
        quoted = [
            self.passages[o]
            for o, _ in self.places(passage.doc_id)
            if o == owner or self.is_framing[o] or (passage.vraag and self.passages[o].vraag == passage.vraag)
        ]
        parts = [passage.question or "", passage.heading or "", passage.title]
        return self.vocabularies[passage.doc_id].part(parts + [text for p in quoted for text in (p.text, *p.footnotes)])

    @cached_property
    def all_years(self) -> frozenset[str]:
        """The years any document names."""
        return frozenset().union(*self.years.values())

    @cached_property
    def is_framing(self) -> np.ndarray:
        """Per passage, whether it is the official heading (who asked whom, when) or the covering letter."""
        return np.array([p.kind in ("heading", "letter") for p in self.passages], dtype=bool)

    @cached_property
    def search_texts(self) -> list[tuple[str, frozenset[str]]]:
        """Per passage, its Kamervraag and text in lower case and their words: where a keyword search looks."""
        texts = [f"{p.question or ''}\n{p.text}".lower() for p in self.passages]
        return [(text, written_words(text)) for text in texts]

    def writing(self, terms: Sequence[str]) -> np.ndarray:
        """Per passage, whether it or its Kamervraag writes every one of ``terms`` (``rag.search.keywords``)."""
        return np.array([writes(text, words, terms) for text, words in self.search_texts], dtype=bool)

    def numbered(self, number: str) -> set[str]:
        """The documents whose doc_id, kenmerk or Aanhangsel id is ``number`` (lower case)."""
        return {
            s.doc_id
            for s in self.sources
            if number in {n.lower() for n in (s.doc_id, s.metadata.kenmerk, s.metadata.aanhangsel) if n}
        }

    @cached_property
    def doc_ids(self) -> np.ndarray:
        """Per passage, its document."""
        return np.array([p.doc_id for p in self.passages])
