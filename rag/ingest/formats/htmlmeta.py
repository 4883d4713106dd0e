"""What an HTML page says about itself in its <head>: Dublin Core and OVERHEIDop <meta> tags.

Publication pages of officielebekendmakingen.nl describe a Kamervraag in tags such as
``<meta name="OVERHEIDop.vraagnummer" content="2021Z01234">`` and
``<meta name="OVERHEIDop.datumIndiening" content="2021-01-20">``. These become hints: the
parser keeps what the text itself says and takes a hint only where the text is silent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bs4 import BeautifulSoup

from rag.document import Metadata
from rag.ingest.layout.metadata import KENMERK

# Tags, by lower-cased name, that may carry the kenmerk, most specific first.
KENMERK_TAGS = ("overheidop.vraagnummer", "overheidop.kenmerk", "dc.identifier", "dcterms.identifier")

# Tags that carry the date the questions were submitted.
SUBMITTED_TAGS = ("overheidop.datumindiening", "overheidop.datumingediend")

# Tags that name who asked (one tag per member).
ASKER_TAGS = ("overheidop.indiener",)

# Tags that carry the document's title, most specific first.
TITLE_TAGS = ("dc.title", "dcterms.title", "og:title")

# An ISO date at the start of a tag's content: "2021-01-20", "2021-01-20T00:00:00".
ISO_DATE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})\b")


def _meta(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Return the content of every <meta name=...> / <meta property=...>, by lower-cased name."""
    found: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or tag.get("property") or "").strip().lower()
        content = " ".join(str(tag.get("content") or "").split())
        if name and content:
            found.setdefault(name, []).append(content)
    return found


def hints_from_meta(soup: BeautifulSoup) -> Metadata:
    """Read kenmerk, submission date and askers from the page's <meta> tags; unknown fields stay None."""
    meta = _meta(soup)
    kenmerk = _first(meta, KENMERK_TAGS, KENMERK.search, "kenmerk")
    submitted = _first(meta, SUBMITTED_TAGS, ISO_DATE.match, "date")
    askers = [value for name in ASKER_TAGS for value in meta.get(name, ())]
    return Metadata(kenmerk=kenmerk, submitted=submitted, askers=" en ".join(askers) or None)


def _first(
    meta: dict[str, list[str]], names: Sequence[str], find: Callable[[str], re.Match[str] | None], group: str
) -> str | None:
    """Group ``group`` of the first value under one of ``names`` that ``find`` matches."""
    return next((match.group(group) for name in names for value in meta.get(name, ()) if (match := find(value))), None)


def title_from_meta(soup: BeautifulSoup) -> str | None:
    """Return the title a page declares: DC.title, else og:title, else <title>; None if it has none."""
    meta = _meta(soup)
    for name in TITLE_TAGS:
        if meta.get(name):
            return meta[name][0]
    title = soup.find("title")
    text = " ".join(title.get_text().split()) if title is not None else ""
    return text or None
