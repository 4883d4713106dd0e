"""The evaluation metrics, computed exactly on hand-made answers (no model), scored as score.py scores them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from rag.answer.compose import Answer, Quote
from rag.cli import cli
from rag.document import Passage
from rag.evaluation.conversions import compare, compared
from rag.evaluation.conversions import report as conversions_report
from rag.evaluation.metrics import EvalQuestion, format_report, outcome, read_questions, report, run
from rag.evaluation.runner import load_corpus, metadata_report
from rag.ingest import read_document


def _passage(doc_id: str, number: int, text: str, vraag: tuple[int, ...] = ()) -> Passage:
    return Passage(f"{doc_id}:v{number}:1", doc_id, "Titel", "answer", text, 1, 0, len(text), vraag)


INSTROOM = _passage("ah-tk-20232024-1", 2, "De instroom is stabiel op circa 700 studenten.", (2,))
RATIO = _passage("ah-tk-20232024-1", 3, "De verhouding man/vrouw is 70/30.", (3,))
ELSEWHERE = _passage("ah-tk-20232024-2", 1, "Ook hier is de instroom circa 700 studenten.", (1,))


def _answer(question: str, passages: list[Passage], answered: bool = True, bold: tuple[str, ...] = ()) -> Answer:
    quotes = tuple(Quote(rank, 0.9, p, "", bold if rank == 1 else ()) for rank, p in enumerate(passages, 1))
    return Answer(question, "nl", answered, quotes if answered else ())


DOC = ("ah-tk-20232024-1-studie", "ah-tk-20232024-1")
QUESTIONS = [
    EvalQuestion("a", "nl", "instroom?", ("circa 700",), (2,), doc=DOC),
    EvalQuestion("b", "en", "ratio?", ("70/30",), (2,), doc=DOC),
    EvalQuestion("c", "en", "budget 2023?", (), kind="on_topic", doc=DOC),
    EvalQuestion("d", "nl", "weer morgen?", (), kind="off_topic", doc=("ah-tk-20232024-2",)),
]
ANSWERS = {
    # The other document quotes it first: a wrong document, then the hit at 2, highlighted nowhere.
    "instroom?": _answer("instroom?", [ELSEWHERE, INSTROOM]),
    # The hit at 1, bold, but it stands under Vraag 3 where the question names Vraag 2.
    "ratio?": _answer("ratio?", [RATIO, INSTROOM], bold=("De verhouding man/vrouw is 70/30.",)),
    "budget 2023?": _answer("budget 2023?", [INSTROOM]),  # answered though it should not be
    "weer morgen?": _answer("weer morgen?", [], answered=False),  # refused: right
}


def test_metrics_are_exact() -> None:
    rows = report(run(QUESTIONS, ANSWERS.__getitem__))
    overall = rows["all"]
    assert (overall["questions"], overall["answerable"]) == (4, 2)
    assert (overall["recall@1"], overall["recall@3"], overall["mrr"]) == (0.5, 1.0, 0.75)
    assert (overall["wrong_doc"], overall["vraag_right"], overall["highlight@1"]) == (1, 0.5, 1.0)
    assert (overall["abstention"], overall["false_abstention"]) == (0.5, 0.0)
    assert rows["nl"]["recall@1"] == 0.0 and rows["en"]["recall@1"] == 1.0
    assert rows["on_topic"]["abstention"] == 0.0 and rows["off_topic"]["abstention"] == 1.0


def test_a_refused_answer_quotes_nothing_and_counts_as_a_miss() -> None:
    refused = outcome(QUESTIONS[0], _answer("instroom?", [INSTROOM], answered=False))
    assert (refused.answered, refused.rank, refused.vraag_right) == (False, None, None)


def test_rows_per_document_only_where_questions_name_several() -> None:
    rows = report(run(QUESTIONS, ANSWERS.__getitem__))
    assert list(rows) == ["all", "en", "nl", "off_topic", "on_topic", "ah-tk-20232024-1-studie", "ah-tk-20232024-2"]
    assert rows["ah-tk-20232024-2"]["questions"] == 1 and rows["ah-tk-20232024-2"]["recall@1"] is None
    single = report(run(QUESTIONS[:2], ANSWERS.__getitem__))
    assert "ah-tk-20232024-1-studie" not in single


def test_missing_metrics_print_blank_and_serialise_as_null() -> None:
    rows = report(run(QUESTIONS, ANSWERS.__getitem__))
    line = next(line for line in format_report(rows).splitlines() if line.strip().startswith("on_topic"))
    assert "nan" not in line.lower() and line.split()[1:] == ["1", "0", "0"]  # questions, abstention, wrong doc
    assert json.loads(json.dumps(rows))["on_topic"]["mrr"] is None


def test_read_questions_takes_lists_and_names_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    good = {"id": "x", "lang": "en", "question": "q?", "expect": ["a"], "vraag": [4, 5], "doc": ["d", "e"]}
    path.write_text(json.dumps(good) + "\n\n" + '{"id": "y"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"q\.jsonl:3"):
        read_questions(path)
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "vraag": 2, "doc": "d"}) + "\n", encoding="utf-8")
    first, second = read_questions(path)
    assert (first.vraag, first.doc, second.vraag, second.doc) == ((4, 5), ("d", "e"), (2,), ("d",))


def test_with_context_counts_the_kamervraag_and_footnotes_quoted_with_a_passage() -> None:
    cited = Passage(
        "d:v3:1", "d", "Titel", "answer", "Voorspellen is lastig.", 1, 0, 22, (3,),
        question="Deelt u het pleidooi dat 800.000 werknemers moeten worden omgeschoold?",
        footnotes=("Kamerstuk 29 696, nr. 7",),
    )  # fmt: skip
    question = EvalQuestion("m", "nl", "hoeveel?", ("800.000",))
    answer = _answer("hoeveel?", [cited])
    assert outcome(question, answer).rank is None and outcome(question, answer, with_context=True).rank == 1


def test_metadata_report_compares_list_rows_with_what_each_document_says() -> None:
    rows = [
        {"source": "/x/a.pdf", "aanhangsel": "ah-tk-20232024-1", "askers": "Jansen (VVD)", "submitted": "2024-03-04",
         "received": "2024-03-25", "answerer": "Minister De Jonge (Binnenlandse Zaken en Koninkrijksrelaties)"},
        {"source": "/x/b.txt", "aanhangsel": None, "askers": "Pietersen (SP)", "submitted": "2024-01-01",
         "received": None, "answerer": None},
    ]  # fmt: skip
    expected = [
        {"file": "a.pdf", "aanhangsel": "ah-tk-20232024-1", "askers": "Jansen (VVD).", "submitted": "2024-03-04",
         "received": "2024-03-25", "answerer": "Minister De Jonge"},
        {"file": "b.txt", "aanhangsel": "ah-tk-20232024-2", "askers": "Pietersen (SP)", "submitted": "2024-01-01",
         "received": None, "answerer": "Minister Helder"},
    ]  # fmt: skip
    checked = metadata_report(rows, expected)
    assert (checked["documents"], checked["all_right"], checked["askers"], checked["answerer"]) == (2, 1, 2, 1)
    assert checked["wrong"] == {"b.txt": ["aanhangsel", "answerer"]}


def test_a_corpus_folder_gives_its_questions_documents_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "questions.jsonl").write_text(json.dumps({"id": "x", "lang": "nl", "question": "q?", "expect": []}))
    (tmp_path / "metadata.jsonl").write_text(json.dumps({"file": "a.txt"}) + "\n")
    (tmp_path / "a.txt").write_text("Tekst.")
    corpus = load_corpus([tmp_path], [])
    assert [q.id for q in corpus.questions] == ["x"] and [p.name for p in corpus.documents] == ["a.txt"]
    assert corpus.expected == ({"file": "a.txt"},)


def test_eval_command_indexes_the_documents_it_is_given_afresh(real_embedder, tmp_path: Path) -> None:
    document = tmp_path / "antwoorden.txt"
    document.write_text(
        "Vragen van het lid Jansen (VVD) aan de Minister van Financiën over de toeslagen (ingezonden 4 maart 2024).\n\n"
        "Vraag 1\nHoeveel kost de regeling?\n\nAntwoord 1\nDe regeling kost 12 miljoen euro per jaar.\n",
        encoding="utf-8",
    )
    questions = tmp_path / "q.jsonl"
    row = {"id": "k", "lang": "nl", "question": "Hoeveel kost de regeling?", "expect": ["12 miljoen euro"], "vraag": 1}
    questions.write_text(json.dumps({**row, "doc": ["antwoorden"]}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(questions), str(document), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert (rows["all"]["questions"], rows["all"]["recall@1"], rows["all"]["wrong_doc"]) == (1, 1.0, 0)
    assert rows["all"]["vraag_right"] == 1.0


def test_conversions_are_read_as_their_pdf_and_a_leaked_note_is_counted() -> None:
    pdf = next((Path(__file__).resolve().parent.parent / "eval" / "own" / "dev").glob("*drinkwater*.pdf"))
    outcomes = {o.conversion: o for o in compare(pdf)}
    assert {"pages", "form-feeds", "glued-pages", "one-line", "rewrapped", "layout"} <= set(outcomes)
    for name in ("pages", "form-feeds", "glued-pages", "one-line", "rewrapped"):
        outcome = outcomes[name]
        assert (outcome.kept, outcome.same_id, outcome.changed, outcome.leaked) == (12, True, (), 0), name
    assert "| pages | 12/12 | 1/1 | 1/1 | 0 |" in conversions_report([pdf])
    # The measure itself: a note put back into an answer is counted, and a changed date is named.
    original = read_document(pdf)
    note = next(p for p in original.passages if p.kind == "footnote")
    answer = next(i for i, p in enumerate(original.passages) if p.kind == "answer")
    passages = list(original.passages)
    passages[answer] = replace(passages[answer], text=passages[answer].text + " " + note.text)
    leaky = replace(original, passages=tuple(passages), metadata=replace(original.metadata, received=None))
    outcome = compared("test", original, leaky)
    assert (outcome.kept, outcome.leaked, outcome.changed) == (12, 1, ("received",))
