"""Recognising follow-up questions and finding the previous question in a chat: pure logic."""

from __future__ import annotations

import pytest

from rag.answer.compose import is_follow_up
from ui.app import chat_turn


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("En hoeveel daarvan zijn vrouw?", True),
        ("Hoe lang duurt dat?", True),
        ("And how many of them are women?", True),
        ("Hoeveel studenten beginnen jaarlijks aan een bachelor Kunstmatige intelligentie?", False),
        ("How much money is available for the retraining subsidy scheme?", False),
        # "deze antwoorden" and "these answers" name the document, not the question before.
        ("Which ministry did these answers come from?", False),
        ("Wie heeft deze antwoorden ondertekend?", False),
        ("Wat staat er in deze brief over die cursus?", True),
        ("", False),
    ],
)
def test_is_follow_up(question, expected):
    assert is_follow_up(question) is expected


def test_a_chat_follow_up_leans_on_the_question_before(real_service):
    asked = "Hoeveel studenten beginnen jaarlijks aan een bachelor Kunstmatige intelligentie?"
    history, _, previous = chat_turn(real_service, asked, [], None, "")
    assert previous == asked and [turn["role"] for turn in history] == ["user", "assistant"]
    history, plain, _ = chat_turn(real_service, "En hoeveel daarvan zijn vrouw?", history, previous, "")
    assert len(history) == 4 and "70/30" in plain.split("[1]")[0]
