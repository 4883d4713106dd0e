"""Cold start on a warm cache: `vraagbaak ask` from process start to answer, `vraagbaak serve` to listening.

Usage: python bench/cold_start.py [--repeat 3] [--work DIR]
Each backend gets its own home (sharing the model cache), prepared with `vraagbaak setup`
first, so only the start itself is timed. Prints a markdown table: fp32 sentence-transformers
baseline, the default ONNX backend, and the ratio of medians; also the peak RSS of the server
after it answered one question over its API.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BACKENDS, backend_env, process_peak_rss_mb, row

QUESTION = "Hoeveel studenten beginnen jaarlijks aan een bachelor Kunstmatige intelligentie?"
VRAAGBAAK = [sys.executable, "-m", "rag"]


def time_ask(env: dict[str, str]) -> float:
    """Seconds from starting `vraagbaak ask` to its exit with an answer."""
    started = time.perf_counter()
    subprocess.run([*VRAAGBAAK, "ask", QUESTION], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def time_serve(env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting `vraagbaak serve` until it accepts connections; and its peak RSS after one answer."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([*VRAAGBAAK, "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
    try:
        while server.poll() is None and time.perf_counter() - started < 120:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.05):
                    break
            except OSError:
                time.sleep(0.02)
        listening = time.perf_counter() - started
        from gradio_client import Client

        Client(f"http://127.0.0.1:{port}/", verbose=False).predict(QUESTION, api_name="/ask")
        return listening, process_peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    """Measure both backends in turn and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "vraagbaak-bench")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    for backend in BACKENDS:
        env = backend_env(args.work, backend)
        subprocess.run([*VRAAGBAAK, "setup"], env=env, check=True, capture_output=True)
        asks = [time_ask(env) for _ in range(args.repeat)]
        serves = [time_serve(env) for _ in range(args.repeat)]
        results[backend] = {
            "ask": statistics.median(asks),
            "serve": statistics.median(s[0] for s in serves),
            "rss": max(s[1] for s in serves),
        }
    base, ours = results["torch"], results["onnx-int8"]
    print("| cold start (median of", args.repeat, ") | fp32 sentence-transformers | int8 ONNX (default) | better by |")
    print("|---|---|---|---|")
    print(row("`vraagbaak ask` one question", base["ask"], ours["ask"], "s"))
    print(row("`vraagbaak serve` to listening", base["serve"], ours["serve"], "s"))
    print(row("peak RSS serving, after one answer", base["rss"], ours["rss"], "MB"))


if __name__ == "__main__":
    main()
