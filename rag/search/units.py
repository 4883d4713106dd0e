"""A passage's sentence units read back: the sentences behind the best units, and the background score.

Units follow ``rag.store.embedding.embed_units``: per passage the whole, then its n
sentences, then its n - 1 neighbouring pairs (a passage of one sentence has the whole only).
"""

from __future__ import annotations

import numpy as np

from rag.document import Passage
from rag.ingest.sentences import sentence_spans
from rag.search import evidence
from rag.store.index import Index

# The background score is the mean of the question's best few background matches, which
# is steadier than the single best one.
BACKGROUND_TOP = 3
# Sentences within this score of a passage's best sentence are highlighted with it, at most
# MAX_HIGHLIGHTS of them: a highlight that covers the whole passage points at nothing.
HIGHLIGHT_SLACK = 0.005
MAX_HIGHLIGHTS = 2


def background_score(background: np.ndarray, query: np.ndarray) -> float:
    """Mean score of the query's best ``BACKGROUND_TOP`` background sentences."""
    if not len(background):
        return 0.0
    scores = np.sort(background @ query)[::-1][:BACKGROUND_TOP]
    return float(scores.mean())


def best_matches(
    index: Index, units: list[tuple[int, float]], count: int, doc_id: str | None = None
) -> list[evidence.Match]:
    """The best ``count`` sentence or sentence-pair units, each as its sentences and the text of its passage.

    ``units`` are sorted best first. A passage of one sentence has only its whole unit,
    which is that sentence; the whole unit of a longer passage is not a sentence and skipped.
    Given ``doc_id``, those of the best ``count`` that come from another document are left out.
    """
    found: list[evidence.Match] = []
    taken = 0
    for row, _ in units:
        if taken == count:
            break
        owner = int(index.owners[row])
        passage = index.passages[owner]
        text = passage.text
        spans = sentence_spans(text)
        offset = row - int(index.first_unit[owner])
        if offset == 0 and len(spans) > 1:
            continue
        taken += 1
        if doc_id is not None and passage.doc_id != doc_id:
            continue
        if offset == 0:
            chosen = [(0, len(text))]
        elif offset <= len(spans):
            chosen = [spans[offset - 1]]
        else:
            chosen = spans[offset - len(spans) - 1 : offset - len(spans) + 1]
        # A note is read with the sentence citing it: "Kamerstuk 31 228, nr. 795." is the
        # paper "van 15 november 2019".
        context = f"{passage.cited_by}\n{text}" if passage.cited_by else text
        found.append(evidence.Match(tuple(text[a:b] for a, b in chosen), context))
    return found


def highlights(passage: Passage, scores: dict[int, float]) -> tuple[str, ...]:
    """The sentences behind the passage's best sentence or sentence-pair units.

    Units follow ``rag.store.embedding.embed_units``: n sentences, then n - 1 neighbouring pairs.
    Units within ``HIGHLIGHT_SLACK`` of the best count too, up to ``MAX_HIGHLIGHTS`` sentences.
    """
    spans = sentence_spans(passage.text)
    if len(spans) == 1:  # the passage is its one sentence: that sentence is what answers
        return (passage.text[spans[0][0] : spans[0][1]],)
    if not scores:
        return ()
    count = len(spans)
    top = max(scores.values())
    chosen: set[int] = set()
    for offset in sorted(scores, key=lambda o: -scores[o]):
        if scores[offset] < top - HIGHLIGHT_SLACK:
            break
        covered = {offset - 1} if offset <= count else {offset - count - 1, offset - count}
        if chosen and len(chosen | covered) > MAX_HIGHLIGHTS:
            break
        chosen |= {i for i in covered if 0 <= i < count}
    return tuple(passage.text[spans[i][0] : spans[i][1]] for i in sorted(chosen))
