"""What an answer document says about itself, read from its covering letter and heading."""

# ruff: noqa: RUF001 - curly quotes and dashes are what Dutch typesetting prints

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import fields, replace

from rag.document import Metadata
from rag.ingest.source import Line

_MONTHS = {
    name: number
    for number, name in enumerate(
        "januari februari maart april mei juni juli augustus september oktober november december".split(), start=1
    )
}

# The Tweede Kamer's registration number of the questions: year, "Z", serial ("2020Z23459").
KENMERK = re.compile(r"\b(?P<kenmerk>(?:19|20)\d{2}Z\d{4,6})\b")

# The number right after the word "kenmerk" wins over any other that the text mentions.
KENMERK_LABELLED = re.compile(r"kenmerk\s+(?P<kenmerk>(?:19|20)\d{2}Z\d{4,6})\b", re.IGNORECASE)

# "ingezonden d.d. 2 december 2020", "ingezonden op 2 december 2020", "ingezonden 2 december 2020".
SUBMITTED = re.compile(
    rf"ingezonden\s+(?:op\s+|d\.d\.\s*)?(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(_MONTHS)})\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)

# "ingezonden d.d. 2-12-2020" / "2/12/2020".
SUBMITTED_NUMERIC = re.compile(
    r"ingezonden\s+(?:op\s+|d\.d\.\s*)?(?P<day>\d{1,2})[-/](?P<month>\d{1,2})[-/](?P<year>\d{4})", re.IGNORECASE
)

# "van de leden Van der Molen en Amhaouch (beiden CDA)", "van het lid Jetten (D66)",
# "van de leden Omtzigt (CDA) en Leijten (SP)": names up to the last party in brackets
# of an unbroken list of "Name(s) (PARTY)" joined by commas or "en".
ASKERS = re.compile(
    r"van\s+(?:de\s+leden|het\s+(?:kamer)?lid)\s+"
    r"(?P<askers>[^()]{1,80}?\([^()]*\)(?:(?:\s*,\s*|\s+en\s+)[^(),]{1,60}?\([^()]*\))*)"
)

# "over het bericht 'X'", "over het artikel “X”": the article the questions are about, in quotes.
SUBJECT_QUOTED = re.compile(
    r"over\s+(?:het\s+(?:nieuws)?bericht|het\s+artikel|de\s+berichtgeving|de\s+uitzending|het\s+interview)?\s*"
    r"[‘'\"“«](?P<subject>.+?)[’'\"”»](?=[\s,.;:?)]|$)"
)

# "over de inzet van AI (ingezonden ...)" / "... met kenmerk ...": an unquoted topic.
SUBJECT_PLAIN = re.compile(r"\bover\s+(?P<subject>.+?)\s*(?=\(ingezonden|\bmet\s+kenmerk\b|\.\s|\.$)")

# The signature's role line: "De minister van Onderwijs, Cultuur en Wetenschap,".
SIGNATURE_ROLE = re.compile(r"^(?:De|Het)\s+(?:minister|staatssecretaris|minister-president)\b.*$")

# The signature's name line: a few capitalised words, no sentence punctuation.
SIGNATURE_NAME = re.compile(r"^[A-ZÀ-Þ][\w.'’-]*(?:\s+[\w.'’-]+){0,5}$")

# "Antwoord van minister Van Engelshoven (Onderwijs, Cultuur en Wetenschap)".
ANSWERED_BY = re.compile(
    r"[Aa]ntwoord(?:en)?\s+van\s+(?:de\s+)?(?P<who>(?:minister|staatssecretaris|minister-president)\b[^()]*?\([^()]*\))"
)


def parse_metadata(front_text: str, letter_lines: Sequence[Line], full_text: str) -> Metadata:
    """Read kenmerk, submission date, askers, answerer and subject from the front matter.

    ``front_text`` is the folded text before the first question, ``letter_lines`` the
    covering letter's lines (for the signature), ``full_text`` the whole text, searched
    only for a kenmerk the front matter lacks. The answerer is the signature's role and
    name joined by ", " ("De minister van Onderwijs, Cultuur en Wetenschap, Ingrid van
    Engelshoven"), or what an "Antwoord van minister ..." line says.
    """
    kenmerk = _first(front_text, KENMERK_LABELLED, "kenmerk") or _first(front_text, KENMERK, "kenmerk")
    subject = _first(front_text, SUBJECT_QUOTED, "subject") or _first(front_text, SUBJECT_PLAIN, "subject")
    return Metadata(
        kenmerk=kenmerk or _first(full_text, KENMERK, "kenmerk"),
        submitted=_submitted(front_text),
        askers=_first(front_text, ASKERS, "askers"),
        answerer=_signature(letter_lines) or _first(front_text, ANSWERED_BY, "who"),
        subject=subject,
    )


def _first(text: str, pattern: re.Pattern[str], group: str) -> str | None:
    """Return the named group of the first match, with whitespace folded, or None."""
    match = pattern.search(text)
    return " ".join(match.group(group).split()) if match else None


def _submitted(text: str) -> str | None:
    """Return the submission date as ISO YYYY-MM-DD, or None."""
    if match := SUBMITTED.search(text):
        month = _MONTHS[match.group("month").lower()]
    elif match := SUBMITTED_NUMERIC.search(text):
        month = int(match.group("month"))
    else:
        return None
    return f"{int(match.group('year')):04d}-{month:02d}-{int(match.group('day')):02d}"


def _signature(lines: Sequence[Line]) -> str | None:
    """Return "Role, Name" from a signature: a role line ending in a comma, then a name line."""
    filled = [line.text.strip() for line in lines if not line.blank]
    for index, text in enumerate(filled):
        if not SIGNATURE_ROLE.match(text):
            continue
        role = [text]
        # A long role wraps; it ends at the line with the closing comma.
        while not role[-1].endswith(",") and index + len(role) < len(filled) and len(role) < 3:
            role.append(filled[index + len(role)])
        following = index + len(role)
        if role[-1].endswith(",") and following < len(filled) and SIGNATURE_NAME.match(filled[following]):
            return f"{' '.join(role)} {filled[following]}"
    return None


def with_hints(found: Metadata, hints: Metadata) -> Metadata:
    """Fill the fields the text left unknown with what the file's own metadata says."""
    missing = {f.name: getattr(hints, f.name) for f in fields(Metadata) if getattr(found, f.name) is None}
    return replace(found, **{name: value for name, value in missing.items() if value is not None})
