"""Run the ONNX export of the default model with onnxruntime: no torch, no sentence-transformers.

`OnnxEncoder` offers the part of `SentenceTransformer` that `Embedder` uses (``encode``,
``max_seq_length``, ``device``, ``get_embedding_dimension``) and computes the same thing:
the fast tokenizer with truncation, the encoder, mean pooling over real tokens, and
L2 normalisation. Importing onnxruntime and tokenizers takes a fraction of a second,
where torch with sentence-transformers takes several.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from embeddings.onnx_export import CONFIG, MODEL_FILE, TOKENIZER_FILE


class OnnxEncoder:
    """Texts in, mean-pooled token states out, with an onnxruntime session on the CPU."""

    device = "cpu"

    def __init__(self, folder: Path, threads: int) -> None:
        """Open the export in ``folder`` with ``threads`` intra-op threads."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config = json.loads((folder / CONFIG).read_text(encoding="utf-8"))
        self.max_seq_length = int(config["max_seq_length"])
        self._dimension = int(config["dimension"])
        self.variant = str(config.get("variant", "fp32"))  # an index records it: int8 vectors differ from fp32
        # A dynamically quantised model scales each run's activations by their largest value,
        # padding included, so a text's vector would depend on its batch-mates. It runs one
        # text at a time instead, on ``threads`` Python threads at once (onnxruntime releases
        # the GIL): as fast as batching, and a text's vector depends on the text alone.
        self._workers = threads if config.get("one_text_per_run") else 0
        self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self._tokenizer.enable_truncation(self.max_seq_length)
        self._tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1 if self._workers else threads
        options.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: between questions, and beside torch in one process,
        # spinning only takes CPU from others.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3  # errors only: its warnings about unused initialisers mean nothing here
        self._session = ort.InferenceSession(str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"])

    def get_embedding_dimension(self) -> int:
        """Length of the vectors ``encode`` returns."""
        return self._dimension

    def encode(
        self,
        sentences: Sequence[str],
        prompt: str = "",
        batch_size: int = 16,
        show_progress_bar: bool = False,
        convert_to_numpy: bool = True,
        normalize_embeddings: bool = True,
    ) -> np.ndarray:
        """Embed ``sentences`` with ``prompt`` before each; float32 ``(n, dimension)``, normalised by default.

        ``convert_to_numpy`` is accepted for compatibility with `SentenceTransformer.encode`;
        the result is always a numpy array.
        """
        encodings = self._tokenizer.encode_batch([prompt + text for text in sentences])
        # Longest first, as sentence-transformers does: a batch of similar lengths needs little padding.
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        vectors = np.empty((len(encodings), self._dimension), dtype=np.float32)
        size = 1 if self._workers else max(1, batch_size)
        batches = [[encodings[i].ids for i in order[start : start + size]] for start in range(0, len(order), size)]
        pooled = self._run_all(batches, show_progress_bar)
        if len(order):
            vectors[order] = np.vstack(pooled)
        if normalize_embeddings:
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors /= np.where(norms == 0, 1, norms)
        return vectors

    def encode_with_tokens(self, sentences: Sequence[str], prompt: str = "") -> tuple[np.ndarray, list[np.ndarray]]:
        """`encode`, one text per run, and each text's token states: its own words only, normalised.

        The pooled vector is the mean of the same states, so a query costs one encoder pass
        for both; ``<s>``, ``</s>`` and the prompt's tokens are left out of the states.
        """
        skip = 1 + (len(self._tokenizer.encode(prompt.rstrip(), add_special_tokens=False).ids) if prompt.strip() else 0)
        encodings = self._tokenizer.encode_batch([prompt + text for text in sentences])
        states = self._run_all([[e.ids] for e in encodings], False, self._states)
        vectors = np.zeros((len(states), self._dimension), dtype=np.float32)
        tokens = []
        for row, state in enumerate(states):
            pooled = state.mean(axis=0)
            vectors[row] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
            own = state[skip:-1]
            tokens.append(own / np.maximum(np.linalg.norm(own, axis=1, keepdims=True), 1e-12))
        return vectors, tokens

    def _states(self, batch: list[list[int]]) -> np.ndarray:
        """The token states of the one text in ``batch``."""
        input_ids = np.asarray(batch, dtype=np.int64)
        (states,) = self._session.run(None, {"input_ids": input_ids, "attention_mask": np.ones_like(input_ids)})
        return states[0]

    def _run_all(
        self, batches: list[list[list[int]]], progress: bool, run: Callable[[list[list[int]]], np.ndarray] | None = None
    ) -> list[np.ndarray]:
        """``run`` (`_pooled` by default) of every batch, in order; in parallel when running one text at a time."""
        run = run or self._pooled
        if self._workers < 2 or len(batches) < 2:
            return list(self._tracked(map(run, batches), len(batches), progress))
        with ThreadPoolExecutor(self._workers) as pool:
            return list(self._tracked(pool.map(run, batches), len(batches), progress))

    @staticmethod
    def _tracked(runs: Iterator[np.ndarray], total: int, progress: bool) -> Iterator[np.ndarray]:
        if not progress:
            return runs
        from tqdm.auto import tqdm

        return iter(tqdm(runs, total=total, desc="Batches", unit="batch"))

    def _pooled(self, batch: list[list[int]]) -> np.ndarray:
        """Mean of the token states of each text, padding left out."""
        width = max(len(ids) for ids in batch)
        input_ids = np.zeros((len(batch), width), dtype=np.int64)  # 0 is a padding id the mask hides anyway
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        (states,) = self._session.run(None, {"input_ids": input_ids, "attention_mask": mask})
        weights = mask[..., None].astype(np.float32)
        return (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
