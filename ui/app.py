"""The Gradio chat: ``create_app`` builds the Blocks, ``launch`` serves them."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rag.answer import Answer
from rag.language import detect_language, message
from ui.format import answer_markdown, collection_markdown

if TYPE_CHECKING:
    import gradio as gr

    from rag.service import AnswerService

logger = logging.getLogger(__name__)

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


def respond(service: AnswerService, question: str, previous: str | None = None) -> str:
    """The assistant's message for ``question``; any failure becomes a message, never a traceback."""
    try:
        answer = service.ask(question, previous=previous)
    except Exception as error:
        logger.exception("answering failed")
        language = detect_language(question or "")
        answer = Answer(question, language, False, message=message("error", language, detail=type(error).__name__))
    return answer_markdown(answer)


def create_app(service: AnswerService) -> gr.Blocks:
    """The chat app over ``service``'s collection, with an ``ask`` API endpoint."""
    import gradio as gr

    def chat(question: str, history: list[dict[str, object]]) -> str:
        return respond(service, question, last_question(history))

    info = service.info()
    with gr.Blocks(title="Vraagbaak") as app:
        gr.Markdown(
            "# Vraagbaak\nLetterlijke antwoorden van de overheid, met bron. · Verbatim government answers, cited."
        )
        gr.Markdown(collection_markdown(info.titles, info.passages))
        gr.ChatInterface(
            chat,
            chatbot=gr.Chatbot(
                height=560, latex_delimiters=[], sanitize_html=True, feedback_options=None, show_label=False
            ),
            textbox=gr.Textbox(placeholder="Stel een vraag · Ask a question", max_length=4000, submit_btn=True),
            examples=EXAMPLES,
            cache_examples=False,
            api_name="ask",
            fill_height=False,
        )
    return app


def launch(service: AnswerService, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Serve the chat until interrupted."""
    app = create_app(service)
    app.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    app.launch(server_name=host, server_port=port, show_error=False, quiet=True)
