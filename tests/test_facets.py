"""Questions about the answer document itself, and the letter passages that state the answer."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from rag.answer.service import AnswerService
from rag.document import Metadata, Passage
from rag.ingest import read_document
from rag.search import retriever as retriever_module
from rag.search.asking import about_itself, asked_facets, claimants, members_topic, topic_of
from rag.search.facets import ANSWER_LIFT, FacetLeg, stated_facets
from rag.search.links import is_source_note
from rag.search.retriever import Retriever
from rag.settings import Settings
from rag.store.index import Index, Manifest, Source
from rag.store.vectors import vector_index
from tests.conftest import BUNDLED_TXT, unit_index

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("question", "facets"),
    [
        ("Door wie zijn deze antwoorden ondertekend?", {"answerer", "signer"}),
        ("Who signed the letter?", {"answerer", "signer"}),
        ("Namens wie beantwoordt de minister de vragen?", {"answerer", "cosigner"}),
        ("Which state secretary co-signed the answers?", {"cosigner"}),
        ("Which ministry does the minister who sent these answers head?", {"answerer"}),
        ("Which ministry replied to the written questions?", {"answerer"}),
        ("Welke Kamerleden stelden de vragen?", {"askers"}),
        ("Over welk krantenartikel gaan de vragen?", {"publication", "subject"}),
        ("Wie waren de vragenstellers?", {"askers"}),
        ("Who tabled these written questions?", {"askers"}),
        ("Who has asked the minister about sprinkling bans?", {"askers"}),
        ("Who has the minister asked to draw up a framework for sprinkling bans?", set()),  # the minister asks
        ("What political party do the members who asked these questions belong to?", {"askers"}),
        ("what party are the questioners from", {"askers"}),
        ("Bij welke politieke partij zitten de vragenstellers?", {"askers"}),
        ("Which parties take part in the AI lab for the cultural sector?", set()),  # organisations
        ("Welke partijen nemen deel aan het AI-lab voor de culturele sector?", set()),
        ("Waarom duurt het beantwoorden van de vragen langer dan drie weken?", {"delay"}),
        ("Why are the answers about crypto taxes delayed?", {"delay"}),
        ("waarom komt het antwoord op de vragen over crypto later", {"delay"}),
        # The policy's delay, not the answers': a question like any other.
        ("Waarom loopt de bouw van de dijk vertraging op?", set()),
        ("Why do ambulances take longer to arrive in the countryside?", set()),
        ("By when does the minister expect to answer the questions?", {"received"}),
        ("Op welke datum heeft de minister de vragen beantwoord?", {"received"}),
        ("Which three MPs tabled the questions?", {"askers"}),
        ("datum indiening kamervragen over treinen", {"submitted"}),
        ("Which questions were tabled on 4 April 2024?", {"submitted"}),
        ("Welke vragen stelden de Kamerleden over de wolf?", {"question"}),
        ("Welke landbouwminister heeft de antwoorden ondertekend?", {"answerer", "signer"}),
        ("Which finance minister replied to the questions?", {"answerer"}),
        ("Welke ministers zijn verantwoordelijk voor het klimaatbeleid?", set()),
        ("Wanneer zijn de vragen ingediend en wanneer beantwoord?", {"submitted", "received"}),
        ("Van welke partijen kwamen de vragen over de schapen?", {"askers"}),
        ("Op welke datum werden de vragen ingezonden?", {"submitted"}),
        ("When were the questions lodged?", {"submitted"}),
        ("Wat is het kenmerk van de vragen?", {"kenmerk"}),
        ("What is the reference number of the questions?", {"kenmerk"}),
        ("In welke krant stond het bericht?", {"subject", "publication"}),
        ("Which newspaper published the article?", {"subject", "publication"}),
        ("Kent de minister het artikel uit het Parool?", {"aware"}),
        ("Kent de minister het Parool-stuk over AI?", {"aware"}),
        ("Was the minister aware of the news report?", {"aware", "subject"}),
        ("Has the minister read the newspaper piece?", {"aware"}),
        ("Where can I read the newspaper piece online?", {"publication"}),  # where, not whether
        ("Which news report prompted the questions?", {"subject"}),
        ("Wat was de aanleiding voor de Kamervragen?", {"subject"}),
        ("Naar welke pagina's van het actieplan vroegen de Kamerleden?", {"question"}),
        ("Hoeveel werknemers moeten volgens de vragenstellers worden omgeschoold?", {"question"}),
        ("Naar welke pagina's verwijzen de vragenstellers?", {"question"}),
        ("Naar welke pagina's verwezen de CDA-Kamerleden?", {"question"}),
        ("Did the MPs ask about the regional spread of AI students?", {"question"}),
        ("What did the members claim about the AI Coalition, according to their question?", {"question"}),
        # A claim of someone other than the government, named: the members may cite it, or the answer.
        ("Hoeveel werknemers moeten volgens de AI Coalitie worden omgeschoold?", {"claim"}),
        ("How many workers need retraining according to the AI Coalition?", {"claim"}),
        ("Wat ging er mis bij Kindergaard volgens de inspecties van de GGD?", {"claim"}),
        # No one named whom a Kamervraag could cite: an ordinary question.
        ("Hoe ver mag je volgens de afspraken tussen banken en winkeliers van een pinautomaat wonen?", set()),
        ("What is the main reason teachers quit, according to the sector and the unions?", set()),
        ("Wat is volgens de minister de stand van zaken?", set()),
        ("According to the government, what are the Dutch strengths in AI?", set()),
        ("Welk Kamerstuknummer heeft de brief over de Groeistrategie?", {"reference"}),
        ("Which parliamentary paper number is cited for the action plan?", {"reference"}),
        ("Which parliamentary paper is the letter of 15 November 2019?", {"reference"}),
        ("Op welke datum verscheen het kamerstuk over het sectorplan?", set()),  # its date, not its number
        ("Kent de minister het stuk in de krant over Amsterdam?", {"aware"}),  # whether, not which paper
        ("Who wrote the Parool article?", set()),  # not who wrote the answers
        ("Who wrote the answers?", {"answerer"}),
        # A date asked beside the article is the article's, unless the questions are handed in.
        (
            "In welke krant en op welke datum verscheen het artikel waar de vragen over gaan?",
            {"publication", "subject"},
        ),
        ("On what date did the newspaper publish the story behind these questions?", {"publication"}),
        (
            "In welke krant stond het artikel en op welke datum zijn de vragen ingediend?",
            {"publication", "subject", "submitted"},
        ),
        # Questions about the subject matter ask for no facet of the document.
        ("Wanneer kwam het antwoord van het kabinet op de vragen binnen?", {"received"}),
        ("Onder welk nummer zijn de Kamervragen geregistreerd?", {"kenmerk"}),
        ("Under which number were the questions registered?", {"kenmerk"}),
        ("Hoeveel aanvragen kwamen er in 2023 binnen?", set()),
        ("Voor wie is de subsidieregeling bedoeld?", set()),
        ("Who is the retraining subsidy meant for?", set()),
        ("Wanneer treedt de subsidieregeling in werking?", set()),
        ("Welke universiteiten bieden een bachelor AI aan?", set()),
        ("Which ministry funds the AI Coalition?", set()),
        ("Wat was de aanleiding voor de subsidieregeling?", set()),
        ("What prompted the cabinet to invest in AI?", set()),
        ("Welke berichten over AI-onderwijs noemt de minister?", set()),
        ("Hoeveel vragen stelde de minister aan de universiteiten?", set()),
        ("Which members of the AI Coalition invest in training?", set()),
    ],
)
def test_the_facet_a_question_asks_for(question, facets):
    assert asked_facets(question) == facets


def test_the_letter_and_heading_passages_of_the_bundled_document_state_their_facets():
    doc = read_document(BUNDLED_TXT)
    stated = {p.id: set(stated_facets(p, doc.metadata)) for p in doc.passages if stated_facets(p, doc.metadata)}
    texts = {p.id: p.text for p in doc.passages}
    # Never an answer, but the answer to "Bent u bekend met het bericht ...?"
    assert [i for i in stated if i.split(":")[1].startswith("v")] == ["2020Z23459:v1:1"]
    for facet in ("submitted", "kenmerk"):
        starts = sorted(texts[i][:25] for i, facets in stated.items() if facet in facets)
        assert starts == ["De antwoorden op de schri", "De vragen waren ingezonde"], facet
    signature = next(i for i, text in texts.items() if text.startswith("De minister van Onderwijs"))
    assert stated[signature] == {"answerer", "signer"}
    cosigners = [texts[i] for i, facets in stated.items() if "cosigner" in facets]
    assert len(cosigners) == 2 and all("mede namens de staatssecretaris" in text for text in cosigners)
    parool = next(i for i, text in texts.items() if text.startswith("Het Parool"))
    assert stated[parool] == {"subject", "publication"}
    aware = [i for i, facets in stated.items() if "aware" in facets]
    assert aware == ["2020Z23459:v1:1"] and texts[aware[0]] == "Ja, ik ben bekend met het genoemde bericht."
    askers = [texts[i] for i, facets in stated.items() if "askers" in facets]
    assert askers and all("Van der Molen en Amhaouch" in text for text in askers)


def _passage(number: int, kind: str, text: str) -> Passage:
    return Passage(f"d:{kind}:{number}", "d", "Titel", kind, text, number, 0, len(text))


def _unit_index(items: list[Passage], embedder) -> Index:
    """An index of ``items`` of document "d", with their whole, sentence and pair units."""
    return unit_index(items, embedder, (Source("d.txt", "", "d", metadata=Metadata(kenmerk="2020Z1")),))


def leg_for(items: list[Passage]) -> FacetLeg:
    return FacetLeg(items, {"d": Metadata(kenmerk="2020Z23459")})


def test_the_facet_leg_lifts_only_passages_stating_what_is_asked():
    items = [
        _passage(1, "answer", "De vragen over de regeling zijn lastig."),
        _passage(2, "letter", "De vragen waren ingezonden op 2 december 2020 met kenmerk 2020Z23459."),
    ]
    leg = FacetLeg(items, {"d": Metadata(kenmerk="2020Z23459")})
    assert leg.scores("Hoeveel geld is er voor de regeling?") is None
    np.testing.assert_array_equal(leg.scores("Wanneer zijn de vragen ingediend?"), [0.0, ANSWER_LIFT])
    np.testing.assert_array_equal(leg.scores("Welk artikel was de aanleiding voor de vragen?"), [0.0, 0.0])
    np.testing.assert_array_equal(leg.scores("Namens wie schrijft de minister?"), [0.0, 0.0])
    # The signature is the answer to who signed: it is lifted by more than the letter's "namens".
    signed = [_passage(3, "letter", "De minister van Onderwijs, Cultuur en Wetenschap,"), *items]
    np.testing.assert_array_equal(leg_for(signed).scores("Wie heeft dit ondertekend?"), [ANSWER_LIFT, 0.0, 0.0])
    # A document that says nothing about itself has no facets to lift.
    assert FacetLeg(items, {"d": Metadata()}).scores("Wanneer zijn de vragen ingediend?") is None


def test_a_facet_question_is_ordered_with_the_lift_and_keeps_dense_scores(fake_embedder):
    items = [
        _passage(1, "answer", "Wanneer zijn de vragen ingediend en door wie?"),  # near-copy of the question
        _passage(2, "letter", "De vragen waren ingezonden op 2 december 2020."),
    ]
    vectors = fake_embedder.embed_passages([p.text for p in items])
    manifest = Manifest(model={}, sources=(Source("d.txt", "", "d", metadata=Metadata(kenmerk="2020Z1")),), count=2)
    index = Index(
        vector_index(vectors), np.arange(len(items), dtype=np.int32), items, np.zeros((0, 256), np.float32), manifest
    )
    question = "Wanneer zijn de vragen ingediend?"
    dense = Retriever(index, fake_embedder, -1.0, lexical_weight=0, facet_weight=0).retrieve(question, 2)
    lifted = Retriever(index, fake_embedder, -1.0, lexical_weight=0, facet_weight=1.0).retrieve(question, 2)
    assert [h.passage.id for h in dense.hits] == ["d:answer:1", "d:letter:2"]
    assert [h.passage.id for h in lifted.hits] == ["d:letter:2", "d:answer:1"]
    assert {h.passage.id: h.score for h in lifted.hits} == {h.passage.id: h.score for h in dense.hits}


def test_the_passage_stating_the_facet_is_found_beyond_the_candidates(fake_embedder, monkeypatch):
    # Among many documents, the answers fill the candidates before the heading line that says
    # who answered; it is fetched from the document the question is about, and only from that one.
    answers = [_passage(n, "answer", f"De vragen over de regeling zijn beantwoord, deel {n}.") for n in range(1, 6)]
    items = [
        *answers,
        _passage(6, "heading", "Antwoord van Minister Kooistra (Financiën) (ontvangen 6 april 2021)."),
        Passage(
            "e:heading:1",
            "e",
            "Ander",
            "heading",
            "Antwoord van Minister Dijk (Justitie) (ontvangen 2 mei 2022).",
            1,
            0,
            9,
        ),
    ]
    vectors = fake_embedder.embed_passages([p.text for p in items])
    sources = (
        Source("d.txt", "", "d", metadata=Metadata(kenmerk="2021Z1")),
        Source("e.txt", "", "e", metadata=Metadata(kenmerk="2022Z2")),
    )
    manifest = Manifest(model={}, sources=sources, count=len(items))
    index = Index(
        vector_index(vectors), np.arange(len(items), dtype=np.int32), items, np.zeros((0, 256), np.float32), manifest
    )
    monkeypatch.setattr(retriever_module, "CANDIDATES", 2)
    monkeypatch.setattr(retriever_module, "MIN_CANDIDATES", 1)
    retriever = Retriever(index, fake_embedder, -1.0, lexical_weight=0, facet_weight=1.0)
    hits = retriever.retrieve("Wie heeft de vragen over de regeling beantwoord?", 8).hits
    assert hits[0].passage.id == "d:heading:6"
    assert "e:heading:1" not in {h.passage.id for h in hits}


def test_who_asked_is_answered_from_the_letter_with_the_real_model(real_service):
    answer = real_service.ask("Who tabled these written questions?")
    assert answer.answered and "Van der Molen en Amhaouch" in answer.quotes[0].passage.text


def test_which_minister_answered_finds_the_signature_with_the_real_model(real_service):
    hits = real_service.retriever.retrieve("Which minister answered the questions about AI education?", 3).hits
    assert any(h.passage.text.startswith("De minister van Onderwijs, Cultuur en Wetenschap") for h in hits)


def test_a_kamervraag_is_found_only_when_the_question_asks_what_the_members_asked(fake_embedder):
    items = [
        _passage(1, "question", "Hoeveel mensen worden er jaarlijks opgeleid in kunstmatige intelligentie?"),
        _passage(2, "answer", "Jaarlijks worden er circa 700 mensen opgeleid in kunstmatige intelligentie."),
    ]
    vectors = fake_embedder.embed_passages([p.text for p in items])
    manifest = Manifest(model={}, sources=(Source("d.txt", "", "d", metadata=Metadata(kenmerk="2020Z1")),), count=2)
    index = Index(
        vector_index(vectors), np.arange(len(items), dtype=np.int32), items, np.zeros((0, 256), np.float32), manifest
    )
    retriever = Retriever(index, fake_embedder, -1.0, lexical_weight=0)
    plain = retriever.retrieve("Hoeveel mensen worden er jaarlijks opgeleid in kunstmatige intelligentie?", 2)
    assert [h.passage.id for h in plain.hits] == ["d:answer:2"]  # the near-copy Kamervraag answers nothing
    members = retriever.retrieve("Vroegen de Kamerleden hoeveel mensen er jaarlijks worden opgeleid?", 2)
    assert [h.passage.id for h in members.hits] == ["d:question:1", "d:answer:2"]


def test_what_the_members_asked_is_quoted_from_the_kamervraag_with_the_real_model(real_service):
    answer = real_service.ask("Naar welke pagina's van het actieplan vroegen de Kamerleden?")
    top = answer.quotes[0].passage
    assert answer.answered and (top.id, top.kind) == ("2020Z23459:q6:1", "question")
    assert "pag. 24 en 32" in top.text


def test_a_paper_number_is_found_through_the_sentence_citing_it_with_the_real_model(real_service):
    for question in (
        "Welk Kamerstuknummer heeft de Kamerbrief over de Groeistrategie?",
        "What is the Kamerstuk number of the letter on the growth strategy?",
    ):
        answer = real_service.ask(question)
        assert answer.answered and answer.quotes[0].passage.text == "Kamerstuk 29 696, nr. 7", question


def test_which_ministry_answered_is_the_signature_not_the_co_signer_with_the_real_model(real_service):
    answer = real_service.ask("Which ministry is the minister who answered these questions from?")
    assert answer.quotes[0].passage.text.startswith("De minister van Onderwijs, Cultuur en Wetenschap")


def test_the_date_of_the_article_is_not_the_date_the_questions_were_sent_with_the_real_model(real_service):
    answer = real_service.ask("On what date did the newspaper publish the story behind these questions?")
    assert answer.answered and answer.quotes[0].passage.text.startswith("Het Parool, 24 november 2020")


def test_who_signed_is_answered_by_the_signature_with_the_real_model(real_service):
    answer = real_service.ask("Wie heeft de antwoorden op de Kamervragen over AI-onderwijs ondertekend?")
    assert answer.answered and "Ingrid van Engelshoven" in answer.quotes[0].passage.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Kende de minister het krantenartikel waar de vragen over gaan?", "Ja, ik ben bekend met"),
        ("In welke krant verscheen het artikel?", "Het Parool, 24 november 2020"),
    ],
)
def test_the_answer_that_is_one_short_line_is_found_with_the_real_model(real_service, question, expected):
    hits = real_service.retriever.retrieve(question, 3).hits
    assert hits[0].passage.text.startswith(expected)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Wanneer zijn de vragen over de stikstofuitstoot ingediend?", "de stikstofuitstoot"),
        ("Which minister answered the questions about the fireworks ban?", "the fireworks ban"),
        ("Wie heeft de antwoorden over kunstmatige intelligentie ondertekend?", "kunstmatige intelligentie"),
        ("In welke krant stond het artikel waar de vragen over gaan?", None),
        ("Who signed the answers?", None),
        ("What do the MPs say must happen over the next ten years?", None),  # English "over": during
        ("Kent de minister het bericht over AI?", None),  # two letters are no topic to test
        ("Which minister answered the questions on the state of windmills?", "the state of windmills"),
        ("Which MP asked the questions on 3 March?", None),  # a date, not a topic
        ("When were the questions on battery fires sent in?", "battery fires"),
        # A second question asked after the topic is no part of it.
        ("Who replied to the questions about polling stations, and when did the answers come in?", "polling stations"),
        ("Wie beantwoordde de vragen over lege winkels en wanneer kwamen de antwoorden binnen?", "lege winkels"),
        # Nor is where the answers went.
        ("When did the minister send the answers about bee deaths to the House?", "bee deaths"),
        ("Wanneer stuurde de minister de antwoorden over bijensterfte naar de Tweede Kamer?", "bijensterfte"),
        ("When were the answers on bee deaths sent to parliament?", "bee deaths"),
    ],
)
def test_the_topic_a_facet_question_names(question, topic):
    assert topic_of(question) == topic


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("Wanneer zijn de vragen over de stikstofuitstoot ingediend?", False),
        ("When were the questions about nitrogen emissions submitted?", False),
        ("Which minister answered the questions on nitrogen emissions?", False),
        ("Wanneer zijn de vragen over AI-onderwijs ingediend?", True),
    ],
)
def test_a_facet_question_about_another_topic_is_refused_with_the_real_model(real_service, question, answered):
    answer = real_service.ask(question)
    assert answer.answered is answered
    if answered:
        assert "2 december 2020" in answer.quotes[0].passage.text


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Did the MPs ask about the regional spread of AI students?", "regional spread AI students"),
        ("Naar welke pagina's van het actieplan vroegen de Kamerleden?", "pagina's actieplan"),
        ("Naar welke pagina's van het actieplan verwezen de CDA-Kamerleden?", "pagina's actieplan"),
        ("Wat vroegen de leden?", ""),
    ],
)
def test_a_question_about_the_members_question_is_matched_on_its_topic(question, topic):
    assert members_topic(question) == topic


def test_what_the_members_asked_about_is_found_in_their_kamervraag_with_the_real_model(real_service):
    top = real_service.ask("Vroegen de Kamerleden naar de man/vrouw-verhouding?").quotes[0].passage
    assert (top.kind, top.vraag) == ("question", (2,)) and "verhouding man/vrouw" in top.text
    # The words naming the members match the heading, which names them, in the lexical leg too.
    top = real_service.ask("Naar welke pagina's van het actieplan verwezen de CDA-Kamerleden?").quotes[0].passage
    assert top.kind == "question" and "pag. 24 en 32" in top.text


def test_the_kamervragen_are_ordered_by_the_members_topic(fake_embedder, monkeypatch):
    items = [
        _passage(1, "question", "Wat vroegen de Kamerleden de minister over de begroting?"),
        _passage(2, "question", "Hoe is de regionale spreiding van de opleidingen?"),
    ]
    index = _unit_index(items, fake_embedder)
    question = "Vroegen de Kamerleden de minister naar de regionale spreiding?"
    retriever = Retriever(index, fake_embedder, -1.0, lexical_weight=0, facet_weight=0)
    assert [h.passage.id for h in retriever.retrieve(question, 2).hits] == ["d:question:2", "d:question:1"]
    monkeypatch.setattr("rag.search.retriever.members_topic", lambda question: "")  # whole question only
    assert [h.passage.id for h in retriever.retrieve(question, 2).hits] == ["d:question:1", "d:question:2"]


def test_a_claim_the_members_cite_is_found_in_their_kamervraag_with_the_real_model(real_service):
    answer = real_service.ask("How many employees should be retrained according to the AI Coalition?")
    top = answer.quotes[0].passage
    assert answer.answered and (top.kind, top.vraag) == ("question", (3,)) and "800.000" in top.text


@pytest.mark.parametrize(
    ("question", "claimant"),
    [
        ("Hoeveel werknemers moeten volgens de AI Coalitie de komende tien jaar bijscholen?", ("ai", "coalitie")),
        ("Wat ging er mis bij Kindergaard volgens de inspecties van de GGD?", ("ggd",)),
        ("Vanaf wanneer kan de tijgermug volgens het RIVM in Nederland overwinteren?", ("rivm",)),
        ("Hoeveel pinautomaten zijn er volgens De Nederlandsche Bank?", ("bank",)),  # not "De", not an adjective
        ("How does Amsterdam rank according to the Parool article?", ("parool",)),
        ("welk percentage burgemeesters kreeg te maken met agressie volgens de laatste monitor", ()),
    ],
)
def test_the_claimant_a_question_names(question, claimant):
    assert claimants(question) == claimant


def test_a_claim_shows_only_the_kamervragen_that_name_its_claimant(fake_embedder):
    items = [
        _passage(1, "question", "Deelt u het pleidooi van de AI Coalitie om 800.000 werknemers om te scholen?"),
        _passage(2, "question", "Hoeveel werknemers moeten worden omgeschoold?"),
        _passage(3, "answer", "Werknemers moeten zich blijven ontwikkelen."),
    ]
    index = _unit_index(items, fake_embedder)
    retriever = Retriever(index, fake_embedder, -1.0, lexical_weight=0, facet_weight=0)
    named = retriever.retrieve("Hoeveel werknemers moeten volgens de AI Coalitie omscholen?", 3).hits
    assert {h.passage.id for h in named} == {"d:question:1", "d:answer:3"}
    unnamed = retriever.retrieve("Hoeveel werknemers moeten volgens de bonden omscholen?", 3).hits
    assert {h.passage.id for h in unnamed} == {"d:answer:3"}


@pytest.mark.parametrize(
    "question",
    [
        "Hoe ver mag je volgens de afspraken tussen banken en winkeliers van een pinautomaat wonen?",
        "How far from a cash machine may people live, according to the agreements between banks and shops?",
    ],
)
def test_a_claim_of_no_one_named_is_answered_from_the_answers_by_the_real_model(real_embedder, tmp_path, question):
    # The Kamervraag asks whether the banks keep "de afspraken"; the answer states them. Read as a
    # question about the members' words, the claim had found the Kamervraag first.
    document = next((ROOT / "eval" / "own" / "blind3").glob("*geldautomaten*"))
    settings = Settings(home=tmp_path, index_dir=tmp_path / "index")
    service = AnswerService(settings, embedder=real_embedder, files=[document])
    hits = service.retriever.retrieve(question, 3).hits
    assert "binnen een straal van vijf kilometer" in hits[0].passage.text
    assert "question" not in [hit.passage.kind for hit in hits]


@pytest.mark.parametrize(
    ("question", "itself"),
    [
        ("Who signed the answers?", True),
        ("Wanneer zijn deze vragen ingediend?", True),
        ("Wie heeft de antwoordbrief ondertekend?", True),
        ("Wanneer zijn de vragen over de stikstofuitstoot ingediend?", False),  # another topic
        ("Who signed the Treaty of Lisbon?", False),
        ("Kent de minister het artikel?", True),  # the article the questions are about
        ("Which newspaper published the article?", True),
        ("In welke krant stond het artikel over de stikstofuitstoot?", False),
        # The article by another name: a news story, a newspaper report.
        ("Had the minister seen the news story before answering?", True),
        ("Did the minister read the newspaper report?", True),
        ("Kent de minister het nieuwsbericht?", True),
        ("Has the minister read the McKinsey report?", False),  # some other report
        ("Is the minister familiar with the news story about flooding in Limburg?", False),
    ],
)
def test_a_facet_question_about_the_document_at_hand(question, itself):
    assert about_itself(question) is itself


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("Who signed the answers?", True),
        ("Wie ondertekende de brief?", True),  # its few words beat the background by only 0.003
        ("Who signed the Treaty of Lisbon?", False),
        ("Wie ondertekende het Verdrag van Lissabon?", False),
    ],
)
def test_a_short_question_about_the_letter_itself_passes_a_lower_margin_with_the_real_model(
    real_service, question, answered
):
    answer = real_service.ask(question)
    assert answer.answered is answered
    if answered:
        assert "Ingrid van Engelshoven" in answer.quotes[0].passage.text


def test_whether_the_minister_knows_the_news_story_is_answered_with_the_real_model(real_service):
    # Below MIN_MARGIN: "the news story" names the article, so only the background must be beaten.
    answer = real_service.ask("Had the minister seen the news story before answering?")
    assert answer.answered
    assert answer.quotes[0].passage.text.startswith("Ja, ik ben bekend met het genoemde bericht")


def test_where_to_read_the_news_story_quotes_its_note_not_whether_the_minister_knows_it_with_the_real_model(
    real_service,
):
    answer = real_service.ask("Where can I read the newspaper piece online?")
    assert answer.answered
    assert "https://www.parool.nl/" in answer.quotes[0].passage.text


def test_a_mededeling_states_why_the_answers_are_late_and_when_they_come():
    def mededeling(text: str) -> Passage:
        return Passage("d:m:1", "d", "Titel", "mededeling", text, 1, 0, len(text))

    metadata = Metadata(received="2023-06-02")
    heading = replace(
        mededeling("Mededeling van Minister Rozendaal (Pensioenen) (ontvangen 2 juni 2023)."), kind="heading"
    )
    assert "received" not in stated_facets(heading, metadata)  # the Mededeling's date, not the answers'
    assert stated_facets(
        mededeling("Ik streef ernaar de vragen uiterlijk 30 juni 2023 te beantwoorden."), metadata
    ) == {"received"}
    assert stated_facets(mededeling("Voor de beantwoording is informatie nodig van DNB."), metadata) == {"delay"}
    assert stated_facets(mededeling("De vragen kunnen niet binnen drie weken worden beantwoord."), metadata) == set()


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Overheid.nl, «Huisvesting Nederlandse evacués», www.internetconsultatie.nl/huisvesting_evacuees", True),
        ("AD, 16 november 2023 (https://www.ad.nl/rijswijk/geen-vergunning~a946954a8/).", True),
        ("Kamerstukken II, 2023/2024, 31 839, nr. 1024", True),
        ("De verdeling van de sterkte over de eenheden is beschreven in Kamerstuk 29 628, nr. 1058.", False),
        ("NEMESIS-3, 2023", False),
        # A report cited as a bibliography does: who, what, a date.
        ("SWOV, Ernstig verkeersgewonden 2019, R-2020-14, Den Haag, juni 2020.", True),
        ("CE Delft, Omvang van zwerfafval, juni 2022 (bijlage bij Kamerstuk 30 872, nr. 291).", True),
        ("Het aantal steeg tot 4.100, in 2021.", False),
        ("Zie ook de Kamerbrief over de betrouwbaarheid van DigiD, Kamerstuk 26 643, nr. 1004.", False),
    ],
)
def test_a_note_that_only_names_a_source(text, source):
    note = Passage("d:n:1", "d", "Titel", "footnote", text, 1, 0, len(text))
    assert is_source_note(note) is source
    assert is_source_note(replace(note, kind="answer")) is False
