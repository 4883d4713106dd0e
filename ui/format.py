"""Pure functions that turn answers into chat messages and plain text, testable without a server.

Document text is escaped as literal Markdown; the only markup in a message is what these
functions write themselves: bold answering sentences, links to the cited source, and
folded sections (``<details>``) for the Kamervraag and the lower-ranked quotes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable

from rag.answer.compose import Answer, Quote, citation
from rag.document import Passage
from rag.language import Language, message
from rag.notices import said_in
from rag.store.index import Source
from ui.sources import URL, file_url, text_url
from ui.texts import text

# Every ASCII punctuation character may be backslash-escaped in CommonMark, which makes
# document text inert: no emphasis, links, images or autolinks can come from it. The
# characters HTML cares about become entities instead, so no tag survives even where
# Markdown is not rendered.
_PUNCTUATION = re.compile(r"""([!#-%(-/:;=?@\[-`{-~])""")


def escape_markdown(value: str) -> str:
    """``value`` as literal Markdown: punctuation escaped, HTML characters as entities."""
    return html.escape(_PUNCTUATION.sub(r"\\\1", " ".join(value.split())), quote=True)


def with_links(value: str) -> str:
    """``value`` escaped, with its http(s) addresses as links that open in a new tab."""
    pieces, position = [], 0
    for match in URL.finditer(value):
        url = html.escape(match.group(0), quote=True)
        pieces += [escape_markdown(value[position : match.start()]), f'<a href="{url}" target="_blank">{url}</a>']
        position = match.end()
    pieces.append(escape_markdown(value[position:]))
    return " ".join(piece for piece in pieces if piece)


def emphasise(value: str, highlights: Iterable[str]) -> str:
    """``value`` escaped, with each highlighted sentence in bold (unless it is the whole text)."""
    pieces, position = [], 0
    for sentence in highlights:
        start = value.find(sentence, position)
        if start < 0 or not sentence.strip() or sentence.strip() == value.strip():
            continue
        pieces += [escape_markdown(value[position:start]), f"**{escape_markdown(sentence)}**"]
        position = start + len(sentence)
    pieces.append(escape_markdown(value[position:]))
    return " ".join(piece for piece in pieces if piece)


def short_citation(passage: Passage, language: Language) -> str:
    """Document, Vraag, page and paragraph, the Kamervraag left out: "2020Z23459, Vraag 2, p. 3, alinea 1"."""
    return citation(passage, language, with_question=False)


def citation_markdown(quote: Quote, language: Language, pdfs: Collection[str]) -> str:
    """The numbered citation: a link to the marked paragraph, and to the PDF page when there is one."""
    passage = quote.passage
    label = escape_markdown(short_citation(passage, language))
    title = html.escape(passage.title, quote=True)
    links = [f'<a href="{html.escape(text_url(passage, language))}" title="{title}" target="_blank">{label}</a>']
    if passage.doc_id in pdfs:
        name = text("open_pdf", language, page=passage.page) if passage.page else "PDF"
        links.append(f'<a href="{html.escape(file_url(passage.doc_id, passage.page))}" target="_blank">{name}</a>')
    return f"**[{quote.rank}]** " + " · ".join(links)


def quote_markdown(quote: Quote, language: Language, pdfs: Collection[str] = (), bold: bool = True) -> str:
    """One quote as a blockquote, its citation, the Kamervraag folded, and its footnotes."""
    body = emphasise(quote.passage.text, quote.highlights if bold else ())
    lines = [f"> {body}", ">", f"> {citation_markdown(quote, language, pdfs)}"]
    for note in quote.passage.footnotes:
        lines.append(f"> *{message('footnote', language).capitalize()}:* {with_links(note)}")
    blocks = ["\n".join(lines)]
    if quote.passage.question and quote.passage.kind != "question":
        summary = text("kamervraag", language)
        asked = escape_markdown(quote.passage.question)
        blocks.append(f"<details><summary>{summary}</summary>\n\n{asked}\n\n</details>")
    return "\n\n".join(blocks)


def distinct(quotes: Iterable[Quote]) -> list[Quote]:
    """``quotes`` without repeats: the same words from another copy of a document are shown once."""
    seen: set[str] = set()
    kept = []
    for quote in quotes:
        key = " ".join(quote.passage.text.split()).casefold()
        if key not in seen:
            seen.add(key)
            kept.append(quote)
    return kept


def answer_markdown(answer: Answer, pdfs: Collection[str] = (), searched_in: str | None = None) -> str:
    """The assistant's chat message: the first quote in full, the others folded under "More passages".

    ``pdfs`` are the documents that can be opened as a PDF; ``searched_in`` names the
    document the question was restricted to, which a refusal then says.
    """
    language = answer.language
    quotes = distinct(answer.quotes or answer.nearest)
    lead = escape_markdown(answer.message)
    if not answer.answered:
        if searched_in:
            lead += " " + escape_markdown(text("filtered", language, doc=searched_in))
        if answer.nearest:  # passages that come closest: marked 🔍, never bold
            lead = f"🔍 {lead}"
    if not quotes:
        return lead
    first = quotes[0].passage
    # Bold marks what answers: in the first quote, and in quotes that continue its answer.
    rendered = [
        quote_markdown(
            q, language, pdfs, answer.answered and (q.passage.doc_id, q.passage.vraag) == (first.doc_id, first.vraag)
        )
        for q in quotes
    ]
    blocks = [lead, rendered[0]]
    if len(rendered) > 1:
        summary = f"{text('more_passages', language)} ({len(rendered) - 1})"
        blocks.append(f"<details><summary>{summary}</summary>\n\n" + "\n\n".join(rendered[1:]) + "\n\n</details>")
    return "\n\n".join(blocks)


def answer_text(answer: Answer) -> str:
    """The answer as plain text for the clipboard: the quotes, each with its citation and notes."""
    language = answer.language
    blocks = [answer.message]
    for quote in distinct(answer.quotes or answer.nearest):
        passage = quote.passage
        lines = [f"“{passage.text}”", f"[{quote.rank}] {short_citation(passage, language)} — {passage.title}"]
        lines += [f"{message('footnote', language).capitalize()}: {note}" for note in passage.footnotes]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def added_markdown(documents: tuple[Source, ...], notices: tuple[str, ...], language: Language) -> str:
    """What an upload did: the documents added (or replaced), then any notices."""
    if documents:
        names = "; ".join(escape_markdown(f"{d.doc_id}: {d.title}") for d in documents)
        lines = [f"✅ **{text('added', language)}:** {names}"]
    else:
        lines = [text("nothing_added", language)]
    return "\n\n".join([*lines, notices_markdown(notices, language)]).strip()


def notices_markdown(notices: tuple[str, ...], language: Language) -> str:
    """Notices about the collection (a rebuilt index, a skipped file), one bullet each, in ``language``."""
    return "\n".join(f"- ⚠️ {escape_markdown(said_in(notice, language))}" for notice in notices)


def collection_markdown(titles: tuple[str, ...], passages: int, language: Language) -> str:
    """The line that names the loaded collection."""
    names = "; ".join(escape_markdown(t) for t in titles) or "—"
    return f"**{text('collection', language)}:** {names} ({passages} {text('passages', language)})"
