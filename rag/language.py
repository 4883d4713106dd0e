"""The language of a question, and every fixed text the product shows, in Dutch and English."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

Language = Literal["nl", "en"]
# The language of a long text shows in its start; detecting on all of it only costs time.
DETECT_CHARS = 2000

MESSAGES: dict[str, dict[Language, str]] = {
    "not_found": {
        "nl": "Ik heb hierover niets gevonden in de geladen documenten.",
        "en": "I found nothing about this in the loaded documents.",
    },
    "nearest": {
        "nl": "De documenten geven geen antwoord op deze vraag. Dit zijn de passages die er het dichtst bij "
        "komen; ze beantwoorden de vraag niet:",
        "en": "The documents do not answer this question. These passages come closest; they do not answer it:",
    },
    "nearest_unnamed": {
        "nl": "De documenten geven geen antwoord op deze vraag: het document dat er het dichtst bij komt, "
        "noemt {names} nergens. Dit zijn de passages die er het dichtst bij komen; ze beantwoorden de vraag niet:",
        "en": "The documents do not answer this question: the document that comes closest never mentions "
        "{names}. These passages come closest; they do not answer it:",
    },
    "nearest_in_passing": {
        "nl": "De documenten geven geen antwoord op deze vraag: het document dat er het dichtst bij komt, "
        "noemt {names} alleen terloops, niet in de passage die het best bij de vraag past. Dit zijn de passages "
        "die er het dichtst bij komen en de passages waarin het document {names} noemt; ze beantwoorden de vraag niet:",
        "en": "The documents do not answer this question: the document that comes closest mentions {names} "
        "only in passing, not in the passage that best matches the question. These are the passages that come "
        "closest and the passages where the document mentions {names}; they do not answer it:",
    },
    "empty_question": {
        "nl": "Stel een vraag, bijvoorbeeld: Hoeveel studenten beginnen jaarlijks aan een bachelor AI?",
        "en": "Please ask a question, for example: How many students start an AI bachelor each year?",
    },
    "too_long": {
        "nl": "Deze vraag is te lang ({length} tekens). Stel een vraag van hoogstens {limit} tekens.",
        "en": "This question is too long ({length} characters). Please ask it in at most {limit} characters.",
    },
    "intro": {
        "nl": "Dit zeggen de documenten letterlijk:",
        "en": "This is what the documents say, verbatim (in Dutch):",
    },
    "vraag": {"nl": "Vraag", "en": "Question"},
    "and": {"nl": "en", "en": "and"},
    "paragraph": {"nl": "alinea", "en": "paragraph"},
    "page": {"nl": "p.", "en": "p."},
    "letter": {"nl": "aanbiedingsbrief", "en": "covering letter"},
    "question": {"nl": "tekst van de vraag", "en": "text of the question"},
    "footnote": {"nl": "voetnoot", "en": "footnote"},
    "notes": {"nl": "Voetnoten", "en": "Footnotes"},
    "error": {
        "nl": "Er ging iets mis bij het beantwoorden van deze vraag: {detail}",
        "en": "Something went wrong while answering this question: {detail}",
    },
}


def message(key: str, language: Language, **values: object) -> str:
    """The fixed text ``key`` in ``language``, with ``values`` filled in.

    Only the fixed text is a format string: user text in ``values`` ("{0}", "%s") is
    inserted as it is, never interpreted.
    """
    return MESSAGES[key][language].format(**values)


def quoted_list(items: Sequence[str], language: Language) -> str:
    """``items`` in guillemets, as a sentence lists them: "«Drenthe» en «Gelderland»"."""
    quoted = [f"«{item}»" for item in items]
    if len(quoted) < 2:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {message('and', language)} {quoted[-1]}"


def valid_text(text: str) -> str:
    """``text`` with lone surrogates (undecodable input bytes) replaced by U+FFFD.

    Python keeps bytes that are not UTF-8 as lone surrogates; they cannot be encoded
    again, so every library that encodes text (the language detector, the tokenizer,
    JSON output) would fail on them.
    """
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


@lru_cache(maxsize=1)
def _detector():  # noqa: ANN202 - lingua's type is imported lazily
    from lingua import Language as Lingua
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Lingua.DUTCH, Lingua.ENGLISH).build()


@lru_cache(maxsize=256)  # a question is detected by the answer path and again by the lexical leg
def detect_language(text: str, default: Language = "nl") -> Language:
    """Dutch or English, whichever ``text`` is more likely written in.

    Text with no letters (numbers, a kenmerk) keeps ``default``.
    """
    text = valid_text(text[:DETECT_CHARS])
    if not any(ch.isalpha() for ch in text):
        return default
    from lingua import Language as Lingua

    best = _detector().compute_language_confidence_values(text)[0]
    return "en" if best.language == Lingua.ENGLISH else "nl"
