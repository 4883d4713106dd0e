"""The files of a collection, each read afresh or taken from the index as it stands.

One `Part` per document: a file whose bytes are unchanged keeps its stored passages and
vectors; a moved file keeps its doc_id; a second path to the same bytes is indexed once;
the same document in another format (same id, nearly the same words: a PDF and its text
conversion) is recognised as a copy and left out with a notice; a file that is gone or can
no longer be read keeps its passages, so nothing is lost.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

from rag.document import Document, Passage
from rag.ingest import read_document
from rag.notices import Failure, Notice, reason
from rag.store.index import Index, Source, file_sha256

logger = logging.getLogger(__name__)

# Two files with the same document id hold the same document when this share of their words is shared.
SAME_DOCUMENT_WORDS = 0.8


@dataclass
class Part:
    """The passages of one source file, with the rows of their unit vectors when reusable."""

    source: Source
    passages: list[Passage]
    rows: np.ndarray | None = None  # rows in the old index; None means embed afresh
    current: bool = True  # False: read by another version of the reader, to be read again


@dataclass(frozen=True)
class _Fresh:
    """A file read anew, before its doc_id is made unique."""

    key: str
    sha256: str
    document: Document
    previous_id: str | None  # the doc_id this file had before it changed


def read_parts(files: Sequence[Path], stored: dict[str, Part], notices: list[str], progress: bool) -> list[Part]:
    """One part per readable file: stored passages when unchanged, else the file read afresh."""
    slots: list[Part | _Fresh] = []
    # The same file named twice (by a relative and an absolute path, say) is read once.
    unique: dict[str, Path] = {}
    for path in files:
        unique.setdefault(str(Path(path).resolve()), Path(path))
    for path in tqdm(list(unique.values()), desc="reading", unit="file", disable=not progress or len(unique) < 2):
        slot = _read(path, stored, notices)
        if slot is not None:
            slots.append(slot)
    slots = _join_twins(slots, notices)
    taken = {slot.source.doc_id for slot in slots if isinstance(slot, Part)}
    parts: list[Part] = []
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


def _same_document(fresh: _Fresh, parts: Sequence[Part]) -> Part | None:
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


def _join_twins(slots: list[Part | _Fresh], notices: list[str]) -> list[Part | _Fresh]:
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
    joined: dict[int, Part | _Fresh] = {}  # fresh slot -> what stands at its path
    for slot in slots:
        twin = new_paths.get(_sha256(slot)) if isinstance(slot, Part) else None
        if twin is not None and id(twin) not in joined:
            if slot.current:
                joined[id(twin)] = Part(replace(slot.source, path=twin.key), slot.passages, slot.rows)
            else:  # read again: the new reading, under the id the file had
                joined[id(twin)] = replace(twin, previous_id=slot.source.doc_id)
            joined[id(slot)] = joined[id(twin)]
            notices.append(Notice(_whereabouts(slot), path=slot.source.path, other=twin.key))
    kept: list[Part | _Fresh] = []
    indexed: dict[str, str] = {}  # sha256 -> the path it is indexed from
    for slot in slots:
        if isinstance(slot, Part) and id(slot) in joined:
            continue  # it stands at its new path's place
        slot = joined.get(id(slot), slot)
        path = slot.source.path if isinstance(slot, Part) else slot.key
        gone = isinstance(slot, Part) and not Path(path).is_file()
        if _sha256(slot) in indexed:
            where = "gone_indexed_elsewhere" if gone else "indexed_elsewhere"
            notices.append(Notice(where, path=path, other=indexed[_sha256(slot)]))
            continue
        if gone:
            notices.append(Notice("gone", path=path))
        indexed[_sha256(slot)] = path
        kept.append(slot)
    return kept


def _whereabouts(part: Part) -> str:
    return "moved" if not Path(part.source.path).is_file() else "same_bytes"


def _sha256(slot: Part | _Fresh) -> str:
    return slot.sha256 if isinstance(slot, _Fresh) else slot.source.sha256


def _read(path: Path, stored: dict[str, Part], notices: list[str]) -> Part | _Fresh | None:
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


def _fresh_part(fresh: _Fresh, doc_id: str) -> Part:
    document = fresh.document
    prefix = len(document.doc_id)
    passages = [replace(p, id=doc_id + p.id[prefix:], doc_id=doc_id) for p in document.passages]
    pages = max((p.page for p in passages if p.page is not None), default=None)
    source = Source(fresh.key, fresh.sha256, doc_id, document.title, document.metadata, pages)
    return Part(source, passages)


def stored_parts(index: Index | None) -> dict[str, Part]:
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
        parts[source.path] = Part(source, [index.passages[i] for i in positions], rows)
    return parts
