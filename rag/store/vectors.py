"""The FAISS index that holds the unit vectors: exact up to a size, inverted-file above it.

Up to `EXACT_LIMIT` units the vectors sit in an exact inner-product index; above it in an
inverted-file index (IVF) that searches the nearest 1/16 (at least 48) of 2·√n clusters,
which keeps recall@10 against exact search above 0.95 at a million units (see
``bench/scale.py``). Both keep the vectors themselves, so ``reconstruct`` works for
incremental updates. A flat index is memory-mapped on load rather than copied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import faiss

# Exact search reads every vector per query: about 12 ms at 100k units on 2 cores. Beyond 50k, IVF.
EXACT_LIMIT = 50_000
# Clusters searched per query: at least 48, and 1 in 16 of them. Measured on 1M synthetic units
# (bench/scale.py): recall@10 against exact search 0.98 with 125 of 2000 clusters, 0.89 with 48.
MIN_NPROBE = 48
NPROBE_SHARE = 16
TRAIN_PER_CLUSTER = 40  # k-means sample size per cluster: faiss warns below 39


def vector_index(vectors: np.ndarray) -> faiss.Index:
    """An inner-product FAISS index holding ``vectors``: exact up to `EXACT_LIMIT` rows, IVF above."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if len(vectors) <= EXACT_LIMIT:
        index = faiss.IndexFlatIP(vectors.shape[1])
    else:
        index = _ivf_index(vectors)
    index.add(vectors)
    return index


def _ivf_index(vectors: np.ndarray) -> faiss.Index:
    """An empty IVF index trained on a sample of ``vectors``, with a direct map so rows can be read back."""
    import faiss

    clusters = int(2 * np.sqrt(len(vectors)))
    quantizer = faiss.IndexFlatIP(vectors.shape[1])
    index = faiss.IndexIVFFlat(quantizer, vectors.shape[1], clusters, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = 10
    # A fixed, evenly spread sample: the same vectors always give the same index.
    step = max(1, len(vectors) // (clusters * TRAIN_PER_CLUSTER))
    index.train(vectors[::step])
    index.make_direct_map()
    index.nprobe = min(clusters, max(MIN_NPROBE, clusters // NPROBE_SHARE))
    return index  # faiss's Python layer keeps the quantizer alive as long as the index
