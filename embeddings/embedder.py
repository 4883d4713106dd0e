"""`Embedder`: texts in, unit-length float32 vectors out, with the right prompt for each side.

Retrieval models such as e5 are trained with different prefixes for questions and
for the passages that answer them; using the wrong one, or none, costs accuracy.
The prompts are therefore chosen once, at load time, and recorded in the index
manifest through `model_fingerprint`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from embeddings.onnx_encoder import OnnxEncoder

QUERY_KEYS = ("query",)
PASSAGE_KEYS = ("passage", "document", "corpus")
_E5_FAMILY = re.compile(r"(^|[/_.\-])e5([_.\-]|$)")
# On a 2-core CPU, batches of 4 embedded mixed-length passages fastest (about 20/s;
# 12/s at 16): bigger batches pad every text to the longest one. GPUs want big batches.
CPU_BATCH_SIZE = 4
ACCELERATOR_BATCH_SIZE = 32
# The backends: "onnx-int8" runs the default model's ONNX export with int8 weights,
# "onnx" the fp32 export, both with onnxruntime; "torch" runs any model with
# sentence-transformers in fp32.
BACKENDS = ("onnx-int8", "onnx", "torch")


@dataclass(frozen=True)
class Prompts:
    """The strings put before a query and before a passage."""

    query: str = ""
    passage: str = ""


def family_prompts(name: str) -> Prompts:
    """Prompts known for a model family from its name alone; empty if unknown.

    The e5 models expect ``query: `` and ``passage: ``; their ``-instruct`` variants
    expect task instructions instead, which only the model's own configuration can supply.
    """
    lowered = name.lower().replace("\\", "/")
    if _E5_FAMILY.search(lowered) and "instruct" not in lowered:
        return Prompts("query: ", "passage: ")
    return Prompts()


def choose_prompts(name: str, configured: Mapping[str, str | None]) -> Prompts:
    """Prefer the model's own configured prompts; fall back to `family_prompts` when it has none.

    sentence-transformers fills unconfigured prompt slots with empty strings, so only
    non-empty values count as configured.
    """
    query = _first_prompt(configured, QUERY_KEYS)
    passage = _first_prompt(configured, PASSAGE_KEYS)
    if query or passage:
        return Prompts(query, passage)
    return family_prompts(name)


def _first_prompt(configured: Mapping[str, str | None], keys: Sequence[str]) -> str:
    return next((configured[key] for key in keys if configured.get(key)), "") or ""


class Embedder:
    """One loaded model (sentence-transformers, or the ONNX export) plus the prompts used with it.

    Build it with `embeddings.load_embedder`; vectors are float32, L2-normalised and
    shaped ``(len(texts), dimension)``, so a dot product is the cosine similarity.
    """

    def __init__(
        self, model: SentenceTransformer | OnnxEncoder, name: str, prompts: Prompts, backend: str = "torch"
    ) -> None:
        self._model = model
        self._name = name
        self._prompts = prompts
        self._backend = backend
        self._dimension = _dimension_of(model)
        on_cpu = str(getattr(model, "device", "cpu")).startswith("cpu")
        self._batch_size = CPU_BATCH_SIZE if on_cpu else ACCELERATOR_BATCH_SIZE

    @property
    def name(self) -> str:
        """The model name as the user gave it, or the default model's name."""
        return self._name

    @property
    def backend(self) -> str:
        """How the model runs: one of `BACKENDS`."""
        return self._backend

    @property
    def variant(self) -> str:
        """Which weights the backend runs ("fp32", or the int8 quantisation and its version)."""
        return str(getattr(self._model, "variant", "fp32"))

    @property
    def dimension(self) -> int:
        """Length of every vector this embedder returns."""
        return self._dimension

    @property
    def query_prompt(self) -> str:
        """Prefix put before each query."""
        return self._prompts.query

    @property
    def passage_prompt(self) -> str:
        """Prefix put before each passage."""
        return self._prompts.passage

    @property
    def max_tokens(self) -> int | None:
        """Longest input in tokens, prompt included; the model ignores anything beyond it."""
        return getattr(self._model, "max_seq_length", None)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search questions with the query prompt; returns ``(n, dimension)`` float32."""
        # encode_query/encode_document also route asymmetric models; older releases lack them.
        encode = getattr(self._model, "encode_query", None) or self._model.encode
        return self._encode(encode, texts, self.query_prompt, progress=False)

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """Embed document passages with the passage prompt; ``progress`` shows a progress bar."""
        encode = getattr(self._model, "encode_document", None) or self._model.encode
        return self._encode(encode, texts, self.passage_prompt, progress=progress)

    def embed_queries_with_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """`embed_queries`, and each question's token vectors (its own words, normalised)."""
        return self._with_tokens(texts, query=True, progress=False)

    def embed_passages_with_tokens(
        self, texts: Sequence[str], progress: bool = False
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """`embed_passages`, and each passage's token vectors (its own words, normalised)."""
        return self._with_tokens(texts, query=False, progress=progress)

    def _with_tokens(self, texts: Sequence[str], query: bool, progress: bool) -> tuple[np.ndarray, list[np.ndarray]]:
        items = _as_list(texts)
        prompt = self.query_prompt if query else self.passage_prompt
        if not items:
            return np.zeros((0, self._dimension), dtype=np.float32), []
        if hasattr(self._model, "encode_with_tokens"):  # the ONNX backends: one pass gives both
            vectors, tokens = self._model.encode_with_tokens(items, prompt=prompt)
            return np.ascontiguousarray(vectors, dtype=np.float32), tokens
        vectors = self.embed_queries(items) if query else self.embed_passages(items, progress)
        # sentence-transformers: a second pass, trimmed to the real tokens; <s>, </s> and the prompt left out.
        states = self._model.encode(items, prompt=prompt, output_value="token_embeddings", batch_size=self._batch_size)
        pieces = self._model.tokenizer(prompt.rstrip(), add_special_tokens=False)["input_ids"] if prompt.strip() else []
        skip = 1 + len(pieces)
        return vectors, [_normalised(np.asarray(state.float().cpu())[skip:-1]) for state in states]

    def _encode(self, encode: Any, texts: Sequence[str], prompt: str, progress: bool) -> np.ndarray:
        items = _as_list(texts)
        if not items:
            return np.zeros((0, self._dimension), dtype=np.float32)
        # An explicit prompt (even "") overrides any default prompt the model was saved with.
        vectors = encode(
            items,
            prompt=prompt,
            batch_size=self._batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(items), self._dimension)

    def __repr__(self) -> str:
        return f"Embedder(name={self._name!r}, backend={self._backend!r}, dimension={self._dimension})"


def model_fingerprint(embedder: Embedder) -> dict[str, Any]:
    """Describe the embedder as an index manifest records it, to detect a change of model later.

    The backend counts: ONNX and torch round differently, so their vectors differ in the
    last digits, and one index must not mix the two.
    """
    return {
        "name": embedder.name,
        "backend": embedder.backend,
        "variant": embedder.variant,
        "dimension": embedder.dimension,
        "query_prompt": embedder.query_prompt,
        "passage_prompt": embedder.passage_prompt,
    }


def _as_list(texts: Sequence[str]) -> list[str]:
    # A bare string is a Sequence[str] too; embedding it letter by letter is never intended.
    if isinstance(texts, str):
        raise TypeError("expected a sequence of texts, got a single string; wrap it in a list")
    items = list(texts)
    if not all(isinstance(text, str) for text in items):
        raise TypeError("every text to embed must be a str")
    return items


def _normalised(rows: np.ndarray) -> np.ndarray:
    return (rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def _dimension_of(model: SentenceTransformer | OnnxEncoder) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dimension = getter()
    if dimension is None:  # some custom heads do not declare it; ask the model directly
        dimension = int(np.asarray(model.encode(["dimension probe"])).shape[-1])
    return int(dimension)
