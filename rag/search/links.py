"""How passages point at each other: an answer at the Kamervragen it answers, a note at the passage citing it.

The retriever orders passages by their own units first; these links then move a passage by
the score of another it belongs with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property

import numpy as np

from rag.document import Passage
from rag.ingest.patterns import WEB_ADDRESS, is_bare_reference
from rag.search.quantities import years
from rag.store.index import Index

# Where a note's source begins: a title in «», a web address, a paper's number.
_SOURCE_MARK = re.compile(r"«|\bhttps?://|\bwww\.|\bnr\.?\s*\d", re.IGNORECASE)
# At most this many words before it: the publisher and a date ("Relief Web, 6 mei 2024, «…»").
_SOURCE_LEAD = 8
# A note that cites a report as a bibliography does, in three or more fields between commas:
# who published it (at most _SOURCE_LEAD words), its title and number, then a date of a few
# words ending it: "SWOV, Ernstig verkeersgewonden 2019, R-2020-14, Den Haag, juni 2020." An
# aside after the date is left out ("juni 2022 (bijlage bij Kamerstuk 30 872, nr. 291).").
# Two fields are too often a statement and its date ("Het aantal steeg tot 4.100, in 2021.").
_CITED_DATE_WORDS = 3
_ASIDE_AT_END = re.compile(r"\s*\([^)]*\)\W*$")


def is_source_note(passage: Passage) -> bool:
    """Whether ``passage`` is a note that only names a source: "AD, 16 november 2023 (https://…)".

    Not a note that says something and points to a source ("De verdeling van de sterkte over
    de eenheden is beschreven in Kamerstuk 29 628, nr. 1058.").
    """
    if passage.kind != "footnote":
        return False
    text = passage.text.strip()
    mark = _SOURCE_MARK.search(text)
    if is_bare_reference(text) or (mark is not None and len(text[: mark.start()].split()) <= _SOURCE_LEAD):
        return True
    fields = _ASIDE_AT_END.sub("", text).rstrip(". ").split(",")
    return (
        len(fields) > 2
        and len(fields[0].split()) <= _SOURCE_LEAD
        and len(fields[-1].split()) <= _CITED_DATE_WORDS
        and bool(years(fields[-1]))
    )


def is_reference_note(passage: Passage) -> bool:
    """Whether ``passage`` is a note that is only a reference: a paper number or a web address."""
    return passage.kind == "footnote" and is_bare_reference(passage.text)


def citing_passages(passages: Sequence[Passage]) -> dict[int, int]:
    """Per note that is only a reference (a paper number, a link), the passage holding the sentence citing it."""
    by_doc: dict[str, list[int]] = {}
    for i, passage in enumerate(passages):
        if passage.kind != "footnote":
            by_doc.setdefault(passage.doc_id, []).append(i)
    found = {}
    for i, note in enumerate(passages):
        if note.cited_by and is_reference_note(note):
            cited = _folded(note.cited_by)
            citing = next((j for j in by_doc.get(note.doc_id, []) if cited in _folded(passages[j].text)), None)
            if citing is not None:
                found[i] = citing
    return found


def _folded(text: str) -> str:
    return " ".join(text.split()).lower()


class Links:
    """The links among an index's passages, read on first need, and the orders they lead to."""

    def __init__(self, index: Index) -> None:
        """Links among the passages of ``index``."""
        self.index = index

    @cached_property
    def kamervragen_of(self) -> dict[int, tuple[int, ...]]:
        """Per answer passage, the Kamervragen it answers (same document, a shared Vraag number)."""
        asking: dict[tuple[str, int], list[int]] = {}
        for owner, passage in enumerate(self.index.passages):
            if passage.kind == "question":
                for number in passage.vraag:
                    asking.setdefault((passage.doc_id, number), []).append(owner)
        return {
            owner: tuple(dict.fromkeys(q for n in passage.vraag for q in asking.get((passage.doc_id, n), ())))
            for owner, passage in enumerate(self.index.passages)
            if passage.kind == "answer" and passage.vraag
        }

    @cached_property
    def citing(self) -> dict[int, int]:
        """Per note that is only a paper number or link, the passage citing it."""
        return citing_passages(self.index.passages)

    def lifted_by_kamervraag(self, query: np.ndarray, best: dict[int, float], share: float) -> dict[int, float]:
        """``best`` with each answer lifted as a whole by ``share`` of its Kamervraag's lead, where it has one.

        "Can the minister ban a group like KOZP?" is close to the member's question and far from
        the answer's wording ("Het betreft in het onderhavige geval ..."). All passages of one
        answer rise by the same amount, from its best passage's score, so that the order within
        the answer stays its own; never lowered.
        """
        if not share:
            return dict(best)
        answers: dict[tuple[int, ...], float] = {}  # per set of Kamervragen: its best passage's score
        for owner, score in best.items():
            questions = self.kamervragen_of.get(owner)
            if questions:
                answers[questions] = max(answers.get(questions, score), score)
        lifts = {
            questions: share * max(0.0, max(self.index.best_score(q, query) for q in questions) - top)
            for questions, top in answers.items()
        }
        return {owner: score + lifts.get(self.kamervragen_of.get(owner, ()), 0.0) for owner, score in best.items()}

    def references_by_citing(self, query: np.ndarray, order: dict[int, float]) -> dict[int, float]:
        """The reference notes among ``order``, each scored by the better of itself and the passage citing it.

        "Kamerstuk 26 643, nr. 640" is cited at the end of a Kamervraag whose first sentence
        names the action plan it numbers; the sentence holding the marker does not
        (eval/fresh2-11). The passage as a whole does.
        """
        return {
            note: max(order[note], self.index.best_score(passage, query))
            for note, passage in self.citing.items()
            if note in order
        }

    def links_above_citing(self, order: dict[int, float]) -> dict[int, float]:
        """The web-address notes among ``order``, each ranked just above the passage citing it.

        Asked for a link, the passage that cites the address ("De VSNU heeft het aanbod op hun
        website inzichtelijk gemaakt.") otherwise came first and the address second.
        """
        return {
            note: max(order[note], order[citing] + 1e-4)
            for note, citing in self.citing.items()
            if note in order and citing in order and WEB_ADDRESS.fullmatch(self.index.passages[note].text.strip())
        }
