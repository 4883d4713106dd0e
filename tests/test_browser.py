"""The web UI in a real browser: Debian's headless Chromium, driven by Playwright.

The chat is checked at desktop (1280x900) and phone (390x844) size: answers quote [1]
in full and cite it, the citation opens the document with the quote marked and the PDF
at the right page, the answer reads from the top, copy gives plain text, the documents
panel adds and removes, and the page is accessible (names, language, keyboard, axe-core).
A second app answers every question with a hand-made passage full of markup, to show that
document text is shown, never run. Every request a page makes is recorded: nothing may
leave loopback. Screenshots, axe results and browser latency go to test-artifacts/.
"""

from __future__ import annotations

import io
import json
import re
import statistics
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from rag.answer.compose import Answer, Quote, citation
from rag.answer.service import CollectionInfo
from rag.document import Passage
from rag.language import message
from rag.store.index import Manifest, Source
from tests.conftest import BUNDLED_PDF, BUNDLED_TXT, serve
from ui.texts import EXAMPLES, PATHS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
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
expect.set_options(timeout=TIMEOUT)
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

DOC = "2020Z23459"
TITLE = "Antwoorden Kamervragen 2020Z23459 over 'Amsterdam op achterstand in opmars kunstmatige intelligentie'"
STUDENTS = EXAMPLES["nl"][0]  # "Hoeveel studenten beginnen jaarlijks aan een bachelor Kunstmatige intelligentie?"
COURSE = EXAMPLES["en"][0]  # "How many people have taken the free national AI course?"
RETRAINED = "Hoeveel mensen zijn bij- of omgeschoold op het gebied van AI?"  # quote [1] has a footnote URL
FOOTNOTE_URL = "https://vsnu.nl/nl_NL/nieuws.html/nieuwsbericht/630"
OFF_TOPIC = "Wat is de hoofdstad van Frankrijk?"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser test needs Debian chromium at {CHROMIUM}: `make test` installs it (apt-get install chromium)",
)


# --- the browser and the watched page --------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for the whole module (Playwright cannot download its own here)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page with everything it requests, says on the console, throws or pops up recorded."""

    def __init__(self, page: Page, size: str) -> None:
        self.page = page
        self.size = size
        self.requests: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.context.on("request", lambda request: self.requests.append(request.url))
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

    def assert_clean(self) -> None:
        """Loopback only, and no dialog or uncaught error on the way."""
        self.assert_loopback_only()
        assert not self.dialogs and not self.errors, (self.dialogs, self.errors)


