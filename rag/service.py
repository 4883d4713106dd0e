"""The one answer path that the CLI and the UI share: settings in, answers out."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from embeddings import Embedder, load_embedder
from rag.answer import Answer, ask
from rag.collection import Opened, bundled_files, open_collection
from rag.index import Index
from rag.retrieve import Retriever
from rag.settings import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CollectionInfo:
    """What is loaded, for display: documents and passage count."""

    titles: tuple[str, ...]
    passages: int


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
        self.embedder = embedder or load_embedder(settings.model, settings.model_cache, settings.backend)
        opened = self._open(files)
        self.notices = opened.notices
        self.index: Index = opened.index
        self.retriever = Retriever(self.index, self.embedder)

    def _open(self, files: Sequence[Path] | None) -> Opened:
        if files is None and self.settings.index_dir == self.settings.home / "index":
            files = bundled_files()
        return open_collection(self.settings.index_dir, self.embedder, files)

    def ask(self, question: str, top_k: int | None = None, previous: str | None = None) -> Answer:
        """Answer one question from the loaded collection; ``previous`` is the chat's last question."""
        return ask(question, self.retriever, top_k or self.settings.top_k, previous)

    def info(self) -> CollectionInfo:
        """The documents that are loaded."""
        titles: dict[str, str] = {}
        for passage in self.index.passages:
            titles.setdefault(passage.doc_id, passage.title)
        return CollectionInfo(tuple(titles.values()), len(self.index.passages))
