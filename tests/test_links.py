"""The links among passages: an answer to the Kamervragen it answers, and the lift they give it."""

from __future__ import annotations

import pytest

from rag.document import Passage
from rag.search.links import Links
from rag.store.index import Source
from tests.conftest import unit_index


def _passage(doc: str, kind: str, vraag: tuple[int, ...], text: str, paragraph: int = 1) -> Passage:
    section = "-".join(map(str, vraag))
    return Passage(f"{doc}:{kind}{section}:{paragraph}", doc, "Titel", kind, text, paragraph, 0, len(text), vraag=vraag)


ITEMS = [
    _passage("a", "question", (1,), "Hoeveel fietsen zijn vorig jaar gestolen?"),
    _passage("a", "answer", (1,), "Er werden 250.000 fietsen als gestolen opgegeven."),
    _passage("a", "question", (2,), "Welke gemeenten hebben een fietsdepot?"),
    _passage("a", "question", (3,), "Wat kost het ophalen van een weggesleepte fiets?"),
    _passage("a", "answer", (2, 3), "De meeste grote gemeenten hebben een depot."),
    _passage("a", "answer", (2, 3), "Het tarief verschilt per gemeente.", paragraph=2),
    _passage("b", "question", (1,), "Hoeveel scooters zijn vorig jaar gestolen?"),
    _passage("b", "answer", (1,), "Daarover zijn geen landelijke cijfers."),
]


def _links(embedder) -> Links:
    return Links(unit_index(ITEMS, embedder, tuple(Source(f"{doc}.txt", "", doc) for doc in ("a", "b"))))


def test_each_answer_links_to_the_kamervragen_of_its_own_document_that_share_a_number(fake_embedder):
    assert _links(fake_embedder).kamervragen_of == {1: (0,), 4: (2, 3), 5: (2, 3), 7: (6,)}


def test_an_answer_rises_as_a_whole_towards_its_kamervraag_and_is_never_lowered(fake_embedder):
    links = _links(fake_embedder)
    query = fake_embedder.embed_queries(["Wat kost het ophalen van een weggesleepte fiets?"])[0]
    best = {1: 0.10, 4: 0.30, 5: 0.20, 7: 0.90}
    assert links.lifted_by_kamervraag(query, best, 0.0) == best
    lifted = links.lifted_by_kamervraag(query, best, 0.5)
    kamervraag = links.index.best_score(3, query)  # the question asked word for word
    # Both passages of the combined answer rise by half its Kamervraag's lead over its best passage.
    rise = 0.5 * (kamervraag - 0.30)
    assert rise > 0 and lifted[4] - best[4] == pytest.approx(rise) and lifted[5] - best[5] == pytest.approx(rise)
    assert lifted[7] == best[7]  # its Kamervraag scores below it: not lowered
