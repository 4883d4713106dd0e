"""The one answer path that the CLI and the UI share: settings in, answers out."""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from embeddings import Embedder, load_embedder
from embeddings.loading import pending_steps
from embeddings.progress import Steps
from rag.answer.compose import Answer, ask
from rag.ingest import SUPPORTED_SUFFIXES
from rag.notices import Failure, Notice
from rag.search.retriever import Retriever
from rag.settings import Settings
from rag.store.collection import Opened, bundled_files, open_collection, update
from rag.store.collection import remove as remove_document
from rag.store.index import Index, Source, file_sha256, recorded_paths

logger = logging.getLogger(__name__)

UPLOADS = "files"  # folder inside the index folder that keeps copies of added files
INDEX_BUNDLED = "Het meegeleverde document indexeren · Indexing the bundled document"
INDEX_FILES = "De documenten indexeren · Indexing the documents"


@dataclass(frozen=True)
class CollectionInfo:
    """What is loaded, for display: documents and passage count."""

    titles: tuple[str, ...]
    passages: int


@dataclass(frozen=True)
class Added:
    """What adding files did: the documents that are new or replaced, and notices about the rest."""

    documents: tuple[Source, ...]
    notices: tuple[str, ...]

    @property
    def failures(self) -> tuple[str, ...]:
        """The notices about files that could not be added."""
        return tuple(n for n in self.notices if isinstance(n, Failure))


class AnswerService:
    """Loads the model and the collection once, then answers questions."""

    def __init__(
        self, settings: Settings, embedder: Embedder | None = None, files: Sequence[Path] | None = None
    ) -> None:
        """Load the embedder (unless given) and open the collection in ``settings.index_dir``.

        ``files`` are the collection's source files; left out, they are the bundled
        document for the default index folder, else whatever that index was built from.
        """
        self.settings = settings
        # One count for the model build and the first indexing: "[5/5]" is the last line of a first start.
        steps = Steps()
        if embedder is None:
            steps.expect(len(pending_steps(settings.model, settings.model_cache, settings.backend)))
        indexing = not (settings.index_dir / "manifest.json").is_file()
        steps.expect(int(indexing))
        self.embedder = embedder or load_embedder(settings.model, settings.model_cache, settings.backend, steps)
        label = INDEX_BUNDLED if self._is_default_index() else INDEX_FILES
        with steps.step(label) if indexing else contextlib.nullcontext():
            opened = self._open(files)
        self.notices = opened.notices
        self.index: Index = opened.index
        self.retriever = Retriever(self.index, self.embedder)
        self._lock = threading.Lock()  # one update of the collection at a time

    def _is_default_index(self) -> bool:
        return self.settings.index_dir == self.settings.home / "index"

    def _open(self, files: Sequence[Path] | None) -> Opened:
        folder = self.settings.index_dir
        if files is None and self._is_default_index():
            files = default_files(folder)
        return open_collection(folder, self.embedder, files)

    def ask(
        self, question: str, top_k: int | None = None, previous: str | None = None, doc_id: str | None = None
    ) -> Answer:
        """Answer one question, from one document when ``doc_id`` is given; ``previous`` is the chat's last question."""
        return ask(question, self.retriever, top_k or self.settings.top_k, previous, doc_id or None)

    def add_files(self, paths: Sequence[Path]) -> Added:
        """Copy files into ``<index>/files/`` and add them to the live collection, saved atomically.

        The copies keep the collection's sources when the originals go (an upload's
        temporary folder, say). Files that cannot be read are skipped with a notice.
        """
        with self._lock:
            notices: list[str] = []
            # The same content under another name would be a second copy of every passage.
            known = {s.sha256: s.doc_id for s in self.index.manifest.sources}
            copies = [copy for copy in (self._keep(Path(p), known, notices) for p in paths) if copy is not None]
            before = set(self.index.manifest.sources)
            current = [Path(s.path) for s in self.index.manifest.sources]
            index, more = update(self.index, list(dict.fromkeys([*current, *copies])), self.embedder)
            if index is not self.index:
                index.save(self.settings.index_dir)
                self.index = index
                self.retriever = Retriever(index, self.embedder)
            kept = {s.path for s in index.manifest.sources}
            for copy in copies:
                if str(copy) not in kept:
                    copy.unlink(missing_ok=True)  # a file that could not be read is not kept either
            added = tuple(s for s in index.manifest.sources if s not in before)
            return Added(added, (*notices, *more))

    def _keep(self, path: Path, known: dict[str, str], notices: list[str]) -> Path | None:
        """A copy of ``path`` in the index's file folder: an identical copy is reused, a name clash numbered.

        ``known`` maps the checksum of each file in the collection to its document; a file
        with the same content is skipped with a notice, and added to ``known`` when kept.
        """
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            notices.append(Failure("skipped_type", name=path.name, supported=", ".join(SUPPORTED_SUFFIXES)))
            return None
        sha = file_sha256(path)
        if sha in known:
            notices.append(Notice("skipped_same_content", name=path.name, other=known[sha]))
            return None
        known[sha] = path.name
        folder = self.settings.index_dir / UPLOADS
        folder.mkdir(parents=True, exist_ok=True)
        target, number = folder / path.name, 1
        while target.exists() and file_sha256(target) != sha:
            number += 1
            target = folder / f"{path.stem}-{number}{path.suffix}"
        if not target.exists():
            temporary = target.with_name(f".{target.name}.tmp")
            shutil.copyfile(path, temporary)
            temporary.replace(target)
        return target.resolve()

    def remove(self, doc_id: str) -> Source:
        """Take one document out of the live collection, saved atomically, and delete the copy kept of it."""
        with self._lock:
            index, source = remove_document(self.index, doc_id)
            index.save(self.settings.index_dir)
            self.index = index
            self.retriever = Retriever(index, self.embedder)
        forget_copy(self.settings.index_dir, source)
        return source

    def documents(self) -> tuple[Source, ...]:
        """The documents of the collection, in the order they were added."""
        return self.index.manifest.sources

    def info(self) -> CollectionInfo:
        """The documents that are loaded."""
        titles: dict[str, str] = {}
        for passage in self.index.passages:
            titles.setdefault(passage.doc_id, passage.title)
        return CollectionInfo(tuple(titles.values()), len(self.index.passages))


def default_files(folder: Path) -> list[Path]:
    """The files of the default collection: the bundled document on first start, then what the index records.

    A document the user removed stays removed, the bundled one too. A recorded bundled
    file that moved (a reinstalled package) is found at its new place.
    """
    recorded = recorded_paths(folder)
    if not recorded:  # no index yet, or a manifest that cannot be read
        return bundled_files()
    bundled = {path.name: path for path in bundled_files()}
    return [bundled.get(p.name, p) if not p.exists() else p for p in recorded]


def forget_copy(index_dir: Path, source: Source) -> bool:
    """Delete the copy the collection kept of an uploaded file; the user's own files are never touched."""
    copy = Path(source.path)
    if copy.parent != (index_dir / UPLOADS).resolve():
        return False
    copy.unlink(missing_ok=True)
    return True
