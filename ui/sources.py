"""Where a citation leads: the collection's own files, and each document as text with the quote marked.

Only files that the collection was built from are served, looked up by document id; a
path never comes from the request. The text view is static HTML under a policy that
allows no script, image or frame: document text is shown, never run.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import quote

from rag.document import Passage
from rag.ingest.layout.headings import numbers_label
from rag.language import Language, message
from rag.store.index import Index, Source
from ui.texts import PATHS, text

# No script, no images, no frames, no form posts, no plugins: only the page's own style.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
# An address ends before a space, a quote mark, or punctuation that closes the sentence around it.
URL = re.compile(r"https?://[^\s<>\"'\u201c\u201d\u2018\u2019]+[^\s<>\"'\u201c\u201d\u2018\u2019.,;:!?)\]]")
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".html": "text/plain; charset=utf-8",  # as text: a served page could run its own scripts
    ".htm": "text/plain; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
STYLE = """
body{font:1.05rem/1.6 system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#fff}
p{margin:.6rem 0} .question{color:#3d3d3d;font-style:italic} h2{font-size:1.1rem;margin-top:1.6rem}
mark{background:#ffe58a;color:#000;outline:2px solid #b58900} a{color:#0645ad}
.notes{border-top:1px solid #999;margin-top:2rem;font-size:.95rem}
"""


def source_of(index: Index, doc_id: str) -> Source | None:
    """The collection's record of ``doc_id``, or None when it is not in the collection."""
    return next((s for s in index.manifest.sources if s.doc_id == doc_id), None)


def original_file(source: Source) -> Path | None:
    """The file to open for ``source``: its PDF when it has one beside it, else the file itself, if present."""
    path = Path(source.path)
    beside = path.with_suffix(".pdf")
    for candidate in (path, beside) if path.suffix.lower() == ".pdf" else (beside, path):
        if candidate.suffix.lower() in MEDIA_TYPES and candidate.is_file():
            return candidate
    return None


def file_url(doc_id: str, page: int | None = None) -> str:
    """Where the original file of ``doc_id`` is served; a PDF opens at ``page``."""
    url = f"/documents/{quote(doc_id, safe='')}/file"
    return f"{url}#page={page}" if page else url


def text_url(passage: Passage, language: Language) -> str:
    """Where ``passage`` is shown marked in its document's text."""
    return f"/documents/{quote(passage.doc_id, safe='')}/text?lang={language}&mark={quote(passage.id, safe='')}#quote"


def linked(value: str) -> str:
    """``value`` as HTML text in which only http(s) addresses are links."""
    pieces, position = [], 0
    for match in URL.finditer(value):
        url = match.group(0)
        pieces += [html.escape(value[position : match.start()]), _anchor(url)]
        position = match.end()
    pieces.append(html.escape(value[position:]))
    return "".join(pieces)


def _anchor(url: str) -> str:
    safe = html.escape(url, quote=True)
    return f'<a href="{safe}" target="_blank" rel="noopener noreferrer nofollow">{safe}</a>'


def text_page(source: Source, passages: Sequence[Passage], marked: str | None, language: Language) -> str:
    """The document as an HTML page: its passages in order, the one with id ``marked`` highlighted."""
    title = html.escape(source.title or source.doc_id)
    body = [
        f'<p><a href="{PATHS[language]}">{html.escape(text("back_to_chat", language))}</a></p>',
        f"<h1>{title}</h1>",
    ]
    section: tuple[int, ...] | None = None
    notes: list[str] = []
    for passage in passages:
        if passage.kind == "footnote":
            notes.append(_paragraph(passage, marked, language, linked(passage.text)))
            continue
        if passage.vraag != section and passage.vraag:
            section = passage.vraag
            label = numbers_label(passage.vraag, message("and", language))
            body.append(f"<h2>{html.escape(message('vraag', language))} {label}</h2>")
        body.append(_paragraph(passage, marked, language, linked(passage.text)))
    if notes:
        body.append(f'<section class="notes"><h2>{html.escape(message("notes", language))}</h2>')
        body += [*notes, "</section>"]
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{title} · Vraagbaak</title><style>{STYLE}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>"
    )


def _paragraph(passage: Passage, marked: str | None, language: Language, content: str) -> str:
    css = ' class="question"' if passage.kind == "question" else ""
    if passage.id == marked:
        label = html.escape(text("quoted_here", language))
        return f'<p id="quote"{css}><mark aria-label="{label}">{content}</mark></p>'
    return f"<p{css}>{content}</p>"


def add_routes(app: object, index_of: Callable[[], Index]) -> None:
    """Serve ``/documents/{id}/file`` and ``/documents/{id}/text`` from the live collection on FastAPI ``app``."""
    from fastapi import HTTPException
    from fastapi.responses import FileResponse, HTMLResponse

    headers = {"Content-Security-Policy": POLICY, "X-Content-Type-Options": "nosniff"}

    def source_or_404(doc_id: str) -> tuple[Index, Source]:
        index = index_of()
        source = source_of(index, doc_id)
        if source is None:
            raise HTTPException(status_code=404, detail="not in the collection")
        return index, source

    @app.get("/documents/{doc_id}/file", include_in_schema=False)  # type: ignore[attr-defined]
    def document_file(doc_id: str) -> FileResponse:
        _, source = source_or_404(doc_id)
        path = original_file(source)
        if path is None:
            raise HTTPException(status_code=404, detail="the file is no longer there")
        media = MEDIA_TYPES[path.suffix.lower()]
        return FileResponse(path, media_type=media, headers=headers, content_disposition_type="inline")

    @app.get("/documents/{doc_id}/text", include_in_schema=False)  # type: ignore[attr-defined]
    def document_text(doc_id: str, lang: str = "nl", mark: str | None = None) -> HTMLResponse:
        index, source = source_or_404(doc_id)
        language: Language = "en" if lang == "en" else "nl"
        passages = sorted((p for p in index.passages if p.doc_id == doc_id), key=lambda p: (p.start, p.end))
        return HTMLResponse(text_page(source, passages, mark, language), headers=headers)
