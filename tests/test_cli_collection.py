"""Collection commands with CliRunner: index a folder recursively, list, remove, ask with pages, serve refusing."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from rag.cli import cli
from rag.store.catalog import row_text
from tests.conftest import BUNDLED_PDF

NOTE = """Antwoorden op Kamervragen over fietspaden

De vragen waren ingezonden op 3 maart 2021 met kenmerk 2021Z04321.

Vraag 1
Hoeveel kilometer fietspad is er in 2020 aangelegd?

Antwoord
In 2020 is er 312 kilometer nieuw fietspad aangelegd.
"""


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, real_embedder):
    root = tmp_path_factory.mktemp("folder")
    docs = root / "docs"
    (docs / "2021" / "maart").mkdir(parents=True)
    (docs / ".verborgen").mkdir()
    shutil.copy(BUNDLED_PDF, docs / BUNDLED_PDF.name)
    (docs / "2021" / "maart" / "fietspaden.txt").write_text(NOTE, encoding="utf-8")
    (docs / ".verborgen" / "geheim.txt").write_text(NOTE, encoding="utf-8")
    (docs / ".kladje.txt").write_text(NOTE, encoding="utf-8")
    (docs / "tabel.csv").write_text("a,b\n", encoding="utf-8")
    (docs / "2021" / "kapot.docx").write_bytes(b"not a zip file")
    result = CliRunner().invoke(cli, ["index", "--index", str(root / "index"), str(docs)])
    return root, result


def test_index_dir_walks_subfolders_skips_hidden_and_reports_bad_files(indexed):
    root, result = indexed
    assert result.exit_code == 1  # one file could not be read: the others are indexed all the same
    assert "Traceback" not in result.output
    assert f"skipped {root / 'docs' / 'tabel.csv'}: Unsupported file type '.csv'" in result.stderr
    assert f"skipped {root / 'docs' / '2021' / 'kapot.docx'}: " in result.stderr
    assert re.search(r"Error: 1 of \d+ file\(s\) could not be indexed", result.stderr)  # the .csv is only skipped
    assert "passages from 2 file(s)" in result.stdout
    assert "geheim" not in result.output and "kladje" not in result.output
    assert "%|" not in result.stderr  # progress bars only on a terminal, not in a log or a pipe


def test_list_shows_documents_with_metadata_and_pages(indexed):
    root, _ = indexed
    result = CliRunner().invoke(cli, ["list", "--json", "--index", str(root / "index")])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc_id"], r["pages"]) for r in rows] == [("2020Z23459", 4), ("2021Z04321", None)]
    pdf = rows[0]
    assert pdf["source"] == str((root / "docs" / BUNDLED_PDF.name).resolve())
    assert pdf["passages"] > 10 and pdf["kenmerk"] == "2020Z23459" and pdf["submitted"] == "2020-12-02"
    assert pdf["askers"].startswith("Van der Molen") and "Onderwijs" in pdf["answerer"]
    text = CliRunner().invoke(cli, ["list", "--index", str(root / "index")])
    assert "2020Z23459  Antwoorden" in text.stdout and ", 4 page(s)" in text.stdout
    assert "2 document(s) in" in text.stdout


def test_list_text_shows_both_dates_and_the_aanhangsel_id_where_it_is_not_the_doc_id():
    row = {
        "doc_id": "2024Z01234",
        "title": "Antwoorden Kamervragen over de dijken",
        "source": "/docs/dijken.pdf",
        "passages": 12,
        "pages": 3,
        "kenmerk": "2024Z01234",
        "aanhangsel": "ah-tk-20232024-999",
        "submitted": "2024-01-15",
        "received": "2024-02-20",
        "askers": "De Vries (CDA)",
        "addressee": "de Minister van Infrastructuur en Waterstaat",
        "answerer": None,
        "subject": "de dijken",
    }
    assert row_text(row).splitlines() == [
        "2024Z01234  Antwoorden Kamervragen over de dijken",
        "    12 passages, 3 page(s)  /docs/dijken.pdf",
        "    kenmerk: 2024Z01234",
        "    aanhangsel: ah-tk-20232024-999",
        "    submitted: 2024-01-15",
        "    received: 2024-02-20",
        "    asked by: De Vries (CDA)",
        "    asked of: de Minister van Infrastructuur en Waterstaat",
        "    subject: de dijken",
    ]
    by_aanhangsel = {**row, "doc_id": "ah-tk-20232024-999", "kenmerk": None}
    assert "aanhangsel:" not in row_text(by_aanhangsel) and "received: 2024-02-20" in row_text(by_aanhangsel)


def test_ask_json_gives_the_page_of_pdf_passages(indexed):
    root, _ = indexed
    question = "Hoeveel studenten beginnen jaarlijks aan een bachelor AI?"
    result = CliRunner().invoke(cli, ["ask", "--json", "--index", str(root / "index"), question])
    assert result.exit_code == 0, result.output
    top = json.loads(result.stdout)["passages"][0]
    assert (top["doc_id"], top["vraag"], top["page"]) == ("2020Z23459", 2, 1)
    assert "p. 1" in top["citation"]


def test_remove_by_id_then_unknown_is_a_clear_message(indexed, tmp_path):
    root, _ = indexed
    copy = tmp_path / "index"
    shutil.copytree(root / "index", copy)
    removed = CliRunner().invoke(cli, ["remove", "2021Z04321", "--index", str(copy)])
    assert removed.exit_code == 0, removed.output
    assert removed.stdout.startswith("removed 2021Z04321 (")
    again = CliRunner().invoke(cli, ["remove", "2021Z04321", "--index", str(copy)])
    assert again.exit_code == 1 and "no document '2021Z04321' in this index" in again.output
    listed = CliRunner().invoke(cli, ["list", "--json", "--index", str(copy)])
    assert [json.loads(line)["doc_id"] for line in listed.stdout.splitlines()] == ["2020Z23459"]
    by_path = CliRunner().invoke(cli, ["remove", str(root / "docs" / BUNDLED_PDF.name), "--index", str(copy)])
    assert by_path.exit_code == 0 and "0 passages left" in by_path.stdout


def test_serve_refuses_a_corrupt_index_with_a_clear_message(indexed, tmp_path):
    root, _ = indexed
    copy = tmp_path / "index"
    shutil.copytree(root / "index", copy)
    (copy / "vectors.faiss").write_bytes(b"junk")
    result = CliRunner().invoke(cli, ["serve", "--index", str(copy), "--port", "7999"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "does not match its checksum" in result.output and f"vraagbaak index --index {copy}" in result.output
    listed = CliRunner().invoke(cli, ["list", "--index", str(copy)])
    assert listed.exit_code == 1 and "does not match its checksum" in listed.output


def test_nothing_to_index_is_a_clear_message(tmp_path):
    (tmp_path / "leeg").mkdir()
    result = CliRunner().invoke(cli, ["index", "--index", str(tmp_path / "i"), str(tmp_path / "leeg")])
    assert result.exit_code == 1 and "nothing to index" in result.output


def test_remove_deletes_the_copy_kept_of_an_upload(tmp_path):
    from rag.answer.service import AnswerService
    from rag.settings import Settings
    from tests.conftest import FakeEmbedder

    upload = tmp_path / "upload" / "fietspaden.txt"
    upload.parent.mkdir()
    upload.write_text(NOTE, encoding="utf-8")
    settings = Settings(home=tmp_path, index_dir=tmp_path / "index")
    service = AnswerService(settings, embedder=FakeEmbedder(), files=[])
    service.add_files([upload])
    copy = settings.index_dir / "files" / "fietspaden.txt"
    assert copy.is_file()
    removed = CliRunner().invoke(cli, ["remove", "2021Z04321", "--index", str(settings.index_dir)])
    assert removed.exit_code == 0, removed.output
    assert f"deleted the uploaded copy {copy.resolve()}" in removed.stdout
    assert not copy.exists() and upload.is_file()


def test_reindexing_unchanged_files_does_not_read_them_again(tmp_path, monkeypatch):
    note = tmp_path / "docs" / "fietspaden.txt"
    note.parent.mkdir()
    note.write_text(NOTE, encoding="utf-8")
    index = str(tmp_path / "index")
    first = CliRunner().invoke(cli, ["index", "--index", index, str(note.parent)])
    assert first.exit_code == 0, first.output

    def unreadable(path, *args, **kwargs):
        raise AssertionError(f"read again: {path}")

    monkeypatch.setattr("rag.ingest.read_document", unreadable)
    monkeypatch.setattr("rag.store.files.read_document", unreadable)
    again = CliRunner().invoke(cli, ["index", "--index", index, str(note.parent)])
    assert again.exit_code == 0, again.output
    assert again.stdout == first.stdout == f"4 passages from 1 file(s) in {index}\n"
