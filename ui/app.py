"""The Gradio chat: ``create_app`` builds the Blocks, ``launch`` serves them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rag.answer.compose import Answer
from rag.ingest import SUPPORTED_SUFFIXES
from rag.language import detect_language, message
from ui.format import ALL_DOCUMENTS, added_markdown, answer_markdown, collection_markdown, notices_markdown

if TYPE_CHECKING:
    import gradio as gr

    from rag.answer.service import AnswerService

logger = logging.getLogger(__name__)

MAX_FILE_SIZE = "50mb"  # a Kamervragen answer is well under 1 MB; this leaves room for scanned PDFs

EXAMPLES = [
    "Hoeveel studenten beginnen jaarlijks aan een bachelor Kunstmatige intelligentie?",
    "Hoe groot is het budget van de subsidieregeling voor omscholing?",
    "How many people have taken the free national AI course?",
    "Which European white paper on AI does the government support?",
]
# Questions answered at once: each one is CPU-bound (the encoder), so more than the cores
# only slows every answer down. Further questions wait in the queue, up to QUEUE_SIZE;
# beyond that Gradio turns them away with "queue full" rather than let waits grow unbounded.
CONCURRENCY = 2
QUEUE_SIZE = 64


def last_question(history: list[dict[str, object]]) -> str | None:
    """The user's most recent question in a chat history of role/content messages."""
    for turn in reversed(history or []):
        if turn.get("role") == "user" and isinstance(turn.get("content"), str):
            return str(turn["content"])
    return None


def respond(service: AnswerService, question: str, previous: str | None = None, doc_id: str | None = None) -> str:
    """The assistant's message for ``question``; any failure becomes a message, never a traceback."""
    try:
        answer = service.ask(question, previous=previous, doc_id=doc_id or None)
    except Exception as error:
        logger.exception("answering failed")
        language = detect_language(question or "")
        answer = Answer(question, language, False, message=message("error", language, detail=type(error).__name__))
    return answer_markdown(answer)


def index_uploads(service: AnswerService, files: list[str] | None) -> Iterator[str]:
    """Status messages while uploaded files join the collection: first that it is busy, then the outcome."""
    if not files:
        yield "Kies eerst een bestand. · Choose a file first."
        return
    names = ", ".join(Path(f).name for f in files)
    yield f"⏳ Bezig met indexeren · Indexing: {names} …"
    try:
        added = service.add_files([Path(f) for f in files])
    except Exception as error:
        logger.exception("adding files failed")
        yield f"Indexeren mislukt · Indexing failed: {type(error).__name__}. {error}"
        return
    yield added_markdown(added.documents, added.notices)


def document_choices(service: AnswerService) -> list[tuple[str, str]]:
    """The choices of the document filter: all documents, then each by title and doc_id."""
    return [(ALL_DOCUMENTS, ""), *((f"{s.title or s.doc_id} ({s.doc_id})", s.doc_id) for s in service.documents())]


def create_app(service: AnswerService) -> gr.Blocks:
    """The chat app over ``service``'s collection, with an upload, a document filter and an ``ask`` API endpoint."""
    import gradio as gr

    def chat(question: str, history: list[dict[str, object]], doc_id: str | None = "") -> str:
        return respond(service, question, last_question(history), doc_id)

    def collection() -> str:
        info = service.info()
        return collection_markdown(info.titles, info.passages)

    def upload(files: list[str] | None, chosen: str | None) -> Iterator[tuple[str, object, str]]:
        for status in index_uploads(service, files):
            choices = document_choices(service)
            value = chosen if chosen in {value for _, value in choices} else ""
            yield status, gr.Dropdown(choices=choices, value=value), collection()

    with gr.Blocks(title="Vraagbaak") as app:
        gr.Markdown(
            "# Vraagbaak\nLetterlijke antwoorden van de overheid, met bron. · Verbatim government answers, cited."
        )
        gr.Markdown(notices_markdown(service.notices), visible=bool(service.notices))
        summary = gr.Markdown(collection())
        # The chat renders the filter below itself, so the chat keeps its place near the top of the page.
        document = gr.Dropdown(document_choices(service), value="", show_label=False, render=False)
        gr.ChatInterface(
            chat,
            chatbot=gr.Chatbot(
                height=560, latex_delimiters=[], sanitize_html=True, feedback_options=None, show_label=False
            ),
            textbox=gr.Textbox(placeholder="Stel een vraag · Ask a question", max_length=4000, submit_btn=True),
            additional_inputs=[document],
            additional_inputs_accordion=gr.Accordion("Zoek in · Search in", open=True, render=False),
            examples=[[question, ""] for question in EXAMPLES],  # with the filter: all documents
            cache_examples=False,
            api_name="ask",
            fill_height=False,
        )
        files = gr.File(
            file_count="multiple", file_types=list(SUPPORTED_SUFFIXES), label="Documenten toevoegen · Add documents"
        )
        status = gr.Markdown()
        files.upload(upload, [files, document], [status, document, summary], api_name="upload")
    return app


def launch(
    service: AnswerService, host: str = "127.0.0.1", port: int = 7860, ready: Callable[[str], None] | None = None
) -> None:
    """Serve the chat until interrupted; ``ready`` gets the chat's URL once it answers there."""
    app = create_app(service)
    app.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    # Gradio's own banner is switched off (quiet) because it is English only and talks of
    # share links; the caller says where the chat is, once the server really listens.
    _, url, _ = app.launch(
        server_name=host,
        server_port=port,
        show_error=False,
        quiet=True,
        max_file_size=MAX_FILE_SIZE,
        prevent_thread_lock=True,
    )
    if ready is not None:
        ready(url.rstrip("/"))
    app.block_thread()


def serving_message(url: str) -> str:
    """The line that tells where the chat is served and how to stop it."""
    return f"Vraagbaak draait op · serves at {url} — Ctrl+C stopt het · stops it"
