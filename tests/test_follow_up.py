"""Recognising follow-up questions and finding the previous question in a chat: pure logic."""

from __future__ import annotations

import pytest

from rag.answer.compose import is_follow_up
from ui.app import last_question


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


def test_last_question_is_the_latest_user_turn():
    history = [
        {"role": "user", "content": "Wat is Make IT Work?"},
        {"role": "assistant", "content": "> citaat"},
        {"role": "user", "content": "Hoe lang duurt dat?"},
        {"role": "assistant", "content": "> citaat"},
    ]
    assert last_question(history) == "Hoe lang duurt dat?"
    assert last_question([]) is None
