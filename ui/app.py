"""The Gradio chat in one interface language: ``create_app`` builds the Blocks, ``ui.server`` serves them."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rag.answer.compose import Answer
from rag.ingest import SUPPORTED_SUFFIXES
from rag.language import Language, detect_language, message
from ui.documents import document_choices, documents_html, pdf_documents, removal_choices
from ui.format import (
    added_markdown,
    answer_markdown,
    answer_text,
    collection_markdown,
    escape_markdown,
    notices_markdown,
)
from ui.texts import EXAMPLES, LANGUAGES, PATHS, text

if TYPE_CHECKING:
    import gradio as gr

    from rag.answer.service import AnswerService

logger = logging.getLogger(__name__)

MAX_QUESTION_LENGTH = 4000
# Examples sit above the input, in both languages, as buttons that ask at once.
ALL_EXAMPLES = tuple(q for language in LANGUAGES for q in EXAMPLES[language])
PAGE_CSS = """
.example-questions button {white-space: normal; text-align: left; height: auto; justify-content: flex-start}
.documents {overflow-x: auto} .documents table {border-collapse: collapse; width: 100%; font-size: .95rem}
.documents th, .documents td {border: 1px solid #bbb; padding: .35rem .5rem; vertical-align: top; text-align: left}
.documents caption {text-align: left; font-weight: 600; padding: .3rem 0}
#send, #confirm-remove {background: #9a3412; border-color: #9a3412; color: #fff}
#send:hover, #confirm-remove:hover {background: #7c2d12}
button[role="tab"].selected {color: #9a3412}
button[role="tab"].selected::after {background: #9a3412}
"""
# Sets the page language; names each chat message by who speaks (the chat would name it by
# its whole Markdown source); after each answer, brings the start of the new answer into view.
_SCRIPT = """
() => {
  const language = %s;
  const speakers = %s;
  document.documentElement.lang = language;
  const name = () => {
    for (const [who, label] of Object.entries(speakers)) {
      document.querySelectorAll(`#chat [data-testid="${who}"]`).forEach((message) => {
        if (message.getAttribute('aria-label') !== label) { message.setAttribute('aria-label', label); }
        if (message.getAttribute('role') !== 'article') { message.setAttribute('role', 'article'); }
      });
    }
  };
  new MutationObserver(name).observe(document.body, {subtree: true, childList: true, attributes: true,
    attributeFilter: ['aria-label']});
  window.vraagbaakShowAnswer = () => {
    const answers = document.querySelectorAll('#chat [data-testid="bot"]');
    const last = answers[answers.length - 1];
    if (last) { last.scrollIntoView({block: 'start'}); }
  };
}
"""
SHOW_ANSWER = "() => { window.vraagbaakShowAnswer && window.vraagbaakShowAnswer(); }"
COPY = "async (plain) => { if (plain) { await navigator.clipboard.writeText(plain); } }"


def page_script(language: Language) -> str:
    """The script the page runs on load, for the interface in ``language``."""
    speakers = {"user": text("you", language), "bot": "Vraagbaak"}
    return _SCRIPT % (json.dumps(language), json.dumps(speakers))


def respond(service: AnswerService, question: str, previous: str | None = None, doc_id: str | None = None) -> Answer:
    """The answer to ``question``; any failure becomes an answer that says so, never a traceback."""
    try:
        return service.ask(question, previous=previous, doc_id=doc_id or None)
    except Exception as error:
        logger.exception("answering failed")
        language = detect_language(question or "")
        return Answer(question, language, False, message=message("error", language, detail=type(error).__name__))


def reply_markdown(service: AnswerService, answer: Answer, doc_id: str | None) -> str:
    """The chat message for ``answer``, with links to the PDFs there are and the filter named on a refusal."""
    return answer_markdown(answer, pdf_documents(service.index), doc_id or None)


def chat_turn(
    service: AnswerService,
    asked: str,
    history: list[dict[str, object]] | None,
    previous: str | None,
    doc_id: str | None,
) -> tuple[list[dict[str, object]], str, str]:
    """One turn of the chat: the history with the question and its answer, the answer as plain text, the question.

    The question is shown as the user typed it, as text; ``previous`` (the question
    before, as typed) lets a follow-up lean on it.
    """
    answer = respond(service, asked, previous, doc_id)
    user = {"role": "user", "content": escape_markdown(asked)}
    reply = {"role": "assistant", "content": reply_markdown(service, answer, doc_id)}
    return [*(history or []), user, reply], answer_text(answer), asked


def index_uploads(service: AnswerService, files: list[str] | None, language: Language) -> Iterator[str]:
    """Status messages while uploaded files join the collection: first that it is busy, then the outcome."""
    if not files:
        yield text("choose_file", language)
        return
    names = ", ".join(Path(f).name for f in files)
    yield "⏳ " + escape_markdown(text("indexing", language, names=names))
    try:
        added = service.add_files([Path(f) for f in files])
    except Exception as error:
        logger.exception("adding files failed")
        yield escape_markdown(text("indexing_failed", language, detail=f"{type(error).__name__}. {error}"))
        return
    yield added_markdown(added.documents, added.notices, language)


def create_app(service: AnswerService, language: Language = "nl") -> gr.Blocks:
    """The chat and the documents panel over ``service``'s collection, with an ``ask`` API endpoint."""
    import gradio as gr

    def collection() -> str:
        info = service.info()
        return collection_markdown(info.titles, info.passages, language)

    def refreshed(chosen: str | None = "") -> tuple[object, ...]:
        choices = document_choices(service.index, language)
        value = chosen if chosen in {v for _, v in choices} else ""
        removable = removal_choices(service.index)
        return (
            collection(),
            gr.Dropdown(choices=choices, value=value),
            documents_html(service.index, language),
            gr.Dropdown(choices=removable, value=None),
        )

    with gr.Blocks(title="Vraagbaak") as app:
        other = "en" if language == "nl" else "nl"
        gr.HTML(
            f'<header class="masthead"><h1>Vraagbaak</h1><p>{text("tagline", language)}</p>'
            f'<p><a href="{PATHS[other]}" lang="{other}" hreflang="{other}" '
            f'aria-label="{text("other_language_name", language)}">{text("other_language", language)}</a></p></header>'
        )
        gr.Markdown(notices_markdown(service.notices, language), visible=bool(service.notices))
        summary = gr.Markdown(collection())
        with gr.Tabs():
            with gr.Tab(text("chat_tab", language), id="chat-tab"):
                chat = _chat(service, language)
            with gr.Tab(text("documents_tab", language), id="documents-tab"):
                panel = _documents_panel(service, language, refreshed)
        outputs = [summary, chat["filter"], panel["table"], panel["choice"]]
        app.load(refreshed, [chat["filter"]], outputs, api_name=False)
        panel["connect"](outputs)  # the panel's changes refresh what names the documents

        def ask_api(question: str, document: str = "") -> str:
            return reply_markdown(service, respond(service, question, doc_id=document), document)

        gr.api(ask_api, api_name="ask")
    return app


def _chat(service: AnswerService, language: Language) -> dict[str, object]:
    """The chat tab: examples, the conversation, the question box, the filter, copy and clear."""
    import gradio as gr

    with gr.Column(elem_classes=["example-questions"]):
        gr.Markdown(f"**{text('examples', language)}**")
        examples = [gr.Button(q, size="sm", elem_classes=["example"]) for q in ALL_EXAMPLES]
    chatbot = gr.Chatbot(
        label=text("chat_label", language),
        elem_id="chat",
        autoscroll=False,
        buttons=[],
        height=None,
        max_height="70vh",
        latex_delimiters=[],
        sanitize_html=True,
        feedback_options=None,
        group_consecutive_messages=False,
    )
    with gr.Row(equal_height=True):
        question = gr.Textbox(
            label=text("question_label", language),
            placeholder=text("placeholder", language),
            max_length=MAX_QUESTION_LENGTH,
            lines=1,
            scale=5,
            elem_id="question",
        )
        send = gr.Button(text("send", language), variant="primary", scale=1, min_width=90, elem_id="send")
    document = gr.Dropdown(document_choices(service.index, language), value="", label=text("search_in", language))
    with gr.Row():
        copy = gr.Button(text("copy", language), size="sm", elem_id="copy")
        clear = gr.Button(text("clear", language), size="sm", elem_id="clear")
    plain = gr.Textbox(visible=False)
    previous = gr.State(None)

    def submit(asked: str, history: list[dict[str, object]], last: str | None, doc_id: str | None):  # noqa: ANN202
        return (*chat_turn(service, asked, history, last, doc_id), "")

    ins, outs = [question, chatbot, previous, document], [chatbot, plain, previous, question]
    for event in (question.submit, send.click):
        event(submit, ins, outs, api_name=False).then(None, js=SHOW_ANSWER)
    for button, asked in zip(examples, ALL_EXAMPLES, strict=True):
        button.click(lambda asked=asked: asked, None, question, api_name=False).then(
            submit, ins, outs, api_name=False
        ).then(None, js=SHOW_ANSWER)
    copy.click(None, [plain], None, js=COPY)
    clear.click(lambda: ([], "", None), None, [chatbot, plain, previous], api_name=False)
    return {"filter": document}


def _documents_panel(service: AnswerService, language: Language, refreshed) -> dict[str, object]:  # noqa: ANN001
    """The documents tab: the table, an upload button, and removal behind a confirmation."""
    import gradio as gr

    table = gr.HTML(documents_html(service.index, language))
    upload = gr.UploadButton(
        text("add", language), file_count="multiple", file_types=list(SUPPORTED_SUFFIXES), elem_id="upload"
    )
    status = gr.Markdown(elem_id="documents-status")
    with gr.Row(equal_height=True):
        choice = gr.Dropdown(removal_choices(service.index), value=None, label=text("remove_choice", language), scale=4)
        remove = gr.Button(text("remove", language), variant="secondary", scale=1, elem_id="remove")
    with gr.Row(visible=False) as confirm_row:
        confirm_text = gr.Markdown()
        yes = gr.Button(variant="stop", elem_id="confirm-remove")
        no = gr.Button(text("cancel", language), elem_id="cancel-remove")

    def ask_to_confirm(doc_id: str | None):  # noqa: ANN202
        if not doc_id:
            return gr.Row(visible=False), "", gr.Button(), text("choose_document", language)
        label = text("confirm", language, doc=doc_id)
        question = escape_markdown(text("confirm_question", language, doc=doc_id))
        return gr.Row(visible=True), question, gr.Button(label), ""

    # The chat's filter stays on the document it was set to, unless that one was removed.
    def removed(doc_id: str | None, chosen: str | None):  # noqa: ANN202
        if not doc_id:
            return ("", gr.Row(visible=False), *refreshed(chosen))
        try:
            service.remove(doc_id)
            said = "✅ " + escape_markdown(text("removed", language, doc=doc_id))
        except Exception as error:
            logger.exception("removing %s failed", doc_id)
            said = escape_markdown(f"{type(error).__name__}: {error}")
        return (said, gr.Row(visible=False), *refreshed(chosen))

    def uploaded(files: list[str] | None, chosen: str | None):  # noqa: ANN202
        for said in index_uploads(service, files, language):
            yield (said, *refreshed(chosen))

    def connect(outputs: list[object]) -> None:
        """Wire the panel; ``outputs`` are what names the documents, the chat's filter second."""
        chat_filter = outputs[1]
        remove.click(ask_to_confirm, [choice], [confirm_row, confirm_text, yes, status], api_name=False)
        no.click(lambda: gr.Row(visible=False), None, confirm_row, api_name=False)
        yes.click(removed, [choice, chat_filter], [status, confirm_row, *outputs], api_name=False)
        upload.upload(uploaded, [upload, chat_filter], [status, *outputs], api_name="upload")

    return {"table": table, "choice": choice, "connect": connect}
