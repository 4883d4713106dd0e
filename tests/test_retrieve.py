"""Retriever details on a hand-made index with the fake embedder."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from rag.search.retriever import Retriever
from rag.store.collection import embed_units
from rag.store.index import Index, Manifest, flat_index
from tests.conftest import paragraphs


def test_highlights_come_from_the_stored_sentences_even_beyond_the_candidates(fake_embedder, monkeypatch):
    texts = ["Scholing kost geld. De regeling voor omscholing telt 37,5 miljoen.", "Een andere alinea over fietsen."]
    items = paragraphs(texts)
    items[0] = replace(items[0], heading="Welk budget heeft de minister voor de nieuwe omscholing?")
    units = np.vstack([embed_units([p], fake_embedder) for p in items])
    owners = np.array([0, 0, 0, 0, 1], dtype=np.int32)
    manifest = Manifest(model={}, sources=(), count=len(items))
    index = Index(flat_index(units), owners, items, np.zeros((0, 256), np.float32), manifest)
    question = "welk budget heeft de minister voor omscholing in miljoen"
    assert index.search(fake_embedder.embed_queries([question])[0], 1)[0][0] == 0  # the whole passage is best
    monkeypatch.setattr("rag.search.retriever.CANDIDATES", 1)  # so no sentence of it is among the candidates
    (hit,) = Retriever(index, fake_embedder, min_margin=-1.0).retrieve(question, 1).hits
    assert hit.passage.id == "d:p0" and hit.highlights == ("De regeling voor omscholing telt 37,5 miljoen.",)
