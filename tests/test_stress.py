"""Load and crash safety, in ``make stress`` (marker ``slow``): the real server and real kill -9.

Load: ``vraagbaak serve`` on loopback with its own queue settings, 20 concurrent
gradio_client sessions asking 10 questions each; no error may occur. Latencies (p50/p95)
are printed and written to ``test-artifacts/stress.json``; they are figures, not asserts.

Crash: 20 trials of ``vraagbaak index`` adding several files to a good index, killed with
SIGKILL at seeded moments: half at a random point of the whole run, half just after the
index folder starts to change (the save). Afterwards the folder must open as either the
old index or the complete new one, and answer a known question with its known passage.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from rag.search.retriever import Retriever
from rag.settings import cache_dir
from rag.store.index import CorruptIndexError, Index, verified_manifest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
SESSIONS, QUESTIONS_EACH, TRIALS = 20, 10, 20
QUESTIONS = [
    ("Hoeveel studenten beginnen jaarlijks aan een bachelor Kunstmatige intelligentie?", "700 studenten"),
    ("How many people have taken the free national AI course?", "170\\.000"),
    ("Hoe groot is het budget van de subsidieregeling voor omscholing?", "37\\,5 miljoen"),
    ("What will the weather be like in Rotterdam next week?", "I found nothing"),
    ("", "Stel een vraag"),
]
KNOWN = ("Hoeveel studenten beginnen jaarlijks aan een bachelor AI?", "700 studenten")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _vraagbaak(*args: str, **kwargs: object) -> subprocess.Popen:
    env = {**os.environ, "VRAAGBAAK_HOME": str(cache_dir()), "GRADIO_ANALYTICS_ENABLED": "False"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, "-m", "rag", *args], env=env, cwd=ROOT, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``vraagbaak serve`` in its own process, as a user starts it."""
    port = _free_port()
    log = (tmp_path_factory.mktemp("serve") / "serve.log").open("w")
    process = _vraagbaak("serve", "--port", str(port), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5):
                break
        except OSError:
            time.sleep(1)
    assert process.poll() is None, "the server stopped"
    yield url
    process.terminate()
    process.wait(timeout=30)


def _session(url: str, number: int) -> tuple[list[float], list[str]]:
    from gradio_client import Client

    client = Client(url, verbose=False)
    latencies, errors = [], []
    for turn in range(QUESTIONS_EACH):
        question, expected = QUESTIONS[(number + turn) % len(QUESTIONS)]
        start = time.perf_counter()
        try:
            reply = client.predict(question, api_name="/ask")
        except Exception as error:  # noqa: BLE001 - counted, not raised: the test reports every failure
            errors.append(f"{type(error).__name__}: {error}")
            continue
        latencies.append(time.perf_counter() - start)
        if expected not in reply:
            errors.append(f"session {number}, {question!r}: unexpected reply {reply[:80]!r}")
    return latencies, errors


def test_twenty_sessions_of_ten_questions_without_error(server):
    start = time.perf_counter()
    with ThreadPoolExecutor(SESSIONS) as pool:
        results = list(pool.map(_session, [server] * SESSIONS, range(SESSIONS)))
    wall = time.perf_counter() - start
    latencies = np.array([s for lat, _ in results for s in lat])
    errors = [e for _, errs in results for e in errs]
    figures = {
        "sessions": SESSIONS,
        "questions": int(SESSIONS * QUESTIONS_EACH),
        "errors": len(errors),
        "p50_s": round(float(np.percentile(latencies, 50)), 3),
        "p95_s": round(float(np.percentile(latencies, 95)), 3),
        "max_s": round(float(latencies.max()), 3),
        "wall_s": round(wall, 1),
        "throughput_qps": round(len(latencies) / wall, 2),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "stress.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nload: {json.dumps(figures)}")
    assert errors == [], errors[:5]
    assert len(latencies) == SESSIONS * QUESTIONS_EACH


def _documents(folder: Path, count: int = 6) -> list[Path]:
    """Several small Kamervragen answers, each with a question of its own."""
    folder.mkdir()
    subjects = ["vuurtorens", "windmolens", "sluizen", "dijken", "bruggen", "veerponten", "gemalen", "duinen"]
    paths = []
    for number, subject in enumerate(subjects[:count], 1):
        body = f"2020Z9{number:04d}\n\nVraag 1\nHoeveel {subject} telt Nederland?\n\nAntwoord 1\n"
        body += f"Nederland telt {number * 111} {subject}. " * 3 + "\n\nVraag 2\nWie beheert ze?\n\nAntwoord 2\n"
        body += f"De {subject} worden beheerd door Rijkswaterstaat en de provincies, elk voor een deel.\n"
        path = folder / f"{subject}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def _changed(folder: Path, before: dict[str, float]) -> bool:
    now = {entry.name: entry.stat().st_mtime for entry in os.scandir(folder)}
    return now != before


def _kill_during(index: Path, documents: list[Path], rng: random.Random, duration: float, at_save: bool) -> str:
    """Run ``vraagbaak index`` and SIGKILL it; say when the kill landed."""
    before = {entry.name: entry.stat().st_mtime for entry in os.scandir(index)}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    process = _vraagbaak("index", "--index", str(index), *map(str, documents), **quiet)
    start = time.monotonic()
    if at_save:
        while process.poll() is None and not _changed(index, before):
            time.sleep(0.0005)
        time.sleep(rng.uniform(0, 0.05))
    else:
        time.sleep(rng.uniform(0.1, 0.95) * duration)
    elapsed = time.monotonic() - start
    if process.poll() is not None:
        return f"finished before the kill ({elapsed:.2f}s)"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return f"killed at {elapsed:.2f}s"


def test_kill_during_index_write_leaves_old_or_new_index(real_service, tmp_path):
    base = tmp_path / "base"
    shutil.copytree(real_service.settings.index_dir, base)
    old = Index.load(base)
    documents = _documents(tmp_path / "docs")
    full_index = tmp_path / "full"  # an unkilled run of the same work, to time the trials by
    shutil.copytree(base, full_index)
    start = time.monotonic()
    full = _vraagbaak("index", "--index", str(full_index), *map(str, documents), stdout=subprocess.DEVNULL)
    assert full.wait() == 0
    duration = time.monotonic() - start
    outcomes = []
    for trial in range(TRIALS):
        rng = random.Random(trial)
        index = tmp_path / f"trial-{trial}"
        shutil.copytree(base, index)
        when = _kill_during(index, documents, rng, duration, at_save=trial % 2 == 1)
        try:
            verified_manifest(index)
            fell_back = ""
        except CorruptIndexError:  # killed between the first rename and the manifest
            fell_back = " (from .previous)"
        loaded = Index.load(index)  # never a CorruptIndexError: old or new, verified
        names = [Path(s.path).name for s in loaded.manifest.sources]
        if loaded.manifest == old.manifest:
            state = "old"
            assert loaded.passages == old.passages
        else:
            state = "new"
            assert names == [names[0], *(d.name for d in documents)]
            hit = Retriever(loaded, real_service.embedder).retrieve("Hoeveel sluizen telt Nederland?", 1).hits[0]
            assert "333 sluizen" in hit.passage.text
        top = Retriever(loaded, real_service.embedder).retrieve(KNOWN[0], 1).hits[0]
        assert KNOWN[1] in top.passage.text
        outcomes.append(f"trial {trial:2d}: {when}, {state} index{fell_back}")
        shutil.rmtree(index)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "crash.txt").write_text(f"full run {duration:.2f}s\n" + "\n".join(outcomes) + "\n", encoding="utf-8")
    print("\n" + "\n".join(outcomes))
