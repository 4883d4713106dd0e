"""The chat in a real browser: Debian's headless Chromium, driven by Playwright.

One module-scoped app serves the real model and index; a second one answers every
question with a hand-made passage full of markup, to show that document text is shown,
never run. Every request the page makes is recorded: nothing may leave loopback.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from rag.answer.compose import Answer, Quote, citation
from rag.answer.service import CollectionInfo
from rag.document import Passage
from rag.language import message
from rag.store.index import Source
from tests.conftest import serve

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# As on this machine's closed network: no background traffic, no first-run, no GPU.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost"}
TIMEOUT = 30_000  # ms; Gradio renders asynchronously and the first answer warms the model
PLACEHOLDER = "Stel een vraag · Ask a question"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser test needs Debian chromium at {CHROMIUM}: `make test` installs it (apt-get install chromium)",
)

# Markup that must stay text: a script, an inline handler, a javascript: link, a remote image.
SCRIPT = "<script>alert(1)</script>"
HANDLER = "<img src=x onerror=alert(1)>"
JS_LINK = "[klik](javascript:alert(1))"
REMOTE_IMAGE = "![img](http://example.invalid/x.png)"
CONSOLE_MARK = "vraagbaak-xss"
CONSOLE_HANDLER = f"<img src=y onerror=console.error('{CONSOLE_MARK}')>"
HOSTILE = f"Begin {SCRIPT} {HANDLER} {JS_LINK} {REMOTE_IMAGE} {CONSOLE_HANDLER} einde."


class HostileService:
    """Answers every question with one passage whose every field carries markup."""

    def __init__(self) -> None:
        passage = Passage(
            id="2020Z99999:v1:1",
            doc_id="2020Z99999",
            title=f"Testdocument {SCRIPT}",
            kind="answer",
            text=HOSTILE,
            paragraph=1,
            start=0,
            end=len(HOSTILE),
            vraag=(1,),
            question=f"Vraag met {HANDLER} en {JS_LINK}?",
            page=1,
            footnotes=(f"Noot {REMOTE_IMAGE}",),
        )
        quote = Quote(1, 0.9, passage, citation(passage, "nl"), highlights=(f"{SCRIPT} {HANDLER}",))
        self.answer = Answer("toon de testpassage", "nl", True, (quote,), message("intro", "nl"))
        self.title = passage.title

    def ask(self, question: str, *args, **kwargs) -> Answer:
        return self.answer

    notices = ()

    def info(self) -> CollectionInfo:
        return CollectionInfo((self.title,), 1)

    def documents(self) -> tuple[Source, ...]:
        return (Source("/tmp/x.txt", "", "2020Z99999", self.title),)


@pytest.fixture(scope="module")
def hostile_served():
    app, url = serve(HostileService())
    yield url
    app.close()


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


class Watched:
    """A page with everything it requests, says on the console, throws or pops up recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def assert_loopback_only(self) -> None:
        """The page talked to the app (so requests were seen) and to no host but loopback.

        data: and blob: URLs have no host and stay inside the page.
        """
        assert any("/gradio_api/" in url for url in self.requests), self.requests
        elsewhere = [url for url in self.requests if urlsplit(url).hostname not in LOOPBACK | {None}]
        assert not elsewhere, elsewhere


