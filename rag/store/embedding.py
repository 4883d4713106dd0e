"""What each passage is embedded as (its units) and embedding them: the whole, its sentences, their pairs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from embeddings import Embedder
from rag.document import Passage
from rag.ingest.patterns import is_bare_reference
from rag.ingest.sentences import sentence_spans


def unit_texts(passage: Passage) -> list[str]:
    """What is embedded for a passage: the whole, led by its heading if any, then each sentence.

    An answer is embedded in its own words, not led by its Kamervraag: the Kamervraag is a
    passage of its own, and as a prefix its general words drew unrelated questions to every
    answer of a Vraag (docs/evaluation.md). A note that is only a reference
    (a web address, a paper number) is led by the sentence citing it. A passage of one
    sentence is embedded whole only. `embed_units` adds the pairs.
    """
    context = passage.heading or (passage.cited_by if is_bare_reference(passage.text) else None)
    whole = f"{context}\n{passage.text}" if context else passage.text
    sentences = [passage.text[a:b] for a, b in sentence_spans(passage.text)]
    return [whole] if len(sentences) <= 1 else [whole, *sentences]


def unit_count(passage: Passage) -> int:
    """How many index units a passage has: its embedded texts plus n - 1 sentence pairs."""
    embedded = len(unit_texts(passage))
    return 1 if embedded == 1 else 2 * embedded - 2


def embed_units(passages: Sequence[Passage], embedder: Embedder, progress: bool = False) -> np.ndarray:
    """The unit vectors of ``passages`` alone (`embed_units_and_tokens`)."""
    return embed_units_and_tokens(passages, embedder, progress)[0]


def embed_units_and_tokens(
    passages: Sequence[Passage], embedder: Embedder, progress: bool = False
) -> tuple[np.ndarray, list[np.ndarray | None]]:
    """The unit vectors of ``passages``, and each passage's token vectors (``rag.store.tokens``).

    Per passage: the whole; then each sentence; then each pair of neighbouring sentences,
    because an answer often leans on the sentence before it ("… de nationale cursus ….
    Inmiddels hebben 170.000 Nederlanders deze training gevolgd."). A pair's vector is the
    normalised sum of its two sentences' vectors rather than a third encoder pass: that
    halves indexing time, and pairs only choose highlights (docs/performance.md).
    """
    texts = [unit_texts(p) for p in passages]
    vectors, tokens = _embedded(embedder, texts, progress)
    blocks, start = [], 0
    for group in texts:
        own = vectors[start : start + len(group)]
        start += len(group)
        if len(group) > 1:
            pairs = own[1:-1] + own[2:]
            pairs /= np.maximum(np.linalg.norm(pairs, axis=1, keepdims=True), 1e-12)
            own = np.vstack([own, pairs])
        blocks.append(own)
    vectors = np.vstack(blocks) if blocks else np.zeros((0, embedder.dimension), dtype=np.float32)
    return vectors, tokens


def _embedded(embedder: Embedder, texts: list[list[str]], progress: bool) -> tuple[np.ndarray, list[np.ndarray | None]]:
    """One vector per text of ``texts``, in order, and each group's first (whole) text's token vectors.

    The wholes and their token vectors come from one pass where the embedder offers both.
    """
    flat = [t for group in texts for t in group]
    if not texts or not hasattr(embedder, "embed_passages_with_tokens"):
        return embedder.embed_passages(flat, progress=progress), [None] * len(texts)
    wholes, tokens = embedder.embed_passages_with_tokens([group[0] for group in texts], progress=progress)
    rest = embedder.embed_passages([t for group in texts for t in group[1:]], progress=progress)
    vectors = np.zeros((len(flat), embedder.dimension), dtype=np.float32)
    firsts = np.cumsum([0] + [len(group) for group in texts[:-1]])
    vectors[firsts] = wholes
    vectors[np.setdiff1d(np.arange(len(flat)), firsts)] = rest
    return vectors, list(tokens)
