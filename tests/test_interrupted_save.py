"""An interrupted save falls back to the index before it: logic with the fake embedder.

The real thing (kill -9 of ``vraagbaak index`` with the real model) is in test_stress.py.
"""

from __future__ import annotations

import pytest

import rag.store.index
from rag.store.collection import update
from rag.store.index import PREVIOUS, Index
from tests.conftest import FakeEmbedder

FIRST = "Eerste alinea over de begroting.\n\nTweede alinea over onderwijs.\n"
SECOND = "Een heel ander stuk over dijken en sluizen.\n"


@pytest.fixture
def saved(tmp_path):
    """An index of one file saved in a folder, and a second file to add to it."""
    first, second = tmp_path / "een.txt", tmp_path / "twee.txt"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    folder = tmp_path / "index"
    old, _ = update(None, [first], FakeEmbedder())
    old.save(folder)
    new, _ = update(Index.load(folder), [first, second], FakeEmbedder())
    return folder, old, new


@pytest.mark.parametrize("written", [1, 2, 3, 4])
def test_save_interrupted_after_some_files_opens_the_old_index(saved, monkeypatch, written):
    folder, old, new = saved
    real_write = rag.store.index._write_atomic
    calls = []

    def crash_after(path, data):
        if len(calls) == written:
            raise KeyboardInterrupt  # stands in for the kill: nothing after this point runs
        calls.append(path.name)
        real_write(path, data)

    monkeypatch.setattr(rag.store.index, "_write_atomic", crash_after)
    with pytest.raises(KeyboardInterrupt):
        new.save(folder)
    monkeypatch.undo()
    loaded = Index.load(folder)
    assert [p.id for p in loaded.passages] == [p.id for p in old.passages]
    # A second interrupted save must not replace the good copy with the mixed files.
    monkeypatch.setattr(rag.store.index, "_write_atomic", crash_after)
    calls.clear()
    with pytest.raises(KeyboardInterrupt):
        new.save(folder)
    monkeypatch.undo()
    assert [p.id for p in Index.load(folder).passages] == [p.id for p in old.passages]
    new.save(folder)
    assert [p.id for p in Index.load(folder).passages] == [p.id for p in new.passages]
    assert not (folder / PREVIOUS).exists()
