"""Shared fixtures: a fast fake embedder for logic tests, the real model and index for the rest."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from rag.document import Passage
from rag.settings import Settings, cache_dir
from rag.store.embedding import embed_units_and_tokens, unit_count
from rag.store.index import Index, Manifest, Source
from rag.store.tokens import TokenTable
from rag.store.vectors import vector_index

CORPUS = Path(__file__).resolve().parent.parent / "rag" / "corpus"
BUNDLED_TXT = CORPUS / "2020Z23459-antwoorden-kunstmatige-intelligentie.txt"
# The fields of one quoted passage in the ``ask --json`` contract.
QUOTE_JSON_FIELDS = frozenset(
    (
        "rank",
        "score",
        "text",
        "doc_id",
        "title",
        "kind",
        "vraag",
        "kamervraag",
        "page",
        "citation",
        "highlights",
        "footnotes",
    )
)
BUNDLED_PDF = CORPUS / "2020Z23459-antwoorden-kunstmatige-intelligentie.pdf"


class FakeEmbedder:
    """Deterministic hashed bag of words: similar wording gives similar vectors, no model needed."""

    name = "fake-bow"
    backend = "fake"
    variant = "bag-of-words"
    dimension = 256
    query_prompt = "query: "
    passage_prompt = "passage: "

    def __init__(self, name: str = "fake-bow") -> None:
        self.name = name
        self.calls: list[int] = []

    def _embed(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                bucket = int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension
                vectors[row, bucket] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)

    def embed_queries(self, texts):
        return self._embed(list(texts))

    def embed_passages(self, texts, progress: bool = False):
        return self._embed(list(texts))


def unit_index(items: list[Passage], embedder, sources: tuple[Source, ...] = ()) -> Index:
    """An index of ``items`` as the product builds one: whole, sentence and pair units, and token vectors if offered."""
    vectors, tokens = embed_units_and_tokens(items, embedder)
    owners = np.repeat(np.arange(len(items), dtype=np.int32), [unit_count(p) for p in items])
    manifest = Manifest(model={}, sources=sources, count=len(items))
    background = np.zeros((0, embedder.dimension), np.float32)
    return Index(vector_index(vectors), owners, items, background, manifest, TokenTable.of(tokens, embedder.dimension))


class TokenFakeEmbedder(FakeEmbedder):
    """The fake embedder with token vectors too: one hashed word, one token (for the late-interaction leg)."""

    def _tokens(self, text: str) -> np.ndarray:
        words = re.findall(r"\w+", text.lower())
        return self._embed(words) if words else np.zeros((0, self.dimension), dtype=np.float32)

    def embed_queries_with_tokens(self, texts):
        return self._embed(list(texts)), [self._tokens(t) for t in texts]

    def embed_passages_with_tokens(self, texts, progress: bool = False):
        return self._embed(list(texts)), [self._tokens(t) for t in texts]


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="session")
def real_embedder():
    """The default model, built once into the user cache (``make test`` prepares it)."""
    from embeddings import load_embedder

    return load_embedder(None, cache_dir() / "models")


@pytest.fixture(scope="session")
def real_service(real_embedder, tmp_path_factory):
    """The answer service over the bundled document with the real model and a fresh index."""
    from rag.answer.service import AnswerService

    home = tmp_path_factory.mktemp("home")
    settings = Settings(home=home, index_dir=home / "index")
    return AnswerService(settings, embedder=real_embedder, files=[BUNDLED_TXT])


def retriever_over(files, embedder, home: Path):
    """A retriever over ``files``, indexed with ``embedder`` into a fresh index under ``home``."""
    from rag.answer.service import AnswerService

    return AnswerService(Settings(home=home, index_dir=home / "index"), embedder=embedder, files=list(files)).retriever


def serve(service):
    """The chat over ``service``, served on a free loopback port in a background thread; ``close()`` it after."""
    from ui.server import start

    return start(service)


@pytest.fixture(scope="module")
def served(real_service):
    """The chat over the bundled collection, served on loopback for one test module."""
    running = serve(real_service)
    yield running.url
    running.close()


def paragraphs(texts: list[str]) -> list[Passage]:
    """Plain paragraph passages of one document "d", for small hand-made indexes."""
    return [Passage(f"d:p{i}", "d", "Titel", "paragraph", text, i + 1, 0, len(text)) for i, text in enumerate(texts)]
