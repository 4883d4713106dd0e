"""An answer is plain data: verbatim quotes with citations, or a plain "not found".

The CLI prints it as JSON and the UI formats it, so both always say the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.document import Passage
from rag.ingest.layout.headings import numbers_label
from rag.language import Language, detect_language, message, quoted_list, valid_text
from rag.search.asking import without_the_document
from rag.search.retriever import Retriever

# Longer questions are refused with a message rather than cut: a cut question could be
# answered as if whole. The model reads at most 512 tokens (about 2000 characters) anyway.
MAX_QUESTION_CHARS = 2000
# Control characters become spaces; invisible format characters (zero-width, bidi
# overrides such as U+202E, soft hyphen, BOM) are dropped, so "stu\u200bdenten" is one word.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile(r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
FOLLOW_UP_MAX_WORDS = 10
# Words by which a short question points back at the one before it.
REFERRING_WORDS = frozenset(
    "daarvan daarbij daarover daaraan daarmee ervan erbij erover hiervan hierover die dat deze dit zij ze hun "
    "it its they them their those these that this he she his her".split()
)


@dataclass(frozen=True)
class Quote:
    """One passage quoted verbatim, with where it comes from."""

    rank: int
    score: float
    passage: Passage
    citation: str
    highlights: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The quote in the ``ask --json`` contract."""
        p = self.passage
        return {
            "rank": self.rank,
            "score": round(self.score, 4),
            "text": p.text,
            "doc_id": p.doc_id,
            "title": p.title,
            "kind": p.kind,  # "question" is the members' Kamervraag, not the government's words
            "vraag": vraag_json(p.vraag),
            "kamervraag": p.question,  # quoted in the citation too; here for scripts
            "page": p.page,
            "citation": self.citation,
            "highlights": list(self.highlights),
            "footnotes": list(p.footnotes),
        }


