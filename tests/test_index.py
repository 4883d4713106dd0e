"""The index type follows the collection size; every type saves, loads (mapped) and reads back."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

import rag.store.vectors as vectors_module
from rag.document import Passage
from rag.store.index import CorruptIndexError, Index, Manifest
from rag.store.vectors import vector_index

DIMENSION = 32


def clustered(count: int, seed: int = 0) -> np.ndarray:
    """Unit vectors around 40 centres, like embeddings of texts on a few topics."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(40, DIMENSION))
    vectors = centres[rng.integers(0, 40, count)] + 0.4 * rng.normal(size=(count, DIMENSION))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def passages(count: int) -> list[Passage]:
    return [Passage(f"d:p{i}", "d", "Titel", "paragraph", f"tekst {i}", 1, 0, 1) for i in range(count)]


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectors_module, "EXACT_LIMIT", 500)


def test_small_collections_are_searched_exactly() -> None:
    assert isinstance(vector_index(clustered(200)), faiss.IndexFlatIP)


def test_large_collections_get_ivf_with_the_same_top_hit(small_limit: None) -> None:
    vectors = clustered(6000)
    approximate = vector_index(vectors)
    assert isinstance(approximate, faiss.IndexIVFFlat)
    exact = faiss.IndexFlatIP(DIMENSION)
    exact.add(vectors)
    queries = clustered(50, seed=1)
    _, want = exact.search(queries, 10)
    _, got = approximate.search(queries, 10)
    assert (got[:, 0] == want[:, 0]).all()
    recall = np.mean([len(set(g) & set(w)) / 10 for g, w in zip(got, want, strict=True)])
    assert recall >= 0.95


def test_ivf_index_reads_back_its_vectors(small_limit: None) -> None:
    vectors = clustered(3000)
    np.testing.assert_array_equal(vector_index(vectors).reconstruct_n(0, len(vectors)), vectors)


@pytest.mark.parametrize("count", [300, 3000])
def test_save_and_load_keep_type_vectors_and_results(tmp_path, small_limit: None, count: int) -> None:
    vectors = clustered(count)
    owners = np.arange(count, dtype=np.int32)
    manifest = Manifest(model={"name": "test"}, sources=(), count=count)
    saved = Index(vector_index(vectors), owners, passages(count), vectors[:5], manifest)
    saved.save(tmp_path)
    loaded = Index.load(tmp_path)
    assert type(loaded.vectors) is type(saved.vectors)
    np.testing.assert_array_equal(loaded.reconstruct(), vectors)
    query = clustered(1, seed=2)[0]
    assert loaded.search(query, 20) == saved.search(query, 20)


def test_mapped_index_survives_being_replaced(tmp_path) -> None:
    """A flat index is mapped from its file; saving a new one over it must not disturb the open one."""
    vectors = clustered(300)
    owners = np.arange(300, dtype=np.int32)
    manifest = Manifest(model={"name": "test"}, sources=(), count=300)
    Index(vector_index(vectors), owners, passages(300), vectors[:5], manifest).save(tmp_path)
    opened = Index.load(tmp_path)
    other = clustered(300, seed=3)
    Index(vector_index(other), owners, passages(300), other[:5], manifest).save(tmp_path)
    np.testing.assert_array_equal(opened.reconstruct(), vectors)
    np.testing.assert_array_equal(Index.load(tmp_path).reconstruct(), other)


def test_damaged_vectors_are_refused(tmp_path) -> None:
    vectors = clustered(50)
    manifest = Manifest(model={"name": "test"}, sources=(), count=50)
    Index(vector_index(vectors), np.arange(50, dtype=np.int32), passages(50), vectors[:5], manifest).save(tmp_path)
    with (tmp_path / "vectors.faiss").open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\xff\xff\xff\xff")
    with pytest.raises(CorruptIndexError):
        Index.load(tmp_path)
