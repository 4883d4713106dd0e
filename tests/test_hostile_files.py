"""Hostile files: each is refused with a clear reason, nothing of it is indexed, the index survives.

Every file is first read by ``rag.ingest.read_document`` on its own; then all of them go
to ``vraagbaak index`` at once, into a copy of a good index: the index files must stay
byte for byte the same. Last, the same call with one good file among them indexes that
file only, reports every other one, and exits 1.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from rag.cli import _printable, cli
from rag.ingest import MAX_FILE_BYTES, IngestError, read_document
from rag.ingest.formats.word import MAX_UNPACKED_BYTES
from rag.search.retriever import Retriever
from rag.store.index import Index, file_sha256
from tests.conftest import BUNDLED_PDF, BUNDLED_TXT

GOOD = "Vraag 1\nHoeveel vuurtorens telt Nederland?\n\nAntwoord 1\nNederland telt zevenenveertig vuurtorens.\n"


def _encrypted_pdf(path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(BUNDLED_PDF))
    writer.encrypt(user_password="geheim", owner_password="eigenaar")
    with path.open("wb") as handle:
        writer.write(handle)


def _zip_bomb(path: Path) -> None:
    """A .docx of a few hundred KB whose document.xml unpacks to just over the limit."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            for _ in range(MAX_UNPACKED_BYTES // (1 << 20) + 1):
                member.write(b"\0" * (1 << 20))


def _make(folder: Path) -> dict[str, tuple[Path, str]]:
    """Each hostile file and the pattern its error message must match."""
    rng = random.Random(6)
    pdf = BUNDLED_PDF.read_bytes()
    files: dict[str, tuple[Path, str]] = {}

    def add(name: str, pattern: str, data: bytes | None = None) -> Path:
        path = folder / name
        if data is not None:
            path.write_bytes(data)
        files[name] = (path, pattern)
        return path

    add("leeg.txt", r"is empty", b"")
    add("leeg.pdf", r"Could not read leeg\.pdf as a PDF", b"")
    add("ruis.pdf", r"Could not read ruis\.pdf as a PDF", rng.randbytes(8192))
    add("afgebroken.pdf", r"Could not read afgebroken\.pdf as a PDF", pdf[: len(pdf) // 2])
    _encrypted_pdf(add("versleuteld.pdf", r"password-protected"))
    with add("enorm.txt", rf"files over {MAX_FILE_BYTES // (1 << 20)} MB are not read").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    add("pdf-als-tekst.txt", r"is a PDF file, not text", pdf)
    scripts = "<html><head><script>alert(1)</script></head><body><script>fetch('//x')</script>"
    scripts += "<style>p{}</style><iframe src='javascript:alert(1)'></iframe><noscript>x</noscript></body></html>"
    add("scripts.html", r"only markup, scripts or styles", scripts.encode())
    _zip_bomb(add("bom.docx", r"would unpack to \d+ MB; the limit is"))
    add("ruis.docx", r"is not a Word \.docx file", rng.randbytes(4096))
    add("programma.exe", r"Unsupported file type '\.exe'", b"MZ\x90\x00")
    add("oud.doc", r"Unsupported file type '\.doc'", b"\xd0\xcf\x11\xe0")
    add("LEESMIJ", r"Unsupported file type '\(none\)'", GOOD.encode())
    (folder / "map.txt").mkdir()
    add("map.txt", r"does not exist or is not a file")
    os.symlink("lus.txt", folder / "lus.txt")
    add("lus.txt", r"Symlink loop|does not exist or is not a file")
    os.mkfifo(folder / "fifo.txt")  # reading it would block forever
    add("fifo.txt", r"does not exist or is not a file")
    os.symlink("/dev/zero", folder / "nul.txt")
    add("nul.txt", r"does not exist or is not a file")
    files["../"] = (folder / "sub" / ".." / ".." / "elders" / "x.txt", r"does not exist or is not a file")
    add("kopie.txt", r"the same content as .*2020Z23459", BUNDLED_TXT.read_bytes())
    add("naam\n\x1b[31m.txt", r"is empty", b"")
    return files


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    return _make(tmp_path_factory.mktemp("hostile-files"))


def test_there_are_at_least_fifteen(hostile):
    assert len(hostile) >= 15


def test_read_document_refuses_each_with_a_reason(hostile):
    for name, (path, pattern) in hostile.items():
        if name == "kopie.txt":
            continue  # a readable document: only the index knows it is a copy
        with pytest.raises((IngestError, RuntimeError)) as caught:
            read_document(path)
        assert re.search(pattern, str(caught.value)), (name, str(caught.value))


def test_unreadable_file_is_refused(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads any file: permissions cannot make one unreadable")
    path = tmp_path / "geheim.txt"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(IngestError, match=r"Could not read geheim\.txt: Permission denied"):
        read_document(path)


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: file_sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def good_index(real_service, tmp_path) -> Path:
    """A copy of the real service's index (the bundled document), to be attacked."""
    folder = tmp_path / "index"
    shutil.copytree(real_service.settings.index_dir, folder)
    return folder


def test_index_command_refuses_every_hostile_file_and_keeps_the_index(real_service, hostile, good_index, tmp_path):
    before = _fingerprint(good_index)
    good = tmp_path / "vuurtorens.txt"
    good.write_text(GOOD, encoding="utf-8")
    # A folder named on the command line is walked, not refused: leave map.txt out here.
    hostile = {name: entry for name, entry in hostile.items() if not entry[0].is_dir()}
    paths = [str(path) for path, _ in hostile.values()]

    result = CliRunner().invoke(cli, ["index", "--index", str(good_index), *paths])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert _fingerprint(good_index) == before  # not one byte changed
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == len(hostile)
    for path, pattern in hostile.values():
        line = next(line for line in skipped if line.startswith(f"skipped {_printable(str(path))}: "))
        assert re.search(pattern, line), line
    assert f"Error: nothing to index: {len(hostile)} of {len(hostile)} file(s) could not be indexed" in result.stderr

    # The good file, named twice among the hostile ones, is indexed once; the rest is refused again.
    result = CliRunner().invoke(cli, ["index", "--index", str(good_index), str(good), *paths, str(good)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{len(hostile)} of {len(hostile) + 1} file(s) could not be indexed" in result.stderr  # good once
    index = Index.load(good_index)
    assert [Path(s.path).name for s in index.manifest.sources] == [BUNDLED_TXT.name, good.name]
    assert [p for p in index.passages if p.doc_id == "2020Z23459"] == real_service.index.passages
    retriever = Retriever(index, real_service.embedder)
    top = retriever.retrieve("Hoeveel studenten beginnen jaarlijks aan een bachelor AI?", 1).hits[0]
    assert "700 studenten" in top.passage.text
    assert "zevenenveertig" in retriever.retrieve("Hoeveel vuurtorens telt Nederland?", 1).hits[0].passage.text
