"""Keyword searches: a few words that ask nothing, found where the documents write them.

"Arriva", "sinterklaas", "Kick Out Zwarte Piet", "125 miljoen": a user who types a name or a
term without a question wants the answers that write it. e5 scores a lone word low against
any text, so the background test refused "arriva" and "Sinterklaas" while their documents were
in the index and ranked first. A term that an answer or its Kamervraag writes is evidence
enough for a search that asks nothing, and the answer that writes it is what is quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rag.ingest.sentences import sentence_spans
from rag.search.lexical import QUESTION_WORDS, TOKEN, stop_words

# A query of at most this many words, without a question mark or question word, is a search.
# "kosten dijkversterking Holwerd Lauwersoog" is one; "Wat is PRIO?" is a question.
KEYWORD_WORDS = 4
# A term this long is also found inside a word: Dutch writes it as part of a compound
# ("intocht" in "sinterklaasintocht", "verkoop" in "verkoopovereenkomst"). A shorter one only
# as a word of its own: "NZa", "DRA" and "bunq" would be found inside far too many others.
INFIX_LENGTH = 5


def search_terms(query: str) -> tuple[str, ...]:
    """The lower-cased terms of a keyword search, or () when ``query`` asks a question or names nothing."""
    if "?" in query:
        return ()
    tokens = TOKEN.findall(query.lower())
    if not tokens or len(tokens) > KEYWORD_WORDS or any(t in QUESTION_WORDS for t in tokens):
        return ()
    return tuple(dict.fromkeys(t for t in tokens if t not in stop_words()))


@lru_cache(maxsize=256)
def _pattern(term: str) -> re.Pattern[str]:
    """Where ``term`` is written: anywhere when long enough, else as a word of its own."""
    escaped = re.escape(term)
    return re.compile(escaped if len(term) >= INFIX_LENGTH else rf"(?<!\w){escaped}(?!\w)")


def writes(text: str, terms: Sequence[str]) -> bool:
    """Whether lower-cased ``text`` writes every one of ``terms``."""
    return all(_pattern(term).search(text) for term in terms)


def units_writing(text: str, terms: Sequence[str]) -> set[int]:
    """The sentence units of ``text`` that write ``terms``: what to highlight.

    Numbered as ``rag.store.embedding.embed_units`` does: its n sentences 1 to n, each unit
    writing one of ``terms``, then the pairs of neighbouring sentences n + 1 to 2n - 1, each
    unit of two such sentences.
    """
    lowered = text.lower()
    spans = sentence_spans(text)
    written = [any(_pattern(term).search(lowered[start:end]) for term in terms) for start, end in spans]
    count = len(spans)
    pairs = {count + i + 1 for i in range(count - 1) if written[i] and written[i + 1]}
    return {i + 1 for i in range(count) if written[i]} | pairs
