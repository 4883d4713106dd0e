"""Reader for Markdown files: the text as it reads, without Markdown syntax.

Lines stay lines and blank lines stay paragraph breaks, exactly as in a .txt file, so
every layout rule of the text reader applies. What Markdown adds is taken out: "#" and
setext heading markers (the line is marked as a heading), emphasis ("**Vraag 1**"),
inline code, link and image syntax, block quote markers, inline HTML tags, YAML front
matter and backslash escapes. Footnotes ("[^1]" and "[^1]: text") become end notes with
their markers. ``Document.text`` is the text after this clean-up.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from rag.document import Metadata
from rag.ingest.formats.lines import LineBuilder
from rag.ingest.formats.text import decode
from rag.ingest.source import SourceText

log = logging.getLogger(__name__)

# "# Title", "## Vraag 1 ##": an ATX heading.
ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+(?P<title>.*?))?\s*(?:\s#+\s*)?$")

# "=====" or "-----" under a line of text: a setext heading.
SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")

# "***", "- - -": a thematic break. Underscore rules are left alone: they mark end notes.
THEMATIC_BREAK = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,})$")

# "-----" alone between blank lines: where a PDF converted to Markdown turned a page.
PAGE_BREAK = re.compile(r"^-{5,}\s*$")

# ">" markers of a block quote.
BLOCK_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")

# "```" or "~~~": a code fence; its content is kept as text.
CODE_FENCE = re.compile(r"^\s{0,3}(?:`{3,}|~{3,})")

# "---" opening and closing YAML front matter on the first line.
FRONT_MATTER = re.compile(r"^---\s*$")

# "[^1]: text": a footnote definition.
FOOTNOTE_DEFINITION = re.compile(r"^\s{0,3}\[\^(?P<label>[^\]\s]+)\]:\s*(?P<text>.*)$")

# Emphasis and strong emphasis; "_" only at word edges, so snake_case and URLs keep theirs.
EMPHASIS = re.compile(
    r"(?<![\w*\\])(?P<star>\*{1,3})(?=[^\s*])(?P<a>.+?)(?<=[^\s*\\])(?P=star)(?![\w*])"
    r"|(?<![\w\\])(?P<under>_{1,3})(?=[^\s_])(?P<b>.+?)(?<=[^\s_\\])(?P=under)(?!\w)"
)

# Inline syntax that is replaced by its text (or dropped), in one pass.
INLINE = re.compile(
    r"!\[[^\]]*\]\([^)]*\)"  # an image: dropped
    r"|\[\^(?P<ref>[^\]\s]+)\]"  # a footnote reference
    r"|\[(?P<marks>\d{1,2}(?:\s*,\s*\d{1,2})*)\s*\](?!\()"  # a converted PDF's note markers: "[1 ]", "[1, 2 ]"
    r"|\[(?P<link>[^\]]+)\]\([^)]*\)"  # a link: its text
    r"|<(?P<url>https?://[^>\s]+)>"  # an autolink: the address
    r"|`+(?P<code>[^`]+?)`+"  # inline code: the code
    r"|</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>"  # an inline HTML tag: dropped
    r"|\\(?P<escaped>[\\`*_{}\[\]()#+\-.!>|~])"  # a backslash escape: the character
)


def read_markdown(path: Path) -> SourceText:
    """Read a .md file into lines without Markdown syntax; headings are marked on their lines."""
    lines = decode(path.read_bytes(), path.name).splitlines()
    lines = _without_front_matter(lines)
    definitions, definition_lines = _footnote_definitions(lines)
    labels: dict[str, str] = {}
    builder = LineBuilder()
    in_code = False
    for index, raw in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if CODE_FENCE.match(raw):
            in_code = not in_code
            continue
        if not in_code and index in definition_lines:
            continue
        text = raw if in_code else BLOCK_QUOTE.sub("", raw)
        heading = None if in_code else ATX_HEADING.match(text)
        setext = not in_code and text.strip() and SETEXT_UNDERLINE.match(following) and not THEMATIC_BREAK.match(text)
        if heading or setext:
            builder.end_paragraph()
            _add_inline(builder, (heading.group("title") or "") if heading else text, definitions, labels)
            builder.end_paragraph(heading=True)
        elif not in_code and PAGE_BREAK.match(text):
            builder.end_paragraph()
            builder.new_page()
        elif not text.strip() or THEMATIC_BREAK.match(text) or (not in_code and SETEXT_UNDERLINE.match(text)):
            builder.end_paragraph()
        else:
            if in_code:
                builder.add(text)
            else:
                _add_inline(builder, text, definitions, labels)
            builder.line_break()
    notes = [(label, definitions[name]) for name, label in labels.items()]
    log.debug("read %s: %d notes", path.name, len(notes))
    return builder.build(path.name, path.stem, notes, Metadata(), None)


def _without_front_matter(lines: list[str]) -> list[str]:
    """Drop YAML front matter ("---" ... "---") at the top of the file."""
    if lines and FRONT_MATTER.match(lines[0]):
        for index in range(1, len(lines)):
            if FRONT_MATTER.match(lines[index]) or lines[index].strip() == "...":
                return lines[index + 1 :]
    return lines


def _footnote_definitions(lines: list[str]) -> tuple[dict[str, str], set[int]]:
    """Footnote texts by label, and the indices of their lines; a definition continues on indented lines."""
    definitions: dict[str, str] = {}
    used: set[int] = set()
    current: str | None = None
    for index, line in enumerate(lines):
        if match := FOOTNOTE_DEFINITION.match(line):
            current = match.group("label")
            definitions[current] = _plain(match.group("text"))
        elif current and line.startswith(("    ", "\t")) and line.strip():
            definitions[current] = f"{definitions[current]} {_plain(line.strip())}".strip()
        else:
            current = None
            continue
        used.add(index)
    return definitions, used


def _plain(text: str) -> str:
    """Text without emphasis and inline syntax (for note texts, which carry no markers)."""
    return INLINE.sub(
        lambda m: m.group("link") or m.group("url") or m.group("code") or m.group("escaped") or "",
        _strip_emphasis(text),
    )


def _strip_emphasis(text: str) -> str:
    """Remove emphasis markers, innermost last, keeping the emphasised words."""
    previous = None
    while previous != text:
        previous, text = text, EMPHASIS.sub(lambda m: m.group("a") if m.group("a") is not None else m.group("b"), text)
    return text


def _add_inline(builder: LineBuilder, text: str, definitions: dict[str, str], labels: dict[str, str]) -> None:
    """Feed one line's text to the builder; footnote references become markers."""
    text = _strip_emphasis(text)
    position = 0
    for match in INLINE.finditer(text):
        builder.add(text[position : match.start()])
        position = match.end()
        if match.group("marks"):
            # The notes themselves stand at the page foot, as in the PDF the file was converted from.
            for number in re.findall(r"\d+", match.group("marks")):
                builder.add_marker(number, number)
        elif (ref := match.group("ref")) is not None:
            if ref in definitions:
                label = labels.setdefault(ref, f"{len(labels) + 1})")
                builder.add_marker(label[:-1], label)
        else:
            builder.add(
                match.group("link") or match.group("url") or match.group("code") or match.group("escaped") or ""
            )
    builder.add(text[position:])
