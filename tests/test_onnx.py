"""The ONNX backend: the default backend, exported once, with vectors that match fp32 sentence-transformers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from embeddings import DEFAULT_MODEL, Embedder, ModelError, load_embedder, model_fingerprint
from embeddings.onnx_export import is_exported, onnx_model_dir
from rag.settings import cache_dir

REPO = Path(__file__).resolve().parents[1]
TEXTS = [
    "De minister heeft de Tweede Kamer geïnformeerd over de risico's van kunstmatige intelligentie.",
    "The minister informed the House of Representatives about the risks of artificial intelligence.",
    "Hoeveel studenten beginnen jaarlijks aan een bachelor Kunstmatige intelligentie?",
    "How many people have taken the free national AI course?",
    "Kort.",
    "",
    "Een lange alinea. " * 300,  # beyond 512 tokens: truncated the same way
]


@pytest.fixture(scope="session")
def fp32() -> Embedder:
    return load_embedder(None, cache_dir() / "models", backend="torch")


def test_default_backend_is_onnx(real_embedder: Embedder) -> None:
    assert real_embedder.backend == "onnx" and real_embedder.name == DEFAULT_MODEL
    assert model_fingerprint(real_embedder)["backend"] == "onnx"
    assert is_exported(onnx_model_dir(cache_dir() / "models"), cache_dir() / "models" / DEFAULT_MODEL)


@pytest.mark.parametrize("side", ["queries", "passages"])
def test_onnx_vectors_match_fp32(real_embedder: Embedder, fp32: Embedder, side: str) -> None:
    ours = getattr(real_embedder, f"embed_{side}")(TEXTS)
    theirs = getattr(fp32, f"embed_{side}")(TEXTS)
    assert ours.shape == theirs.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, rtol=1e-5)
    cosines = np.sum(ours * theirs, axis=1)
    assert cosines.min() > 0.99, cosines


def test_batching_does_not_change_vectors(real_embedder: Embedder) -> None:
    together = real_embedder.embed_passages(TEXTS)
    alone = np.vstack([real_embedder.embed_passages([text]) for text in TEXTS])
    np.testing.assert_allclose(together, alone, atol=1e-4)


def test_unknown_backend_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="backend"):
        load_embedder(None, tmp_path, backend="gpu")


def test_answering_needs_no_torch() -> None:
    """The default backend embeds without importing torch or sentence-transformers: that is the fast start."""
    code = (
        "import sys; from embeddings import load_embedder; from rag.settings import cache_dir;"
        "e = load_embedder(None, cache_dir() / 'models'); e.embed_queries(['vraag']);"
        "heavy = {'torch', 'sentence_transformers', 'transformers'} & set(sys.modules); print(sorted(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
