"""A collection: the files behind an index, and keeping the index in step with them and the model."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import numpy as np

from embeddings import Embedder, model_fingerprint
from rag.ingest import reader_fingerprint
from rag.notices import Notice
from rag.store.embedding import embed_units_and_tokens, unit_count
from rag.store.files import Part, read_parts, stored_parts
from rag.store.index import CorruptIndexError, Index, Manifest, Source
from rag.store.tokens import TokenTable
from rag.store.vectors import vector_index

logger = logging.getLogger(__name__)

BUNDLED_NAME = "2020Z23459-antwoorden-kunstmatige-intelligentie.txt"


class UnknownDocumentError(LookupError):
    """No document of the index goes by the name given."""


def bundled_files() -> list[Path]:
    """The document that ships with the product and forms the default collection."""
    return [Path(str(resources.files("rag") / "corpus" / BUNDLED_NAME))]


def background_sentences() -> list[str]:
    """Reference sentences on unrelated everyday topics (see ``rag.search.retriever``)."""
    text = (resources.files("rag") / "data" / "background.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Opened:
    """An index ready to search, with what was done to bring it up to date."""

    index: Index
    notices: tuple[str, ...] = ()


def open_collection(folder: Path, embedder: Embedder, files: Sequence[Path] | None = None) -> Opened:
    """Load the index in ``folder`` and bring it in step with ``files`` and ``embedder``.

    ``files`` None means the files the index was built from. A missing or damaged index
    is built from ``files``; a stale one (other model or reader, changed files) is updated and saved.
    """
    damaged: Notice | None = None
    try:
        index: Index | None = Index.load(folder)
    except CorruptIndexError as error:
        if files is None:
            raise CorruptIndexError(f"{error}. Rebuild it with: vraagbaak index --index {folder} FILE...") from error
        index = None
        if (folder / "manifest.json").exists():
            damaged = Notice("rebuilt", folder=folder, reason=error)
    if files is None:
        files = [Path(s.path) for s in index.manifest.sources]  # type: ignore[union-attr]
    updated, notices = update(index, files, embedder)
    notices = [damaged, *notices] if damaged else notices
    if updated is not index:
        updated.save(folder)
    return Opened(updated, tuple(notices))


def update(
    index: Index | None, files: Sequence[Path], embedder: Embedder, progress: bool = False
) -> tuple[Index, list[str]]:
    """An index holding exactly ``files``, embedding only what is new or changed.

    Passages read by another version of the reader are read again from their files. A file
    that is gone from disk or can no longer be read keeps its stored passages, so nothing is
    lost; a new file that cannot be read is skipped with a ``Failure`` notice.
    Returns ``index`` itself when nothing had to change.
    """
    fingerprint = model_fingerprint(embedder)
    reader = reader_fingerprint()
    notices: list[str] = []
    same_model = index is not None and index.manifest.model == fingerprint
    reread = index is not None and index.manifest.reader != reader
    reuse = same_model and not reread  # the stored passages and vectors stand as they are
    if index is not None and not same_model:
        notices.append(Notice("model_changed", old=_described(index.manifest.model), new=_described(fingerprint)))
    if reread:
        notices.append(Notice("reader_changed", count=len(index.manifest.sources)))  # type: ignore[union-attr]
    stored = stored_parts(index)
    for part in stored.values() if not reuse else ():
        part.rows = None  # embed again: with this model, or the passages read again
        part.current = not reread
    parts = read_parts(files, stored, notices, progress)
    background = background_sentences()
    background_sum = hashlib.sha256("\n".join(background).encode()).hexdigest()
    sources = tuple(p.source for p in parts)
    if reuse and index.manifest.sources == sources and index.manifest.background == background_sum:  # type: ignore[union-attr]
        return index, notices  # type: ignore[return-value]
    for notice in notices:
        logger.info(notice)
    passages = [p for part in parts for p in part.passages]
    vectors, owners, tokens = _unit_vectors(parts, index, embedder, progress)
    if same_model and index.manifest.background == background_sum:  # type: ignore[union-attr]
        background_vectors = index.background  # type: ignore[union-attr]
    else:
        background_vectors = embedder.embed_passages(background)
    manifest = Manifest(
        model=fingerprint, sources=sources, count=len(passages), background=background_sum, reader=reader
    )
    return Index(vector_index(vectors), owners, passages, background_vectors, manifest, tokens), notices


def remove(index: Index, document: str) -> tuple[Index, Source]:
    """``index`` without one document, named by doc_id, source path or file name; no embedding.

    The other documents keep their passages, ids and vectors.
    """
    source = find_source(index, document)
    parts = [part for path, part in stored_parts(index).items() if path != source.path]
    vectors, owners, tokens = _unit_vectors(parts, index, None, False)
    passages = [p for part in parts for p in part.passages]
    manifest = replace(index.manifest, sources=tuple(p.source for p in parts), count=len(passages))
    return Index(vector_index(vectors), owners, passages, index.background, manifest, tokens), source


def find_source(index: Index, document: str) -> Source:
    """The source whose doc_id, path or (unique) file name is ``document``."""
    sources = index.manifest.sources
    path = str(Path(document).expanduser().resolve())
    matches = [s for s in sources if s.doc_id == document] or [s for s in sources if s.path == path]
    named = [s for s in sources if Path(s.path).name == document]
    if not matches and len(named) == 1:
        matches = named
    if not matches:
        raise UnknownDocumentError(f"no document {document!r} in this index; `vraagbaak list` shows its documents")
    return matches[0]


def _described(fingerprint: dict[str, object]) -> str:
    """A model as a notice names it: name, and how it ran when that was recorded."""
    how = [str(fingerprint[key]) for key in ("backend", "variant") if fingerprint.get(key)]
    return f"{fingerprint.get('name')} ({', '.join(how)})" if how else str(fingerprint.get("name"))


def _unit_vectors(
    parts: list[Part], index: Index | None, embedder: Embedder | None, progress: bool
) -> tuple[np.ndarray, np.ndarray, TokenTable]:
    """Unit vectors for all parts (reused or freshly embedded), the passage each belongs to, and the token table."""
    todo = [p for part in parts if part.rows is None for p in part.passages]
    # The embedder's when there is one: with another model every part is embedded afresh.
    dimension = embedder.dimension if embedder is not None else index.vectors.d  # type: ignore[union-attr]
    fresh, fresh_tokens = embed_units_and_tokens(todo, embedder, progress) if todo else (None, [])  # type: ignore[arg-type]
    # Stored vectors are read back only here, when something changed: never on a plain reopen.
    stored = index.reconstruct() if index is not None and any(p.rows is not None for p in parts) else None
    blocks, owners, tokens, used, done, offset = [], [], [], 0, 0, 0
    for part in parts:
        counts = [unit_count(p) for p in part.passages]
        if part.rows is None:
            blocks.append(fresh[used : used + sum(counts)])  # type: ignore[index]
            tokens.append(TokenTable.of(fresh_tokens[done : done + len(counts)], dimension))
            used += sum(counts)
            done += len(counts)
        else:
            blocks.append(stored[part.rows])  # type: ignore[index]
            tokens.append(index.tokens.select(np.unique(index.owners[part.rows])))  # type: ignore[union-attr]
        owners += [offset + i for i, n in enumerate(counts) for _ in range(n)]
        offset += len(part.passages)
    if not owners:
        return np.zeros((0, dimension), dtype=np.float32), np.zeros(0, dtype=np.int32), TokenTable.empty(0, dimension)
    vectors = np.vstack(blocks).astype(np.float32)
    return vectors, np.asarray(owners, dtype=np.int32), TokenTable.joined(tokens, dimension)
