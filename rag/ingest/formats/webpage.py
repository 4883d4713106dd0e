"""Reader for HTML pages (BeautifulSoup with the lxml parser), such as officielebekendmakingen.nl.

Only what a reader of the page sees as the document is kept: scripts, styles, comments,
navigation, page-level headers and footers, forms and hidden elements are dropped, and
no markup ever reaches the text. Block elements (p, div, h1-h6, li, tr, ...) become
paragraphs, ``<br>`` a line break, table cells lines of their row's paragraph, and the
items of an ``<ol>`` keep their printed numbers ("1. ..."), which a numbered list of
questions needs. Footnotes (a notes block such as ``<div class="voetnoten">`` plus
``<sup>`` markers) become end notes. Pages have no page numbers.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from rag.ingest.formats.htmlmeta import hints_from_meta, title_from_meta
from rag.ingest.formats.lines import LineBuilder
from rag.ingest.formats.text import decode, looks_binary
from rag.ingest.source import IngestError, SourceText
from rag.notices import Notice

log = logging.getLogger(__name__)

# Never content: code, styling, page chrome, forms and embedded objects.
_DROPPED = frozenset(
    "script style noscript template nav form button select textarea input label iframe object embed "
    "svg canvas audio video map head title meta link".split()
)

# Dropped when they belong to the page rather than to an article or section in it.
_PAGE_CHROME = frozenset({"header", "footer", "aside"})
_SECTIONING = frozenset({"article", "main", "section"})

# ARIA roles of page chrome.
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary"})

# Classes of text meant for screen readers or skip links only.
_HIDDEN_CLASS = re.compile(r"^(?:sr-only|visually-hidden|visuallyhidden|skip-?links?|screenreader)$", re.IGNORECASE)
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# Elements that end a paragraph before and after themselves.
_BLOCKS = frozenset(
    "address article aside blockquote body caption dd details div dl dt fieldset figcaption figure footer "
    "h1 h2 h3 h4 h5 h6 header hr html li main ol p pre section summary table tbody tfoot thead ul".split()
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# A block of notes: class or id "voetnoten", "noten", "footnotes", "endnotes", or a DPUB-ARIA role.
_NOTES_NAME = re.compile(r"^(?:voetnoten|noten|footnotes?|endnotes?|notes)$", re.IGNORECASE)
_NOTES_ROLES = frozenset({"doc-endnotes", "doc-footnotes", "doc-footnote", "doc-endnote"})

# A note's leading label as printed: "1", "1.", "1)", "[1]".
_NOTE_LABEL = re.compile(r"^\[?(?P<n>\d{1,3})[.)\]]?(?:\s+|$)")

# The text of a note reference: "1", "(1)", "[1]".
_MARKER_TEXT = re.compile(r"^[\[(]?(?P<n>\d{1,3})[\])]?$")

# The charset a page declares in its first bytes: <meta charset="..."> or content="...; charset=...".
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?(?P<charset>[\w.:-]+)""", re.IGNORECASE)

# Something that is plainly HTML markup.
_SOME_TAG = re.compile(r"<(?:!doctype|[a-z][a-z0-9]*)[\s>/]", re.IGNORECASE)


def read_html(path: Path) -> SourceText:
    """Read an .html/.htm page into lines; ``Document.text`` is the page's visible text as laid out here."""
    data = path.read_bytes()
    if not data.strip():
        return SourceText(path.name, path.stem, "", ())  # read_document reports it as empty
    if looks_binary(data):
        raise IngestError(Notice("binary_html", name=path.name))
    markup = _decode(data, path.name)
    if not _SOME_TAG.search(markup):
        raise IngestError(Notice("no_tags", name=path.name))
    soup = BeautifulSoup(markup, "lxml")
    hints, title = hints_from_meta(soup), title_from_meta(soup)
    notes, labels = _take_notes(soup)
    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup
    builder = LineBuilder()
    _walk(root, builder, labels)
    source = builder.build(path.name, path.stem, notes, hints, title)
    if not source.text.strip():
        raise IngestError(Notice("markup_only", name=path.name))
    log.debug("read %s: %d lines, %d notes", path.name, len(source.lines), len(notes))
    return source


