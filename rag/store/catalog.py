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
    """A row as a few indented lines for a terminal; unknown metadata is left out."""
    pages = f", {row['pages']} page(s)" if row["pages"] else ""
    lines = [f"{row['doc_id']}  {row['title']}", f"    {row['passages']} passages{pages}  {row['source']}"]
    labels = {
        "kenmerk": "kenmerk",
        "submitted": "submitted",
        "askers": "asked by",
        "answerer": "answered by",
        "subject": "subject",
    }
    lines += [f"    {label}: {row[key]}" for key, label in labels.items() if row.get(key)]
    return "\n".join(lines)
