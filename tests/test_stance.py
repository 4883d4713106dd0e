"""Questions for the government's view, plan or action, or for what the documents say: judged by their topic."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.answer.compose import ask
from rag.evaluation.metrics import fold
from rag.search.retriever import Retriever
from rag.search.stance import stance_topic
from tests.conftest import retriever_over

DEV = Path(__file__).resolve().parent.parent / "eval" / "own" / "dev"


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Wat vindt het kabinet van kernenergie?", "kernenergie"),
        ("wat zegt de minister over de verkoop van Arriva", "de verkoop van Arriva"),
        ("Hoe staat de regering tegenover een suikertaks?", "een suikertaks"),
        ("Hoe kijkt het kabinet aan tegen het witboek over AI?", "het witboek over AI"),
        ("Wat is het standpunt van de staatssecretaris over de eigen bijdrage?", "de eigen bijdrage"),
        ("What does the government think of the AI Coalition's plea?", "the AI Coalition's plea"),
        ("What is the cabinet\u2019s position on nuclear power plants?", "nuclear power plants"),
        ("How does the minister view the closure of rural libraries?", "the closure of rural libraries"),
        ("What do you think about nuclear power", "nuclear power"),
        ("Wat doet de minister aan de wachtlijsten in de ggz?", "de wachtlijsten in de ggz"),
        ("Welke maatregelen neemt het kabinet tegen de woningnood?", "de woningnood"),
        ("What is the government doing about bitcoin mining?", "bitcoin mining"),
        ("What measures is the minister taking against noise from wind turbines?", "noise from wind turbines"),
        ("Gaat de minister de btw op boeken verlagen?", "de btw op boeken verlagen"),
        ("Is het kabinet van plan om wegwerpvapes te verbieden?", "wegwerpvapes te verbieden"),
        # What the documents say, whether the members asked, and why the government acts.
        ("Wat staat er in de brief over kernenergie?", "kernenergie"),
        ("What do the answers say about nuclear power?", "nuclear power"),
        ("Zijn er Kamervragen gesteld over kernenergie?", "kernenergie"),
        ("Were there any parliamentary questions about bitcoin?", "bitcoin"),
        ("Waarom wil het kabinet kernenergie uitbreiden?", "kernenergie uitbreiden"),
        ("Why does the government refuse to ban cannabis?", "refuse to ban cannabis"),
        # The topic ends where the question ends or asks a second thing.
        ("Is the minister going to ban disposable vapes, and when?", "ban disposable vapes"),
        ("Is the minister prepared to ban all night flights? Why not?", "ban all night flights"),
    ],
)
def test_the_topic_of_a_question_for_the_governments_view_plan_or_action(question, topic):
    assert stance_topic(question) == topic


@pytest.mark.parametrize(
    "question",
    [
        "Wanneer gaat de minister de Kamer informeren?",  # when, not whether
        "Hoeveel fietsen zijn in 2021 gestolen?",
        "How many night flights did Schiphol have in 2022?",
        "Wat vindt het kabinet van?",  # no topic
        "Who signed the answers?",
    ],
)
def test_other_questions_name_no_such_topic(question):
    assert stance_topic(question) is None


@pytest.fixture(scope="module")
def three_documents(real_embedder, tmp_path_factory) -> Retriever:
    """Bicycle theft, night flights at Schiphol and drinking water, in one index."""
    files = [next(DEV.glob(f"*{name}.*")) for name in ("fietsendiefstal", "nachtvluchten-schiphol", "drinkwater")]
    return retriever_over(files, real_embedder, tmp_path_factory.mktemp("stance"))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Wat vindt de minister van een kentekenplicht voor e-bikes?", "Een kentekenplicht voor gewone e-bikes"),
        ("Is the government going to ban all flights between midnight and 6 am?", "Een volledig verbod op vluchten"),
        ("What is the cabinet's view on a progressive tariff for data centres?", "progressief tarief"),
        ("Wat doet het kabinet aan het dreigende tekort aan drinkwater?", "drinkwater"),
        ("Wat staat er in de antwoorden over een kentekenplicht voor e-bikes?", "kentekenplicht voor gewone e-bikes"),
        ("Why does the minister refuse to ban all flights between midnight and 6 am?", "volledig verbod op vluchten"),
        ("What do the answers say about the investments of the drinking water companies?", "11,6 miljard"),
    ],
)
def test_a_question_for_the_governments_stance_on_the_documents_topic_is_answered_with_the_real_model(
    three_documents, question, expected
):
    answer = ask(question, three_documents)
    assert answer.answered
    assert fold(expected) in fold(" ".join(quote.passage.text for quote in answer.quotes[:2]))


@pytest.mark.parametrize(
    "question",
    [
        "Wat vindt het kabinet van kernenergie?",
        "Hoe staat het kabinet tegenover de legalisering van cannabis?",
        "Welke maatregelen neemt het kabinet tegen de opmars van e-scooters?",
        "Does the minister intend to close the coal-fired power stations earlier?",
        # Any "staatssecretaris" also reads as asking who co-signed; the form is tested all the same.
        "Welke maatregelen neemt de staatssecretaris tegen de opmars van e-scooters?",
        "Zijn er Kamervragen gesteld over kernenergie?",
        "Wat staat er in de brief over kernenergie?",
        "Waarom wil het kabinet kernenergie uitbreiden?",
    ],
)
def test_a_question_for_the_governments_stance_on_another_topic_is_not_found_with_the_real_model(
    three_documents, question
):
    answer = ask(question, three_documents)
    assert (answer.answered, answer.quotes, answer.nearest) == (False, (), ())
    # The question's government words alone carried it past the margin; its topic fails it.
    assert three_documents.retrieve(question, 3).margin >= three_documents.min_margin
