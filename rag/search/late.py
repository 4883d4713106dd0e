"""The late-interaction leg: an English question matched word by word against the best passages' words.

e5 pools a passage into one vector, and across languages that blurs the one Dutch word that
translates the asked one: "Why do border guards quit their posts at the airport?" scored a
passage on recruitment above the one naming why they leave. Matched piece by piece (each
question token's best cosine among a passage's token vectors, averaged over the question,
the *MaxSim* of late-interaction retrieval), the translation counts again. The encoder is
the same; the token vectors come from the passes that embed the question and the passages
(``rag.store.tokens``).

Measured on the answerable questions of own dev, old blind, blind2 to blind5 and real (94
documents, `rag.evaluation.ranking --weight late_weight`, docs/evaluation.md): it lifts
English questions and not Dutch ones, whose own words the pooled vector already keeps. The
retriever applies it within the document that comes first (``Retriever._late``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from rag.store.tokens import TokenTable


def max_sim(question: np.ndarray, passage: np.ndarray) -> float:
    """Mean over the question's token vectors of their best cosine with a passage's; 0 when either has none."""
    if not len(question) or not len(passage):
        return 0.0
    return float((question @ passage.T).max(axis=1).mean())


def late_scores(question: np.ndarray, owners: Iterable[int], table: TokenTable) -> dict[int, float]:
    """``max_sim`` of the question's token vectors against each passage of ``owners`` whose tokens are known."""
    scores = {}
    for owner in owners:
        tokens = table.tokens(owner)
        if len(tokens):
            scores[owner] = max_sim(question, tokens)
    return scores
