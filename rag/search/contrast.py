"""Whether a question's best document stands out from the rest of the collection.

A question about none of the documents matches them all about equally well: "What is the
statutory minimum wage for a 21-year-old?" meets a wolf-damage sentence with an amount in
it, and a sentence with an amount in every other document scores nearly as high. A
question about one of them meets that document clearly better than the typical one. The
*contrast* is the best unit score in the best document minus the median over documents of
their best unit score. It says nothing on a small collection, where the median document is
the second or third best (own dev subsampled to 3 and 5 documents refused 3 to 6% more of
its answerable questions), so it is read from ``MIN_DOCUMENTS`` documents up. The units are
read from the exact index's own memory; an IVF index (above ``EXACT_LIMIT`` units) keeps no
contiguous vectors and is not tested.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from rag.store.index import Index

# Documents needed for the median to be a document on another subject.
MIN_DOCUMENTS = 10
# The least contrast a question must have. Chosen by leave-one-document-out over 38 documents and
# two groups of off-topic questions (own dev, old blind, real 10 + bundled; each weighing equally;
# at most 5% false abstention per document): `python -m rag.evaluation.calibrate --threshold
# contrast` (docs/evaluation.md, "Off the topic among many documents"). The folds chose 0.018
# to 0.020 (median 0.018); so did all documents together.
MIN_CONTRAST = 0.018


class DocumentContrast:
    """The contrast of a query against the documents of one index."""

    def __init__(self, index: Index, min_contrast: float = MIN_CONTRAST) -> None:
        """Test queries against ``index`` (its vectors read in place, exact indexes only) at ``min_contrast``."""
        self.index = index
        self.min_contrast = min_contrast

    @cached_property
    def _units(self) -> np.ndarray | None:
        """The unit vectors as a read-only view of the FAISS index's memory; None for an IVF index."""
        import faiss

        vectors = self.index.vectors
        if not isinstance(vectors, faiss.IndexFlat) or not vectors.ntotal:
            return None
        return faiss.rev_swig_ptr(vectors.get_xb(), vectors.ntotal * vectors.d).reshape(vectors.ntotal, vectors.d)

    @cached_property
    def _by_document(self) -> tuple[np.ndarray, np.ndarray, int]:
        """The unit rows ordered by document, where each document's run starts, and the number of documents."""
        documents: dict[str, int] = {}
        codes = np.array([documents.setdefault(p.doc_id, len(documents)) for p in self.index.passages], dtype=np.int32)
        of_unit = codes[self.index.owners]
        order = np.argsort(of_unit, kind="stable")
        starts = np.flatnonzero(np.diff(of_unit[order], prepend=-1))
        return order, starts, len(documents)

    @property
    def applies(self) -> bool:
        """Whether the index is exact and holds at least ``MIN_DOCUMENTS`` documents."""
        return self._units is not None and self._by_document[2] >= MIN_DOCUMENTS

    def contrast(self, query: np.ndarray, hidden: np.ndarray) -> float | None:
        """Best document's best unit score minus the median document's, with ``hidden`` passages left out.

        None when the test does not apply, or fewer than ``MIN_DOCUMENTS`` documents keep a unit.
        """
        if not self.applies:
            return None
        order, starts, _ = self._by_document
        scores = self._units @ query
        scores[hidden[self.index.owners]] = -np.inf
        best = np.maximum.reduceat(scores[order], starts)
        best = best[np.isfinite(best)]
        if len(best) < MIN_DOCUMENTS:
            return None
        return float(best.max() - np.median(best))

    def stands_out(self, query: np.ndarray, hidden: np.ndarray) -> bool:
        """Whether the query's best document stands out by ``min_contrast``; true where the test does not apply."""
        contrast = self.contrast(query, hidden)
        return contrast is None or contrast >= self.min_contrast
