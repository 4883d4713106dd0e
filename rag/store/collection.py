"""A collection: the files behind an index, and keeping the index in step with them and the model."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import numpy as np
from tqdm import tqdm

from embeddings import Embedder, model_fingerprint
from rag.document import Document, Passage
from rag.ingest import read_document, reader_fingerprint
from rag.notices import Failure, Notice, reason
from rag.store.embedding import embed_units, unit_count
from rag.store.index import CorruptIndexError, Index, Manifest, Source, file_sha256, flat_index

logger = logging.getLogger(__name__)

BUNDLED_NAME = "2020Z23459-antwoorden-kunstmatige-intelligentie.txt"
# Two files with the same document id hold the same document when this share of their words is shared.
SAME_DOCUMENT_WORDS = 0.8


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


@dataclass
class _Part:
    """The passages of one source file, with the rows of their unit vectors when reusable."""

    source: Source
    passages: list[Passage]
    rows: np.ndarray | None = None  # rows in the old index; None means embed afresh
    current: bool = True  # False: read by another version of the reader, to be read again


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
    stored = _stored_parts(index)
    for part in stored.values() if not reuse else ():
        part.rows = None  # embed again: with this model, or the passages read again
        part.current = not reread
    parts = _parts(files, stored, notices, progress)
    background = background_sentences()
    background_sum = hashlib.sha256("\n".join(background).encode()).hexdigest()
    sources = tuple(p.source for p in parts)
    if reuse and index.manifest.sources == sources and index.manifest.background == background_sum:  # type: ignore[union-attr]
        return index, notices  # type: ignore[return-value]
    for notice in notices:
        logger.info(notice)
    passages = [p for part in parts for p in part.passages]
    vectors, owners = _unit_vectors(parts, index, embedder, progress)
    if same_model and index.manifest.background == background_sum:  # type: ignore[union-attr]
        background_vectors = index.background  # type: ignore[union-attr]
    else:
        background_vectors = embedder.embed_passages(background)
    manifest = Manifest(
        model=fingerprint, sources=sources, count=len(passages), background=background_sum, reader=reader
    )
    return Index(flat_index(vectors), owners, passages, background_vectors, manifest), notices


def remove(index: Index, document: str) -> tuple[Index, Source]:
    """``index`` without one document, named by doc_id, source path or file name; no embedding.

    The other documents keep their passages, ids and vectors.
    """
    source = find_source(index, document)
    parts = [part for path, part in _stored_parts(index).items() if path != source.path]
    vectors, owners = _unit_vectors(parts, index, None, False)
    passages = [p for part in parts for p in part.passages]
    manifest = replace(index.manifest, sources=tuple(p.source for p in parts), count=len(passages))
    return Index(flat_index(vectors), owners, passages, index.background, manifest), source


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


@dataclass(frozen=True)
class _Fresh:
    """A file read anew, before its doc_id is made unique."""

    key: str
    sha256: str
    document: Document
    previous_id: str | None  # the doc_id this file had before it changed


def _parts(files: Sequence[Path], stored: dict[str, _Part], notices: list[str], progress: bool) -> list[_Part]:
    """One part per readable file: stored passages when unchanged, else the file read afresh."""
    slots: list[_Part | _Fresh] = []
    # The same file named twice (by a relative and an absolute path, say) is read once.
    unique: dict[str, Path] = {}
    for path in files:
        unique.setdefault(str(Path(path).resolve()), Path(path))
    for path in tqdm(list(unique.values()), desc="reading", unit="file", disable=not progress or len(unique) < 2):
        slot = _read(path, stored, notices)
        if slot is not None:
            slots.append(slot)
    slots = _join_twins(slots, notices)
    taken = {slot.source.doc_id for slot in slots if isinstance(slot, _Part)}
    parts: list[_Part] = []
    for slot in slots:
        if isinstance(slot, _Fresh):
            if (twin := _same_document(slot, parts)) is not None:
                kept_as = Path(twin.source.path).name
                notices.append(
                    Notice("same_document", name=Path(slot.key).name, doc_id=twin.source.doc_id, kept_as=kept_as)
                )
                continue
            doc_id = _unique_id(slot, taken)
            taken.add(doc_id)
            slot = _fresh_part(slot, doc_id)
        parts.append(slot)
    return parts


def _same_document(fresh: _Fresh, parts: Sequence[_Part]) -> _Part | None:
    """The part that holds the document ``fresh`` holds too, in another file or format: same id, nearly same words.

    A PDF and its text conversion differ in page furniture, hyphenation and line breaks,
    not in their words; two documents that share a kenmerk (the answers and the notice that
    they will come late, say) do.
    """
    words = _words(p.text for p in fresh.document.passages)
    for part in parts:
        own = fresh.document.doc_id
        if part.source.doc_id != own and not part.source.doc_id.startswith(f"{own}-"):
            continue
        other = _words(p.text for p in part.passages)
        if words and other and len(words & other) / len(words | other) >= SAME_DOCUMENT_WORDS:
            return part
    return None


def _words(texts: Iterable[str]) -> set[str]:
    return {w for text in texts for w in re.findall(r"[^\W\d_]{3,}", text.lower())}


def _join_twins(slots: list[_Part | _Fresh], notices: list[str]) -> list[_Part | _Fresh]:
    """``slots`` with each file's exact bytes indexed once.

    A stored file whose bytes are read at a new path keeps its doc_id and vectors under that
    path: a moved file, or the bundled document of another checkout that shares this index.
    A second path to bytes already indexed is left out; a gone file with no twin keeps its
    passages, so nothing is lost.
    """
    new_paths: dict[str, _Fresh] = {}
    for slot in slots:
        if isinstance(slot, _Fresh):
            new_paths.setdefault(slot.sha256, slot)
    joined: dict[int, _Part | _Fresh] = {}  # fresh slot -> what stands at its path
    for slot in slots:
        twin = new_paths.get(_sha256(slot)) if isinstance(slot, _Part) else None
        if twin is not None and id(twin) not in joined:
            if slot.current:
                joined[id(twin)] = _Part(replace(slot.source, path=twin.key), slot.passages, slot.rows)
            else:  # read again: the new reading, under the id the file had
                joined[id(twin)] = replace(twin, previous_id=slot.source.doc_id)
            joined[id(slot)] = joined[id(twin)]
            notices.append(Notice(_whereabouts(slot), path=slot.source.path, other=twin.key))
    kept: list[_Part | _Fresh] = []
    indexed: dict[str, str] = {}  # sha256 -> the path it is indexed from
    for slot in slots:
        if isinstance(slot, _Part) and id(slot) in joined:
            continue  # it stands at its new path's place
        slot = joined.get(id(slot), slot)
        path = slot.source.path if isinstance(slot, _Part) else slot.key
        gone = isinstance(slot, _Part) and not Path(path).is_file()
        if _sha256(slot) in indexed:
            where = "gone_indexed_elsewhere" if gone else "indexed_elsewhere"
            notices.append(Notice(where, path=path, other=indexed[_sha256(slot)]))
            continue
        if gone:
            notices.append(Notice("gone", path=path))
        indexed[_sha256(slot)] = path
        kept.append(slot)
    return kept


def _whereabouts(part: _Part) -> str:
    return "moved" if not Path(part.source.path).is_file() else "same_bytes"


def _sha256(slot: _Part | _Fresh) -> str:
    return slot.sha256 if isinstance(slot, _Fresh) else slot.source.sha256


def _read(path: Path, stored: dict[str, _Part], notices: list[str]) -> _Part | _Fresh | None:
    key = str(path.resolve())
    old = stored.get(key)
    if not path.is_file():
        if old is None:
            notices.append(Failure("skipped_missing", path=path))
            return None
        return old  # `_join_twins` says what became of it
    try:
        sha = file_sha256(path)
        if old is not None and old.source.sha256 == sha and old.current:
            return old
        document = read_document(path)
    except Exception as error:  # one unreadable file must not stop the others
        logger.debug("could not read %s", path, exc_info=True)
        if old is None:
            notices.append(Failure("skipped", path=path, reason=reason(error)))
            return None
        notices.append(Failure("unreadable_now", path=path, reason=reason(error)))
        return old
    if old is not None and old.source.sha256 != sha:
        notices.append(Notice("changed", path=path))
    return _Fresh(key, sha, document, old.source.doc_id if old else None)


def _unique_id(fresh: _Fresh, taken: set[str]) -> str:
    """The document's own id, or the id this file had, or the first free ``{id}-{n}``."""
    base = fresh.document.doc_id
    previous = fresh.previous_id
    if previous and previous not in taken and (previous == base or previous.startswith(f"{base}-")):
        return previous
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _fresh_part(fresh: _Fresh, doc_id: str) -> _Part:
    document = fresh.document
    prefix = len(document.doc_id)
    passages = [replace(p, id=doc_id + p.id[prefix:], doc_id=doc_id) for p in document.passages]
    pages = max((p.page for p in passages if p.page is not None), default=None)
    source = Source(fresh.key, fresh.sha256, doc_id, document.title, document.metadata, pages)
    return _Part(source, passages)


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


