"""Helpers shared by the benchmark scripts: timing summaries, peak memory, and per-backend homes."""

from __future__ import annotations

import os
import resource
import statistics
from pathlib import Path

from rag.settings import cache_dir

BACKENDS = ("torch", "onnx-int8")  # the plain sentence-transformers fp32 baseline first


def percentiles(times_ms: list[float]) -> tuple[float, float]:
    """Median and 95th percentile."""
    if len(times_ms) == 1:
        return times_ms[0], times_ms[0]
    return statistics.median(times_ms), statistics.quantiles(times_ms, n=20)[-1]


def peak_rss_mb() -> float:
    """Peak resident memory of the current process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_peak_rss_mb(pid: int) -> float:
    """Another process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def backend_home(work: Path, backend: str) -> Path:
    """A Vraagbaak home per backend that shares the user's model cache, so neither rebuilds the other's index."""
    home = work / backend
    home.mkdir(parents=True, exist_ok=True)
    models = home / "models"
    if not models.exists():
        models.symlink_to(cache_dir() / "models", target_is_directory=True)
    return home


def backend_env(work: Path, backend: str) -> dict[str, str]:
    """Environment for a child `vraagbaak` that uses ``backend``."""
    return {**os.environ, "VRAAGBAAK_HOME": str(backend_home(work, backend)), "VRAAGBAAK_BACKEND": backend}


def row(label: str, baseline: float, ours: float, unit: str, better: str = "lower") -> str:
    """One table row: baseline, ours, and how many times better ours is."""
    ratio = baseline / ours if better == "lower" else ours / baseline
    return f"| {label} | {baseline:.1f} {unit} | {ours:.1f} {unit} | {ratio:.2f}x |"
