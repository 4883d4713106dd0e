"""Split over-long paragraphs at sentence boundaries, so that a passage stays quotable."""

# ruff: noqa: RUF001 - curly quotes and dashes are what Dutch typesetting prints

from __future__ import annotations

import re

from rag.ingest import patterns
from rag.ingest.folding import Folded

# Passages longer than this many words are split at sentence ends.
MAX_WORDS = 200

# A sentence end: ".", "!" or "?" (plus closing quotes/brackets), a space, then what can
# start a sentence: a capital, a digit, an opening quote or bracket.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[’'\"”)]*\s+(?=[A-Z0-9À-Þ‘'\"“(])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return the begin and end of every sentence in ``text``."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _SENTENCE_BREAK.finditer(text):
        stop = match.start() + len(match.group().rstrip())
        if patterns.ABBREVIATION.search(text[begin : match.start()]):
            continue
        spans.append((begin, stop))
        begin = match.end()
    spans.append((begin, len(text)))
    return spans


def split_long(folded: Folded, max_words: int = MAX_WORDS) -> list[Folded]:
    """Return the paragraph itself, or runs of its sentences of at most ~``max_words`` words.

    A single sentence longer than ``max_words`` stays whole: words are never cut apart.
    """
    if len(folded.text.split()) <= max_words:
        return [folded]
    parts: list[Folded] = []
    begin, stop, words = 0, 0, 0
    for sentence_begin, sentence_stop in sentence_spans(folded.text):
        count = len(folded.text[sentence_begin:sentence_stop].split())
        if words and words + count > max_words:
            parts.append(folded.part(begin, stop))
            begin, words = sentence_begin, 0
        stop, words = sentence_stop, words + count
    parts.append(folded.part(begin, stop))
    return parts
