"""Uploading files in the chat: through the real Gradio server, with the real model and index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.answer.service import AnswerService
from rag.settings import Settings
from tests.conftest import BUNDLED_PDF, serve
from ui.app import index_uploads
from ui.documents import document_choices
from ui.format import escape_markdown

SECOND = """Antwoorden op Kamervragen over fietspaden

De vragen waren ingezonden op 3 maart 2021 met kenmerk 2021Z04321.

Vraag 1
Hoeveel kilometer fietspad is er in 2020 aangelegd?

Antwoord
In 2020 is er 312 kilometer nieuw fietspad aangelegd, vooral langs provinciale wegen.

Vraag 2
Hoeveel fietsenstallingen bij stations zijn er bijgekomen?

Antwoord
Bij stations zijn in 2020 ruim 20.000 nieuwe stallingsplekken voor fietsen gekomen.
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory, real_embedder):
    home = tmp_path_factory.mktemp("upload")
    second = home / "fietspaden.txt"
    second.write_text(SECOND, encoding="utf-8")
    return AnswerService(Settings(home=home, index_dir=home / "index"), embedder=real_embedder, files=[second])


@pytest.fixture(scope="module")
def served(service):
    running = serve(service)
    yield running.url
    running.close()


def test_uploaded_pdf_answers_with_its_kenmerk_and_page(served, service):
    from gradio_client import Client, handle_file

    client = Client(served, verbose=False)
    before = client.predict("Hoeveel studenten beginnen jaarlijks aan een bachelor AI?", api_name="/ask")
    assert "2020Z23459" not in before
    # Uploaded while the chat searches one document: it keeps searching that one.
    status, collection, chosen, table, _ = client.predict(
        [handle_file(str(BUNDLED_PDF))], "2021Z04321", api_name="/upload"
    )
    assert status.startswith("✅ **Toegevoegd:** 2020Z23459") and chosen["value"] == "2021Z04321"
    assert "2020Z23459" in collection and ">2020Z23459</td>" in table and "<td>PDF</td>" not in table
    assert '<a href="/documents/2020Z23459/file" target="_blank">PDF</a>' in table
    stored = service.settings.index_dir / "files" / BUNDLED_PDF.name
    assert stored.is_file() and str(stored) in [s.path for s in service.documents()]
    reply = client.predict("Hoeveel studenten beginnen jaarlijks aan een bachelor AI?", api_name="/ask")
    first = re.search(r"\*\*\[1\]\*\* (.*)", reply).group(1)
    assert re.search(r'target="_blank">2020Z23459\\, Vraag 2\\, p\\\. \d\\, alinea \d</a>', first), first
    assert re.search(r'href="/documents/2020Z23459/file#page=\d" target="_blank">PDF, pagina \d</a>', first), first
    assert "700 studenten" in reply


def test_question_restricted_to_one_document(served, service):
    from gradio_client import Client

    choices = document_choices(service.index, "nl")
    assert choices[0] == ("Alle documenten", "")
    assert {value for _, value in choices[1:]} >= {"2021Z04321"}
    client = Client(served, verbose=False)
    question = "Hoeveel kilometer fietspad is er aangelegd?"
    assert "312 kilometer" in client.predict(question, "", api_name="/ask")
    only_fiets = client.predict("Hoeveel fietsenstallingen zijn er bij stations?", "2021Z04321", api_name="/ask")
    assert "20\\.000" in only_fiets and ">2021Z04321\\, Vraag 2\\, alinea 1</a>" in only_fiets
    for doc_id, other in (("2021Z04321", "Hoeveel studenten beginnen aan een bachelor AI?"), ("2020Z23459", question)):
        answer = service.ask(other, doc_id=doc_id)
        assert all(quote.passage.doc_id == doc_id for quote in answer.quotes)


def test_upload_reports_a_bad_file_and_keeps_the_rest(service, tmp_path):
    bad = tmp_path / "leeg.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    odd = tmp_path / "tabel.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    count = len(service.index.passages)
    messages = list(index_uploads(service, [str(bad), str(odd)], "nl"))
    assert messages[0].startswith("⏳ Bezig met indexeren\\: leeg\\.pdf\\, tabel\\.csv")
    assert "Niets nieuws toegevoegd." in messages[-1]
    # Said in the language of the page, the reader's reason too.
    assert "leeg\\.pdf overgeslagen\\: leeg\\.pdf kon niet als PDF worden gelezen" in messages[-1]
    assert "tabel\\.csv overgeslagen\\: dit bestandstype wordt niet ondersteund" in messages[-1]
    assert "skipped" not in messages[-1] and "unsupported" not in messages[-1]
    assert len(service.index.passages) == count
    assert not (service.settings.index_dir / "files" / "leeg.pdf").exists()  # no copy left of a file not added
    assert list(index_uploads(service, [], "nl")) == ["Kies eerst een bestand."]
    assert list(index_uploads(service, None, "en")) == ["Choose a file first."]


def test_hostile_uploads_are_each_refused_and_the_index_stays_intact(service, tmp_path):
    """Every hostile file that a browser could upload (a regular file) is refused with its reason."""
    from rag.store.index import file_sha256
    from tests.test_hostile_files import _make

    hostile = {name: path for name, (path, _) in _make(_folder(tmp_path / "hostile")).items()}
    # kopie.txt is only hostile to an index that already holds the bundled document.
    uploadable = {
        name: path for name, path in hostile.items() if path.is_file() and not path.is_symlink() and name != "kopie.txt"
    }
    assert len(uploadable) >= 12
    folder = service.settings.index_dir
    before = {p.name: file_sha256(p) for p in folder.iterdir() if p.is_file()}
    ids = [p.id for p in service.index.passages]
    messages = list(index_uploads(service, [str(path) for path in uploadable.values()], "en"))
    final = messages[-1]
    assert "Traceback" not in final
    for name in uploadable:
        assert escape_markdown(Path(name).name) in final, (name, final)
    assert [p.id for p in service.index.passages] == ids
    assert {p.name: file_sha256(p) for p in folder.iterdir() if p.is_file()} == before
    answer = service.ask("Hoeveel kilometer fietspad is er in 2020 aangelegd?")
    assert answer.answered and "312 kilometer" in answer.quotes[0].passage.text


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def test_the_same_content_under_another_name_is_not_added_twice(service, tmp_path):
    again = tmp_path / "fietspaden-kopie.txt"
    again.write_text(SECOND, encoding="utf-8")
    twin = tmp_path / "nog-een-kopie.txt"
    twin.write_text(SECOND, encoding="utf-8")
    ids = [p.id for p in service.index.passages]
    messages = list(index_uploads(service, [str(again), str(twin)], "en"))
    assert "Nothing new was added" in messages[-1]
    duplicate = "kopie\\.txt\\: the same content as 2021Z04321\\, which is already in the collection"
    assert f"skipped fietspaden\\-{duplicate}" in messages[-1] and f"skipped nog\\-een\\-{duplicate}" in messages[-1]
    assert [p.id for p in service.index.passages] == ids
    assert not (service.settings.index_dir / "files" / again.name).exists()
