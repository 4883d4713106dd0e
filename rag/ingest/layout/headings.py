"""The headings of Kamervragen answers, in every form they are printed in.

A question heading names one Vraag or several: "Vraag 1", "Vraag 2 en 3",
"Vraag 3, 4 en 5", "Vraag 7, 8, 9 10 en 11" (a comma lost in print), "Vragen 4 t/m 6",
"Vraag 1:" with the question on the same line. An answer heading may name them too:
"Antwoord", "Antwoord 5 en 6", "Antwoord vraag 7", "Antwoord op vraag 1:", "Antwoorden 2 en 3".
A "Lijst van vragen en antwoorden" numbers its questions "1." / "1)" and heads each
answer "Antwoord".

Headings open a line and carry nothing but their numbers, or a separator (":", ".", "–")
and then text. "Vraag" must be capitalised, so that a line that wraps "... zie het antwoord
op / vraag 7" is no heading.
"""

# ruff: noqa: RUF001, RUF002 - curly quotes and dashes are what Dutch typesetting prints

from __future__ import annotations

import re
from dataclasses import dataclass

# One number list: "3", "2 en 3", "3, 4 en 5", "7, 8, 9 10 en 11", "4 t/m 6", "4-6".
_NUMBER_LIST = r"\d{1,3}(?:\s*(?:,|\ben\b|&|\bt/m\b|\btot en met\b|[-–])?\s*\d{1,3}(?![\d.,]\d))*"
_SEPARATOR = r"(?:\s*[:.)\-–]\s*|\s+)"
QUESTION = re.compile(
    rf"^(?:Vraag|Vragen|VRAAG|VRAGEN)\s+(?:nr\.?\s*)?(?P<numbers>{_NUMBER_LIST})(?:{_SEPARATOR}(?P<rest>\S.*)|\s*[:.])?$"
)
ANSWER = re.compile(
    r"^(?:Antwoord(?:en)?|ANTWOORD(?:EN)?)"
    rf"(?:\s+(?:[Oo]p\s+)?(?:(?:de\s+)?(?:[Vv]raag|[Vv]ragen|VRAAG|VRAGEN)\s+)?(?P<numbers>{_NUMBER_LIST}))?"
    rf"(?:{_SEPARATOR}(?P<rest>\S.*)|\s*[:.])?$"
)
# "Antwoord Op 12 maart …" on one line: a bare heading and the answer's first words, not
# "Antwoord op (vraag) 12" with a sentence's remainder after it. It names no numbers.
ANSWER_ALONE = re.compile(rf"^(?:Antwoord(?:en)?|ANTWOORD(?:EN)?)(?P<numbers>){_SEPARATOR}(?P<rest>\S.*)$")
# "1", "1.", "1)" or "1. Bent u ...": a numbered question in a list of questions and answers.
NUMBERED = re.compile(r"^(?P<numbers>\d{1,3})(?:[.)]|(?=\s|$))(?:\s+(?P<rest>\S.*))?$")
_RANGE = re.compile(r"(\d{1,3})\s*(?:\bt/m\b|\btot en met\b|[-–])\s*(\d{1,3})")
# Text on the heading line must read as the start of a sentence, not as the rest of one.
_STARTS_TEXT = re.compile(r"^[A-ZÀ-Þ«“‘'\"(]")


@dataclass(frozen=True)
class Heading:
    """A heading: ``kind`` "q" (Vraag) or "a" (Antwoord), the numbers it names, and text after it on its line."""

    kind: str
    numbers: tuple[int, ...]
    rest_start: int | None = None  # offset in the stripped line where text after the heading begins


def numbers_in(text: str) -> tuple[int, ...]:
    """The numbers a heading names, ranges spelled out: "3, 4 en 5" and "3 t/m 5" are (3, 4, 5)."""
    found: list[int] = []
    position = 0
    for span in _RANGE.finditer(text):
        found += [int(n) for n in re.findall(r"\d+", text[position : span.start()])]
        low, high = int(span.group(1)), int(span.group(2))
        found += list(range(low, high + 1)) if 0 < high - low < 30 else [low, high]
        position = span.end()
    found += [int(n) for n in re.findall(r"\d+", text[position:])]
    return tuple(dict.fromkeys(found))


def parse_heading(text: str, numbered: bool = False) -> Heading | None:
    """The heading that the stripped line ``text`` opens with, or None.

    With ``numbered``, a bare number ("1." / "1 Bent u ...") is a question heading too.
    """
    for kind, pattern in (("q", QUESTION), ("a", ANSWER), ("a", ANSWER_ALONE), ("q", NUMBERED if numbered else None)):
        match = pattern.match(text) if pattern else None
        if match is None:
            continue
        rest = match.group("rest")
        if rest and not _inline_text(text, match):
            continue
        numbers = numbers_in(match.group("numbers") or "")
        if numbers and (min(numbers) < 1 or max(numbers) > 200):
            continue
        return Heading(kind, numbers, match.start("rest") if rest else None)
    return None


def _inline_text(text: str, match: re.Match[str]) -> bool:
    """Whether the text after a heading on its line is the question or answer itself."""
    between = text[match.end("numbers") if match.group("numbers") else match.start("rest") : match.start("rest")]
    if between.strip() in {":", ".", "-", "–", ")"}:
        return True
    return bool(_STARTS_TEXT.match(match.group("rest")))


def is_structural(text: str) -> bool:
    """Whether a stripped line is a Vraag or Antwoord heading (never page furniture)."""
    return parse_heading(text) is not None


def numbers_label(numbers: tuple[int, ...] | list[int], conjunction: str = "en") -> str:
    """Vraag numbers as a heading prints them: "4", "4 en 5", "3, 4 en 5" (or "4 and 5")."""
    if len(numbers) <= 1:
        return "".join(map(str, numbers))
    return ", ".join(map(str, numbers[:-1])) + f" {conjunction} {numbers[-1]}"
