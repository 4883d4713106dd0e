"""Pure functions that turn answers into chat messages (Markdown), testable without a server."""

from __future__ import annotations

import html
import re

from rag.answer.compose import Answer, Quote
from rag.language import message
from rag.store.index import Source

# Every ASCII punctuation character may be backslash-escaped in CommonMark, which makes
# document text inert: no emphasis, links, images or autolinks can come from it. The
# characters HTML cares about become entities instead, so no tag survives even where
# Markdown is not rendered.
ALL_DOCUMENTS = "Alle documenten · All documents"

_PUNCTUATION = re.compile(r"""([!#-%(-/:;=?@\[-`{-~])""")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: punctuation escaped, HTML characters as entities."""
    return html.escape(_PUNCTUATION.sub(r"\\\1", " ".join(text.split())), quote=True)


def emphasise(text: str, highlights: tuple[str, ...]) -> str:
    """``text`` escaped, with each highlighted sentence in bold."""
    pieces, position = [], 0
    for sentence in highlights:
        start = text.find(sentence, position)
        if start < 0 or not sentence.strip():
            continue
        pieces += [escape_markdown(text[position:start]), f"**{escape_markdown(sentence)}**"]
        position = start + len(sentence)
    pieces.append(escape_markdown(text[position:]))
    return " ".join(piece for piece in pieces if piece)


def quote_markdown(quote: Quote, language: str) -> str:
    """One quote as a blockquote followed by its numbered citation and footnotes."""
    lines = [
        f"> {emphasise(quote.passage.text, quote.highlights)}",
        ">",
        f"> **[{quote.rank}]** {escape_markdown(quote.citation)}",
    ]
    for note in quote.passage.footnotes:
        lines.append(f"> *{message('footnote', language).capitalize()}:* {escape_markdown(note)}")  # type: ignore[arg-type]
    return "\n".join(lines)


def answer_markdown(answer: Answer) -> str:
    """The assistant's chat message for an answer."""
    if not answer.answered:
        # Nearest passages (if any) follow a message that says they do not answer: marked 🔍, never bold.
        lead = f"🔍 {escape_markdown(answer.message)}" if answer.nearest else escape_markdown(answer.message)
        return "\n\n".join([lead] + [quote_markdown(q, answer.language) for q in answer.nearest])
    blocks = [escape_markdown(answer.message)] + [quote_markdown(q, answer.language) for q in answer.quotes]
    return "\n\n".join(blocks)


def added_markdown(documents: tuple[Source, ...], notices: tuple[str, ...]) -> str:
    """What an upload did: the documents added (or replaced), then any notices."""
    if documents:
        names = "; ".join(escape_markdown(f"{d.doc_id}: {d.title}") for d in documents)
        lines = [f"✅ **Toegevoegd · Added:** {names}"]
    else:
        lines = ["Niets nieuws toegevoegd · Nothing new was added."]
    return "\n\n".join([*lines, notices_markdown(notices)]).strip()


def notices_markdown(notices: tuple[str, ...]) -> str:
    """Notices about the collection (a rebuilt index, a skipped file), one bullet each."""
    return "\n".join(f"- ⚠️ {escape_markdown(notice)}" for notice in notices)


def collection_markdown(titles: tuple[str, ...], passages: int) -> str:
    """The line that names the loaded collection."""
    names = "; ".join(escape_markdown(t) for t in titles) or "—"
    return f"**Collectie / collection:** {names} ({passages} passages)"
