"""Which files a list of command-line paths stands for: folders are walked, hidden files skipped."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rag.ingest import SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class Gathered:
    """Files to index, and the paths that were passed over, with why."""

    files: tuple[Path, ...]
    unsupported: tuple[Path, ...]  # files of a type no reader handles
    missing: tuple[Path, ...]  # paths that are neither a file nor a folder


def is_hidden(name: str) -> bool:
    """Dot files and folders, and the lock files Word leaves next to an open document."""
    return name.startswith((".", "~$"))


def gather(paths: Iterable[Path]) -> Gathered:
    """The supported files among ``paths``, walking folders recursively, each file once."""
    files: dict[Path, None] = {}
    unsupported: list[Path] = []
    missing: list[Path] = []
    for path in paths:
        if path.is_dir():
            candidates = walk(path)
        elif path.is_file():
            candidates = [path]
        else:
            missing.append(path)
            continue
        for candidate in candidates:
            if candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                files.setdefault(candidate.resolve())
            else:
                unsupported.append(candidate)
    return Gathered(tuple(files), tuple(unsupported), tuple(missing))


def walk(folder: Path) -> list[Path]:
    """Every file under ``folder`` that is not hidden, in a stable (sorted) order.

    Symbolic links to folders are not followed, so a link loop cannot make the walk endless.
    """
    found: list[Path] = []
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if not is_hidden(f))
        found += [Path(root) / name for name in sorted(names) if not is_hidden(name)]
    return [path for path in found if path.is_file()]
