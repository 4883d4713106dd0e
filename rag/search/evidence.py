"""Whether the passages found can hold the answer that a question asks for.

The background margin (``rag.search.retriever``) tells on-topic from off-topic questions. It cannot
tell a question the document answers from an on-topic one it does not: "how much will be
spent on AI in 2023" scores as high as "how much is the retraining subsidy". Two kinds of
evidence catch those without another model pass, in Dutch and English alike:

- **a year the collection never mentions.** Digits are the same in both languages: a
  question about 2023 cannot be answered by documents that never say 2023.
- **a year the best passages do not speak of.** A question about 2019 that finds a
  passage about 2020/2021 found the topic, not the year.
- **the answer type.** A question that opens with "hoeveel" / "how many" (or "hoe hoog" /
  "how old", "wat is de verhouding" / "what is the budget") asks for a quantity; one that
  opens with "wanneer" / "when" asks for a time. When the sentences that match the question
  best hold no quantity (or no time), they are about the topic but do not give what was asked. The
  numbers of a date, a clock time or a paper count nothing; but "what is the number ..."
  may ask for a count or for a paper's number, and is answered by any number. One
  that asks how much money ("hoeveel geld", "wat kost", "wat verdient", "what is the budget") also needs
  an amount in their passages: a euro sign, "euro", "miljoen", not only "700 studenten"; one
  that counts women or men, passages that name a sex ("man/vrouw"). One
  that asks what something is called ("hoe heet", "what is the name") or which of a kind
  of named thing ("welke vijf universiteiten") asks for a name: the best sentences must
  name something the question does not (a capitalised word that does not open the
  sentence and that the documents never write in lower case), not only "een Nederlandse
  startup die in Noordwijk ..." or "bacheloropleiding Kunstmatige intelligentie".

A quantity, an amount of money or a time is looked for in the best two matches, and in the
passage quoted first, which the user reads as the answer; a name in the best match alone,
unless the question asks about the document itself: a name elsewhere ("OCW en EZK" two
sentences on) is rarely the one asked for.

All of it is a few regular expressions over a handful of sentences: no model pass.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rag.search.names import NAME_WORD, names
from rag.search.quantities import MONTH_NAMES, YEAR_JOINER, has_quantity, has_time, spelled_out, years

__all__ = ["has_quantity", "has_time", "years"]  # read from ``rag.search.quantities``, used with the rest

AnswerType = Literal["quantity", "number", "money", "time", "name", "reason"]

# Answer types whose answer must stand in the question's best match alone. Chosen on the
# bundled document's read sets (docs/evaluation-history.md): with the best two matches, a name
# in the second one let through "Who wrote the Parool article?". Money was one too, until it was
# measured over 97 documents (docs/evaluation.md, "The round after a9b9c42"): over the best two,
# 5 more answerable questions are answered, each with the right passage first, and 5 more
# unanswerable ones; false abstention per document falls from 0.057, over the 5% budget that the
# margin is calibrated to, to 0.048, and abstention from 0.458 to 0.444.
BEST_MATCH_TYPES: frozenset[AnswerType] = frozenset({"name"})
# The answer types a passage is read for: the passage quoted first must state them as well as
# the best matches, and passages that state them are lifted (``Retriever._typed``). Not a name:
# nearly every answer passage names someone or something.
TYPED_ANSWERS: frozenset[AnswerType] = frozenset({"quantity", "number", "money", "time"})
# And a reason, which a passage is lifted for but never required to give: a cause may be told
# without a word that marks it ("De productie is geconcentreerd in Azië.").
LIFTED_ANSWERS: frozenset[AnswerType] = TYPED_ANSWERS | {"reason"}


@dataclass(frozen=True)
class Match:
    """A sentence, or two neighbouring ones, that matches the question well, and the text of its passage."""

    sentences: tuple[str, ...]
    passage: str  # a note's text is led by the sentence citing it


# A date as a question writes it, with the word before it: "in 2021", "van 15 november
# 2019", "since 2 Dec 2020", "schooljaar 2020/2021" (the year part). Month names and their
# short forms are dateparser's (``rag.search.quantities.MONTH_NAMES``).
_DATE = re.compile(
    r"(?:\b(?:in|van|uit|sinds|vanaf|voor|na|tot|tijdens|per|op|from|since|for|by|of|during|until|on)\s+)?"
    rf"(?:\b\d{{1,2}}\s+)?(?:\b(?:{'|'.join(MONTH_NAMES)})\.?\s+)?"
    rf"(?<![\w.,])(?:19|20)\d\d(?:{YEAR_JOINER}(?:19|20)?\d\d)?(?!\w|[.,]\d)",
    re.IGNORECASE,
)
# Words for a sex, Dutch and English: a count of women ("hoeveel vrouwen", "what share are
# female") is only stated where the passage names the sex ("De verhouding man/vrouw is 70/30").
_SEX = re.compile(
    r"\b(?:vrouw\w*|man|mannen|mannelijke?|meisjes?|meiden|jongens?|geslacht|wom[ae]n|men|female|male|girls?|boys?|gender|sex)\b",
    re.IGNORECASE,
)
# The question words that decide the answer type, per type. Only the first question word
# of the question counts: "waarom is het moeilijk te tellen hoeveel ..." asks why.
_QUANTITY_CUES = (
    "hoeveel",
    "how many",
    "how much",
    "welk percentage",
    "what percentage",
    "welk bedrag",
    "what amount",
    # A measure: how old, high or far something is. Not how long or how often: "een half jaar",
    # "jaarlijks" answer those without a number. Not how big: "hoe groot is de kans" asks for a
    # judgement unless a measure follows ("hoe groot is het bedrag", ``_MEASURE_QUESTION``). Not
    # "what share": measured, it refused one answerable question for every two unanswerable ones.
    "hoe oud",
    "how old",
    "hoe hoog",
    "how high",
    "hoe ver",
    "how far",
    "op welke diepte",
    "at what depth",
    "welke temperatuur",
    "what temperature",
)
# Modal verbs after "wanneer" / "when" make it ask for a condition, not a time.
_MODALS = frozenset("mag mogen kan kunnen moet moeten can may must should could might".split())
_TIME_CUES = ("wanneer", "when", "per wanneer", "op welke datum", "on what date", "in welk jaar", "in what year")
# Questions that ask what something is called, or who wrote it: the answer names it.
_NAME_CUES = (
    "hoe heet",
    "hoe heten",
    "wat is de naam",
    "wat zijn de namen",
    "what is the name",
    "what s the name",
    "what are the names",
    "wie schreef",
    "who wrote",
)
# "Welke (vijf) universiteiten", "which ministry": which of a kind of thing answered by its
# name. Not "welke drie manieren" (ways have none), nor "welke bedrijven": policy answers
# name companies and organisations by a description ("het midden- en kleinbedrijf"). Nor
# "welke krant": measured, the bundled document's "In welke krant stond het artikel …?" was
# then refused.
_NAMED_KINDS = (
    "universiteit universiteiten hogeschool hogescholen startup startups partij partijen gemeente gemeenten "
    "stad steden land landen ministerie ministeries journalist journalisten provincie provincies bank banken "
    "ziekenhuis ziekenhuizen rechtbank rechtbanken toezichthouder toezichthouders fabrikant fabrikanten "
    "vaccin vaccins omroep omroepen luchthaven luchthavens regio "
    "university universities startup startups party parties city cities country countries ministry "
    "ministries journalist journalists province provinces bank banks hospital hospitals court courts "
    "regulator regulators manufacturer manufacturers vaccine vaccines broadcaster broadcasters airport airports "
    "region regions"
).split()
_NAME_QUESTION = re.compile(rf"\b(?:welke|welk|which) (?:\w+ )?(?:{'|'.join(_NAMED_KINDS)})\b")
# "Waarom …?" asks for a reason. Its passages are not required to state one (nothing refuses
# for it); one that does is lifted (``Retriever._typed``).
_REASON_CUES = ("waarom", "why")
# Question words that ask something else (manner, place, identity, choice, yes/no).
_OTHER_CUES = (
    "hoe",
    "how",
    "waar",
    "where",
    "wie",
    "who",
    "wat",
    "what",
    "welk",
    "welke",
    "which",
    "kan",
    "can",
    "is",
    "zijn",
    "are",
    "does",
    "do",
)
_CUES: tuple[tuple[str, AnswerType | None], ...] = tuple(
    sorted(
        [(c, "quantity") for c in _QUANTITY_CUES]
        + [(c, "time") for c in _TIME_CUES]
        + [(c, "name") for c in _NAME_CUES]
        + [(c, "reason") for c in _REASON_CUES]
        + [(c, None) for c in _OTHER_CUES],
        key=lambda cue: -len(cue[0]),  # the longest cue at a position wins: "how many" before "how"
    )
)
_WORD = re.compile(r"[^\W\d_]+")
# "Wat is de verhouding ...", "What is the budget ...": a question that opens by asking what
# a measure is asks for a quantity as surely as "hoeveel" does. The measure is one of the
# first four words after the article, before any preposition ("het totale bedrag", "the
# statutory minimum wage for ..."). A Dutch measure may end a compound
# ("man-vrouwverhouding", "onderzoeksbudget"); an English one is a word of its own, or
# "current" would be a rent and "message" an age.
QUANTITY_NOUNS = tuple(
    "aantal verhouding percentage bedrag budget omvang kosten prijs aandeel salaris loon tarief quotum limiet "
    "leeftijd snelheid diepte afstand premie huur boete inkomen temperatuur omzet opbrengst".split()
)
QUANTITY_NOUNS_EN = frozenset(
    "number numbers ratio percentage amount budget size cost costs price prices share salary wage wages "
    "tariff tariffs rate rates quota limit limits age speed depth distance premium rent fine fines income "
    "temperature turnover revenue revenues".split()
)
# A quantity question that asks how much money: "hoeveel geld", "how much funding", "wat kost",
# "what is the budget", "hoe hoog is de boete". It is answered by an amount, not by any number
# ("700 studenten"). Not "hoeveel bedrijven vroegen subsidie aan": what follows "hoeveel" is what
# is counted. A Dutch word for money may end a compound ("losgeld", "maandsalaris", "zorgtoeslag").
# Not a tariff or a rate: "het btw-tarief" is a percentage.
_MONEY_WORDS_NL = (
    "geld euro subsidie budget bedrag kost kosten prijs financiering investering bijdrage omzet opbrengst "
    "salaris loon boete toeslag vergoeding uitkering premie huur schuld schulden inkomen"
).split()
_MONEY_WORDS_EN = (
    "money euros funding subsidy subsidies budget amount cost costs price prices fee fees turnover revenue "
    "revenues salary salaries wage wages fine fines fined compensation allowance debt debts income rent "
    "investment contribution spend spends spent invest invests invested investing contribute contributes "
    "contributed pay pays paid earn earns earned receive receives received reimburse reimburses reimbursed"
).split()
_MONEY_NL = rf"\w*(?:{'|'.join(_MONEY_WORDS_NL)})"
_MONEY_EN = rf"(?:{'|'.join(_MONEY_WORDS_EN)})"
_MONEY_QUESTION = re.compile(
    rf"\bhoeveel (?:{_MONEY_NL}|investeert|investeren)\b|\bhow much\b.*\b{_MONEY_EN}\b"
    rf"|\b(?:wat|welk|hoe groot|hoe hoog) (?:(?:is|was|zijn|waren) )?(?:(?:\w+ )?(?:de|het) )?(?:\w+ )?{_MONEY_NL}\b"
    rf"|\b(?:what|which|how big|how large|how high) (?:(?:is|was|are|were) )?(?:(?:\w+ )?the )?(?:\w+ )?{_MONEY_EN}\b"
)
# Where a question starts, and where a second one does: a comma or "and" / "en" before a question word.
_QUESTION_WORD = re.compile(r"\b(?:hoeveel|how|wat|what|wanneer|when|welke?|which|waarom|why|hoe|wie|who)\b")
_NEXT_QUESTION = re.compile(rf"(?:,|;| and| en) (?={_QUESTION_WORD.pattern})")
# "Wat kost ...?", "Wat heeft ... gekost?", "Wat verdient ...?", "What does ... cost / earn /
# spend?": the first question word asks what, the verb how much.
_COST_QUESTION = re.compile(
    r"(?:wat|hoeveel) (?:\w+ ){0,12}?(?:kost|kostte|kostten|gekost|verdient|verdienen|verdiende|verdienden)\b"
    r"|(?:wat|hoeveel) (?:gaat|gaan|zal|zullen|zou|zouden|moet|moeten|ging|gingen) (?:\w+ ){0,12}?kosten\b"
    r"|what (?:does|do|did|will) .*\b(?:cost|earn|spend)\b"
)
# "For what price ...?", "Voor welk bedrag ...?", "Tegen welke prijs ...?": the preposition makes
# "what" ask for the amount itself, not which costs or prices there are.
_PRICE_QUESTION = re.compile(r"\b(?:for|at|tegen|voor) (?:what|which|welke?) (?:price|amount|sum|prijs|bedrag|som)\b")
# An amount of money: a currency sign or word, or millions and billions.
_MONEY = re.compile(r"[€$£]|\b(?:euro|eur|miljoen|miljard|mln|mld|million|billion)\b", re.IGNORECASE)
# The words, Dutch and English, by which a passage gives a cause or a reason: "omdat", "waardoor",
# "vanwege", "als gevolg van", "de oorzaken", "dat komt door". Conjunctions and nouns of any subject.
_REASON = re.compile(
    r"\b(?:omdat|doordat|waardoor|daardoor|hierdoor|oorza\w*|reden|redenen|vanwege|wegens|dankzij|gevolg van|"
    r"veroorzaakt|verklaring|verklaard|(?:komt|komen) door|because|due to|caused|causes?|reasons?|as a result)\b",
    re.IGNORECASE,
)
# A word may stand before the article ("wat zijn gemiddeld de kosten"). The verb may not be
# left out: "welke prijs won de startup" asks for a prize, "welke kosten dekt de regeling" which
# costs there are.
_MEASURE_QUESTION = re.compile(
    r"^(?:wat|what|hoe groot|hoe hoog|how big|how large|how high) (?:is|was|zijn|waren|wordt|worden|are|were) "
    r"(?:(?:\S+ )?(?:de|het|een|the|a|an) )?((?:\S+ ?){1,4})"
)
# The words, Dutch and English, that end the phrase naming the measure: "the average milk price
# paid to ..." names a price, "the role of the budget" a role.
_PHRASE_ENDS = frozenset(
    "van voor in op bij aan met naar over uit om dat die de het een en of "
    "for on at to with from by about that which who the a an and or".split()
)


@lru_cache(maxsize=256)  # read by the evidence test and once per lifted passage (``Retriever._typed``)
def answer_type(question: str) -> AnswerType | None:
    """What the question asks for, by its first question word: a quantity, money, a time, a name or else None."""
    # Spelled-out counts become digits, which drop out of the words: "welke vijf universiteiten".
    spelled = spelled_out(question).lower()
    text = " ".join(_WORD.findall(spelled))
    kind = _first_answer_type(question, text)
    if (
        _COST_QUESTION.match(text)
        or _PRICE_QUESTION.search(text)
        or (kind == "quantity" and _MONEY_QUESTION.search(_first_question(spelled)))
    ):
        return "money"
    return kind


def _first_question(spelled: str) -> str:
    """The words of the first question in ``spelled`` (lower case), where it asks several.

    "How many landowners applied, ..., and how much money was paid?" first asks for a count;
    "According to the regulator, how much ..." opens with no question.
    """
    clauses = _NEXT_QUESTION.split(spelled)
    first = next((c for c in clauses if _QUESTION_WORD.search(c)), clauses[0])
    return " ".join(_WORD.findall(first))


def _first_answer_type(question: str, text: str) -> AnswerType | None:
    """The answer type that the question's first question word asks for; ``text`` is its words, lower-cased."""
    words = " ".join(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", question.lower()))
    measure = _MEASURE_QUESTION.match(words)
    nouns = list(itertools.takewhile(lambda w: w not in _PHRASE_ENDS, measure.group(1).split())) if measure else []
    if any(w.endswith(QUANTITY_NOUNS) or w.rsplit("-", 1)[-1] in QUANTITY_NOUNS_EN for w in nouns):
        # "What is the number ...": a count ("of students") or a label ("paper number"), in digits either way.
        return "number" if any(w.endswith(("number", "numbers")) for w in nouns) else "quantity"
    padded = f" {text} "
    named = _NAME_QUESTION.search(padded)
    first: tuple[int, AnswerType | None] | None = (named.start() - 1, "name") if named else None
    for cue, kind in _CUES:
        at = padded.find(f" {cue} ")
        if at >= 0 and (first is None or at < first[0]):
            # "Wanneer mag de staat ... intrekken?", "When can the reports be shared?" ask in which case.
            conditional = kind == "time" and padded[at + len(cue) + 2 :].split(" ", 1)[0] in _MODALS
            first = (at, None if conditional else kind)
    return first[1] if first else None


def states_answer(question: str, text: str, common: Collection[str] = ()) -> bool:
    """Whether ``text`` states what the question asks for (``LIFTED_ANSWERS``): a cause where it asks why."""
    if answer_type(question) == "reason":
        return bool(_REASON.search(text))
    return not lacks_answer_type(question, [text], common)


def has_money(text: str) -> bool:
    """Whether ``text`` states an amount of money: a euro sign, "euro", "miljoen", "million" and the like."""
    return bool(_MONEY.search(text))


def without_dates(question: str) -> str | None:
    """``question`` with its years and dates left out ("Hoe hoog is de huurtoeslag?"), or None if it names no year."""
    if not years(question):
        return None
    bare = " ".join(_DATE.sub(" ", question).split())
    return re.sub(r"\s+(?=[?.!,])", "", bare)


def lacks_answer_type(
    question: str, sentences: Sequence[str], common: Collection[str] = (), passages: Sequence[str] | None = None
) -> bool:
    """Whether the question asks for a quantity, money, a time or a name that none of ``sentences`` states.

    A question for money needs a number in ``sentences`` and an amount in ``passages`` (by
    default the sentences themselves): the amount can stand a sentence or two from the best
    match ("… de op handen zijnde call. Op AI ontstaat er, met een maximale bijdrage vanuit
    de NWA van €7,5 miljoen, …", eval/fresh14), and is rare enough in a passage to tell. A
    quantity of women or men needs ``passages`` that name a sex: "3900 studenten" counts
    no women.
    """
    kind = answer_type(question)
    if kind in (None, "reason"):
        return False
    passages = sentences if passages is None else passages
    if kind in ("quantity", "number") and _SEX.search(question) and not any(_SEX.search(p) for p in passages):
        return True
    if kind == "name":
        asked = {w.lower() for w in NAME_WORD.findall(question)}
        return not any(names(s, common) - asked for s in sentences)
    if kind == "money":
        return not any(has_quantity(s) for s in sentences) or not any(has_money(p) for p in passages)
    if kind == "number":
        return not any(re.search(r"\d", spelled_out(s)) for s in sentences)
    check = has_quantity if kind == "quantity" else has_time
    return not any(check(s) for s in sentences)


def unsupported(
    question: str,
    known_years: Iterable[str],
    matches: Sequence[Match],
    common: Collection[str] = (),
    about_document: bool = False,
    first: str = "",
) -> str:
    """Why the best matches cannot answer ``question``, or "" when nothing speaks against them.

    ``known_years`` are the years the searched documents name; ``matches`` are the sentence
    units that match the question best, best first; ``first`` is the text of the passage
    quoted first, when it is known. ``about_document`` is true for a
    question about the document itself (who answered, who asked): its answer stands in the
    passage the facet leg lifts, not always in the best match. The reasons, checked in
    this order:

    - "unknown_year": the question names a year that no searched document names;
    - "year_elsewhere": it names a year that the passages of its matches do not, so they
      speak of another year ("instroom in 2019" found "schooljaar 2020/2021");
    - "answer_type": it asks for a quantity or a time that none of its matches states (or a
      quantity of women or men where their passages name no sex), or for a name that its
      best match does not state (``BEST_MATCH_TYPES``); or it asks for a quantity, an amount
      or a time that ``first`` does not state: the passage read as the answer must hold it.
    """
    asked = years(question)
    if asked - set(known_years):
        return "unknown_year"
    if asked - set().union(*(years(m.passage) for m in matches)):
        return "year_elsewhere"
    if answer_type(question) in BEST_MATCH_TYPES and not about_document:
        matches = matches[:1]
    sentences = [s for m in matches for s in m.sentences]
    if lacks_answer_type(question, sentences, common, list(dict.fromkeys(m.passage for m in matches))):
        return "answer_type"
    # The best matches may stand in a passage that a lift put below the first quote.
    if first and not about_document and answer_type(question) in TYPED_ANSWERS:
        return "answer_type" if lacks_answer_type(question, [first], common) else ""
    return ""
