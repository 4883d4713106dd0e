# ruff: noqa: RUF001, RUF003 - Dutch text uses the typographic apostrophe (’)

"""Keyword searches: a few words that ask nothing, found where the documents write them.

A document's own number ("2020Z23459", "ah-tk-20232024-1076") names that document: alone it
finds the document's heading (who asked whom about what, and when), with more words it asks
them of that document. Its passages seldom print the number.

"Arriva", "sinterklaas", "Kick Out Zwarte Piet", "125 miljoen": a user who types a name or a
term without a question wants the answers that write it. e5 scores a lone word low against
any text, so the background test refused "arriva" and "Sinterklaas" while their documents were
in the index and ranked first. A term that an answer or its Kamervraag writes is evidence
enough for a search that asks nothing, and the answer that writes it is what is quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.ingest.furniture import AANHANGSEL_ID
from rag.ingest.layout.metadata import KENMERK
from rag.ingest.sentences import sentence_spans
from rag.search.lexical import QUESTION_WORDS, TOKEN, stop_words

# A query of at most this many words, without a question mark or question word, is a search.
# "kosten dijkversterking Holwerd Lauwersoog" is one; "Wat is PRIO?" is a question.
KEYWORD_WORDS = 4
# A term this long is also found inside a word: Dutch writes it as part of a compound
# ("intocht" in "sinterklaasintocht", "verkoop" in "verkoopovereenkomst"). A shorter one only
# as a word of its own: "NZa", "DRA" and "bunq" would be found inside far too many others.
INFIX_LENGTH = 5
# Where a hyphenated word or one with an apostrophe has its parts: "ai-studenten", "ict’ers".
_PARTS = re.compile(r"[-’']")
# A document's numbers as users type them, in any case: "2020z23459", "AH-TK-20232024-1076".
_KENMERK = re.compile(KENMERK.pattern, re.IGNORECASE)
_AANHANGSEL_ID = re.compile(AANHANGSEL_ID.pattern, re.IGNORECASE)


def search_terms(query: str) -> tuple[str, ...]:
    """The lower-cased terms of a keyword search, or () when ``query`` asks a question or names nothing."""
    if "?" in query:
        return ()
    tokens = TOKEN.findall(query.lower())
    if not tokens or len(tokens) > KEYWORD_WORDS or any(t in QUESTION_WORDS for t in tokens):
        return ()
    return tuple(dict.fromkeys(t for t in tokens if t not in stop_words()))


def document_number(query: str) -> tuple[str, str] | None:
    """The kenmerk or Aanhangsel id that ``query`` names, lower-cased, and the rest of it; or None.

    "ah-tk-20232024-1076" gives ("ah-tk-20232024-1076", ""); "Wie tekende 2020Z23459?" gives
    ("2020z23459", "Wie tekende ?").
    """
    found = _KENMERK.search(query) or _AANHANGSEL_ID.search(query)
    if found is None:
        return None
    rest = f"{query[: found.start()]} {query[found.end() :]}"
    return found.group().lower(), " ".join(rest.split())


def written_words(text: str) -> frozenset[str]:
    """The words of lower-cased ``text``, with the parts of its hyphenated ones ("ai" of "ai-studenten")."""
    tokens = TOKEN.findall(text)
    return frozenset(tokens).union(*(_PARTS.split(token) for token in tokens if _PARTS.search(token)))


def writes(text: str, words: frozenset[str], terms: Sequence[str]) -> bool:
    """Whether lower-cased ``text``, whose ``written_words`` are ``words``, writes every one of ``terms``."""
    return all(_writes_term(text, words, term) for term in terms)


def _writes_term(text: str, words: frozenset[str], term: str) -> bool:
    """Whether ``text`` writes ``term``: inside any word when long enough, else as a word of its own."""
    return term in text if len(term) >= INFIX_LENGTH else term in words


def units_writing(text: str, terms: Sequence[str]) -> set[int]:
    """The sentence units of ``text`` that write ``terms``: what to highlight.

    Numbered as ``rag.store.embedding.embed_units`` does: its n sentences 1 to n, each unit
    writing one of ``terms``, then the pairs of neighbouring sentences n + 1 to 2n - 1, each
    unit of two such sentences.
    """
    lowered = text.lower()
    spans = sentence_spans(text)
    written = []
    for start, end in spans:
        sentence = lowered[start:end]
        words = written_words(sentence)
        written.append(any(_writes_term(sentence, words, term) for term in terms))
    count = len(spans)
    pairs = {count + i + 1 for i in range(count - 1) if written[i] and written[i + 1]}
    return {i + 1 for i in range(count) if written[i]} | pairs
