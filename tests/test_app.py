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
    assert "> " in reply and "**[1]** 2020Z23459\\, Vraag 2" in reply
    assert "700 studenten" in reply


def test_ask_endpoint_in_english_and_not_found(served):
    from gradio_client import Client

    client = Client(served, verbose=False)
    english = client.predict("How many people have taken the free national AI course?", api_name="/ask")
    assert "**[1]** 2020Z23459\\, Question 4" in english
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
