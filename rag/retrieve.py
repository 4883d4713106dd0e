"""Finding the passages that answer a question, the sentences that do, and whether any do."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from embeddings import Embedder
from rag.document import Passage
from rag.index import Index
from rag.ingest.sentences import sentence_spans

# Calibrated on eval/tune.jsonl (our own questions): unanswerable ones beat the background
# by at most 0.015, answerable ones by at least 0.020. See docs/evaluation.md.
MIN_MARGIN = 0.018
# Units fetched before grouping them into passages; enough for several units per passage.
CANDIDATES = 200
# Sentences within this score of a passage's best sentence are highlighted with it, at most
# MAX_HIGHLIGHTS of them: a highlight that covers the whole passage points at nothing.
HIGHLIGHT_SLACK = 0.005
MAX_HIGHLIGHTS = 2


@dataclass(frozen=True)
class Hit:
    """A retrieved passage, its score and the sentences in it that match best."""

    passage: Passage
    score: float
    rank: int
    highlights: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """The hits for a question and whether they are relevant enough to quote."""

    hits: tuple[Hit, ...]
    answered: bool
    margin: float  # best unit score minus best background score


class Retriever:
    """Dense retrieval over passages and their sentences, with a background test for relevance.

    e5 cosine scores are compressed (an unrelated question still scores ~0.8), so a fixed
    threshold cannot tell relevant from irrelevant. The question's best unit must instead
    beat its best match among unrelated reference sentences by ``min_margin``: a question
    about the weather finds the weather sentence closer than any passage.
    """

    def __init__(self, index: Index, embedder: Embedder, min_margin: float = MIN_MARGIN) -> None:
        """Search ``index`` with queries embedded by ``embedder``."""
        self.index = index
        self.embedder = embedder
        self.min_margin = min_margin

    def retrieve(self, question: str, k: int, doc_id: str | None = None) -> Evidence:
        """The top ``k`` passages for ``question`` (from document ``doc_id`` only, if given) and whether they answer."""
        query = self.embedder.embed_queries([question])[0]
        # Restricted to one document, every unit is a candidate: a small document's passages
        # could otherwise all fall outside the top CANDIDATES of a large collection.
        units = self.index.search(query, CANDIDATES if doc_id is None else self.index.vectors.ntotal)
        if doc_id is not None:
            units = [
                (row, score) for row, score in units if self.index.passages[self.index.owners[row]].doc_id == doc_id
            ]
        if not units:
            return Evidence((), False, float("-inf"))
        best: dict[int, float] = {}
        for row, score in units:
            owner = int(self.index.owners[row])
            best[owner] = max(best.get(owner, score), score)
        ranked = sorted(best.items(), key=lambda item: -item[1])[:k]
        sentence_scores = _sentence_scores(self.index, units)
        hits = tuple(
            Hit(self.index.passages[i], score, rank, _highlights(self.index.passages[i], sentence_scores.get(i)))
            for rank, (i, score) in enumerate(ranked, 1)
        )
        background = float(np.max(self.index.background @ query)) if len(self.index.background) else 0.0
        margin = units[0][1] - background
        return Evidence(hits, margin >= self.min_margin, margin)


def _sentence_scores(index: Index, units: list[tuple[int, float]]) -> dict[int, dict[int, float]]:
    """Per passage, the score of each of its sentences that was among the candidates."""
    scores: dict[int, dict[int, float]] = {}
    for row, score in units:
        owner = int(index.owners[row])
        sentence = row - int(index.first_unit[owner]) - 1  # row 0 of a passage is the passage as a whole
        if sentence >= 0:
            scores.setdefault(owner, {})[sentence] = score
    return scores


def _highlights(passage: Passage, scores: dict[int, float] | None) -> tuple[str, ...]:
    """The best-matching sentence of a passage, and any that match nearly as well."""
    if not scores:
        return ()
    spans = sentence_spans(passage.text)
    top = max(scores.values())
    near = sorted(
        (i for i, s in scores.items() if s >= top - HIGHLIGHT_SLACK and i < len(spans)), key=lambda i: -scores[i]
    )
    chosen = sorted(near[:MAX_HIGHLIGHTS])
    return tuple(passage.text[spans[i][0] : spans[i][1]] for i in chosen)
