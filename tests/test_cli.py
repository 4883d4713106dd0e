"""The command line with CliRunner: the real model, a real index in a temporary folder."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rag.cli import cli
from tests.conftest import BUNDLED_TXT, QUOTE_JSON_FIELDS


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, real_embedder):
    folder = tmp_path_factory.mktemp("cli") / "index"
    result = CliRunner().invoke(cli, ["index", "--index", str(folder), str(BUNDLED_TXT)])
    assert result.exit_code == 0, result.output
    assert "passages from 1 file(s)" in result.output
    return folder


def test_ask_json_reads_stdin_one_line_per_question(index_dir):
    questions = "Hoeveel studenten beginnen jaarlijks aan een bachelor AI?\n\nWhat is the capital of Peru?\n"
    result = CliRunner().invoke(cli, ["ask", "--json", "--top-k", "2", "--index", str(index_dir)], input=questions)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in rows] == [
        "Hoeveel studenten beginnen jaarlijks aan een bachelor AI?",
        "",
        "What is the capital of Peru?",
    ]
    first, empty, unrelated = rows
    assert (first["language"], first["answered"], len(first["passages"])) == ("nl", True, 2)
    top = first["passages"][0]
    assert set(top) == QUOTE_JSON_FIELDS
    assert (top["rank"], top["doc_id"], top["vraag"]) == (1, "2020Z23459", 2)
    assert "700 studenten" in top["text"]
    assert top["kamervraag"].startswith("Hoeveel mensen worden er momenteel") and top["kamervraag"] in top["citation"]
    assert (empty["answered"], empty["passages"]) == (False, [])
    assert (unrelated["language"], unrelated["answered"], unrelated["passages"]) == ("en", False, [])
    assert unrelated["nearest"] == []  # off topic: nothing near is shown either


def test_ask_prints_quotes_and_citations_as_text(index_dir):
    result = CliRunner().invoke(
        cli, ["ask", "How much money is there for the retraining subsidy?", "--index", str(index_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "37,5 miljoen" in result.stdout
    assert "[1] 2020Z23459, Question 4" in result.stdout


def test_missing_index_is_a_clear_message_not_a_traceback(tmp_path, real_embedder):
    result = CliRunner().invoke(cli, ["ask", "vraag", "--index", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no index in" in result.output and "Traceback" not in result.output


def test_wrong_model_is_a_clear_message(index_dir, tmp_path):
    result = CliRunner().invoke(cli, ["ask", "vraag", "--index", str(index_dir), "--model", str(tmp_path / "no-model")])
    assert result.exit_code == 1
    assert "Error:" in result.output and "Traceback" not in result.output


def test_eval_reports_metrics_per_language(index_dir, tmp_path):
    questions = tmp_path / "q.jsonl"
    rows = [
        {
            "id": "a",
            "lang": "nl",
            "question": "Hoeveel mensen volgden de nationale AI-cursus?",
            "expect": ["170.000"],
            "vraag": 4,
        },
        {
            "id": "b",
            "lang": "en",
            "question": "How many people took the national AI course?",
            "expect": ["170.000"],
            "vraag": 4,
        },
        {"id": "c", "lang": "en", "question": "What is the capital of Peru?", "expect": [], "vraag": None},
    ]
    questions.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(questions), "--json", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["metadata"] is None and set(report["rows"]) == {"all", "nl", "en"}
    rows = report["rows"]
    assert rows["all"]["recall@5"] == 1.0 and rows["all"]["abstention"] == 1.0 and rows["all"]["vraag_right"] == 1.0
    assert rows["nl"]["answerable"] == 1 and rows["en"]["questions"] == 2


def test_index_refuses_a_missing_file(tmp_path):
    result = CliRunner().invoke(cli, ["index", "--index", str(tmp_path / "i"), str(tmp_path / "absent.txt")])
    assert result.exit_code == 1
    assert "not a file" in result.output
