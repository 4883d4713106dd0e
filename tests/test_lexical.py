"""The Dutch-aware lexical leg on a tiny corpus indexed once."""

from __future__ import annotations

import pytest

from rag.lexical import LexicalIndex, words

TEXTS = [
    "In het voorjaar treedt een subsidieregeling voor omscholing in werking met € 37,5 miljoen.",
    "De verhouding man/vrouw is 70/30.",
    "Inmiddels hebben meer dan 170.000 Nederlanders deze training gevolgd.",
    "Die regeling is bedoeld voor bedrijven in de ICT-sector.",
]


@pytest.fixture(scope="module")
def lexical() -> LexicalIndex:
    return LexicalIndex(TEXTS)


def test_words_drop_stop_words_and_normalise_numbers():
    assert words("Hoeveel geld is er voor de € 37,5 miljoen? 170.000 mensen, 70/30") == [
        "geld",
        "37,5",
        "miljoen",
        "170000",
        "mensen",
        "70/30",
    ]


def test_hyphenated_words_count_whole_and_in_parts():
    assert words("mkb-bedrijven") == ["mkb-bedrijven", "mkb", "bedrijven"]


@pytest.mark.parametrize(
    ("question", "best"),
    [
        ("170000 deelnemers", 2),  # a number written without its thousands dot
        ("verhouding 70/30", 1),
        ("regelingen voor ICT bedrijven", 3),  # stemmed plural
    ],
)
def test_best_passage(lexical, question, best):
    scores = lexical.scores(question)
    assert int(scores.argmax()) == best and scores[best] > 0


def test_compound_is_found_through_its_parts(lexical):
    scores = lexical.scores("omscholingsregeling")
    assert [bool(s > 0) for s in scores] == [True, False, False, True]  # "omscholing", "regeling"


def test_coverage_is_the_share_of_known_terms(lexical):
    assert lexical.coverage("omscholing voor tulpen") == 0.5
    assert lexical.scores("tulpenbollen in Lisse").max() == 0
