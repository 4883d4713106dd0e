"""A collection: the files behind an index, and keeping the index in step with them and the model."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from pathlib import Path

import numpy as np

from embeddings import Embedder, model_fingerprint
from rag.document import Passage
from rag.index import CorruptIndexError, Index, Manifest, Source, file_sha256, flat_index
from rag.ingest import read_document
from rag.ingest.sentences import sentence_spans

logger = logging.getLogger(__name__)

BUNDLED_NAME = "2020Z23459-antwoorden-kunstmatige-intelligentie.txt"


def bundled_files() -> list[Path]:
    """The document that ships with the product and forms the default collection."""
    return [Path(str(resources.files("rag") / "corpus" / BUNDLED_NAME))]


def background_sentences() -> list[str]:
    """Reference sentences on unrelated everyday topics (see ``rag.retrieve``)."""
    text = (resources.files("rag") / "data" / "background.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def unit_texts(passage: Passage) -> list[str]:
    """What is embedded for a passage, in this order (``rag.retrieve`` decodes it).

    The whole passage led by its question or heading; then each sentence; then each pair
    of neighbouring sentences, because an answer often leans on the sentence before it
    ("… de nationale cursus …. Inmiddels hebben 170.000 Nederlanders deze training gevolgd.").
    """
    context = passage.question or passage.heading
    whole = f"{context}\n{passage.text}" if context else passage.text
    sentences = [passage.text[a:b] for a, b in sentence_spans(passage.text)]
    if len(sentences) == 1:
        return [whole]
    pairs = [f"{before} {after}" for before, after in pairwise(sentences)]
    return [whole, *sentences, *pairs]


@dataclass(frozen=True)
class Opened:
    """An index ready to search, with what was done to bring it up to date."""

    index: Index
    notices: tuple[str, ...] = ()


@dataclass
class _Part:
    """The passages of one source file, with the rows of their unit vectors when reusable."""

    source: Source
    passages: list[Passage]
    rows: np.ndarray | None = None  # rows in the old index; None means embed afresh


def open_collection(folder: Path, embedder: Embedder, files: Sequence[Path] | None = None) -> Opened:
    """Load the index in ``folder`` and bring it in step with ``files`` and ``embedder``.

    ``files`` None means the files the index was built from. A missing or damaged index
    is built from ``files``; a stale one (other model, changed files) is updated and saved.
    """
    try:
        index: Index | None = Index.load(folder)
    except CorruptIndexError as error:
        if files is None:
            raise CorruptIndexError(f"{error}. Rebuild it with: vraagbaak index --index {folder} FILE...") from error
        index = None
        if (folder / "manifest.json").exists():
            logger.warning("rebuilding the index: %s", error)
    if files is None:
        files = [Path(s.path) for s in index.manifest.sources]  # type: ignore[union-attr]
    updated, notices = update(index, files, embedder)
    if updated is not index:
        updated.save(folder)
    return Opened(updated, tuple(notices))


def update(
    index: Index | None, files: Sequence[Path], embedder: Embedder, progress: bool = False
) -> tuple[Index, list[str]]:
    """An index holding exactly ``files``, embedding only what is new or changed.

    A file that is gone from disk keeps its stored passages, so nothing is lost.
    Returns ``index`` itself when nothing had to change.
    """
    fingerprint = model_fingerprint(embedder)
    notices: list[str] = []
    reuse = index is not None and index.manifest.model == fingerprint
    if index is not None and not reuse:
        notices.append(
            f"the index was built with model {index.manifest.model.get('name')}; "
            f"re-embedding its passages with {fingerprint['name']}"
        )
    stored = _stored_parts(index)
    if not reuse:
        for part in stored.values():
            part.rows = None  # keep the passages, embed them again with this model
    parts = [_part(Path(path), stored, notices) for path in files]
    background = background_sentences()
    background_sum = hashlib.sha256("\n".join(background).encode()).hexdigest()
    sources = tuple(p.source for p in parts)
    if reuse and not notices and index.manifest.sources == sources and index.manifest.background == background_sum:  # type: ignore[union-attr]
        return index, notices  # type: ignore[return-value]
    for notice in notices:
        logger.warning(notice)
    passages = [p for part in parts for p in part.passages]
    vectors, owners = _unit_vectors(parts, index, embedder, progress)
    if reuse and index.manifest.background == background_sum:  # type: ignore[union-attr]
        background_vectors = index.background  # type: ignore[union-attr]
    else:
        background_vectors = embedder.embed_passages(background)
    manifest = Manifest(model=fingerprint, sources=sources, count=len(passages), background=background_sum)
    return Index(flat_index(vectors), owners, passages, background_vectors, manifest), notices


def _part(path: Path, stored: dict[str, _Part], notices: list[str]) -> _Part:
    key = str(path.resolve())
    old = stored.get(key)
    if not path.is_file():
        if old is None:
            raise FileNotFoundError(f"{path} does not exist")
        notices.append(f"{path} is no longer on disk; its passages are kept")
        return old
    sha = file_sha256(path)
    if old is not None and old.source.sha256 == sha:
        return old
    if old is not None:
        notices.append(f"{path} changed since it was indexed; re-reading it")
    document = read_document(path)
    return _Part(Source(key, sha, document.doc_id), list(document.passages))


def _stored_parts(index: Index | None) -> dict[str, _Part]:
    """The stored passages of each source file of ``index``, with the rows of their units."""
    if index is None:
        return {}
    by_doc: dict[str, list[int]] = {}
    for position, passage in enumerate(index.passages):
        by_doc.setdefault(passage.doc_id, []).append(position)
    parts = {}
    for source in index.manifest.sources:
        positions = by_doc.get(source.doc_id, [])
        rows = np.flatnonzero(np.isin(index.owners, positions))
        parts[source.path] = _Part(source, [index.passages[i] for i in positions], rows)
    return parts


def _unit_vectors(
    parts: list[_Part], index: Index | None, embedder: Embedder, progress: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors for all parts (reused or freshly embedded) and the passage each belongs to."""
    todo = [text for part in parts if part.rows is None for p in part.passages for text in unit_texts(p)]
    fresh = embedder.embed_passages(todo, progress=progress) if todo else None
    # Stored vectors are read back only here, when something changed: never on a plain reopen.
    stored = index.reconstruct() if index is not None and any(p.rows is not None for p in parts) else None
    blocks, owners, used, offset = [], [], 0, 0
    for part in parts:
        counts = [len(unit_texts(p)) for p in part.passages]
        if part.rows is None:
            blocks.append(fresh[used : used + sum(counts)])  # type: ignore[index]
            used += sum(counts)
        else:
            blocks.append(stored[part.rows])  # type: ignore[index]
        owners += [offset + i for i, n in enumerate(counts) for _ in range(n)]
        offset += len(part.passages)
    if not owners:
        return np.zeros((0, embedder.dimension), dtype=np.float32), np.zeros(0, dtype=np.int32)
    return np.vstack(blocks).astype(np.float32), np.asarray(owners, dtype=np.int32)
