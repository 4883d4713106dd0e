"""The evaluation metrics, computed exactly on a hand-made ranking (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.document import Passage
from rag.evaluation.metrics import EvalQuestion, evaluate, format_report, read_questions
from rag.search.retriever import Evidence, Hit


def _passage(number: int, text: str) -> Passage:
    return Passage(f"d:p{number}", "d", "Titel", "paragraph", text, number, 0, len(text))


PASSAGES = [
    _passage(1, "De instroom is stabiel op circa 700 studenten."),
    _passage(2, "De verhouding man/vrouw is 70/30."),
]


class ScriptedSearcher:
    """Returns, per question, a fixed order of passages, highlights on the first, and whether it answers."""

    def __init__(self, script: dict[str, tuple[list[int], tuple[str, ...], bool]]) -> None:
        self.script = script

    def retrieve(self, question: str, k: int) -> Evidence:
        order, highlights, answered = self.script[question]
        hits = tuple(
            Hit(PASSAGES[i], 0.9, rank, highlights if rank == 1 else ()) for rank, i in enumerate(order[:k], 1)
        )
        return Evidence(hits, answered, 0.1)


QUESTIONS = [
    EvalQuestion("a", "nl", "instroom?", ("circa 700",)),
    EvalQuestion("b", "en", "ratio?", ("70/30",)),
    EvalQuestion("c", "en", "budget 2023?", (), kind="on_topic"),
    EvalQuestion("d", "nl", "weer morgen?", (), kind="off_topic"),
]
SCRIPT = {
    "instroom?": ([0, 1], ("De instroom is stabiel op circa 700 studenten.",), True),  # hit at 1, highlighted
    "ratio?": ([0, 1], (), False),  # hit at 2, and wrongly refused
    "budget 2023?": ([1, 0], (), True),  # answered though it should not be
    "weer morgen?": ([0], (), False),  # refused: right
}


def test_metrics_are_exact() -> None:
    report = evaluate(QUESTIONS, ScriptedSearcher(SCRIPT))
    overall = report["all"]
    assert (overall["questions"], overall["answerable"]) == (4, 2)
    assert (overall["recall@1"], overall["recall@3"], overall["mrr"]) == (0.5, 1.0, 0.75)
    assert overall["highlight@1"] == 1.0
    assert (overall["abstention"], overall["false_abstention"]) == (0.5, 0.5)
    assert report["en"]["recall@1"] == 0.0 and report["en"]["mrr"] == 0.5 and report["en"]["false_abstention"] == 1.0
    assert report["nl"]["abstention"] == 1.0 and report["nl"]["false_abstention"] == 0.0


def test_unanswerable_kinds_get_their_own_rows() -> None:
    report = evaluate(QUESTIONS, ScriptedSearcher(SCRIPT))
    assert list(report) == ["all", "en", "nl", "off_topic", "on_topic"]
    assert report["on_topic"]["abstention"] == 0.0 and report["off_topic"]["abstention"] == 1.0
    assert report["on_topic"]["recall@1"] is None  # nothing to count: blank, not NaN


def test_missing_metrics_print_blank_and_serialise_as_null() -> None:
    report = evaluate(QUESTIONS, ScriptedSearcher(SCRIPT))
    row = next(line for line in format_report(report).splitlines() if line.strip().startswith("on_topic"))
    assert "nan" not in row.lower() and row.split()[1:] == ["1", "0"]  # questions and abstention; the rest blank
    assert json.loads(json.dumps(report))["on_topic"]["mrr"] is None


def test_read_questions_takes_the_kind_and_names_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    good = {"id": "x", "lang": "en", "question": "q?", "expect": [], "vraag": None, "kind": "off_topic"}
    path.write_text(json.dumps(good) + "\n\n" + '{"id": "y"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"q\.jsonl:3"):
        read_questions(path)
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    assert read_questions(path) == [EvalQuestion("x", "en", "q?", (), None, "off_topic")]


def test_with_context_counts_the_kamervraag_and_footnotes_quoted_with_a_passage() -> None:
    cited = Passage(
        "d:v3:1", "d", "Titel", "answer", "Voorspellen is lastig.", 1, 0, 22, 3,
        question="Deelt u het pleidooi dat 800.000 werknemers moeten worden omgeschoold?",
        footnotes=("Kamerstuk 29 696, nr. 7",),
    )  # fmt: skip

    class One:
        def retrieve(self, question: str, k: int) -> Evidence:
            return Evidence((Hit(cited, 0.9, 1),), True, 0.1)

    questions = [EvalQuestion("m", "nl", "hoeveel?", ("800.000",)), EvalQuestion("f", "nl", "welk stuk?", ("nr. 7",))]
    assert evaluate(questions, One())["all"]["recall@1"] == 0.0
    assert evaluate(questions, One(), with_context=True)["all"]["recall@1"] == 1.0


def test_answers_in_a_vraag_and_in_the_letter_get_their_own_rows() -> None:
    questions = [
        EvalQuestion("a", "nl", "instroom?", ("circa 700",), vraag=2),
        EvalQuestion("b", "en", "ratio?", ("70/30",)),
        EvalQuestion("d", "nl", "weer morgen?", ()),
    ]
    report = evaluate(questions, ScriptedSearcher(SCRIPT))
    assert report["in_vraag"]["recall@1"] == 1.0 and report["in_vraag"]["answerable"] == 1
    assert report["letter_notes"]["recall@1"] == 0.0 and report["letter_notes"]["mrr"] == 0.5
    assert "in_vraag" not in evaluate(QUESTIONS, ScriptedSearcher(SCRIPT))  # no question names a vraag