@dataclass(frozen=True)
class Answer:
    """What Vraagbaak says to one question."""

    question: str
    language: Language
    answered: bool
    quotes: tuple[Quote, ...] = ()
    message: str = ""
    # When the question is on topic but the passages lack what it asks for: the closest
    # passages, shown as such and never as an answer (no highlights).
    nearest: tuple[Quote, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The answer in the ``ask --json`` contract."""
        return {
            "question": self.question,
            "language": self.language,
            "answered": self.answered,
            "message": self.message,
            "passages": [q.to_json() for q in self.quotes],
            "nearest": [q.to_json() for q in self.nearest],
        }


def vraag_json(numbers: tuple[int, ...]) -> int | list[int] | None:
    """The Vragen of a passage in ``ask --json``: a number, a list for a combined answer, or null."""
    if not numbers:
        return None
    return numbers[0] if len(numbers) == 1 else list(numbers)


def citation(passage: Passage, language: Language, with_question: bool = True) -> str:
    """Where a passage stands: document, Vraag n (with the Kamervraag's text unless left out), page, paragraph."""
    parts = [passage.doc_id]
    if passage.vraag or passage.kind == "question":
        label = f"{message('vraag', language)} {numbers_label(passage.vraag, message('and', language))}"
        if passage.kind == "question":
            label += f" ({message('question', language)})"
        elif with_question and passage.question:
            label += f": “{passage.question}”"
        parts.append(label)
    elif passage.kind == "letter":
        parts.append(message(passage.kind, language))
    if passage.page is not None:
        parts.append(f"{message('page', language)} {passage.page}")
    if passage.kind == "footnote":
        # A note is cited by its printed label ("2)"), the last part of its id.
        parts.append(f"{message('footnote', language)} {passage.id.rsplit(':', 1)[-1]}")
    else:
        parts.append(f"{message('paragraph', language)} {passage.paragraph}")
    return ", ".join(parts)


def clean_question(question: str) -> str:
    """The question as searched: valid text without control or invisible characters, whitespace collapsed."""
    text = _INVISIBLE.sub("", _CONTROLS.sub(" ", valid_text(question)))
    return " ".join(text.split())


def is_follow_up(question: str) -> bool:
    """Whether ``question`` leans on the one before ("En hoeveel daarvan zijn vrouw?").

    "deze antwoorden" or "these questions" names the document, not the question before:
    "Which ministry did these answers come from?" stands on its own.
    """
    words = re.findall(r"\w+", question.lower())
    if not words or len(words) > FOLLOW_UP_MAX_WORDS:
        return False
    referring = re.findall(r"\w+", without_the_document(question).lower())
    return words[0] in ("en", "and") or any(w in REFERRING_WORDS for w in referring)


def off_topic(question: str, retriever: Retriever, doc_id: str | None = None) -> bool:
    """Whether ``question`` on its own is off the documents' topic, so that a follow-up of it is too.

    Searched together, the question before and its follow-up can pass where the question
    alone did not: "What was the minimum wage in 2020? En hoeveel daarvan zijn vrouw?"
    meets the letter's "2 december 2020" and the ratio of women. A question that is itself
    a follow-up is not judged alone: it leans on one the chat no longer passes on.
    """
    if is_follow_up(question) or not any(ch.isalnum() for ch in question):
        return False
    return retriever.retrieve(question, 1, doc_id).reason == "margin"


def ask(
    question: str, retriever: Retriever, top_k: int = 3, previous: str | None = None, doc_id: str | None = None
) -> Answer:
    """Answer ``question`` with the top ``top_k`` passages, or say nothing was found.

    ``previous`` is the user's question before this one in a chat; a follow-up that
    refers back to it is searched together with it. ``doc_id`` restricts the answer to one document.
    """
    question = valid_text(question)
    text = clean_question(question)
    language = detect_language(text)
    if len(text) > MAX_QUESTION_CHARS:
        notice = message("too_long", language, length=len(text), limit=MAX_QUESTION_CHARS)
        return Answer(question, language, False, message=notice)
    if not any(ch.isalnum() for ch in text):
        return Answer(question, language, False, message=message("empty_question", language))
    if previous and is_follow_up(text):
        before = clean_question(previous)[:MAX_QUESTION_CHARS]
        if off_topic(before, retriever, doc_id):  # "En hoeveel daarvan zijn vrouw?" after the minimum wage
            return Answer(question, language, False, message=message("not_found", language))
        text = f"{before} {text}"
    evidence = retriever.retrieve(text, top_k, doc_id)
    # Every quote must pass the relevance test itself: a weak third passage is noise, not evidence.
    relevant = [hit for hit in evidence.hits if hit.relevant]
    if evidence.answered:
        quotes = tuple(Quote(h.rank, h.score, h.passage, citation(h.passage, language), h.highlights) for h in relevant)
        return Answer(question, language, True, quotes, message("intro", language))
    if evidence.reason == "margin" or not relevant:  # off topic: nothing near is worth showing
        return Answer(question, language, False, message=message("not_found", language))
    shown = [*relevant, *evidence.mentions]  # and where the document names what it names only in passing
    nearest = tuple(Quote(h.rank, h.score, h.passage, citation(h.passage, language)) for h in shown)
    if evidence.reason == "name_in_passing":
        said = message("nearest_in_passing", language, names=quoted_list(evidence.unwritten, language))
    elif evidence.unwritten:  # say which name: the user can check it in the quotes
        said = message("nearest_unnamed", language, names=quoted_list(evidence.unwritten, language))
    else:
        said = message("nearest", language)
    return Answer(question, language, False, message=said, nearest=nearest)


def to_text(answer: Answer) -> str:
    """The answer as plain text for a terminal: quotes, each followed by its citation."""
    blocks = [answer.message]
    for quote in answer.quotes or answer.nearest:
        lines = [f"  “{quote.passage.text}”", f"  [{quote.rank}] {quote.citation}"]
        lines += [f"      {message('footnote', answer.language)}: {note}" for note in quote.passage.footnotes]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
