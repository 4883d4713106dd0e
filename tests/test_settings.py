from __future__ import annotations

from pathlib import Path

from rag.settings import cache_dir, resolve


def test_home_override_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("VRAAGBAAK_HOME", str(tmp_path))
    assert cache_dir() == tmp_path
    assert resolve().index_dir == tmp_path / "index"


def test_flags_beat_environment_beat_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("VRAAGBAAK_HOME", str(tmp_path))
    monkeypatch.setenv("VRAAGBAAK_MODEL", "env-model")
    monkeypatch.setenv("VRAAGBAAK_TOP_K", "7")
    settings = resolve(model="flag-model", index_dir=Path("/x/idx"))
    assert (settings.model, settings.top_k, settings.index_dir) == ("flag-model", 7, Path("/x/idx"))
    assert resolve().model == "env-model"


def test_default_cache_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("VRAAGBAAK_HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "vraagbaak"
