"""What ``vraagbaak list`` shows: one row per document of an index, as JSON-ready data or text."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict

from rag.store.index import Index


def document_rows(index: Index) -> list[dict[str, object]]:
    """Per document: doc_id, title, source path, passage count, page count (if known) and metadata."""
    counts = Counter(p.doc_id for p in index.passages)
    return [
        {
            "doc_id": source.doc_id,
            "title": source.title,
            "source": source.path,
            "passages": counts[source.doc_id],
            "pages": source.pages,
            **asdict(source.metadata),
        }
        for source in index.manifest.sources
    ]


def row_text(row: dict[str, object]) -> str:
    """A row as a few indented lines for a terminal; unknown metadata is left out.

    The Aanhangsel id is shown where it is not already the doc_id (a document with a kenmerk).
    """
    pages = f", {row['pages']} page(s)" if row["pages"] else ""
    lines = [f"{row['doc_id']}  {row['title']}", f"    {row['passages']} passages{pages}  {row['source']}"]
    labels = {
        "kenmerk": "kenmerk",
        "aanhangsel": "aanhangsel",
        "submitted": "submitted",
        "received": "received",
        "askers": "asked by",
        "addressee": "asked of",
        "answerer": "answered by",
        "subject": "subject",
    }
    shown = {key: value for key, value in row.items() if value and not (key == "aanhangsel" and value == row["doc_id"])}
    lines += [f"    {label}: {shown[key]}" for key, label in labels.items() if key in shown]
    return "\n".join(lines)
