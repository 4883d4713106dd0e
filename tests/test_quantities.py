"""Numbers written as words, years in context and time expressions, in Dutch and English."""

from __future__ import annotations

import pytest

from rag.search.evidence import lacks_answer_type
from rag.search.quantities import has_quantity, has_time, spelled_out, years


@pytest.mark.parametrize(
    "text",
    [
        "Er zijn tweeduizend aanvragen ingediend.",
        "Vijftien gemeenten doen mee.",
        "Het gaat om drieëntwintig scholen.",
        "Er werken vierhonderdduizend mensen in de sector.",
        "Twenty-one schools joined the scheme.",
        "About three hundred and forty people applied.",
        "Honderden bedrijven vroegen een vergunning aan.",
        "Thousands of people signed the petition.",
        "De helft van de aanvragen is afgewezen.",
        "Er zijn 2000 aanvragen ingediend.",  # a count, though it looks like a year
        "2000 aanvragen wachten nog op een besluit.",
        # A count beside a date is still a count.
        "Op 1 januari 2020 hadden 41.260 studenten een studieschuld.",
        "Het rendement is 12.50 procent.",
    ],
)
def test_numbers_of_any_size_in_words_or_digits_are_quantities(text):
    assert has_quantity(text)


@pytest.mark.parametrize(
    "text",
    [
        "In 2021 zal een inventarisatie worden gemaakt.",  # "een" is an article, 2021 a year
        "Sinds 2019 is de regeling van kracht.",
        "Het plan geldt voor schooljaar 2020/2021.",
        "De derde tranche volgt later.",  # an ordinal counts nothing
        "One of the reasons is the cost of living.",
        "Ik ben bekend met het bericht.",
        # Dates, clock times, addresses and paper numbers label; they count nothing.
        "Zoals ik in mijn brief van 24 april jl. aangeef, is overleg gevoerd.",
        "Volgens het CBS zijn in de week van 22 tot en met 28 juli veel mensen overleden.",
        "Rijksoverheid, 4 oktober 2023, «Aanpassingen exportbeleid» (https://www.rijksoverheid.nl/nieuws/2023/10/04/a)",
        "DigiD was van 08.12 uur tot 15.47 uur niet beschikbaar.",
        "Zie Kamerstuk 31 228, nr. 795.",
        "The report was published on 3 May and discussed on 12 June.",
    ],
)
def test_years_articles_and_ordinals_are_no_quantities(text):
    assert not has_quantity(text)


def test_spelled_out_numbers_become_digits_in_the_language_of_the_text():
    assert spelled_out("Er zijn tweeduizend aanvragen.") == "Er zijn 2000 aanvragen."
    assert spelled_out("Twenty-one schools joined.") == "21 schools joined."
    # Dutch "ten" ("ten minste") is no ten.
    assert spelled_out("Er zijn ten minste vijf scholen.") == "Er zijn ten minste 5 scholen."


def test_a_year_needs_year_context():
    assert years("Er zijn 2000 aanvragen ingediend.") == set()
    assert years("in 2000 werd de wet aangenomen") == {"2000"}
    assert years("eind 2025") == {"2025"}
    assert years("tussen 2019 en 2021 daalde het aantal") == {"2019", "2021"}
    assert years("het rapport (2019) zegt") == {"2019"}


@pytest.mark.parametrize(
    "text",
    [
        "Het kabinet komt volgend jaar met een brief.",
        "Eind 2025 is de evaluatie klaar.",
        "De Kamer wordt binnenkort geïnformeerd.",
        "Het plan volgt over drie maanden.",
        "Voor de zomer ontvangt u de brief.",
        "Op maandag 4 maart is het overleg.",
        "We expect the report next spring.",
        "The evaluation was published two weeks ago.",
        "The decision follows next month.",
    ],
)
def test_relative_and_calendar_times_are_times(text):
    assert has_time(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ik ben bekend met het bericht.",
        "Die regeling is bedoeld voor bedrijven.",
        "Municipalities may apply for the grant.",  # "may" is a verb here
        "Er zijn 2000 aanvragen ingediend.",
    ],
)
def test_sentences_without_a_time_are_no_times(text):
    assert not has_time(text)


def test_a_count_question_is_answered_by_a_number_word_and_a_when_question_by_a_relative_time():
    assert not lacks_answer_type("Hoeveel aanvragen zijn er ingediend?", ["Er zijn tweeduizend aanvragen ingediend."])
    assert not lacks_answer_type("How many schools joined?", ["Twenty-one schools joined."])
    assert not lacks_answer_type("Wanneer komt de brief?", ["Het kabinet stuurt de brief volgend jaar."])
    assert lacks_answer_type("Wanneer komt de brief?", ["Er zijn 2000 aanvragen ingediend."])
