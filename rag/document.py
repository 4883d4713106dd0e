"""Plain values that ingestion produces: documents, their metadata and their passages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Metadata:
    """What a Kamervragen answer document says about itself; any field may be unknown."""

    kenmerk: str | None = None  # the Tweede Kamer's number of the questions: "2020Z23459"
    submitted: str | None = None  # ISO date (YYYY-MM-DD) the questions were submitted
    askers: str | None = None  # e.g. "Van der Molen en Amhaouch (beiden CDA)"
    answerer: str | None = None  # e.g. "Minister De Jonge (Binnenlandse Zaken en Koninkrijksrelaties)"
    subject: str | None = None  # the article or topic the questions are about
    aanhangsel: str | None = None  # the Aanhangsel van de Handelingen id: "ah-tk-20232024-1292"
    received: str | None = None  # ISO date the answers were received by the Kamer
    parties: tuple[str, ...] = ()  # the askers' parties: ("GroenLinks-PvdA", "PvdA")
    addressee: str | None = None  # to whom the questions were put: "de Minister van Financiën"

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Metadata:
        """Read metadata written by ``asdict``; fields an older index lacks stay unknown."""
        known = {name: value for name, value in data.items() if name in cls.__dataclass_fields__}
        return cls(**{**known, "parties": tuple(known.get("parties") or ())})  # type: ignore[arg-type]


@dataclass(frozen=True)
class Footnote:
    """A page-foot note or end note, detached from the running text."""

    label: str  # as printed: "1", "2)"
    text: str
    start: int  # character offsets into Document.text
    end: int


@dataclass(frozen=True)
class QAPair:
    """An answer with the Vragen it answers: one (Vraag 3), or several (Vraag 5 en 6)."""

    numbers: tuple[int, ...]
    question: str
    answer: str
    refers: tuple[int, ...] = ()  # "Zie het antwoord op vraag 7": the answers this one points to


@dataclass(frozen=True)
class Passage:
    """The unit that is indexed, retrieved and quoted verbatim.

    ``text`` is the passage as printed, with line breaks folded to spaces, footnote
    markers removed and sentences cut by a page foot joined again.
    """

    id: str  # stable: "{doc_id}:{section}:{paragraph}", e.g. "2020Z23459:v2:3", "ah-tk-20232024-1481:v5-6:1"
    doc_id: str
    title: str
    # "answer" | "question" (a Kamervraag) | "heading" (who asked whom, when; who answered) | "letter" | "footnote"
    # | "mededeling" (answers will come later) | "paragraph" (a text without Kamervragen)
    kind: str
    text: str
    paragraph: int  # 1-based position within its section
    start: int  # character offsets into the source text that the passage spans
    end: int
    vraag: tuple[int, ...] = ()  # the Vragen it answers or asks: (3,), or (5, 6) under "Antwoord 5 en 6"
    question: str | None = None  # the text of the Kamervraag(en) it answers, as context
    page: int | None = None
    footnotes: tuple[str, ...] = ()  # texts of the notes this passage refers to
    heading: str | None = None  # in a document without Vraag/Antwoord structure: the nearest heading above
    cited_by: str | None = None  # for a note: the sentence that first cites it
    refers: tuple[int, ...] = ()  # an answer that only points elsewhere ("Zie het antwoord op vraag 7"): (7,)


@dataclass(frozen=True)
class Document:
    """One ingested file: its text, what it says about itself, and its passages."""

    doc_id: str  # the kenmerk when printed, else the Aanhangsel id, else the file name without extension
    title: str
    source: str  # file name it was read from
    text: str  # the source text that passage offsets refer to
    metadata: Metadata = field(default_factory=Metadata)
    pairs: tuple[QAPair, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    passages: tuple[Passage, ...] = ()