def open_page(browser: Browser, size: str) -> Watched:
    """A new watched page in a context of its own, the size of a desktop window or a phone."""
    phone = size == "phone"
    context = browser.new_context(viewport=SIZES[size], is_mobile=phone, has_touch=phone, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    return Watched(page, size)


@pytest.fixture(params=list(SIZES))
def watched(browser, request):
    """A watched page at each size in turn; its context is closed after the test."""
    opened = open_page(browser, request.param)
    yield opened
    opened.page.context.close()


# --- helpers ----------------------------------------------------------------------------------


def load(page: Page, url: str) -> None:
    """Open the chat at ``url`` and wait until the app has filled in the collection line."""
    page.goto(url)
    expect(page.locator("#chat")).to_be_visible()
    expect(collection_line(page)).to_contain_text(DOC)


def collection_line(page: Page) -> Locator:
    """The paragraph that names the loaded collection."""
    return page.locator("p").filter(has_text=re.compile(r"^(Collectie|Collection):"))


def question_box(page: Page) -> Locator:
    """The question textarea."""
    return page.locator("#question textarea")


def ask(page: Page, question: str) -> Locator:
    """Type ``question``, press Enter, and return the new bot message once it has rendered."""
    before = page.get_by_test_id("bot").count()
    question_box(page).fill(question)
    question_box(page).press("Enter")
    return answered(page, before)


def answered(page: Page, before: int) -> Locator:
    """The bot message after the first ``before``, once it has text; the question box is empty again."""
    reply = page.get_by_test_id("bot").nth(before)
    expect(reply).to_contain_text(re.compile(r"\w"))
    expect(question_box(page)).to_have_value("")
    return reply


def passage(service, passage_id: str) -> Passage:
    """The indexed passage ``passage_id`` of ``service``'s collection."""
    return next(p for p in service.index.passages if p.id == passage_id)


def letters(value: str) -> str:
    """Only the letters and digits of ``value``, lower-cased: text compared across PDF line breaks."""
    return re.sub(r"[\W_]+", "", value).casefold()


def absolute(page: Page, href: str) -> str:
    """``href`` resolved against the page's own address."""
    return urljoin(page.url, href)


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """A screenshot kept in test-artifacts/ (git-ignored) for a human to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=path, full_page=full_page)
    return path


def open_tab(page: Page, name: str) -> None:
    """Select the tab called ``name``."""
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the dropdown labelled ``label``."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_role("combobox", name=label, exact=True)).to_have_value(option)


def options(page: Page, label: str) -> list[str]:
    """The choices the dropdown labelled ``label`` offers, read from its open list, which is closed again."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    listed = page.get_by_role("option")
    expect(listed.first).to_be_visible()
    names = [name.removeprefix("✓").strip() for name in listed.all_inner_texts()]  # ✓ marks the chosen one
    box.press("Escape")
    return names


# --- 1. quoted in full and cited, with the text view and the PDF page behind the citation ------


def assert_quoted_and_cited(reply: Locator, quoted: Passage, cited: str, pdf_label: str) -> Locator:
    """Quote [1] is ``quoted`` in full, cited as ``cited`` with a PDF link; returns the citation line."""
    first = reply.locator("blockquote").first
    expect(first.locator("p").first).to_have_text(quoted.text)
    line = first.locator("p").filter(has_text="[1]")
    expect(line).to_have_count(1)
    expect(line.locator("strong").first).to_have_text("[1]")
    expect(line.locator("a").first).to_have_text(cited)
    expect(line.locator("a").nth(1)).to_have_text(pdf_label)
    return line


def assert_text_view_marks(page: Page, link: Locator, quoted: Passage, language: str) -> Page:
    """Following ``link`` opens the document as text, ``quoted`` in a <mark> inside #quote."""
    with page.context.expect_page() as opened:
        link.click()
    view = opened.value
    view.wait_for_load_state()
    assert urlsplit(view.url).path == f"/documents/{DOC}/text", view.url
    expect(view.locator("html")).to_have_attribute("lang", language)
    expect(view.locator("#quote mark")).to_have_text(quoted.text)
    expect(view.locator("mark")).to_have_count(1)
    expect(view.locator("#quote mark")).to_be_in_viewport()
    return view


def assert_pdf_page_holds(page: Page, link: Locator, quoted: Passage) -> None:
    """``link`` points at the bundled PDF at the quote's page, and that page of the served PDF holds the quote."""
    from pypdf import PdfReader

    assert quoted.page is not None
    expect(link).to_have_attribute("href", f"/documents/{DOC}/file#page={quoted.page}")
    response = page.request.get(absolute(page, f"/documents/{DOC}/file"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(body)).pages
    assert letters(quoted.text) in letters(pages[quoted.page - 1].extract_text())
    assert body == BUNDLED_PDF.read_bytes()


def test_dutch_answer_is_quoted_cited_and_opens_text_and_pdf(served, real_service, watched):
    page = watched.page
    load(page, served)
    quoted = passage(real_service, f"{DOC}:v2:2")
    reply = ask(page, STUDENTS)
    expect(reply.locator("p").first).to_have_text("Dit zeggen de documenten letterlijk:")
    line = assert_quoted_and_cited(reply, quoted, f"{DOC}, Vraag 2, p. 1, alinea 2", "PDF, pagina 1")
    expect(line.locator("a").first).to_have_attribute(
        "href", f"/documents/{DOC}/text?lang=nl&mark={DOC}%3Av2%3A2#quote"
    )
    bold = reply.locator("blockquote").first.locator("p").first.locator("strong")
    expect(bold.filter(has_text="circa 700 studenten")).to_have_count(1)
    expect(bold.filter(has_text="De verhouding man/vrouw is 70/30.")).to_have_count(0)
    assert "\\" not in reply.inner_text()  # Markdown escapes are consumed by the renderer, never shown
    screenshot(page, f"chat-{watched.size}-nl.png")
    view = assert_text_view_marks(page, line.locator("a").first, quoted, "nl")
    screenshot(view, f"text-view-{watched.size}-nl.png", full_page=False)
    assert_pdf_page_holds(page, line.locator("a").nth(1), quoted)
    watched.assert_clean()


def test_english_answer_is_quoted_cited_and_opens_text_and_pdf(served, real_service, watched):
    page = watched.page
    load(page, urljoin(served, PATHS["en"]))
    quoted = passage(real_service, f"{DOC}:v4:1")
    reply = ask(page, COURSE)
    expect(reply.locator("p").first).to_have_text("This is what the documents say, verbatim (in Dutch):")
    expect(reply.locator("blockquote").first).to_contain_text("170.000")
    line = assert_quoted_and_cited(reply, quoted, f"{DOC}, Question 4, p. 2, paragraph 1", "PDF, page 2")
    expect(line.locator("a").first).to_have_attribute(
        "href", f"/documents/{DOC}/text?lang=en&mark={DOC}%3Av4%3A1#quote"
    )
    screenshot(page, f"chat-{watched.size}-en.png")
    assert_text_view_marks(page, line.locator("a").first, quoted, "en")
    assert_pdf_page_holds(page, line.locator("a").nth(1), quoted)
    watched.assert_clean()


# --- 2. the answer reads from the top; other quotes folded; footnote addresses are links -------


def assert_more_passages_folded(reply: Locator, summary: str) -> None:
    """The quotes after [1] sit in a closed <details> summarised ``summary``, shown once it is clicked."""
    more = reply.locator("details").filter(has=reply.page.locator("summary", has_text=summary)).last
    expect(more.locator("> summary")).to_have_text(summary)
    expect(more).not_to_have_attribute("open", re.compile(".*"))
    second = more.locator("blockquote").first
    expect(second).to_be_hidden()
    more.locator("> summary").click()
    expect(second).to_be_visible()
    expect(second).to_contain_text("[2]")


# Whether an element's top edge shows: inside the window and inside every box that scrolls or clips it.
TOP_SHOWS = """(element) => {
  const top = element.getBoundingClientRect().top;
  let shows = top >= 0 && top < window.innerHeight;
  for (let node = element.parentElement; node; node = node.parentElement) {
    if (/(auto|scroll|hidden)/.test(getComputedStyle(node).overflowY)) {
      const box = node.getBoundingClientRect();
      shows = shows && top >= box.top && top < box.bottom;
    }
  }
  return shows;
}"""


def assert_start_shows(element: Locator) -> None:
    """The top of ``element`` comes into view, and is still there a second later (nothing scrolls it away)."""
    expect(element).to_be_in_viewport()
    element.page.wait_for_function(TOP_SHOWS, arg=element.element_handle())
    element.page.wait_for_timeout(1000)
    assert element.evaluate(TOP_SHOWS), element.evaluate("e => e.getBoundingClientRect().toJSON()")


def test_answer_reads_from_the_top_with_more_passages_folded(served, watched):
    page = watched.page
    load(page, served)
    for earlier in EXAMPLES["nl"]:  # answers before it, so that the new one starts below the chat box's fold
        ask(page, earlier)
    reply = ask(page, RETRAINED)
    first = reply.locator("blockquote").first
    assert_start_shows(first)
    expect(first).to_contain_text("ongeveer 3900 studenten ingestroomd")
    expect(first.locator("p").filter(has_text="[1]").locator("a").first).to_have_text(f"{DOC}, Vraag 4, p. 2, alinea 2")
    footnote = first.locator(f'a[href="{FOOTNOTE_URL}"]')
    expect(footnote).to_have_text(FOOTNOTE_URL)
    expect(footnote).to_have_attribute("target", "_blank")
    assert_more_passages_folded(reply, "Meer passages (2)")
    watched.assert_clean()


def test_english_answer_reads_from_the_top_with_more_passages_folded(served, watched):
    page = watched.page
    load(page, urljoin(served, PATHS["en"]))
    for earlier in (EXAMPLES["en"][1], STUDENTS):
        ask(page, earlier)
    reply = ask(page, COURSE)
    assert_start_shows(reply.locator("blockquote").first)
    assert_more_passages_folded(reply, "More passages (2)")
    watched.assert_clean()


# --- 3. a refusal under a document filter says where it looked ---------------------------------


def test_refusal_with_a_document_filter_names_the_document(served, watched):
    page = watched.page
    load(page, served)
    choose(page, "Zoek in", f"{DOC} — {TITLE}")
    reply = ask(page, OFF_TOPIC)
    expect(reply).to_have_text(
        f"Ik heb hierover niets gevonden in de geladen documenten. Gezocht in één document: {DOC}."
    )
    expect(reply.locator("blockquote")).to_have_count(0)
    watched.assert_clean()


# --- 4. copy gives the answer as plain text ----------------------------------------------------


def test_copy_puts_the_answer_on_the_clipboard_as_plain_text(served, real_service, watched):
    page = watched.page
    origin = served.rstrip("/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    load(page, served)
    page.evaluate("() => navigator.clipboard.writeText('nothing copied yet')")
    ask(page, STUDENTS)
    page.locator("#copy").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== 'nothing copied yet'")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    quoted = passage(real_service, f"{DOC}:v2:2").text
    lead = "Dit zeggen de documenten letterlijk:"
    assert copied.startswith(f"{lead}\n\n“{quoted}”\n[1] {DOC}, Vraag 2, p. 1, alinea 2 — {TITLE}\n\n“"), copied
    # The answer on retraining (its Kamervraag asks "Hoeveel mensen ...") comes second, then the paragraph
    # before it, which counts the course's 170.000 participants: a "hoeveel" question lifts passages with a count.
    assert f"[2] {DOC}, Vraag 4, p. 2, alinea 2" in copied and f"[3] {DOC}, Vraag 4, p. 2, alinea 1" in copied
    for markup in ("\\", "**", "<a", "&#x27;", "&amp;"):
        assert markup not in copied, (markup, copied)
    watched.assert_clean()


# --- 5. the documents panel: listed after a reload, added, removed, duplicates refused ---------

UPLOADED = """\
Hierbij stuur ik u de antwoorden op de vragen van het lid Visser (VVD) over het bericht
'Vuurtorens worden museum'.

De vragen waren ingezonden op 3 maart 2021 met kenmerk 2021Z05555.

Vraag 1
Hoeveel vuurtorens telt Nederland nog?

Antwoord
Nederland telt zevenenveertig vuurtorens, waarvan er nog twaalf als baken in gebruik zijn.
"""
UPLOADED_ID = "2021Z05555"
UPLOADED_TITLE = "Antwoorden Kamervragen 2021Z05555 over 'Vuurtorens worden museum'"


@pytest.fixture
def upload_served(real_embedder, tmp_path):
    """A server of its own over a fresh copy of the bundled collection: its url and its index folder."""
    from rag.answer.service import AnswerService
    from rag.settings import Settings

    home = tmp_path / "home"
    service = AnswerService(Settings(home=home, index_dir=home / "index"), embedder=real_embedder, files=[BUNDLED_TXT])
    running = serve(service)
    yield SimpleNamespace(url=running.url, index_dir=home / "index")
    running.close()


def table_ids(page: Page) -> Locator:
    """The id cell of each row of the documents table."""
    return page.locator(".documents tbody tr td:first-of-type")


def upload(page: Page, path: Path) -> Locator:
    """Add ``path`` with the documents tab's upload button; returns the status once indexing is over."""
    page.locator("input[type=file]").set_input_files(str(path))
    status = page.locator("#documents-status")
    expect(status).to_contain_text(re.compile(r"Toegevoegd|Niets nieuws|mislukt"), timeout=TIMEOUT * 2)
    return status


def test_documents_panel_adds_lists_after_reload_and_removes(upload_served, watched, tmp_path):
    page = watched.page
    document = tmp_path / f"{UPLOADED_ID}-vuurtorens.txt"
    document.write_text(UPLOADED, encoding="utf-8")
    kept = upload_served.index_dir / "files" / document.name
    load(page, upload_served.url)
    open_tab(page, "Documenten")
    expect(table_ids(page)).to_have_text([DOC])
    expect(upload(page, document)).to_contain_text(f"Toegevoegd: {UPLOADED_ID}")
    assert kept.is_file()

    page.reload()
    load(page, upload_served.url)
    assert options(page, "Zoek in") == ["Alle documenten", f"{DOC} — {TITLE}", f"{UPLOADED_ID} — {UPLOADED_TITLE}"]
    open_tab(page, "Documenten")
    expect(table_ids(page)).to_have_text([DOC, UPLOADED_ID])
    if watched.size == "desktop":
        screenshot(page, "documents-desktop-nl.png")

    choose(page, "Document om te verwijderen", f"{UPLOADED_ID} — {UPLOADED_TITLE}")
    page.locator("#remove").click()
    expect(page.locator("#confirm-remove")).to_have_text(f"Ja, verwijder {UPLOADED_ID}")
    page.locator("#confirm-remove").click()
    expect(page.locator("#documents-status")).to_have_text(f"✅ {UPLOADED_ID} is verwijderd.")
    expect(table_ids(page)).to_have_text([DOC])
    expect(page.locator("#confirm-remove")).to_be_hidden()
    assert not kept.exists()
    page.reload()
    load(page, upload_served.url)
    assert options(page, "Zoek in") == ["Alle documenten", f"{DOC} — {TITLE}"]
    open_tab(page, "Documenten")
    expect(table_ids(page)).to_have_text([DOC])
    watched.assert_clean()


def test_uploading_the_bundled_pdf_again_is_skipped(upload_served, watched):
    page = watched.page
    load(page, upload_served.url)
    open_tab(page, "Documenten")
    status = upload(page, BUNDLED_PDF)
    expect(status).to_contain_text("Niets nieuws toegevoegd.")
    expect(status).to_contain_text(f"hetzelfde document als {DOC} ({BUNDLED_TXT.name}) in een andere vorm")
    expect(table_ids(page)).to_have_text([DOC])
    assert not (upload_served.index_dir / "files" / BUNDLED_PDF.name).exists()
    said = status.inner_text()
    page.reload()
    load(page, upload_served.url)
    open_tab(page, "Documenten")
    expect(table_ids(page)).to_have_text([DOC])
    watched.assert_clean()
    # The notice names the file the user chose, not where the server keeps its copies, in Dutch on the Dutch page.
    assert f"⚠️ {BUNDLED_PDF.name} overgeslagen: hetzelfde document als {DOC}" in said, said
    assert str(upload_served.index_dir) not in said, said


# --- 6. accessibility: language, names, examples, keyboard, axe-core ----------------------------

FIXED = {
    "nl": {"tabs": ("Vragen", "Documenten"), "question": "Uw vraag", "send": "Vraag", "search": "Zoek in"},
    "en": {"tabs": ("Ask", "Documents"), "question": "Your question", "send": "Ask", "search": "Search in"},
}
ALL_EXAMPLES = [*EXAMPLES["nl"], *EXAMPLES["en"]]


def assert_all_named(page: Page) -> None:
    """Every visible button, textbox and combobox has an accessible name."""
    for role in ("button", "textbox", "combobox"):
        elements = page.get_by_role(role)
        for index in range(elements.count()):
            element = elements.nth(index)
            if element.is_visible():
                expect(element).to_have_accessible_name(re.compile(r"\w"))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_page_speaks_its_language_and_names_every_control(served, watched, language):
    page = watched.page
    fixed = FIXED[language]
    load(page, urljoin(served, PATHS[language]))
    expect(page.locator("html")).to_have_attribute("lang", language)
    for name in fixed["tabs"]:
        expect(page.get_by_role("tab", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("textbox", name=fixed["question"], exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=fixed["send"], exact=True)).to_be_visible()
    expect(page.get_by_role("combobox", name=fixed["search"], exact=True)).to_be_visible()
    assert_all_named(page)
    open_tab(page, fixed["tabs"][1])
    assert_all_named(page)
    watched.assert_clean()


def test_example_questions_are_whole_and_ask_when_clicked(served, watched):
    page = watched.page
    load(page, served)
    for example in ALL_EXAMPLES:
        button = page.get_by_role("button", name=example, exact=True)
        expect(button).to_be_visible()
        expect(button).to_have_text(example)
        width = button.evaluate("b => ({scroll: b.scrollWidth, client: b.clientWidth})")
        assert width["scroll"] <= width["client"], (example, width)
    page.get_by_role("button", name=STUDENTS, exact=True).click()
    reply = answered(page, 0)
    expect(page.get_by_test_id("user").last).to_have_text(STUDENTS)
    expect(reply.locator("blockquote").first).to_contain_text("circa 700 studenten")
    watched.assert_clean()


FOCUSED = """() => {
  const element = document.activeElement;
  return {question: !!element.closest('#question') && element.tagName === 'TEXTAREA',
          text: (element.innerText || element.getAttribute('aria-label') || '').trim()};
}"""


def test_keyboard_alone_reaches_examples_and_asks(served, watched):
    page = watched.page
    load(page, served)
    seen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused["text"])
        if focused["question"]:
            break
    assert focused["question"], seen
    assert [example for example in ALL_EXAMPLES if example not in seen] == [], seen
    page.keyboard.type(RETRAINED)
    page.keyboard.press("Enter")
    reply = answered(page, 0)
    expect(reply.locator("blockquote").first).to_contain_text("ongeveer 3900 studenten ingestroomd")
    watched.assert_clean()


# WCAG contrast of an element's text against the first opaque background at or above it.
CONTRAST = """(element) => {
  const channels = (color) => color.match(/[\\d.]+/g).map(Number);
  const linear = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  let node = element, background = [255, 255, 255];
  while (node) {
    const color = channels(getComputedStyle(node).backgroundColor);
    if (color.length < 4 || color[3] > 0) { background = color; break; }
    node = node.parentElement;
  }
  const [light, dark] = [luminance(channels(getComputedStyle(element).color)), luminance(background)]
    .sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""


def low_contrast_tabs(page: Page) -> dict[str, float]:
    """The tabs whose label has less than 4.5:1 contrast: axe leaves them undecided (an underline pseudo element)."""
    tabs = page.get_by_role("tab")
    contrasts = {tabs.nth(i).inner_text(): tabs.nth(i).evaluate(CONTRAST) for i in range(tabs.count())}
    return {name: round(ratio, 2) for name, ratio in contrasts.items() if ratio < 4.5}


def run_axe(page: Page, name: str) -> list[dict]:
    """Run axe-core on the page, save its results as test-artifacts/axe-<name>.json; the serious violations."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]


def described(violations: list[dict]) -> str:
    """Each violation's id, impact and the elements it concerns, one a line."""
    return "\n".join(f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in violations)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_axe_finds_nothing_serious(served, watched, language):
    if not AXE.is_file():
        pytest.skip(f"axe-core is missing at {AXE}: run `make browser` (npm ci --prefix tests/a11y)")
    page = watched.page
    load(page, urljoin(served, PATHS[language]))
    ask(page, STUDENTS if language == "nl" else COURSE)
    chat = run_axe(page, f"{language}-{watched.size}-chat")
    open_tab(page, FIXED[language]["tabs"][1])
    expect(table_ids(page)).to_have_text([DOC])
    documents = run_axe(page, f"{language}-{watched.size}-documents")
    assert not chat and not documents, f"chat:\n{described(chat)}\ndocuments:\n{described(documents)}"
    assert low_contrast_tabs(page) == {}
    watched.assert_clean()


# --- 8. latency as the browser sees it -----------------------------------------------------------

LATENCY_QUESTIONS = [
    *ALL_EXAMPLES,
    RETRAINED,
    "Hoeveel vrouwen studeren kunstmatige intelligentie?",
    "Welke rol speelt de Nederlandse AI Coalitie?",
    "What does the government invest in AI research?",
]
# Stamps the Enter that sends the question, and the moment the new answer shows a quote.
STOPWATCH = """(before) => {
  window.vraagbaakAsked = null; window.vraagbaakAnswered = null;
  document.querySelector('#question textarea').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { window.vraagbaakAsked = performance.now(); }
  }, {once: true, capture: true});
  const observer = new MutationObserver(() => {
    const answers = document.querySelectorAll('#chat [data-testid="bot"]');
    if (answers.length > before && answers[answers.length - 1].querySelector('blockquote')) {
      window.vraagbaakAnswered = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def timed_answer(page: Page, question: str) -> float:
    """Milliseconds from pressing Enter on ``question`` to its answer showing a quote."""
    before = page.get_by_test_id("bot").count()
    question_box(page).fill(question)
    page.evaluate(STOPWATCH, before)
    question_box(page).press("Enter")
    page.wait_for_function("() => window.vraagbaakAnswered !== null", polling="raf")
    return page.evaluate("() => window.vraagbaakAnswered - window.vraagbaakAsked")


def test_browser_latency(served, browser):
    samples: dict[str, list[float]] = {}
    for size in SIZES:
        watched = open_page(browser, size)
        load(watched.page, served)
        timed_answer(watched.page, STUDENTS)  # warm-up, not counted
        samples[size] = [round(timed_answer(watched.page, q), 1) for q in LATENCY_QUESTIONS]
        watched.assert_clean()
        watched.page.context.close()
    report = {
        size: {"median_ms": statistics.median(ms), "samples_ms": dict(zip(LATENCY_QUESTIONS, ms, strict=True))}
        for size, ms in samples.items()
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "browser-latency.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print("\nbrowser latency (Enter → quote shown), ms:", json.dumps(report, indent=1, ensure_ascii=False))
    assert all(len(ms) == len(LATENCY_QUESTIONS) and min(ms) > 0 for ms in samples.values()), samples


# --- document text is shown, never run -----------------------------------------------------------

# Markup that must stay text: a script, an inline handler, a javascript: link, a remote image.
SCRIPT = "<script>alert(1)</script>"
HANDLER = "<img src=x onerror=alert(1)>"
JS_LINK = "[klik](javascript:alert(1))"
REMOTE_IMAGE = "![img](http://example.invalid/x.png)"
CONSOLE_MARK = "vraagbaak-xss"
CONSOLE_HANDLER = f"<img src=y onerror=console.error('{CONSOLE_MARK}')>"
HOSTILE = f"Begin {SCRIPT} {HANDLER} {JS_LINK} {REMOTE_IMAGE} {CONSOLE_HANDLER} einde."
HOSTILE_ID = "2020Z99999"


class HostileService:
    """Answers every question with one passage whose every field carries markup.

    It has what ui/ reads of a service: ``index`` (``manifest.sources`` and ``passages``),
    ``info()``, ``documents()``, ``notices`` and ``ask()``.
    """

    notices = ()

    def __init__(self) -> None:
        passage = Passage(
            id=f"{HOSTILE_ID}:v1:1",
            doc_id=HOSTILE_ID,
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
        source = Source(f"/nonexistent/{HOSTILE_ID}.txt", "", HOSTILE_ID, self.title)
        self.index = SimpleNamespace(manifest=Manifest({}, (source,), 1), passages=[passage])

    def ask(self, question: str, *args, **kwargs) -> Answer:
        return self.answer

    def info(self) -> CollectionInfo:
        return CollectionInfo((self.title,), 1)

    def documents(self) -> tuple[Source, ...]:
        return self.index.manifest.sources


@pytest.fixture(scope="module")
def hostile_served():
    running = serve(HostileService())
    yield running.url
    running.close()


def test_document_markup_is_shown_never_run(hostile_served, watched):
    page = watched.page
    page.goto(hostile_served)
    expect(collection_line(page)).to_have_text(f"Collectie: Testdocument {SCRIPT} (1 passages)")
    reply = ask(page, "toon de testpassage")
    first = reply.locator("blockquote").first
    expect(first.locator("p").first).to_have_text(HOSTILE)
    expect(first.locator("strong").first).to_have_text(f"{SCRIPT} {HANDLER}")
    expect(first.locator("p").filter(has_text="[1]").locator("a").first).to_have_text(
        f"{HOSTILE_ID}, Vraag 1, p. 1, alinea 1"
    )
    reply.locator("summary", has_text="De Kamervraag").click()
    expect(reply.locator("details").first).to_contain_text(f"Vraag met {HANDLER} en {JS_LINK}?")
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
    view = assert_hostile_text_view(page, first)
    assert not watched.dialogs, watched.dialogs
    assert not [line for line in watched.console if CONSOLE_MARK in line], watched.console
    assert not [url for url in watched.requests if "example.invalid" in url or url.endswith(("/x", "/y"))]
    watched.assert_clean()
    if watched.size == "desktop":
        screenshot(page, "safe-rendering-desktop-nl.png")
    view.close()


def assert_hostile_text_view(page: Page, quote: Locator) -> Page:
    """The cited text view shows the hostile passage as text, marked, with no element made from it."""
    with page.context.expect_page() as opened:
        quote.locator("p").filter(has_text="[1]").locator("a").first.click()
    view = opened.value
    view.wait_for_load_state()
    expect(view.locator("#quote mark")).to_have_text(HOSTILE)
    expect(view.locator("script, img, [onerror]")).to_have_count(0)
    return view
