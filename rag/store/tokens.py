"""Each passage's token vectors, kept beside its unit vectors for the late-interaction leg.

The encoder's state of every word piece of a passage, normalised, from the same pass that
embeds the passage as a whole (``rag.store.embedding``). A question in English is matched
word by word against them (``rag.search.late``): mean pooling blurs the one Dutch word that
translates the asked one, a word-by-word match keeps it. Stored passage after passage,
``starts[i]:starts[i + 1]`` being passage i's rows, as int8 with one scale per token: a
quarter of float32, and over the 94 documents of the tuning sets the same order as float32
(docs/evaluation.md). A passage has about a hundred tokens, so the table is still about four
times the size of the unit vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TokenTable:
    """The token vectors of an index's passages, passage by passage."""

    values: np.ndarray  # (tokens, dimension) int8
    scales: np.ndarray  # (tokens,) float32: a token's vector is values x scale
    starts: np.ndarray  # (passages + 1,) int64

    @classmethod
    def of(cls, tokens: Sequence[np.ndarray | None], dimension: int) -> TokenTable:
        """A table of one entry per passage; ``None`` for a passage whose tokens are not known."""
        known = [t for t in tokens if t is not None and len(t)]
        if not known:
            return cls.empty(len(tokens), dimension)
        vectors = np.vstack(known).astype(np.float32)
        scales = np.maximum(np.abs(vectors).max(axis=1), 1e-12) / 127
        values = np.round(vectors / scales[:, None]).astype(np.int8)
        return cls(values, scales.astype(np.float32), _starts([0 if t is None else len(t) for t in tokens]))

    @classmethod
    def joined(cls, tables: Sequence[TokenTable], dimension: int) -> TokenTable:
        """The entries of ``tables``, one after the other, as stored: nothing is quantised again."""
        if not tables:
            return cls.empty(0, dimension)
        counts = [int(c) for table in tables for c in np.diff(table.starts)]
        values = np.concatenate([np.asarray(t.values) for t in tables]).reshape(-1, dimension)
        return cls(values, np.concatenate([t.scales for t in tables]), _starts(counts))

    @classmethod
    def empty(cls, passages: int, dimension: int) -> TokenTable:
        """A table that knows no passage's tokens: the late leg then leaves the order alone."""
        return cls(np.zeros((0, dimension), np.int8), np.zeros(0, np.float32), np.zeros(passages + 1, np.int64))

    @property
    def passages(self) -> int:
        """How many passages the table has an entry for."""
        return len(self.starts) - 1

    def fits(self, passages: int) -> bool:
        """Whether the table is whole and has one entry for each of ``passages`` passages."""
        return (
            self.starts.ndim == 1
            and self.passages == passages
            and int(self.starts[0]) == 0
            and bool(np.all(np.diff(self.starts) >= 0))
            and int(self.starts[-1]) == len(self.values) == len(self.scales)
        )

    def tokens(self, passage: int) -> np.ndarray:
        """Passage ``passage``'s token vectors as float32; empty when not known."""
        rows = slice(int(self.starts[passage]), int(self.starts[passage + 1]))
        return self.values[rows].astype(np.float32) * self.scales[rows, None]

    def select(self, passages: Sequence[int]) -> TokenTable:
        """The entries of ``passages``, in that order, as a table of their own (the stored int8 rows)."""
        rows = [np.arange(self.starts[p], self.starts[p + 1]) for p in passages]
        index = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        return TokenTable(np.asarray(self.values[index]), self.scales[index], _starts([len(r) for r in rows]))


def _starts(counts: Sequence[int]) -> np.ndarray:
    """Where each entry's rows begin, and where the last one ends."""
    return np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]).astype(np.int64)
