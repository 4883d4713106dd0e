"""What an answer document says about itself, read from its covering letter and heading."""

# ruff: noqa: RUF001, RUF003 - curly quotes and dashes are what Dutch typesetting prints

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import fields, replace
from functools import lru_cache

from rag.document import Metadata
from rag.ingest.source import Line

# Month names only find a date; dateparser reads it.
_MONTHS = "januari februari maart april mei juni juli augustus september oktober november december".split()

# The Tweede Kamer's registration number of the questions: year, "Z", serial ("2020Z23459").
KENMERK = re.compile(r"\b(?P<kenmerk>(?:19|20)\d{2}Z\d{4,6})\b")

# The number right after the word "kenmerk" wins over any other that the text mentions.
KENMERK_LABELLED = re.compile(r"kenmerk\s+(?P<kenmerk>(?:19|20)\d{2}Z\d{4,6})\b", re.IGNORECASE)

# A letterhead's field for the questions' number: the kenmerk of the one addressed ("Uw kenmerk").
YOUR_KENMERK = re.compile(r"\bUw\s+kenmerk\s+(?P<kenmerk>(?:19|20)\d{2}Z\d{4,6})\b", re.IGNORECASE)

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
# "DE STAATSSECRETARIS VAN FINANCIËN,"; a long role wraps onto a second line that ends with the comma.
SIGNATURE_OPENING = (
    r"(?:De|Het|DE|HET)\s+(?:[Mm]inister|[Ss]taatssecretaris|MINISTER|STAATSSECRETARIS)(?:-[Pp]resident|-PRESIDENT)?\b"
)
SIGNATURE_ROLE = re.compile(rf"^{SIGNATURE_OPENING}.*$")

# The signature's name line: a few capitalised words, no sentence punctuation, after any of the
# Dutch academic and professional titles written in lower case ("drs. M.C.G. Keijzer", "mr. dr. A. Jansen").
NAME_WORDS = r"(?:(?:prof|dr|drs|mr|ir|ing|ds|bc)\.\s*)*[A-ZÀ-Þ][\w.'’-]*(?:\s+[\w.'’-]+){0,5}?"
SIGNATURE_NAME = re.compile(rf"^{NAME_WORDS}$")

# "Antwoord van Minister De Jonge (Binnenlandse Zaken en Koninkrijksrelaties) (ontvangen 20 februari 2024)",
# "Antwoord van Staatssecretaris Van Rij (Financiën – Fiscaliteit en Belastingdienst), mede namens ...",
# "Mededeling van Minister Helder (Volksgezondheid, Welzijn en Sport) (ontvangen ...)": who answered.
ANSWERED_BY = re.compile(
    r"(?:[Aa]ntwoord(?:en)?|[Mm]ededeling)\s+van\s+(?:de\s+)?"
    r"(?P<who>(?:[Mm]inister|[Ss]taatssecretaris|[Mm]inister-[Pp]resident)\b[^()]*?\([^()]*\)"
    r"|(?:[Mm]inister|[Ss]taatssecretaris)\s+(?:van|voor)\s+[^()]*?(?=\s*(?:,\s*mede\s+namens|\(ontvangen|\.|$)))"
)
# "(ontvangen 21 maart 2024)": when the answers reached the Kamer.
RECEIVED = re.compile(r"\(ontvangen\s+(?:op\s+)?(?P<date>[^()]{6,30}?)\)", re.IGNORECASE)
# "Datum 8 juni 2023" in a letterhead: when a ministry's answer letter was sent.
LETTER_DATE = re.compile(r"^Datum\s+(?P<date>\d{1,2}\s+[^\W\d_]+\s+\d{4})\b", re.MULTILINE)
# The letterhead's labels in one column and their values in another, as pdftotext sets them:
# "Datum" alone on its line, and the date alone on a line further on.
_DATE_LABEL = re.compile(r"^Datum\s*$", re.MULTILINE)
_DATE_ALONE = re.compile(r"^(?P<date>\d{1,2}\s+[^\W\d_]+\s+\d{4})\s*$", re.MULTILINE)
# A conversion that lost its line breaks: "… 2500 EA DEN HAAG Datum 4 april 2022 Betreft …".
_DATE_INLINE = re.compile(r"(?<=\s)Datum\s+(?P<date>\d{1,2}\s+[^\W\d_]+\s+\d{4})\b")
# "aan de Minister van Financiën over ...": to whom the questions were put.
ADDRESSEE = re.compile(
    r"\baan\s+(?P<addressee>de\s+(?:[Mm]inisters?|[Ss]taatssecretariss?(?:en)?|[Mm]inister-[Pp]resident)\b.+?)\s+over\s"
)
# The official heading's topic: everything between "over" and "(ingezonden ...)".
SUBJECT_HEADED = re.compile(
    r"\b[Vv]ragen\s+van\s+(?:de\s+leden|het\s+(?:kamer)?lid)\b.+?\s+over\s+(?P<subject>.+?)"
    r"\s*(?:\bmet\s+kenmerk\b.*?)?\(ingezonden"
)
# A party in an askers' bracket, without "beiden" / "allen": "(beiden SP)" names SP.
_PARTY_BRACKET = re.compile(r"\((?:beiden|beide|allen|allebei)?\s*(?P<party>[^()]+?)\)")


