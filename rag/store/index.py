"""The persisted index: FAISS vectors, the passages they stand for, and a manifest.

Each passage is searched as a whole and sentence by sentence: the FAISS index holds one
row per *unit* (a passage or one of its sentences) and ``units.npy`` says which passage
each row belongs to. ``background.npy`` holds the vectors of unrelated reference
sentences that a question's best passage must beat (see ``rag.search.retriever``), and
``tokens.npy``, ``token_scales.npy`` and ``token_starts.npy`` each passage's token vectors
(``rag.store.tokens``).

The FAISS index is exact or inverted-file by size (``rag.store.vectors``); either keeps the
vectors, so ``reconstruct`` works for incremental updates.

A folder holds those files, ``passages.jsonl`` and ``manifest.json``. Every file is
written to a temporary name and renamed into place, the manifest last; the manifest keeps
a checksum of the others, so a folder left half-written by a crash is detected on load
instead of answering from mismatched files. Before a save replaces anything, the files
it replaces are hard-linked into ``.previous/`` (removed once the new manifest is in
place), and ``load`` falls back to them: a crash at any moment leaves the old index or
the new one, never neither.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.document import Metadata, Passage
from rag.store.tokens import TokenTable

if TYPE_CHECKING:
    import faiss

logger = logging.getLogger(__name__)

# 3: sources carry title, metadata and pages; doc ids unique per source. 4: sentence-pair units.
# 5: a pair's vector is the sum of its sentences' vectors. 6: notes know the sentence citing
# them, and a note that is only a web address is embedded after it. 7: each Kamervraag is a
# passage of its own, an answer is embedded without it, and a note that is only a
# parliamentary paper number is embedded like a link. 8: a passage answers one Vraag or several
# (``vraag`` is a list) and may point to another answer; documents know their Aanhangsel id,
# received date and parties. 9: a text conversion beside its PDF takes its pages from the PDF.
# 10: each passage's token vectors (``rag.store.tokens``).
FORMAT = 10
VECTORS = "vectors.faiss"
UNITS = "units.npy"
BACKGROUND = "background.npy"
PASSAGES = "passages.jsonl"
TOKENS = "tokens.npy"
TOKEN_SCALES = "token_scales.npy"
TOKEN_STARTS = "token_starts.npy"
MANIFEST = "manifest.json"
# The files a manifest keeps checksums of, written before it.
DATA_FILES = (VECTORS, UNITS, BACKGROUND, PASSAGES, TOKENS, TOKEN_SCALES, TOKEN_STARTS)
PREVIOUS = ".previous"  # the index before an interrupted save


class CorruptIndexError(Exception):
    """The index folder cannot be trusted; the message says why and how to rebuild."""


@dataclass(frozen=True)
class Source:
    """One file of the collection, as it was when it was indexed, and the document read from it.

    ``doc_id`` is unique within an index: a second file with the same kenmerk gets a suffix.
    """

    path: str
    sha256: str
    doc_id: str
    title: str = ""
    metadata: Metadata = field(default_factory=Metadata)
    pages: int | None = None  # the last page a passage comes from, when the format has pages

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Source:
        """Read a source written by ``asdict``."""
        return cls(**{**data, "metadata": Metadata.from_json(data.get("metadata", {}))})  # type: ignore[arg-type]


@dataclass(frozen=True)
class Manifest:
    """What an index was built from: the model, the files, and checksums of its own files."""

    model: dict[str, object]
    sources: tuple[Source, ...]
    count: int
    background: str = ""  # checksum of the reference sentences behind background.npy
    reader: str = ""  # `rag.ingest.reader_fingerprint` of the code that read the sources
    checksums: dict[str, str] = field(default_factory=dict)
    created: str = ""
    format: int = FORMAT

    def to_json(self) -> dict[str, object]:
        """The manifest as JSON-ready data."""
        data = asdict(self)
        data["sources"] = [asdict(s) for s in self.sources]
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Manifest:
        """Read a manifest written by ``to_json``."""
        sources = tuple(Source.from_json(s) for s in data["sources"])  # type: ignore[union-attr]
        return cls(**{**data, "sources": sources})  # type: ignore[arg-type]


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Index:
    """Passages, their unit vectors and the background vectors, searchable by inner product."""

    def __init__(
        self,
        vectors: faiss.Index,
        owners: np.ndarray,
        passages: Sequence[Passage],
        background: np.ndarray,
        manifest: Manifest,
        tokens: TokenTable | None = None,
    ) -> None:
        """Wrap a FAISS index whose row i is a unit of ``passages[owners[i]]``; ``tokens`` per passage, if known."""
        if vectors.ntotal != len(owners) or (len(owners) and int(owners.max()) >= len(passages)):
            raise CorruptIndexError(f"the index holds {vectors.ntotal} vectors for {len(passages)} passages")
        tokens = tokens if tokens is not None else TokenTable.empty(len(passages), vectors.d)
        if not tokens.fits(len(passages)):
            raise CorruptIndexError(f"the token table has {tokens.passages} entries for {len(passages)} passages")
        self.tokens = tokens
        self.vectors = vectors
        self.owners = owners.astype(np.int32)
        self.passages = list(passages)
        self.background = background.astype(np.float32)
        self.manifest = manifest
        # Units are stored passage by passage, so a passage's first row is a sorted search.
        self.first_unit = np.searchsorted(self.owners, np.arange(len(self.passages)))
        # A passage of n > 1 sentences has 2n units: whole, n sentences, n - 1 pairs.
        counts = np.diff(np.append(self.first_unit, len(self.owners)))
        self._sentences = np.where(counts > 1, counts // 2, 1)

    def is_pair(self, row: int) -> bool:
        """Whether unit ``row`` is a pair of neighbouring sentences (see ``rag.store.embedding.embed_units``)."""
        owner = int(self.owners[row])
        return row - int(self.first_unit[owner]) > int(self._sentences[owner])

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The ``k`` best units for one normalised query vector, as (unit row, score)."""
        k = min(k, self.vectors.ntotal)
        if k <= 0:
            return []
        scores, ids = self.vectors.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def passage_units(self, owner: int) -> np.ndarray:
        """The stored unit vectors of passage ``owner``, in the order of ``rag.store.embedding.embed_units``."""
        first = int(self.first_unit[owner])
        count = (int(self.first_unit[owner + 1]) if owner + 1 < len(self.passages) else len(self.owners)) - first
        return self.vectors.reconstruct_n(first, count)

    def best_score(self, owner: int, query: np.ndarray) -> float:
        """Passage ``owner``'s best score for ``query`` over its whole and sentence units (not pairs)."""
        # Units are the whole, then its sentences, then the pairs (`rag.store.embedding.embed_units`).
        sentences = int(self._sentences[owner])
        units = self.vectors.reconstruct_n(int(self.first_unit[owner]), sentences + 1 if sentences > 1 else 1)
        return float(np.max(units @ query))

    def reconstruct(self) -> np.ndarray:
        """All stored unit vectors as a (units, dimension) array."""
        return self.vectors.reconstruct_n(0, self.vectors.ntotal)

    def save(self, folder: Path) -> None:
        """Write the index to ``folder`` atomically, file by file, manifest last."""
        import faiss

        folder.mkdir(parents=True, exist_ok=True)
        _keep_previous(folder)
        lines = "".join(json.dumps(asdict(p), ensure_ascii=False) + "\n" for p in self.passages)
        _write_atomic(folder / PASSAGES, lines.encode("utf-8"))
        _write_atomic(folder / UNITS, _npy_bytes(self.owners))
        _write_atomic(folder / BACKGROUND, _npy_bytes(self.background))
        _write_atomic(folder / TOKENS, _npy_bytes(self.tokens.values))
        _write_atomic(folder / TOKEN_SCALES, _npy_bytes(self.tokens.scales))
        _write_atomic(folder / TOKEN_STARTS, _npy_bytes(self.tokens.starts))
        _write_atomic(folder / VECTORS, faiss.serialize_index(self.vectors).tobytes())
        checksums = {name: file_sha256(folder / name) for name in DATA_FILES}
        manifest = replace(
            self.manifest,
            count=len(self.passages),
            checksums=checksums,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        _write_atomic(folder / MANIFEST, json.dumps(manifest.to_json(), indent=2, ensure_ascii=False).encode())
        shutil.rmtree(folder / PREVIOUS, ignore_errors=True)
        self.manifest = manifest
        logger.info("saved %d passages to %s", len(self.passages), folder)

    @classmethod
    def load(cls, folder: Path) -> Index:
        """Open an index folder, verifying every file against the manifest.

        When a save was interrupted, the index from before it is opened instead.
        """
        try:
            return cls._load(folder)
        except CorruptIndexError:
            if not (folder / PREVIOUS / MANIFEST).is_file():
                raise
            logger.warning("the last save to %s was interrupted; opening the index from before it", folder)
            return cls._load(folder / PREVIOUS)

    @classmethod
    def _load(cls, folder: Path) -> Index:
        manifest = verified_manifest(folder)
        passages = _read_passages(folder / PASSAGES)
        if manifest.count != len(passages):
            raise CorruptIndexError(f"the manifest counts {manifest.count} passages but {len(passages)} are stored")
        owners = np.load(folder / UNITS, allow_pickle=False)
        background = np.load(folder / BACKGROUND, allow_pickle=False)
        # Mapped, not read: a question touches the tokens of ten passages.
        tokens = TokenTable(
            np.load(folder / TOKENS, mmap_mode="r", allow_pickle=False),
            *(np.load(folder / name, allow_pickle=False) for name in (TOKEN_SCALES, TOKEN_STARTS)),
        )
        return cls(_read_vectors(folder / VECTORS), owners, passages, background, manifest, tokens)


def read_manifest(folder: Path) -> Manifest:
    """The manifest of an index folder, or CorruptIndexError when it cannot be read."""
    path = folder / MANIFEST
    if not path.is_file():
        raise CorruptIndexError(f"no index in {folder} (there is no {MANIFEST})")
    try:
        manifest = Manifest.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise CorruptIndexError(f"{path} is not a valid manifest ({error})") from error
    if manifest.format != FORMAT:
        raise CorruptIndexError(f"{folder} was written in index format {manifest.format}, this version reads {FORMAT}")
    return manifest


def verified_manifest(folder: Path) -> Manifest:
    """The manifest of an index folder whose files all match their checksums in it."""
    manifest = read_manifest(folder)
    for name in DATA_FILES:
        path = folder / name
        if not path.is_file() or file_sha256(path) != manifest.checksums.get(name):
            raise CorruptIndexError(f"{path} is missing or does not match its checksum in the manifest")
    return manifest


def _keep_previous(folder: Path) -> None:
    """Hard-link the index files into ``.previous/`` (manifest last) before a save replaces them.

    A folder that does not verify is left alone: after an interrupted save its
    ``.previous/`` already holds the last good index, which must not be overwritten.
    """
    try:
        verified_manifest(folder)
    except CorruptIndexError:
        return
    backup = folder / PREVIOUS
    shutil.rmtree(backup, ignore_errors=True)
    backup.mkdir()
    for name in (*DATA_FILES, MANIFEST):
        try:
            os.link(folder / name, backup / name)
        except OSError:  # a file system without hard links
            shutil.copyfile(folder / name, backup / name)


def recorded_paths(folder: Path) -> list[Path]:
    """The source files a manifest names, read leniently: how to rebuild an index that cannot be loaded."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return [Path(str(source["path"])) for source in data["sources"]]
    except (OSError, ValueError, TypeError, KeyError):
        return []


def _read_passages(path: Path) -> list[Passage]:
    try:
        with path.open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        return [Passage(**{**row, **{name: tuple(row.get(name) or ()) for name in _TUPLES}}) for row in rows]
    except (ValueError, TypeError) as error:
        raise CorruptIndexError(f"{path} cannot be read ({error})") from error


# Passage fields that JSON stores as lists.
_TUPLES = ("footnotes", "vraag", "refers")


def _read_vectors(path: Path) -> faiss.Index:
    import faiss

    try:
        # A flat index is mapped from the file (its checksum was just verified), not copied
        # into memory; other index types are read as usual under the same flag.
        return faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC)
    except RuntimeError as error:
        raise CorruptIndexError(f"{path} is not a readable FAISS index") from error


def _npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
