"""Run the ONNX export of the default model with onnxruntime: no torch, no sentence-transformers.

`OnnxEncoder` offers the part of `SentenceTransformer` that `Embedder` uses (``encode``,
``max_seq_length``, ``device``, ``get_embedding_dimension``) and computes the same thing:
the fast tokenizer with truncation, the encoder, mean pooling over real tokens, and
L2 normalisation. Importing onnxruntime and tokenizers takes a fraction of a second,
where torch with sentence-transformers takes several.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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
        self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self._tokenizer.enable_truncation(self.max_seq_length)
        self._tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
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
        starts = range(0, len(order), max(1, batch_size))
        if show_progress_bar:
            from tqdm.auto import tqdm

            starts = tqdm(starts, desc="Batches", unit="batch")
        for start in starts:
            rows = order[start : start + batch_size]
            vectors[rows] = self._pooled([encodings[i].ids for i in rows])
        if normalize_embeddings:
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors /= np.where(norms == 0, 1, norms)
        return vectors

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
