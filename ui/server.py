"""One web server: the Dutch chat at ``/``, the English one at ``/en/``, and the documents they cite."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ui.sources import add_routes
from ui.texts import LANGUAGES, PATHS

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI

    from rag.answer.service import AnswerService

logger = logging.getLogger(__name__)

MAX_FILE_SIZE = "50mb"  # a Kamervragen answer is well under 1 MB; this leaves room for scanned PDFs
# Questions answered at once: each one is CPU-bound (the encoder), so more than the cores
# only slows every answer down. Further questions wait in the queue, up to QUEUE_SIZE;
# beyond that Gradio turns them away with "queue full" rather than let waits grow unbounded.
CONCURRENCY = 2
QUEUE_SIZE = 64


def create_server(service: AnswerService) -> FastAPI:
    """The FastAPI app: document routes first, then one mounted chat per interface language."""
    import gradio as gr
    from fastapi import FastAPI

    from ui.app import PAGE_CSS, create_app, page_script

    server = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    add_routes(server, lambda: service.index)
    # "/" catches every path, so the English chat is mounted before it.
    for language in sorted(LANGUAGES, key=lambda lang: PATHS[lang] == "/"):
        blocks = create_app(service, language)
        blocks.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
        path = PATHS[language].rstrip("/") or "/"
        gr.mount_gradio_app(
            server,
            blocks,
            path=path,
            show_error=False,
            max_file_size=MAX_FILE_SIZE,
            footer_links=[],
            css=PAGE_CSS,
            js=page_script(language),
            ssr_mode=False,
        )
    return server


@dataclass
class Running:
    """A server answering on ``url`` in a background thread until ``close``."""

    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def close(self) -> None:
        """Stop serving and wait for the thread to end."""
        self.server.should_exit = True
        self.thread.join(timeout=30)


def start(service: AnswerService, host: str = "127.0.0.1", port: int = 0) -> Running:
    """Serve in a background thread; port 0 takes a free port. Returns once the server accepts requests."""
    import uvicorn

    config = uvicorn.Config(create_server(service), host=host, port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="vraagbaak-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.05)
    bound = server.servers[0].sockets[0].getsockname()[1]
    return Running(f"http://{host}:{bound}/", server, thread)


def serving_message(url: str) -> str:
    """The line that tells where the chat is served and how to stop it."""
    return f"Vraagbaak draait op · serves at {url} (English: {url}en/) — Ctrl+C stopt het · stops it"


def launch(
    service: AnswerService, host: str = "127.0.0.1", port: int = 7860, ready: Callable[[str], None] | None = None
) -> None:
    """Serve the chat until interrupted; ``ready`` is told the URL once it answers (else it is logged)."""
    running = start(service, host, port)
    (ready or (lambda url: logger.warning(serving_message(url))))(running.url)
    try:
        running.thread.join()
    except KeyboardInterrupt:
        logger.info("Vraagbaak stopt · stopping")
    finally:
        running.close()
