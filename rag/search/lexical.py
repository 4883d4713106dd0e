# ruff: noqa: RUF001, RUF003 - Dutch text uses the typographic apostrophe (’)

"""The lexical leg: BM25 (bm25s) over Dutch-aware terms.

Dutch needs more than splitting on spaces: words are stemmed (Snowball, PyStemmer), stop
words of Dutch and English are dropped, compounds are also indexed by their parts
("omscholingsregeling" → "omscholing", "regeling"), and numbers are written one way
("170.000" and "170000" are one term, "€ 37,5 miljoen" gives "37,5", "70/30" stays whole).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from rag.document import Passage
from rag.language import detect_language

# A number with thousands dots, a decimal comma or a ratio slash, or a run of letters
# with inner hyphens or apostrophes ("mkb-bedrijven", "ICT’ers").
TOKEN = re.compile(r"\d+(?:[.,/]\d+)*|[^\W\d_]+(?:[-’'][^\W\d_]+)*")
_THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}(?:\D|$))")
# Letters that may join the parts of a Dutch compound: "omscholing-s-regeling".
_LINKS = ("s", "e", "en")
MIN_PART = 4
# Above this many passages the lexical leg is not built: about 3 s of building on the first question.
LEXICAL_MAX_PASSAGES = 20_000
# Words that ask rather than name what is asked about.
QUESTION_WORDS = frozenset(
    "hoeveel hoe wat welk welke wie waar waarom wanneer waarvoor waaraan hoezeer "
    "how many much what which who whom where why when does did".split()
)


@lru_cache(maxsize=1)
def _stemmer():  # noqa: ANN202 - PyStemmer has no type hints
    import Stemmer

    return Stemmer.Stemmer("dutch")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Dutch and English stop words and question words: questions come in either language."""
    from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

    return frozenset(STOPWORDS_DUTCH) | frozenset(STOPWORDS_EN) | QUESTION_WORDS


def words(text: str) -> list[str]:
    """Lower-cased content words and normalised numbers of ``text``, stop words removed."""
    result = []
    for token in TOKEN.findall(text.lower()):
        if token[0].isdigit():
            result.append(_THOUSANDS.sub("", token))
            continue
        parts = re.split(r"[-’']", token)
        for part in [token.replace("’", "'")] + (parts if len(parts) > 1 else []):
            if part not in stop_words() and len(part) > 1:
                result.append(part)
    return result


def stem(word: str) -> str:
    """The Snowball-Dutch stem of a word; numbers stay as they are."""
    return word if word[0].isdigit() else _stemmer().stemWord(word)


def compound_parts(word: str, vocabulary: frozenset[str]) -> list[str]:
    """The two known parts of a compound word, or nothing when no split is in ``vocabulary``."""
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        if stem(tail) not in vocabulary:
            continue
        for link in ("", *_LINKS):
            base = head[: len(head) - len(link)]
            if head.endswith(link) and len(base) >= MIN_PART and stem(base) in vocabulary:
                return [base, tail]
    return []


class LexicalIndex:
    """BM25 over passages, with compounds split against the collection's own vocabulary."""

    def __init__(self, texts: Sequence[str]) -> None:
        """Index ``texts``, one per passage, in passage order."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG on import
        tokenised = [words(t) for t in texts]
        self.vocabulary = frozenset(stem(w) for tokens in tokenised for w in tokens if len(w) >= MIN_PART)
        corpus = [self.terms_of(tokens) or ["∅"] for tokens in tokenised]  # bm25s wants a term per passage
        self.size = len(texts)
        self.known = frozenset(t for terms in corpus for t in terms)
        self._bm25 = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)

    def terms_of(self, tokens: Iterable[str]) -> list[str]:
        """Stemmed terms of tokens, each long compound followed by its known parts."""
        terms = []
        for token in tokens:
            terms.append(stem(token))
            if len(token) >= 2 * MIN_PART and not token[0].isdigit():
                terms += [stem(part) for part in compound_parts(token, self.vocabulary)]
        return terms

    def coverage(self, question: str) -> float:
        """Share of the question's terms that occur anywhere in the collection."""
        terms = self.terms_of(words(question))
        return sum(t in self.known for t in terms) / len(terms) if terms else 0.0

    def scores(self, question: str) -> np.ndarray:
        """BM25 score of every passage for ``question``."""
        terms = [t for t in self.terms_of(words(question)) if t in self.known]
        if not terms:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)


def passage_terms_text(passage: Passage) -> str:
    """What the lexical leg indexes of a passage: its Kamervraag, if any, and its text."""
    return f"{passage.question}\n{passage.text}" if passage.question else passage.text


class LexicalLeg:
    """BM25 scores to add to the dense ones, for Dutch questions, built on first use.

    Only Dutch questions get them: an English question's words do not occur in Dutch text,
    and fusing them cost recall on eval/tune.jsonl (docs/evaluation.md). The index lives in
    memory and costs about 0.15 ms a passage to build, so collections above ``max_passages``
    are left to the dense leg.
    """

    def __init__(self, passages: Sequence[Passage], max_passages: int = LEXICAL_MAX_PASSAGES) -> None:
        """Prepare to score ``passages``; nothing is built until the first Dutch question."""
        self._passages = passages
        self._enabled = 0 < len(passages) <= max_passages
        self._index: LexicalIndex | None = None
        self._lock = threading.Lock()  # the chat answers two questions at once

    def scores(self, question: str) -> np.ndarray | None:
        """Each passage's BM25 score for ``question`` over the best one (0 to 1), or None when not used."""
        if not self._enabled or detect_language(question) != "nl":
            return None
        with self._lock:
            if self._index is None:
                self._index = LexicalIndex([passage_terms_text(p) for p in self._passages])
        scores = self._index.scores(question)
        top = float(scores.max()) if len(scores) else 0.0
        return scores / top if top > 0 else None
