"""Text and Markdown files made from the PDF, the way users' converters make them.

`plain` is exactly what pypdf extracts from our PDF, page by page; the others vary on it:
a form feed between pages, one single line, headings lost, text duplicated, or Markdown
with the masthead as headings and notes as `[1 ]`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .furniture import lay_out
from .layout import Page
from .source import QA_HEADING, BlockKind, Source
from .wrap import FLOW_ROLES, Line, Role, draw

SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9«])")
MD_PREFIX = {Role.HOUSE: "## ", Role.LOGO: "# ", Role.YEAR: "#### ", Role.NUMBER: "### ", Role.MINISTRY: "## "}
JOINED_ROLES = {Role.TEXT, Role.VRAGEN, Role.ANTWOORD, Role.NOTE}
MAX_REPEATED = 3


def page_texts(pages: list[Page]) -> list[str]:
    """Each page's text as pypdf extracts it: its lines in drawing order."""
    return ["\n".join(line.text for line in page.lines) for page in pages]


def plain(pages: list[Page]) -> str:
    """The extracted text, pages separated by a blank line (`.txt`)."""
    return "\n\n".join(page_texts(pages)) + "\n"


def form_feed(pages: list[Page]) -> str:
    """The extracted text with a form feed after every page, as pdftotext writes it (`.ff.txt`)."""
    return "".join(f"{text}\n\f" for text in page_texts(pages))


def one_line(pages: list[Page]) -> str:
    """The extracted text on one line, every run of white space one space (`.oneline.txt`)."""
    return " ".join("\n".join(page_texts(pages)).split())


def headings_lost(pages: list[Page]) -> str:
    """The extracted text without its Vraag/Antwoord headings, inline ones included (`.lost.txt`)."""
    kept = [[_without_heading(line) for line in page.lines if not _is_qa_heading(line)] for page in pages]
    return "\n\n".join("\n".join(lines) for lines in kept) + "\n"


def _is_qa_heading(line: Line) -> bool:
    """Whether the line is a Vraag/Antwoord heading of its own."""
    return line.role is Role.HEADING and bool(QA_HEADING.match(line.text.strip()))


def _without_heading(line: Line) -> str:
    """The line's text without a bold inline heading at its start ("Vraag 1: ")."""
    if line.role is not Role.TEXT or not line.spans[0].heading:
        return line.text
    return "".join(span.text for span in line.spans if not span.heading).lstrip(" ")


def duplicated(source: Source) -> str:
    """The extracted text with a few sentences doubled and each page's last lines atop the next (`.dup.txt`)."""
    pages = lay_out(_with_repeated_sentences(source))
    texts = []
    for index, page in enumerate(pages):
        repeated: list[str] = []
        if index:
            body = [line.text for line in pages[index - 1].body if line.role in FLOW_ROLES]
            repeated = body[-1 - draw(f"overlap:{source.doc_id}:{index}", 2) :]
        texts.append("\n".join([*repeated, *(line.text for line in page.lines)]))
    return "\n\n".join(texts) + "\n"


def _with_repeated_sentences(source: Source) -> Source:
    """The source with the first sentence of a few answer paragraphs written twice."""
    candidates = [index for index, block in enumerate(source.blocks) if _repeatable(block.kind, block.text)]
    chosen = [index for index in candidates if draw(f"repeat:{source.doc_id}:{index}", 4) == 0][:MAX_REPEATED]
    blocks = list(source.blocks)
    for index in chosen or candidates[:1]:
        first = SENTENCE_END.split(blocks[index].text)[0]
        blocks[index] = replace(blocks[index], lines=(f"{first} {blocks[index].text}",))
    return replace(source, blocks=tuple(blocks))


def _repeatable(kind: BlockKind, text: str) -> bool:
    """Whether a paragraph has a first sentence worth repeating: a real sentence, no marker, more after it."""
    sentences = SENTENCE_END.split(text)
    return (
        kind is BlockKind.PARAGRAPH
        and len(sentences) > 1
        and "[^" not in sentences[0]
        and len(sentences[0].split()) >= 5
    )


def markdown(pages: list[Page]) -> str:
    """A Markdown conversion: masthead headings, hyphenated lines joined, notes `[1 ]`, `-----` (`.md`)."""
    return "\n" + "\n\n\n-----\n\n".join(_markdown_page(page) for page in pages) + "\n\n\n-----\n"


def _markdown_page(page: Page) -> str:
    """One page in Markdown, its notes and footer at its end."""
    out: list[str] = []
    previous: Line | None = None
    for line in page.lines:
        if line.role is Role.BLANK or not line.text.strip():
            continue
        text = _markdown_text(line)
        if previous and _continues(previous, line, out[-1]):
            joiner = "" if out[-1].endswith("-") and line.role is not Role.MINISTRY else " "
            out[-1] = (out[-1][:-1] if joiner == "" else out[-1]) + joiner + text
        else:
            if line.starts_block and out and out[-1]:
                out.append("")
            out.append(_decorated(line, text))
        previous = line
    return "\n".join(out)


def _continues(previous: Line, line: Line, last: str) -> bool:
    """Whether a line is glued to the one before: after a hyphen in one paragraph, or the ministry's name."""
    if line.role is Role.MINISTRY and previous.role is Role.MINISTRY:
        return True
    return (
        line.role in JOINED_ROLES
        and not line.starts_block
        and previous.paragraph == line.paragraph
        and re.search(r"[^\W\d_]-$", last) is not None
    )


def _markdown_text(line: Line) -> str:
    """The line's text with note markers written `[1 ]` against the word before."""
    parts = []
    for span in line.spans:
        if span.marker:
            parts.append(f"[{span.text.strip()} ]")
        else:
            if span.x is not None and parts:
                parts.append(" ")
            parts.append(span.text)
    return "".join(parts).rstrip()


def _decorated(line: Line, text: str) -> str:
    """A line with its Markdown heading mark or bold."""
    if line.role in MD_PREFIX:
        return MD_PREFIX[line.role] + text
    if line.role is Role.SERIES or (line.role is Role.HEADING and not QA_HEADING.match(text)):
        return f"**{text}**"
    return text
