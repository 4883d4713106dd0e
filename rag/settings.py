"""Settings, resolved once: flags first, then environment variables, then defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from embeddings import DEFAULT_MODEL

ENV_PREFIX = "VRAAGBAAK_"


def cache_dir() -> Path:
    """The per-user folder for the model cache and the default index.

    ``VRAAGBAAK_HOME`` overrides it; otherwise ``$XDG_CACHE_HOME/vraagbaak`` or
    ``~/.cache/vraagbaak``.
    """
    override = os.environ.get(f"{ENV_PREFIX}HOME")
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "vraagbaak"


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about where things are and how to answer."""

    home: Path
    index_dir: Path
    model: str = DEFAULT_MODEL
    top_k: int = 3
    backend: str = "onnx-int8"  # or "onnx" (fp32) or "torch" (fp32 with sentence-transformers)

    @property
    def model_cache(self) -> Path:
        """Folder where built or downloaded embedding models are kept."""
        return self.home / "models"


def resolve(**flags: object) -> Settings:
    """Build settings from command-line flags (None means unset), then environment, then defaults."""
    home = cache_dir()
    defaults = Settings(home=home, index_dir=home / "index")
    values: dict[str, object] = {}
    for f in fields(Settings):
        if f.name == "home":
            continue
        flag = flags.get(f.name)
        env = os.environ.get(ENV_PREFIX + _env_name(f.name))
        if flag is not None:
            values[f.name] = flag
        elif env:
            values[f.name] = env
    settings = replace(defaults, **values)
    return replace(settings, index_dir=Path(settings.index_dir).expanduser(), top_k=int(settings.top_k))


def _env_name(field_name: str) -> str:
    return {"index_dir": "INDEX"}.get(field_name, field_name).upper()
