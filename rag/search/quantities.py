"""Quantities, years and times in Dutch and English text, read with text2num and dateparser's data.

Numbers written as words ("tweeduizend", "vijftien", "twenty-one") are turned into digits
by ``text2num`` in the language of the text, so a number word of any size counts as a
quantity. A number from 1900 to 2099 is a year only in year context ("in 2021", "eind 2025",
"2020/2021", "(2019)"); "2000 aanvragen" is a count.

Times are the month and weekday names and the relative expressions ("volgend jaar", "this
year", "over 3 maanden", "two weeks ago") of ``dateparser``'s Dutch and English language
data. Not ``dateparser.search.search_dates``: measured, it read "We" as a date and "2000
aanvragen" as the year 2000, missed "binnenkort", "voor de zomer" and "next spring", took
about 1 ms a sentence and 130 ms for its first call. Its data has no seasons or parts of a
year, so those few words are listed here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dateparser.data.date_translation_data import en, nl
from text_to_num import alpha2digit

from rag.ingest.patterns import PAPER_NUMBER, REFERENCE_WORDS, WEB_ADDRESS
from rag.language import detect_language

_LANGUAGES = (nl.info, en.info)
# Spelled-out numbers above 1 are converted: "een" and "one" are articles as often as numbers.
_SPELLED_THRESHOLD = 1
# Fractions and counts of tens or dozens that text2num does not read as numbers.
_PARTS = frozenset("helft half kwart tientallen dozen dozens".split())
# Seasons, parts of a year and "soon": times that dateparser's language data lacks.
_SEASONS = frozenset(
    "voorjaar najaar lente zomer herfst winter kwartaal jaareinde begin eind medio binnenkort "
    "spring summer autumn fall quarter soon".split()
)
# Modal verbs that are also month names ("may"): never a time.
_MODALS = frozenset({"may"})
_MONTHS_AND_DAYS = (
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
).split()
# A year of the last and this century, standing alone: not "25604", "2.000,50" or "2020Z23459".
_YEAR = re.compile(r"(?<![\w.,])(?:19|20)\d\d(?!\w|[.,]\d)")
# A number in digits, with thousands dots or a decimal comma; not an ordinal ("3e", "3rd").
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?!e\b|ste\b|de\b|st\b|nd\b|rd\b|th\b)")
_WORD = re.compile(r"[^\W\d_]+")
# Words joining the years of a range: "2019 en 2021", "2018 tot en met 2022", "2019 to 2021".
_RANGE = r"\s+(?:en|and|tot en met|tot|t/m|to|through|until)\s+"
# A slash, a hyphen, or an en or em dash as printed documents write them, joining two years.
YEAR_JOINER = r"[/\-\u2013\u2014]"
_JOINED_BEFORE = re.compile(rf"(?:19|20)\d\d ?{YEAR_JOINER} ?$")
_JOINED_AFTER = re.compile(rf" ?{YEAR_JOINER} ?(?:19|20)?\d\d\b")
_RANGE_END = re.compile(rf"(?<![\w.,])(?:19|20)\d\d{_RANGE}$")
_RANGE_START = re.compile(rf"{_RANGE}(?:19|20)\d\d\b")
# "een" and "one" as text2num reads them before a noun ("een inventarisatie", "one of the
# reasons"): 1, which is an article or a pronoun far more often than a count.
_ONE = {"nl": re.compile(r"((?<![\w-])[Ee]en\b(?!-))"), "en": re.compile(r"((?<![\w-])[Oo]ne\b(?!-))")}
# Words after which a number is a year: prepositions, parts of a year, "jaar"/"year" ("schooljaar 2021").
_YEAR_LEADS = frozenset(
    "in van uit sinds vanaf voor na tot tussen tijdens per op eind begin medio halverwege jaar schooljaar "
    "from since for by of during until on between before after end early mid late year years".split()
)


def _names(key: str) -> list[str]:
    """The full names (not abbreviations) of one month or weekday in Dutch and English, lower case."""
    found = [name for info in _LANGUAGES for name in info.get(key, []) if len(name) >= 3 and "." not in name]
    return [n for n in found if n not in _MODALS and (len(n) > 3 or n == max(found, key=len))]


_TIME_NAMES = frozenset(name for key in _MONTHS_AND_DAYS for name in _names(key))
# Every month name and short form ("nov", "mrt", "sept"): before a year, they make it one.
_MONTH_FORMS = frozenset(n for info in _LANGUAGES for key in _MONTHS_AND_DAYS[:12] for n in info[key])
# The same as regular-expression alternatives, longest first, for dates written in full.
MONTH_NAMES = tuple(re.escape(n) for n in sorted(_MONTH_FORMS, key=len, reverse=True))
# Relative expressions without a number ("volgend jaar", "this week"); not "nu"/"now", which say little.
_RELATIVE = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            {re.escape(p) for info in _LANGUAGES for ps in info["relative-type"].values() for p in ps if len(p) >= 4},
            key=len,
            reverse=True,
        )
    )
    + r")\b",
    re.IGNORECASE,
)
# Relative expressions with a number: "over 3 maanden", "2 weeks ago" (on spelled-out text).
_COUNTED = re.compile(
    "|".join(rf"\b{p}\b" for info in _LANGUAGES for ps in info["relative-type-regex"].values() for p in ps),
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)  # a passage's sentences are read again by every question that finds them
def spelled_out(text: str) -> str:
    """``text`` with numbers written as words turned to digits, in its language: "tweeduizend" -> "2000"."""
    language = detect_language(text)
    one = _ONE[language]
    # The parts around "een" / "one" are converted alone, so that it stays a word.
    return "".join(
        p if one.fullmatch(p) else alpha2digit(p, language, threshold=_SPELLED_THRESHOLD) for p in one.split(text)
    )


def _is_year_at(text: str, match: re.Match[str]) -> bool:
    """Whether the 1900-2099 number ``match`` in ``text`` is a year: it stands in year context."""
    before, after = text[: match.start()], text[match.end() :]
    if _JOINED_BEFORE.search(before) or _JOINED_AFTER.match(after) or _RANGE_END.search(before):
        return True  # a range or school year: "2020/2021", "1999-2001", "tussen 2019 en 2021"
    previous = re.findall(r"[^\W\d_]+", before[-30:].lower())
    last = previous[-1] if previous else ""
    if last in _YEAR_LEADS or last in _MONTH_FORMS or last.endswith(("jaar", "jaren")):
        return True
    # Not followed by a word in lower case: "(2019)", "2021.", "in 2021 zal" was caught above.
    return not re.match(r"\s+[^\W\d_A-Z]", after) or bool(_RANGE_START.match(after))


def years(text: str) -> set[str]:
    """The years (1900-2099) that ``text`` names in year context: not the count in "2000 aanvragen"."""
    return {m.group() for m in _YEAR.finditer(text) if _is_year_at(text, m)}


def has_quantity(text: str) -> bool:
    """Whether ``text`` states a quantity: a number in digits or words that is not a year, or a fraction.

    The numbers of a date ("op 1 maart jl.", "22 tot en met 28 juli"), a clock time, a web
    address or a paper's number ("Kamerstuk 31 228, nr. 795") count nothing.
    """
    spelled = _without_labels(spelled_out(text))
    year_spans = {m.span() for m in _YEAR.finditer(spelled) if _is_year_at(spelled, m)}
    if any(m.span() not in year_spans for m in _NUMBER.finditer(spelled)):
        return True
    return any(_is_approximate(w) for w in _WORD.findall(spelled.lower()))


# A day of the month, alone or ending a range: "1 maart", "22 tot en met 28 juli", "14 en 15 mei".
_DAY = re.compile(rf"(?<![\w.,])\d{{1,2}}(?:{_RANGE}\d{{1,2}})?\s+(?:{'|'.join(MONTH_NAMES)})\.?(?!\w)", re.IGNORECASE)
# A clock time: "08.12 uur", "15:47"; not "12.50 procent".
_CLOCK = re.compile(r"(?<![\w.,])\d{1,2}(?:[.:]\d\d\s*(?:uur|u|h)\b|:\d\d(?![.,:]?\d))")
# A number after a reference word ("nr. 795", "artikel 3", "blz. 12").
_AFTER_REFERENCE = re.compile(rf"{REFERENCE_WORDS}\s*\d+(?:[.,]\d+)*", re.IGNORECASE)


def _without_labels(text: str) -> str:
    """``text`` with the numbers that label rather than count blanked out: dates, times, addresses, paper numbers."""
    for pattern in (WEB_ADDRESS, PAPER_NUMBER, _DAY, _CLOCK, _AFTER_REFERENCE):
        text = pattern.sub(" ", text)
    return text


def _is_approximate(word: str) -> bool:
    """Whether ``word`` is a fraction or a plural of a number word: "helft", "honderden", "millions"."""
    if word in _PARTS:
        return True
    for ending in ("en", "s"):
        stem = word.removesuffix(ending)
        if stem != word and len(stem) > 3 and _NUMBER.fullmatch(_as_number(stem)):
            return True
    return False


@lru_cache(maxsize=4096)
def _as_number(word: str) -> str:
    """``word`` as digits if text2num reads it as a number in Dutch or English, else ``word``."""
    for language in ("nl", "en"):
        digits = alpha2digit(word, language, threshold=0)
        if digits != word:
            return digits
    return word


def has_time(text: str) -> bool:
    """Whether ``text`` names a time: a year, a month or weekday, a relative date, a season or part of a year."""
    if years(text) or _RELATIVE.search(text):
        return True
    words = _WORD.findall(text.lower())
    if any(w in _TIME_NAMES or w in _SEASONS for w in words):
        return True
    return bool(_COUNTED.search(spelled_out(text)))