def _described(fingerprint: dict[str, object]) -> str:
    """A model as a notice names it: name, and how it ran when that was recorded."""
    how = [str(fingerprint[key]) for key in ("backend", "variant") if fingerprint.get(key)]
    return f"{fingerprint.get('name')} ({', '.join(how)})" if how else str(fingerprint.get("name"))


def _unit_vectors(
    parts: list[_Part], index: Index | None, embedder: Embedder | None, progress: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors for all parts (reused or freshly embedded) and the passage each belongs to."""
    todo = [p for part in parts if part.rows is None for p in part.passages]
    fresh = embed_units(todo, embedder, progress) if todo else None  # type: ignore[arg-type]
    # Stored vectors are read back only here, when something changed: never on a plain reopen.
    stored = index.reconstruct() if index is not None and any(p.rows is not None for p in parts) else None
    blocks, owners, used, offset = [], [], 0, 0
    for part in parts:
        counts = [unit_count(p) for p in part.passages]
        if part.rows is None:
            blocks.append(fresh[used : used + sum(counts)])  # type: ignore[index]
            used += sum(counts)
        else:
            blocks.append(stored[part.rows])  # type: ignore[index]
        owners += [offset + i for i, n in enumerate(counts) for _ in range(n)]
        offset += len(part.passages)
    if not owners:
        dimension = index.vectors.d if index is not None else embedder.dimension  # type: ignore[union-attr]
        return np.zeros((0, dimension), dtype=np.float32), np.zeros(0, dtype=np.int32)
    return np.vstack(blocks).astype(np.float32), np.asarray(owners, dtype=np.int32)
