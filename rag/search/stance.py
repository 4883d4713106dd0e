"""A question for the government's view, plan or action, or for what the documents say, and its topic.

"Wat vindt het kabinet van kernenergie?", "Is the minister going to ban disposable vapes?",
"What is the government doing about bitcoin mining?": every answer document speaks of the
cabinet's views, plans and measures in those words ("Het kabinet is van mening …", "De
minister neemt maatregelen …"), so such a question matches any of them well enough to pass
the background test, whatever it asks about. So does one that asks what the answers say, or
whether the members asked, about something ("Wat staat er in de brief over kernenergie?").
Only its topic tells whether a document is about it (``Retriever`` tests the topic alone, as
it does the topic of a facet question).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Who holds the view: the government in its Dutch and English names, or the one asked ("u", "you").
_WHO = (
    r"(?:het\s+kabinet|de\s+regering|de\s+(?:betrokken\s+)?ministers?|de\s+staatssecretaris|de\s+overheid"
    r"|het\s+ministerie|de\s+bewindspersoon|u|(?:the\s+)?(?:dutch\s+)?government|the\s+(?:dutch\s+)?cabinet"
    r"|the\s+ministers?|the\s+state\s+secretary|the\s+ministry|you)"
)
# What it thinks or says of the topic.
_VIEW = (
    rf"wat\s+(?:vindt|vond|vinden|zegt|zei|zeggen|denkt|dacht|schrijft|schreef|antwoordt|antwoordde)\s+{_WHO}"
    r"\s+(?:van|over)\s+(?P<topic>.+)",
    rf"hoe\s+(?:staat|stond|kijkt|keek|oordeelt|beoordeelt)\s+{_WHO}\s+(?:tegenover|aan\s+tegen|naar|over)\s+(?P<topic>.+)",
    r"wat\s+is\s+(?:het\s+standpunt|de\s+mening|de\s+opvatting|de\s+positie|de\s+reactie|het\s+oordeel)\s+van\s+"
    rf"{_WHO}\s+(?:over|op|ten\s+aanzien\s+van|inzake|omtrent)\s+(?P<topic>.+)",
    rf"what\s+(?:does|did|do)\s+{_WHO}\s+(?:say|think|write|answer|reply|state|make)\s+(?:about|on|of|regarding|to)"
    r"\s+(?P<topic>.+)",
    rf"what\s+(?:is|was|are)\s+{_WHO}(?:'s|\u2019s)\s+(?:position|views?|stance|opinion|reaction|response|verdict)"
    r"\s+(?:on|about|to|regarding|of)\s+(?P<topic>.+)",
    rf"how\s+(?:does|did|do)\s+{_WHO}\s+(?:view|see|regard|judge|assess|feel\s+about|look\s+at|respond\s+to)"
    r"\s+(?P<topic>.+)",
)
# The documents as the speaker: "Wat staat er in de antwoorden over X", "What do the answers say about X".
_DOCUMENTS = (
    r"(?:(?:de|deze|het|dit|die)\s+(?:antwoorden|brief|kamerbrief|document|documenten|stukken|beantwoording)"
    r"|(?:the|these|this)\s+(?:answers|replies|letter|document|documents|papers))"
)
_SAID = (
    rf"wat\s+(?:staat|stond)\s+(?:er\s+)?in\s+{_DOCUMENTS}\s+over\s+(?P<topic>.+)",
    rf"wat\s+(?:zeggen|zegt|schrijven|schrijft|melden|meldt)\s+{_DOCUMENTS}\s+over\s+(?P<topic>.+)",
    rf"what\s+(?:do|does|did)\s+{_DOCUMENTS}\s+(?:say|state|write|tell\s+us)\s+(?:about|on|regarding)\s+(?P<topic>.+)",
    # Whether the members asked about it at all.
    r"(?:zijn|werden|is)\s+(?:er\s+)?(?:ooit\s+)?(?:kamer)?vragen\s+(?:gesteld|ingediend)\s+over\s+(?P<topic>.+)",
    r"(?:were|have)\s+(?:there\s+)?(?:been\s+)?(?:any\s+)?(?:parliamentary\s+|written\s+)?questions\s+"
    r"(?:(?:asked|tabled|put)\s+)?(?:about|on|regarding)\s+(?P<topic>.+)",
)
# What it does or takes measures against.
_ACTION = (
    rf"wat\s+(?:doet|deed|gaat|gaan|kan|wil)\s+{_WHO}\s+(?:er\s+)?(?:aan|tegen|voor|met)\s+(?:doen\s+)?(?P<topic>.+)",
    rf"welke\s+(?:maatregelen|stappen|acties)\s+(?:neemt|nam|zet|zette|gaat|wil|treft)\s+{_WHO}\s+"
    r"(?:(?:nemen|zetten|treffen)\s+)?(?:tegen|om|voor|ten\s+aanzien\s+van|rond|op)\s+(?P<topic>.+)",
    rf"what\s+(?:is|are|was)\s+{_WHO}\s+(?:doing|going\s+to\s+do)\s+(?:about|against|to\s+tackle|for)\s+(?P<topic>.+)",
    rf"what\s+(?:measures|steps|action)\s+(?:is|are|does|did|will)\s+{_WHO}\s+(?:taking|take|taken|going\s+to\s+take)"
    r"\s+(?:against|to\s+tackle|about|on|for|to)\s+(?P<topic>.+)",
)
# What it means to do, or why it does so.
_INTENT = (
    rf"(?:waarom\s+)?(?:gaat|wil|zal|overweegt|weigert|steunt|kiest)\s+{_WHO}\s+(?P<topic>.+)",
    rf"why\s+(?:does|did|is|will|would|do)\s+{_WHO}\s+(?P<topic>.+)",
    rf"is\s+{_WHO}\s+(?:van\s+plan|voornemens|bereid)\s+(?:om\s+)?(?P<topic>.+)",
    rf"(?:does|will|would|is|did)\s+{_WHO}\s+(?:plan|intend|want|consider|planning|intending|considering|going"
    r"|willing|prepared)\s+(?:to\s+)?(?P<topic>.+)",
)
# The whole question has one of these forms (a question that only mentions the minister does not).
_FORMS = tuple(re.compile(rf"^\W*{form}$", re.IGNORECASE | re.DOTALL) for form in _VIEW + _SAID + _ACTION + _INTENT)
# The topic ends at the first question mark or where a second thing is asked ("..., and with what budget?").
_TOPIC_END = re.compile(
    r"\?|,?\s+(?:and|en)\s+(?:when|who|which|what|how|why|wanneer|wie|welke?|wat|hoe|waarom|met)\b", re.IGNORECASE
)


@lru_cache(maxsize=256)
def stance_topic(question: str) -> str | None:
    """The topic of a question of one of these forms; None for any other question.

    "Wat vindt het kabinet van kernenergie?" -> "kernenergie"; "Is the minister going to ban
    disposable vapes, and when?" -> "ban disposable vapes".
    """
    text = question.strip()
    found = next((match for form in _FORMS if (match := form.match(text))), None)
    if found is None:
        return None
    topic = _TOPIC_END.split(found.group("topic"), maxsplit=1)[0].strip(" .!,;:")
    return topic if re.search(r"\w{3}", topic) else None
