"""The documents panel: what the collection holds, as an accessible table, built fresh on every view."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from rag.language import Language
from rag.store.catalog import document_rows
from rag.store.index import Index, Source
from ui.sources import file_url, original_file
from ui.texts import text

COLUMNS = ("title", "id", "submitted", "received", "askers", "answerer", "format", "pages", "passages")


def pdf_documents(index: Index) -> frozenset[str]:
    """The documents whose original can be opened as a PDF."""
    return frozenset(
        s.doc_id for s in index.manifest.sources if (f := original_file(s)) is not None and f.suffix.lower() == ".pdf"
    )


def document_choices(index: Index, language: Language) -> list[tuple[str, str]]:
    """The document filter's choices: all documents, then each by id and title."""
    return [(text("all_documents", language), ""), *removal_choices(index)]


def removal_choices(index: Index) -> list[tuple[str, str]]:
    """Each document as "id — title", valued by its id."""
    return [(f"{s.doc_id} — {s.title or s.doc_id}", s.doc_id) for s in index.manifest.sources]


def formats(source: Source) -> str:
    """The file format of a document, with its original PDF when it was read from a conversion."""
    read = Path(source.path).suffix.lstrip(".").upper() or "?"
    original = original_file(source)
    if original is not None and original.suffix.lower() != Path(source.path).suffix.lower():
        return f"{read} + {original.suffix.lstrip('.').upper()}"
    return read


def documents_html(index: Index, language: Language) -> str:
    """The collection as an HTML table: per document title, id, dates, askers, answerer, format, pages, passages."""
    rows = document_rows(index)
    if not rows:
        return f"<p>{html.escape(text('no_documents', language))}</p>"
    heads = "".join(f'<th scope="col">{html.escape(text("col_" + c, language))}</th>' for c in COLUMNS)
    body = "".join(_row(row, source, language) for row, source in zip(rows, index.manifest.sources, strict=True))
    caption = f"{text('documents_tab', language)} ({len(rows)})"
    return (
        f'<div class="documents" role="region" aria-label="{html.escape(caption)}" tabindex="0">'
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{heads}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def _row(row: dict[str, object], source: Source, language: Language) -> str:
    doc_id = source.doc_id
    title = html.escape(source.title or doc_id)
    reader = html.escape(f"/documents/{quote(doc_id, safe='')}/text?lang={language}")
    link = f'<a href="{reader}" target="_blank">{title}</a>'
    cells: Sequence[str] = (
        f'<th scope="row">{link}</th>',
        _cell(doc_id),
        _cell(row.get("submitted")),
        _cell(row.get("received")),
        _cell(row.get("askers")),
        _cell(row.get("answerer")),
        _format_cell(source),
        _cell(row.get("pages")),
        _cell(row.get("passages")),
    )
    return f"<tr>{''.join(cells)}</tr>"


def _cell(value: object) -> str:
    return f"<td>{html.escape(str(value)) if value not in (None, '') else '—'}</td>"


def _format_cell(source: Source) -> str:
    label = html.escape(formats(source))
    if original_file(source) is None:
        return f"<td>{label}</td>"
    return f'<td><a href="{html.escape(file_url(source.doc_id))}" target="_blank">{label}</a></td>'