def parse_metadata(
    front_text: str, letter_lines: Sequence[Line], hints: Metadata | None = None, letterhead: str = ""
) -> Metadata:
    """Read what a document says about itself from its front matter.

    ``front_text`` is the folded text before the first question: the official heading
    ("Vragen van het lid X (Partij) aan de Minister van Y over Z (ingezonden D). Antwoord van
    Minister A (B) (ontvangen E).") or a covering letter. ``letter_lines`` are the lines that
    may hold a signature (the letter, or what follows the last answer). ``hints`` holds what
    the file says outside its text: the Aanhangsel id in a page footer. ``letterhead`` holds
    the lines of a ministry letter's first page, one a line: its "Datum" is when the answers
    were sent, where no "(ontvangen ...)" says when they arrived. The answerer is the
    signature's role and name ("De minister van Onderwijs, Cultuur en Wetenschap, Ingrid van
    Engelshoven"), or whom the "Antwoord van ..." line names. A kenmerk counts only when
    the front matter or the letterhead prints it: one mentioned later is another set of questions's.
    """
    # A letter's "Uw kenmerk" may stand in the side column, which text extraction sets at the
    # foot of page 1, after the first answers: it is still the letterhead's.
    kenmerk = (
        _first(front_text, KENMERK_LABELLED, "kenmerk")
        or _first(letterhead, YOUR_KENMERK, "kenmerk")
        or _first(front_text, KENMERK, "kenmerk")
    )
    # The article the questions are about when they name one, else the heading's topic.
    subject = (
        _first(front_text, SUBJECT_QUOTED, "subject")
        or _first(front_text, SUBJECT_HEADED, "subject")
        or _first(front_text, SUBJECT_PLAIN, "subject")
    )
    askers = _first(front_text, ASKERS, "askers")
    found = Metadata(
        kenmerk=kenmerk,
        submitted=_submitted(front_text),
        askers=askers,
        answerer=_signature(letter_lines) or _first(front_text, ANSWERED_BY, "who"),
        subject=subject,
        received=_date(_first(front_text, RECEIVED, "date") or _letter_date(letterhead)),
        parties=parties(askers),
        addressee=_first(front_text, ADDRESSEE, "addressee"),
    )
    return with_hints(found, hints) if hints else found


def _letter_date(letterhead: str) -> str | None:
    """The date a letterhead prints by its "Datum" label: beside it, in the column of values, or in one long line."""
    beside = _first(letterhead, LETTER_DATE, "date")
    if beside:
        return beside
    if label := _DATE_LABEL.search(letterhead):
        found = _DATE_ALONE.search(letterhead, label.end())
        return found.group("date") if found else None
    return _first(letterhead, _DATE_INLINE, "date")


def parties(askers: str | None) -> tuple[str, ...]:
    """The parties named in brackets after the askers: "Hirsch (GroenLinks-PvdA) en Teunissen (PvdA)"."""
    found = [" ".join(m.group("party").split()) for m in _PARTY_BRACKET.finditer(askers or "")]
    return tuple(dict.fromkeys(found))


def _first(text: str, pattern: re.Pattern[str], group: str) -> str | None:
    """Return the named group of the first match, with whitespace folded, or None."""
    match = pattern.search(text)
    return " ".join(match.group(group).split()) if match else None


def _submitted(text: str) -> str | None:
    """Return the submission date as ISO YYYY-MM-DD, or None."""
    if match := SUBMITTED.search(text):
        return _date(f"{match.group('day')} {match.group('month')} {match.group('year')}")
    if match := SUBMITTED_NUMERIC.search(text):
        return _date(f"{match.group('day')}-{match.group('month')}-{match.group('year')}")
    return None


@lru_cache(maxsize=256)
def _date(text: str | None) -> str | None:
    """A printed date ("20 november 2023", "2-12-2020") as ISO YYYY-MM-DD, or None; read by dateparser."""
    if not text:
        return None
    import dateparser

    settings = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]}
    found = dateparser.parse(" ".join(text.split()), languages=["nl", "en"], settings=settings)
    return found.date().isoformat() if found else None


def _signature(lines: Sequence[Line]) -> str | None:
    """Return "Role, Name" from a signature: a role line ending in a comma, then a name line."""
    filled = [line.text.strip() for line in lines if not line.blank]
    for index in range(len(filled)):
        if found := _signature_at(filled, index):
            role, name = found
            return f"{role} {name}"
    return None


def signature_start(lines: Sequence[Line]) -> int | None:
    """The index in ``lines`` of a signature's role line, when the lines hold a signature."""
    filled = [index for index, line in enumerate(lines) if not line.blank]
    texts = [lines[index].text.strip() for index in filled]
    return next((filled[i] for i in range(len(texts)) if _signature_at(texts, i)), None)


def _signature_at(filled: Sequence[str], index: int) -> tuple[str, str] | None:
    """The role and name of a signature starting at ``filled[index]``, if one does."""
    if not SIGNATURE_ROLE.match(filled[index]):
        return None
    role = [filled[index]]
    # A long role wraps; it ends at the line with the closing comma.
    while not role[-1].endswith(",") and index + len(role) < len(filled) and len(role) < 3:
        role.append(filled[index + len(role)])
    following = index + len(role)
    if role[-1].endswith(",") and following < len(filled) and SIGNATURE_NAME.match(filled[following]):
        return " ".join(role), filled[following]
    return None


def with_hints(found: Metadata, hints: Metadata) -> Metadata:
    """Fill the fields the text left unknown with what the file's own metadata says."""
    missing = {f.name: getattr(hints, f.name) for f in fields(Metadata) if getattr(found, f.name) is None}
    return replace(found, **{name: value for name, value in missing.items() if value is not None})
