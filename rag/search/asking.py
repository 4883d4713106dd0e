"""What a question asks about an answer document itself, and what else it names.

The facets ("who answered?", "when were the questions submitted?", "which article?"), a
link or a source, the topic a question about the document names ("de vragen over de
stikstofuitstoot"), and what a question about the members' questions asks about. Read
from the question's words alone, in Dutch and English; ``rag.search.facets`` lifts the
passages that state a facet.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.search.lexical import stop_words
from rag.search.names import ADJECTIVE_ENDINGS, NAME_WORD

_ASKING = {
    # Who answered: the minister whose signature closes the letter.
    "answerer": (
        r"\bwie\b.*\b(onderteken\w*|getekend|tekende|beantwoord\w*|antwoordde|geantwoord|verstuurd|stuurde|gestuurd)\b",
        r"\bdoor wie\b.*\b(beantwoord|ondertekend|getekend|verstuurd|gestuurd)\b",
        r"\bwelke? \w*(minister|bewindspersonen|bewindspersoon|ministerie)\b"
        r".*\b(antwoord\w*|beantwoord\w*|onderteken\w*|getekend|brief)\b",
        r"\bondertekening\b",
        r"\bafzender\b",
        r"\bwho\b.*\b(signed|sign|answered|answer|replied|reply|responded|sent)\b",
        r"\bwho\b.*\bwrote\b(?!.*\b(article|report|story|piece|news)\b)",  # not who wrote the article
        r"\bwhich (\w+ )?(minister|ministry|official|department)\b"
        r".*\b(answer\w*|repl\w*|sign\w*|respond\w*|sent|letter)\b",
        r"\bsigned by\b",
        r"\bsignatory\b",
    ),
    # On whose behalf as well: "mede namens de staatssecretaris ...".
    "cosigner": (
        r"\bnamens\b",
        r"\bstaatssecretaris\b",
        r"\bon (whose|the) behalf\b",
        r"\bon behalf of\b",
        r"\bco-?sign\w*",
        r"\bstate secretary\b",
    ),
    # Who signed: the signature itself.
    "signer": (
        r"\b(onderteken\w*|getekend|tekende|handtekening)\b",
        r"\b(?<!co-)(signed|signs?|signature|signatory)\b",
    ),
    "askers": (
        r"\bwelke? (kamer)?leden\b",
        r"\bwelk kamerlid\b",
        r"\bwelke (partij|fractie)\b",
        # Not "welke partijen nemen deel aan het lab": in Dutch those are organisations.
        r"\bwelke (partijen|fracties)\b.*\b(vragen|vragensteller\w*|(kamer)?leden|kamerlid|gesteld|ingediend)\b",
        r"\bwie (zijn|waren) (de )?vragenstellers?\b",
        r"\bwelke vragenstellers?\b",
        r"\bwie\b.*\b(gesteld|ingediend|ingezonden|stelde|stelden)\b",
        r"\bdoor wie\b.*\b(gesteld|ingediend|ingezonden)\b",
        r"\bwhich (\w+ )?(mps?|members? of parliament|parliamentarians?|politicians?)\b",
        # A party, but not "which parties take part in the AI lab": those are organisations.
        r"\b(which|what) (political part(y|ies)|party)\b|\bwelke politieke partij",
        r"\bwhich members?\b.*\b(asked|submitted|tabled|filed|posed|put|wrote|raised)\b",
        # Not "Who has the minister asked to draw up …?": there the minister asks, and "who" is asked.
        r"\bwho\b(?! (?:has|have|had|did|does|do|will|would) (?:the|a|an|this|that|he|she|they|it|we|you)\b)"
        r".*\b(asked|submitted|tabled|filed|posed|put)\b",
    ),
    "submitted": (
        r"\bwanneer\b.*\b(ingedien\w*|ingezonden|ingestuurd|gesteld|verstuurd)\b",
        r"\b(datum|date)\b.*\b(indiening|ingedien\w*|ingezonden|ingestuurd|submission|submitted)\b",
        r"\b(welke|which) (kamer)?(vragen|questions)\b"
        r".*\b(ingezonden|ingedien\w*|ingestuurd|submitted|tabled|filed|lodged)\b",
        r"\b(op welke datum|welke datum|de datum)\b.*\b(vragen|ingediend|ingezonden|gesteld)\b",
        r"\bwhen\b.*\b(submitted|tabled|filed|asked|sent in|lodged)\b",
        r"\b(what|which) date\b.*\b(submitted|tabled|filed|asked|questions)\b",
    ),
    # When the answers came: "(ontvangen 21 maart 2024)" in the heading, or the letter's date.
    "received": (
        r"\b(wanneer|welke datum|op welke datum|de datum)\b.*\b(beantwoord\w*|ontvangen|antwoorden|verstuurd)\b",
        # "Wanneer kwam het antwoord van het kabinet binnen?"
        r"\bwanneer\b.*\b(antwoord\w*)\b.*\bbinnen\b|\bwanneer\b.*\bbinnen(gekomen|kwam|kwamen)\b",
        r"\b(when|what date|which date|the date)\b.*\b(answer\w*|received|replied|responded|reply|sent)\b",
        r"\bhoe lang\b.*\b(beantwoord\w*|antwoord\w*)\b",
        r"\bhow long\b.*\b(answer\w*|repl\w*|respond\w*)\b",
    ),
    # Why the answers are late: the reason a Mededeling gives for needing more time.
    "delay": (
        r"\bwaarom\b.*\b(langer|later|uitgesteld|uitstel|vertraagd|vertraging|niet binnen)\b",
        r"\b(reden|oorzaak)\b.*\b(uitstel|vertraging)\b",
        r"\bwhy\b.*\b(longer|later|late|delay\w*|postpone\w*)\b",
        r"\b(reason|cause)\b.*\b(delay\w*|postpone\w*)\b",
    ),
    "kenmerk": (
        r"\b(kenmerk|referentienummer|zaaknummer|registratienummer)\b",
        r"\bnummer van (deze|die|de) (kamer)?vragen\b",
        r"\bonder welk nummer\b|\bgeregistreerd onder\b",
        r"\bunder (which|what) number\b|\b(which|what) number\b.*\b(registered|filed)\b",
        r"\breference (number|no\.?|code)\b",
        r"\bregistration number\b",
    ),
    "subject": (
        r"\b(welk|welke|wat voor)\s+(kranten|nieuws)?(artikel|bericht|krant|krantenbericht|dagblad)\b",
        r"\bin welke krant\b",
        r"\baanleiding\b.*vragen\b",
        r"\bkop\b.*\b(artikel|bericht)\b",
        r"\b(which|what)\s+(news(paper)?\s+)?(article|newspaper|report|story|paper|headline)\b",
        r"\bheadline\b",
        r"\b(prompted|triggered)\b.*\bquestions?\b",
        r"\bnews (story|report|article)\b",
    ),
    # Where the article appeared: the note that cites it, with paper and date.
    "publication": (
        r"\b(krant|krantenartikel|krantenbericht|krantenstuk|dagblad|newspaper)\b",
        r"\b(verscheen|gepubliceerd|published|appeared)\b.*\b(artikel|bericht|article|report|story)\b",
        r"\bwhich paper\b",
    ),
    # Whether the minister knows the article: Vraag 1 of nearly every set of Kamervragen
    # ("Bent u bekend met het bericht ...?"), answered in a word.
    "aware": (
        r"\b(kent|kende|kenden|bekend|gelezen|gezien)\b.*\b(\w*artikel|\w*bericht|uitzending|stuk|\w+-stuk|krantenstuk|nieuwsstuk)\b",
        r"\b(aware|seen|read|familiar|know|knew)\b.*\b(article|report|story|piece|news)\b",
    ),
    # What the members asked or claimed in their Kamervraag: its words are the answer.
    "question": (
        r"\b(kamer)?leden\b.*\b(vroegen|vragen|vraagt|gevraagd|stelden|wilden|noem\w*|verw\w*|schreven|citeren|citeerden)\b",
        r"\b(vroegen|vragen|vroeg|stelden|noemden|verwezen|verwijzen|schreven)\b"
        r".*\b(de|het) (\w+-)?(kamer)?(leden|lid)\b",
        r"\bvragenstellers?\b",
        r"\b(zoals|volgens) (de )?(kamer)?leden\b",
        r"\bin (hun|de|hun eigen) vra(ag|gen)\b",
        r"\b(mps?|members|parliamentarians|questioners|politicians)\b.*\b(ask\w*|mention\w*|cit\w*|point\w*|refer\w*|claim\w*|say|said|quot\w*|want\w*|rais\w*)\b",
        r"\b(according to|in) (the|their) (mps|members|questions?|questioners)\b",
        r"\bdid (the|they|those) \w* ?ask\b",
    ),
    # A claim of someone other than the government: the members may cite it, or the answer may
    # state it ("volgens de afspraken in het MOB"). Only the first is what they asked.
    "claim": (
        r"\bvolgens (?!(?:de |het |deze )?"
        r"(?:minister|kabinet|regering|staatssecretaris|overheid|ministerie|antwoord|brief))",
        r"\baccording to (?!(?:the |these )?"
        r"(?:minister|gov\w*|cabinet|state secretary|ministry|answer|letter|reply|dutch gov))",
    ),
    # A parliamentary paper number: a note that is only "Kamerstuk 29 696, nr. 7".
    "reference": (
        # Its number or which one it is; not its date ("Op welke datum verscheen het kamerstuk ...").
        r"\bkamerstuk(ken)?(nummers?|nr)\b",
        r"\bkamerstuk\w*\b.*\b(nummer|nr|number|no)\b",
        r"\b(nummer|number)\b.*\bkamerstuk",
        r"\b(welk|welke|which|what) kamerstuk",
        r"\b(parliamentary|parliament) (paper|document|record)s?\b.*\b(number|no\.?|cited|reference)\b",
        r"\b(paper|document|dossier) (number|no\.?)\b",
        r"\bwhich (parliamentary )?(paper|document)\b.*\b(cited|referred|referenced|numbered)\b",
        r"\b(which|what) parliamentary (paper|document)\b",
    ),
}
ASKING = {facet: tuple(re.compile(p, re.IGNORECASE) for p in patterns) for facet, patterns in _ASKING.items()}


# Words for handing in the questions: without one, a date asked beside the article is its date.
_SUBMITTING = re.compile(
    r"\b(ingediend|ingezonden|gesteld|verstuurd|submitted|tabled|filed|lodged|sent in)\b", re.IGNORECASE
)
# Words for the questions or their answers: without one, "why ... later" asks why the policy is late.
_ANSWERING = re.compile(
    r"\b(beantwoord\w*|antwoord\w*|(kamer)?vragen|answer\w*|repl(y|ies|ied)|respon\w*|questions)\b", re.IGNORECASE
)


@lru_cache(maxsize=256)  # asked by the retriever and again by the facet leg for one question
def asked_facets(question: str) -> frozenset[str]:
    """The facets of the document itself that ``question`` asks for, if any."""
    asked = {facet for facet, patterns in ASKING.items() if any(p.search(question) for p in patterns)}
    if "question" in asked or not claimants(question):
        # "according to their question": the members' own words; "volgens de afspraken": no one
        # named whom a Kamervraag could cite.
        asked.discard("claim")
    if "askers" in asked:
        asked.discard("question")  # "Welke Kamerleden stelden de vragen?" asks who, not what
    if "aware" in asked and re.match(r"\s*(waar|where)\b", question, re.IGNORECASE):
        asked.discard("aware")  # "Where can I read the article?" asks where, not whether she knows it
    if "aware" in asked:
        asked.discard("publication")  # "Kent de minister het stuk in de krant?" asks whether, not where
    if asked & {"publication", "subject", "received"} and not _SUBMITTING.search(question):
        # "Op welke datum verscheen het artikel waar de vragen over gaan?", "... de vragen beantwoord?"
        asked.discard("submitted")
    if not _ANSWERING.search(question):
        # "Waarom loopt de bouw vertraging op?", "Why do ambulances take longer?": not the answers' delay.
        asked.discard("delay")
    return frozenset(asked)


# Who makes the claim a question asks about: the words after "volgens" / "according to", up to a
# comma or the question's end ("volgens de AI Coalitie de komende tien jaar").
_CLAIMANT = re.compile(r"\b(?:volgens|according to)\s+(?P<who>[^,;?!]+)", re.IGNORECASE)
# The claimant's name is the first run of capitalised words among this many words after it:
# "de inspecties van de GGD", "het RIVM in Nederland", "the NLR measurements".
CLAIMANT_WORDS = 5


def claimants(question: str) -> tuple[str, ...]:
    """The name of whoever the question says makes its claim, lower-cased ("ai", "coalitie"); none for "the unions"."""
    found = _CLAIMANT.search(question)
    words = NAME_WORD.findall(found.group("who"))[:CLAIMANT_WORDS] if found else []
    start = next((i for i, w in enumerate(words) if w[0].isupper()), len(words))
    end = next((i for i in range(start, len(words)) if not words[i][0].isupper()), len(words))
    # Not "De" opening "De Nederlandsche Bank", nor an adjective of a place ("Europese").
    dropped = stop_words()
    return tuple(w.lower() for w in words[start:end] if w.lower() not in dropped and not w.endswith(ADJECTIVE_ENDINGS))


# A question for the web address itself: "link to the VSNU page", "Op welke webpagina …?".
_LINK = re.compile(
    r"\b(link|links|url|website|webpagina|webpage|web page|webadres|web address|internetadres|weblink)\b",
    re.IGNORECASE,
)
# A question for where to read something: "Waar kan ik het overzicht vinden?", "Is it online?".
_WHERE_TO_READ = re.compile(
    r"\b(internet|online)\b"
    r"|\bwaar\b.*\b(vind|vinden|terugvinden|lees|lezen|nalezen)\b"
    r"|\bwhere\b.*\b(find|read|look up|see)\b",
    re.IGNORECASE,
)


def asks_for_link(question: str) -> bool:
    """Whether ``question`` asks for a web address, not only where to read something."""
    return bool(_LINK.search(question))


def asks_for_source(question: str) -> bool:
    """Whether ``question`` asks for a paper number, a web address or where to read something.

    A bare link or paper number answers only those questions.
    """
    return "reference" in asked_facets(question) or asks_for_link(question) or bool(_WHERE_TO_READ.search(question))


# "... de vragen over <topic> ingediend?", "... the questions about <topic>?": the topic a
# facet question names. The facet words match any document's letter, so only the topic
# tells whether it is this collection's document at all.
_TOPIC = re.compile(
    # Not "waar de vragen over gaan" (what they are about) nor "about which ...", nor the
    # English "over the next ten years"; "on" only as in "the questions on windmills", not "on 3 March".
    r"\b(?:over(?!\s+(?:the|a|an|time|\d+)\b)|about|regarding|concerning|inzake|omtrent"
    r"|(?<=questions )on(?!\s+\d)|(?<=answers )on(?!\s+\d))\s+"
    r"(?!(?:gaat|gaan|ging|gingen|handelt|handelen|which|what|welke|welk|wat|wie|who)\b)(?P<topic>.+?)"
    r"(?:\s+(?:ingediend|ingezonden|gesteld|verstuurd|beantwoord|ondertekend|gestuurd|submitted|tabled|asked|"
    r"answered|signed|sent(?: in)?|handed in|lodged|filed))?"
    # Where the answers went is no part of what they are about: "... over de Peel naar de Kamer".
    r"(?:\s+(?:to|naar|aan)\s+(?:the\s+|de\s+)?(?:tweede\s+)?(?:house(?:\s+of\s+representatives)?|kamer|parliament))?"
    # The topic ends at the question's end or where it asks a second thing ("..., and when did").
    r"(?:\s*[?.!]*$|,?\s+(?:and|en)\s+(?:when|who|which|what|how|under|wanneer|wie|welke|welk|wat|hoe|onder)\b)",
    re.IGNORECASE,
)


# "deze antwoorden", "the letter", "these questions", "the news story": the question is about
# the document at hand or the article it is about.
_ITSELF = re.compile(
    r"\b(deze|de|die|het|dit|this|these|the)\s+(antwoorden|brief|kamerbrief|antwoordbrief|vragen|kamervragen|"
    r"schriftelijke vragen|beantwoording|answers|letter|questions|written questions|parliamentary questions|"
    r"reply|replies|"
    r"artikel|bericht|krantenartikel|krantenbericht|nieuwsbericht|((news|newspaper) )?(article|story|report|piece))\b",
    re.IGNORECASE,
)


def names_the_document(question: str) -> bool:
    """Whether ``question`` names the document at hand ("deze antwoorden", "the letter", "these questions")."""
    return bool(_ITSELF.search(question))


def without_the_document(question: str) -> str:
    """``question`` with the words that name the document at hand taken out."""
    return _ITSELF.sub(" ", question)


def about_itself(question: str) -> bool:
    """Whether a facet question is about the document at hand and names no other topic."""
    return names_the_document(question) and topic_of(question) is None


@lru_cache(maxsize=256)  # read by the topic test and again by ``about_itself``
def topic_of(question: str) -> str | None:
    """The topic a facet question names ("over de stikstofuitstoot"), if it names one."""
    found = _TOPIC.search(question)
    topic = found.group("topic").strip() if found else ""
    return topic if re.search(r"\w{3}", topic) else None


# Words that say a question asks what the members asked, in both languages. They match every
# Kamervraag alike, so the Kamervragen are matched on the rest (``members_topic``).
_MEMBERS_WORDS = frozenset(
    "mp mps member members parliament parliamentarian parliamentarians questioner questioners ask asked asking "
    "want wanted know mention mentioned claim claimed say said according question questions point pointed refer "
    "referred kamerlid kamerleden leden lid vragensteller vragenstellers vroeg vroegen vragen gevraagd wilden weten "
    "noemden noemen verwezen verwijzen volgens zoals stelden about over".split()
)


def members_topic(question: str) -> str:
    """What a question about the members' question is about: its words but stop words and those saying so."""
    dropped = stop_words() | _MEMBERS_WORDS
    words = re.findall(r"[\w'\u2019-]+", question)
    # "CDA-Kamerleden" names the members as surely as "Kamerleden".
    return " ".join(w for w in words if w.lower() not in dropped and w.lower().rsplit("-", 1)[-1] not in dropped)