def _decode(data: bytes, name: str) -> str:
    """Decode with the charset the page declares, else as text files are (UTF-8, then cp1252)."""
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        charset = declared.group("charset").decode("ascii", "replace")
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            log.warning("%s declares charset %r but does not decode with it", name, charset)
    return decode(data, name)


def _dropped(tag: Tag) -> bool:
    """Whether an element and everything in it is not part of the document's text."""
    if tag.name in _DROPPED or tag.get("role") in _CHROME_ROLES:
        return True
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or _DISPLAY_NONE.search(tag.get("style") or ""):
        return True
    if any(_HIDDEN_CLASS.match(name) for name in tag.get("class") or ()):
        return True
    return tag.name in _PAGE_CHROME and tag.find_parent(_SECTIONING) is None


def _is_notes_block(tag: Tag) -> bool:
    """Whether an element holds the page's notes."""
    names = [*(tag.get("class") or ()), tag.get("id") or ""]
    return tag.get("role") in _NOTES_ROLES or any(_NOTES_NAME.match(name) for name in names)


def _take_notes(soup: BeautifulSoup) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Remove the notes blocks from the page; return the notes as ("1)", text) and the label of each number."""
    notes: list[tuple[str, str]] = []
    for block in soup.find_all(_is_notes_block):
        if block.find_parent(_is_notes_block) is not None:
            continue
        pending: str | None = None
        for item in block.find_all(["li", "p", "dd", "dt", "div"]):
            if item.find(["li", "p", "dd", "div"]) is not None:
                continue  # not a leaf: its own items are read instead
            text = " ".join(item.get_text(" ").split())
            label = _NOTE_LABEL.match(text)
            if label and label.end() == len(text):  # a bare number, as in <dt>1</dt><dd>...</dd>
                pending = label.group("n")
                continue
            number = pending or (label.group("n") if label else str(len(notes) + 1))
            if text:
                notes.append((f"{number})", text[label.end() :] if label and not pending else text))
            pending = None
        block.decompose()
    return notes, {label[:-1]: label for label, _ in notes}


def _walk(node: Tag, builder: LineBuilder, labels: dict[str, str]) -> None:
    """Feed the visible text under ``node`` to the builder, block by block."""
    for child in node.children:
        if isinstance(child, Comment) or (isinstance(child, NavigableString) and type(child) is not NavigableString):
            continue  # comments, doctype, CDATA, processing instructions
        if isinstance(child, NavigableString):
            builder.add(str(child))
            continue
        if not isinstance(child, Tag) or _dropped(child):
            continue
        if child.name == "br":
            builder.line_break()
        elif (marker := _marker(child, labels)) is not None:
            builder.add_marker(*marker)
        elif child.name in ("td", "th"):
            _walk(child, builder, labels)
            builder.line_break()
        elif child.name == "tr":
            _walk(child, builder, labels)
            builder.end_paragraph()
        elif child.name in _BLOCKS:
            builder.end_paragraph()
            if child.name == "li" and child.parent is not None and child.parent.name == "ol":
                builder.prefix = f"{_item_number(child)}. "
            _walk(child, builder, labels)
            builder.prefix = ""  # an empty item does not pass its number on
            builder.end_paragraph(heading=child.name in _HEADINGS)
        else:
            _walk(child, builder, labels)


def _marker(tag: Tag, labels: dict[str, str]) -> tuple[str, str] | None:
    """Return (shown, label) when the element is a reference to one of the notes: <sup>1</sup>, <a href="#n1">1</a>."""
    if tag.name not in ("sup", "a") or not labels:
        return None
    text = tag.get_text().strip()
    match = _MARKER_TEXT.match(text)
    if match is None or match.group("n") not in labels:
        return None
    if tag.name == "a" and not str(tag.get("href") or "").startswith("#"):
        return None
    return text, labels[match.group("n")]


def _item_number(item: Tag) -> int:
    """The number a browser prints before an <ol> item, honouring ``start`` and ``value``."""
    if str(item.get("value") or "").isdigit():
        return int(item["value"])
    parent = item.parent
    start = int(parent["start"]) if parent is not None and str(parent.get("start") or "").isdigit() else 1
    siblings = item.find_previous_siblings("li")
    return start + len(siblings)