@pytest.fixture
def watched(browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(TIMEOUT)
    yield Watched(page)
    page.close()


def ask(page: Page, question: str, expected: str):
    """Submit ``question`` and return the newest bot message once it shows ``expected``."""
    box = page.get_by_test_id("textbox")  # Gradio clears the placeholder after the first message
    box.fill(question)
    box.press("Enter")
    reply = page.get_by_test_id("bot").last
    expect(reply).to_contain_text(expected, timeout=TIMEOUT)
    return reply


def collection_line(page: Page):
    """The paragraph that names the loaded collection."""
    return page.locator("p").filter(has_text="Collectie / collection:")


# Gradio scrolls the chat to the bottom again a moment after an answer renders, so keep
# scrolling until the element has stayed at the top of the chat box for three polls. The
# page (taller than the window, with the filter and upload below the chat) goes to its top.
SCROLL_TO_TOP = """element => {
    window.scrollTo(0, 0);
    const box = element.closest('.bubble-wrap');
    const offset = element.getBoundingClientRect().top - box.getBoundingClientRect().top - 12;
    if (Math.abs(offset) < 2) { window.__settled = (window.__settled || 0) + 1; }
    else { window.__settled = 0; box.scrollTop += offset; }
    return window.__settled >= 3;
}"""


def scroll_chat_to(page: Page, message) -> None:
    """Scroll the chat box (not the page) so that ``message`` is at its top, and stays there."""
    page.wait_for_function(SCROLL_TO_TOP, arg=message.element_handle(), polling=200, timeout=TIMEOUT)
    expect(message).to_be_in_viewport(ratio=1)


def screenshot(page: Page, name: str) -> None:
    """A full-page screenshot kept in test-artifacts/ (git-ignored) for a human to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=True)


def assert_quoted_and_cited(reply, passage_text: str, vraag: str) -> None:
    """The reply quotes ``passage_text`` in a blockquote with its citation [1] to ``vraag``."""
    first = reply.locator("blockquote").first
    expect(first).to_contain_text(passage_text, timeout=TIMEOUT)
    cite = first.locator("p").filter(has_text="[1]")
    expect(cite).to_have_count(1)
    expect(cite.locator("strong").first).to_have_text("[1]")
    expect(cite).to_contain_text(f"2020Z23459, {vraag}")


def test_chat_quotes_and_cites_in_dutch_and_english(served, watched):
    page = watched.page
    page.goto(served)
    expect(collection_line(page)).to_contain_text("2020Z23459", timeout=TIMEOUT)
    expect(page.get_by_placeholder(PLACEHOLDER)).to_be_visible()

    dutch = ask(
        page, "Hoeveel studenten beginnen jaarlijks aan een bachelor Kunstmatige intelligentie?", "700 studenten"
    )
    assert_quoted_and_cited(dutch, "700 studenten", "Vraag 2")
    english = ask(page, "How many people have taken the free national AI course?", "170.000")
    assert_quoted_and_cited(english, "170.000", "Question 4")
    expect(page.get_by_test_id("bot")).to_have_count(2)
    # Markdown escapes are consumed by the renderer, never shown.
    assert "\\" not in dutch.inner_text() + english.inner_text()

    # The chat scrolls inside a fixed-height box: show the English question and its first quote.
    scroll_chat_to(page, page.get_by_test_id("user").last)
    screenshot(page, "browser-chat.png")
    watched.assert_loopback_only()
    assert not watched.dialogs and not watched.errors, (watched.dialogs, watched.errors)


def test_document_markup_is_shown_never_run(hostile_served, watched):
    page = watched.page
    page.goto(hostile_served)
    reply = ask(page, "toon de testpassage", SCRIPT)
    for literal in (SCRIPT, HANDLER, JS_LINK, REMOTE_IMAGE):
        expect(reply).to_contain_text(literal)
    expect(reply.locator("blockquote strong").first).to_contain_text(SCRIPT)
    expect(reply.locator("blockquote")).to_contain_text("[1] 2020Z99999, Vraag 1: “Vraag met <img src=x")
    expect(collection_line(page)).to_contain_text(f"Testdocument {SCRIPT}")
    # An image that failed to load would fire its handler only after the request: let it settle.
    page.wait_for_timeout(1000)

    for selector in (
        'a[href^="javascript"]',
        'img[src*="example.invalid"]',
        'img[src="x"]',
        'img[src="y"]',
        "[onerror]",
        ".message script",
    ):
        expect(page.locator(selector)).to_have_count(0)
    assert not watched.dialogs, watched.dialogs
    assert not [line for line in watched.console if CONSOLE_MARK in line], watched.console
    assert not watched.errors, watched.errors
    assert not [url for url in watched.requests if "example.invalid" in url or url.endswith(("/x", "/y"))]
    watched.assert_loopback_only()
    screenshot(page, "browser-safe-rendering.png")


UPLOADED = """\
Hierbij stuur ik u de antwoorden op de vragen van het lid Visser (VVD) over het bericht
'Vuurtorens worden museum'.

De vragen waren ingezonden op 3 maart 2021 met kenmerk 2021Z05555.

Vraag 1
Hoeveel vuurtorens telt Nederland nog?

Antwoord
Nederland telt zevenenveertig vuurtorens, waarvan er nog twaalf als baken in gebruik zijn.
"""


@pytest.fixture
def upload_served(real_embedder, tmp_path):
    """A server of its own, over a fresh copy of the bundled collection, for a test that adds to it."""
    from rag.answer.service import AnswerService
    from rag.settings import Settings
    from tests.conftest import BUNDLED_TXT

    home = tmp_path / "home"
    service = AnswerService(Settings(home=home, index_dir=home / "index"), embedder=real_embedder, files=[BUNDLED_TXT])
    app, url = serve(service)
    yield url
    app.close()


def test_uploaded_document_is_quoted_and_cited(upload_served, watched, tmp_path):
    document = tmp_path / "2021Z05555-vuurtorens.txt"
    document.write_text(UPLOADED, encoding="utf-8")
    page = watched.page
    page.goto(upload_served)
    expect(collection_line(page)).to_contain_text("2020Z23459", timeout=TIMEOUT)
    page.locator("input[type=file]").set_input_files(str(document))
    expect(collection_line(page)).to_contain_text("2021Z05555", timeout=TIMEOUT * 2)

    reply = ask(page, "Hoeveel vuurtorens telt Nederland?", "zevenenveertig")
    first = reply.locator("blockquote").first
    expect(first).to_contain_text("Nederland telt zevenenveertig vuurtorens")
    expect(first.locator("p").filter(has_text="[1]")).to_contain_text("2021Z05555, Vraag 1")
    screenshot(page, "browser-upload.png")
    watched.assert_loopback_only()
    assert not watched.dialogs and not watched.errors, (watched.dialogs, watched.errors)
