"""The facet leg: the passages that state what a document says about itself, lifted when a question asks it.

Every Kamervragen answer document states who answered, who asked, when, its kenmerk and its
article in its covering letter and heading, in a fixed form ("De vragen waren ingezonden
op 2 december 2020 met kenmerk 2020Z23459", "van de leden Van der Molen en Amhaouch (beiden
CDA)", a signature). Those passages are short and formulaic, and the embedding model rarely
ranks them first for "who signed the answers?". A question that asks for one of these
facets (``rag.search.asking``) therefore lifts the passages of the letter, heading or notes
that state it, as the lexical leg lifts passages for Dutch questions; scores, the margin
and the evidence test stay dense.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence

import numpy as np

from rag.document import Metadata, Passage
from rag.ingest.layout.kamervragen import MEDEDELING
from rag.ingest.layout.metadata import (
    ANSWERED_BY,
    ASKERS,
    KENMERK_LABELLED,
    LETTER_DATE,
    RECEIVED,
    SIGNATURE_ROLE,
    SUBMITTED,
    SUBMITTED_NUMERIC,
)
from rag.ingest.patterns import PAPER_NUMBER
from rag.search.asking import asked_facets

# Passages that can state a facet of the document: never the answers themselves.
FACET_KINDS = ("letter", "heading", "paragraph", "footnote")

# A facet whose stated passage is the answer itself, whatever its dense score, is lifted by
# this many times the usual lift: the signature ("De minister van ..., <name>") for who
# answered or signed, the note citing the article ("Het Parool, 24 november 2020, ..."), the
# answer to "Bent u bekend met het bericht?" ("Ja.") and the heading's date, kenmerk and
# askers. Those short passages score well below longer answers (eval/fresh2-8). The others
# keep the usual lift: the co-signer, subject and paper numbers are also named in passages
# that do not answer, and every Kamervraag states what the members asked. Chosen on
# eval/fresh2-8 and tune (docs/evaluation-history.md).
ANSWER_LIFT = 10.0
ANSWERING_FACETS = frozenset(
    {"answerer", "signer", "publication", "aware", "submitted", "received", "kenmerk", "askers", "reference", "delay"}
)
# A Kamervraag asking whether the minister knows an article or broadcast.
KNOWN_ARTICLE = re.compile(r"\bbekend met\b.*\b(\w*bericht|\w*artikel|uitzending|rapport)", re.IGNORECASE)


# A Mededeling says when the answers will come: "Ik streef ernaar de vragen uiterlijk 30 juni
# te beantwoorden", "zo spoedig mogelijk, doch uiterlijk binnen vier weken". Its heading's
# "(ontvangen ...)" dates the Mededeling, not the answers.
_ANSWERS_EXPECTED = re.compile(r"\b(uiterlijk|streef\w*|zo spoedig mogelijk)\b", re.IGNORECASE)
# Its other paragraphs say why: "Voor de beantwoording is informatie nodig van ...".
_DELAY_REASON = re.compile(r"\b(nodig|omdat|vanwege|in verband met|afstemming|afwachten|wacht\w*)\b", re.IGNORECASE)


def stated_facets(passage: Passage, metadata: Metadata | None) -> frozenset[str]:
    """The facets a passage states.

    A Kamervraag states the members' question; the letter, heading and notes state what
    the metadata parser reads in them, and a note that is only a paper number, a reference.
    A Mededeling states when the answers are expected, where it says so.
    """
    if passage.kind == "question":
        return frozenset({"question"})
    if passage.kind == "mededeling":
        if _ANSWERS_EXPECTED.search(passage.text):
            return frozenset({"received"})
        return frozenset({"delay"}) if _DELAY_REASON.search(passage.text) else frozenset()
    if passage.kind == "answer":
        return frozenset({"aware"}) if passage.question and KNOWN_ARTICLE.search(passage.question) else frozenset()
    if passage.kind not in FACET_KINDS:
        return frozenset()
    text = passage.text
    found = set()
    if passage.kind == "footnote" and PAPER_NUMBER.fullmatch(text.strip()):
        found.add("reference")
    if SUBMITTED.search(text) or SUBMITTED_NUMERIC.search(text):
        found.add("submitted")
    if ASKERS.search(text):
        found.add("askers")
    if KENMERK_LABELLED.search(text):
        found.add("kenmerk")
    if SIGNATURE_ROLE.match(text):
        found |= {"answerer", "signer"}
    if ANSWERED_BY.search(text):
        found.add("answerer")
    if (RECEIVED.search(text) and not MEDEDELING.search(text)) or LETTER_DATE.search(text):
        found.add("received")
    if re.search(r"\bnamens\b", text):  # "mede namens ..."
        found.add("cosigner")
    if metadata and metadata.subject and _folded(metadata.subject) in _folded(text):
        found |= {"subject", "publication"} if passage.kind == "footnote" else {"subject"}
    return frozenset(found)


def _folded(text: str) -> str:
    return " ".join(text.split()).lower()


class FacetLeg:
    """Per passage, its lift for the facets asked for (1, or ``ANSWER_LIFT``), else 0; None when none is asked.

    Only documents whose metadata says something about themselves (a kenmerk, askers, a
    date) are tagged, on the first question that asks for a facet.
    """

    def __init__(self, passages: Sequence[Passage], metadata: Mapping[str, Metadata]) -> None:
        """Prepare to tag ``passages``; ``metadata`` maps a doc_id to what its document says about itself."""
        self._passages = passages
        self._metadata = {doc_id: m for doc_id, m in metadata.items() if m != Metadata()}
        self._stated: list[frozenset[str]] | None = None
        self._lock = threading.Lock()  # the chat answers two questions at once

    def scores(self, question: str) -> np.ndarray | None:
        """Per passage, its lift for what ``question`` asks about the document itself."""
        asked = asked_facets(question)
        if not asked or not self._metadata:
            return None
        with self._lock:
            if self._stated is None:
                self._stated = [
                    stated_facets(p, self._metadata[p.doc_id]) if p.doc_id in self._metadata else frozenset()
                    for p in self._passages
                ]
        lifts = []
        for stated in self._stated:
            shared = stated & asked
            lifts.append(0.0 if not shared else ANSWER_LIFT if shared & ANSWERING_FACETS else 1.0)
        return np.array(lifts)
