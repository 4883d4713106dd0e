"""The chat served on loopback and asked through gradio_client, as a script user would."""

from __future__ import annotations

import pytest


def test_ask_endpoint_returns_quoted_cited_markdown(served):
    from gradio_client import Client

    client = Client(served, verbose=False)
    reply = client.predict(
        "Hoeveel studenten beginnen jaarlijks aan een bachelor Kunstmatige intelligentie?", api_name="/ask"
    )
    assert reply.startswith("Dit zeggen de documenten letterlijk")
    assert "> " in reply and "700 studenten" in reply
    # The citation is short and links to the marked paragraph and to the PDF page.
    assert '">2020Z23459\\, Vraag 2\\, p\\. 1\\, alinea 2</a>' in reply
    assert '<a href="/documents/2020Z23459/file#page=1" target="_blank">PDF, pagina 1</a>' in reply
    assert "<details><summary>Meer passages (2)</summary>" in reply


def test_ask_endpoint_in_english_and_not_found(served):
    from gradio_client import Client

    client = Client(served, verbose=False)
    english = client.predict("How many people have taken the free national AI course?", api_name="/ask")
    assert '">2020Z23459\\, Question 4\\, p\\. 2\\, paragraph 1</a>' in english
    assert "<details><summary>The parliamentary question</summary>" in english
    nothing = client.predict("What will the weather be like in Rotterdam next week?", api_name="/ask")
    assert nothing.startswith("I found nothing about this")


def test_page_names_the_collection(served):
    import urllib.request

    with urllib.request.urlopen(served, timeout=30) as response:
        page = response.read().decode("utf-8")
    assert "Vraagbaak" in page
    assert "2020Z23459" in page


@pytest.mark.parametrize(
    "target",
    [
        "/etc/passwd",
        "{index}/manifest.json",
        "{corpus}",
        "../../../../etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_server_serves_no_file_outside_its_own(served, real_service, target):
    import urllib.error
    import urllib.request

    from tests.conftest import BUNDLED_TXT

    path = target.format(index=real_service.settings.index_dir, corpus=BUNDLED_TXT)
    # Gradio's file route exists and refuses (403); the old route is gone (404). Never a 200.
    for route, refused in (("/gradio_api/file=", 403), ("/file=", 404)):
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(served.rstrip("/") + route + path, timeout=30).close()
        assert caught.value.code == refused, (route, path, caught.value.code)


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a GET, also for an error status."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_cited_pdf_page_is_served_and_holds_the_quote(served, real_service):
    import io

    from pypdf import PdfReader

    from rag.ingest.formats.pages import squeezed

    answer = real_service.ask("Hoeveel studenten beginnen jaarlijks aan een bachelor Kunstmatige intelligentie?")
    passage = answer.quotes[0].passage
    status, headers, body = fetch(f"{served}documents/2020Z23459/file")
    assert (status, headers["content-type"]) == (200, "application/pdf")
    assert body.startswith(b"%PDF")
    page = PdfReader(io.BytesIO(body)).pages[passage.page - 1].extract_text()
    assert squeezed(passage.text)[:60] in squeezed(page)


def test_the_text_view_marks_the_quote_and_runs_nothing(served, real_service):
    from ui.sources import text_url

    passage = real_service.ask("How many people have taken the free national AI course?").quotes[0].passage
    status, headers, body = fetch(served.rstrip("/") + text_url(passage, "en").split("#")[0])
    page = body.decode("utf-8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert (
        "script-src" not in headers["content-security-policy"]
        and "default-src 'none'" in headers["content-security-policy"]
    )
    assert '<html lang="en">' in page and page.count("<mark") == 1
    marked = page.split('<p id="quote"><mark aria-label="Quoted here">', 1)[1].split("</mark>", 1)[0]
    assert marked.startswith(passage.text[:40].replace("'", "&#x27;"))
    assert '<a href="https://vsnu.nl/nl_NL/nieuws.html/nieuwsbericht/630" target="_blank"' in page
    assert "<script" not in page and "<img" not in page


@pytest.mark.parametrize(
    "route",
    [
        "documents/nope/file",
        "documents/nope/text",
        "documents/..%2F..%2F..%2Fetc%2Fpasswd/file",
        "documents/%2Fetc%2Fpasswd/file",
        "documents/2020Z23459/../../manifest.json",
    ],
)
def test_only_the_collections_own_files_are_served(served, route):
    status, _, body = fetch(served + route)
    assert status in (403, 404), (route, status)
    assert b"root:" not in body and b'"sources"' not in body
