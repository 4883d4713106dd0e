"""Plain values that ingestion produces: documents, their metadata and their passages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Metadata:
    """What a Kamervragen answer document says about itself; any field may be unknown."""

    kenmerk: str | None = None
    submitted: str | None = None  # ISO date (YYYY-MM-DD) the questions were submitted
    askers: str | None = None  # e.g. "Van der Molen en Amhaouch (beiden CDA)"
    answerer: str | None = None  # e.g. "De minister van Onderwijs, Cultuur en Wetenschap"
    subject: str | None = None  # the article or topic the questions are about


@dataclass(frozen=True)
class Footnote:
    """A page-foot note or end note, detached from the running text."""

    label: str  # as printed: "1", "2)"
    text: str
    start: int  # character offsets into Document.text
    end: int


@dataclass(frozen=True)
class QAPair:
    """Vraag n with its Antwoord n."""

    number: int
    question: str
    answer: str


@dataclass(frozen=True)
class Passage:
    """The unit that is indexed, retrieved and quoted verbatim.

    ``text`` is the passage as printed, with line breaks folded to spaces, footnote
    markers removed and sentences cut by a page foot joined again.
    """

    id: str  # stable: "{doc_id}:{section}:{paragraph}", e.g. "2020Z23459:v2:3"
    doc_id: str
    title: str
    kind: str  # "answer" | "question" (a Kamervraag) | "letter" | "footnote" | "paragraph"
    text: str
    paragraph: int  # 1-based position within its section
    start: int  # character offsets into the source text that the passage spans
    end: int
    vraag: int | None = None
    question: str | None = None  # the text of Vraag n, as context
    page: int | None = None
    footnotes: tuple[str, ...] = ()  # texts of the notes this passage refers to
    heading: str | None = None  # in a document without Vraag/Antwoord structure: the nearest heading above
    cited_by: str | None = None  # for a note: the sentence that first cites it


@dataclass(frozen=True)
class Document:
    """One ingested file: its text, what it says about itself, and its passages."""

    doc_id: str  # the kenmerk when known, else the file name without extension
    title: str
    source: str  # file name it was read from
    text: str  # the source text that passage offsets refer to
    metadata: Metadata = field(default_factory=Metadata)
    pairs: tuple[QAPair, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    passages: tuple[Passage, ...] = ()
