"""Names: what counts as one, and the test of a question's names against the quoted document."""

from __future__ import annotations

import pytest

from rag.answer.compose import ask
from rag.answer.service import AnswerService
from rag.document import Passage
from rag.language import message, quoted_list
from rag.search.evidence import lacks_answer_type
from rag.search.names import (
    PASSING,
    Vocabulary,
    dutch_country,
    in_passing,
    lower_case_words,
    names,
    question_names,
    spelled_in_dutch,
    unnamed,
)
from rag.search.profile import Profile
from rag.settings import Settings
from tests.conftest import unit_index


def test_names_are_capitalised_words_that_do_not_open_the_sentence():
    startup = "Het tweede voorbeeld is een Nederlandse startup die in Noordwijk een Europese prijs heeft gewonnen."
    assert names(startup) == {"noordwijk"}  # "Het" opens it; "Nederlandse" and "Europese" name no one
    assert names("Dit initiatief is mede mogelijk gemaakt door OCW en EZK.") == {"ocw", "ezk"}
    assert names("Zij gebruiken satellietdata om koraalriffen te monitoren.") == set()


def test_a_word_the_documents_also_write_in_lower_case_is_no_name():
    texts = ["Studenten leren over kunstmatige intelligentie.", "Het CWI en TNO doen mee."]
    common = lower_case_words(texts)
    assert {"kunstmatige", "intelligentie", "leren"} <= common and not {"cwi", "tno", "studenten"} & common
    five = "Vijf universiteiten bieden een bacheloropleiding Kunstmatige intelligentie aan."
    assert names(five) == {"kunstmatige"}
    assert names(five, common) == set()
    assert lacks_answer_type("Which universities offer AI?", [five], common)
    assert not lacks_answer_type("Welke ministeries doen mee?", [texts[1]], common)


def test_a_web_address_s_path_makes_no_name_common():
    # Newspapers put places in their addresses' paths: "Drenthe" is still a name after this note.
    note = "Dagblad van het Noorden, 3 januari 2024, «Ouderen gratis met de bus» (https://dvhn.nl/drenthe/ouderen-bus)."
    common = lower_case_words([note, "Zie www.rijksoverheid.nl/onderwerpen/ov voor de regeling."])
    assert "drenthe" not in common and {"gratis", "dvhn", "rijksoverheid", "nl", "voor"} <= common
    trial = "In de provincie Drenthe reizen inwoners van 67 jaar en ouder gratis met de bus."
    assert names(trial, common) == {"drenthe"}
    assert not lacks_answer_type("Which regions are trialling free buses for older people?", [trial], common)


def test_the_names_in_a_quoted_title_answer_no_question_for_a_name():
    note = "Het Parool, 24 november 2020, 'Amsterdam op achterstand', https://www.parool.nl/amsterdam/x."
    assert lacks_answer_type("Welke journalist schreef het artikel in Het Parool?", [note])
    assert lacks_answer_type("Welke journalist schreef het artikel?", ["Het bericht «Utrecht bouwt door» verscheen."])
    assert not lacks_answer_type("Welke journalist schreef het?", ["Het artikel 'AI' is van Sanne Jansen."])
    # Apostrophes inside words open no quote: Rotterdam is still named.
    assert not lacks_answer_type("Welke stad doet mee?", ["In 's-Gravenhage en Rotterdam doen AOW'ers mee."])


def test_a_question_s_names_open_no_sentence_and_have_no_hyphen():
    question = "Hoeveel mbo-studenten in Rotterdam en Zeeuws-Vlaanderen zijn klant? En in Delft?"
    assert question_names(question) == ["Rotterdam", "Delft"]  # "Hoeveel" and "En" open a sentence
    # A hyphenated acronym is often spelled out by the documents ("een leven lang ontwikkelen").
    assert question_names("Waar staat het LLO-aanbod van de universiteiten?") == []
    assert question_names("Hoeveel Amsterdamse studenten en Kamerleden?", {"kamerleden"}) == []


def test_a_document_writes_a_name_in_any_inflection_or_compound():
    vocabulary = Vocabulary.of(["De Rotterdamse voedselbank helpt Nederlanders.", "Het OM vervolgt."])
    assert vocabulary.writes("Rotterdam") and vocabulary.writes("Nederland") and vocabulary.writes("OM")
    assert not vocabulary.writes("Utrecht") and vocabulary.writes("Rotterdammertje")
    assert not vocabulary.writes("NS")


def test_an_acronym_is_written_where_its_words_are():
    vocabulary = Vocabulary.of(
        ["Het Nationaal Programma Onderwijs (NP Onderwijs) en het Centraal Bureau voor de Statistiek."]
    )
    assert vocabulary.writes("NPO") and vocabulary.writes("CBS")
    assert not vocabulary.writes("NOS") and not vocabulary.writes("CPB")
    # A run stops at punctuation and at a lower-case word that is no stop word.
    assert not Vocabulary.of(["Vitens, Brabant Water en WML pompen op."]).writes("VBW")
    assert not Vocabulary.of(["De Inspectie keurt Scholen."]).writes("DIS")


def test_a_people_is_written_where_the_document_names_its_land():
    vocabulary = Vocabulary.of(["In 2019 werkten 43.200 inwoners van België en 9.100 van Turkije in Nederland."])
    assert vocabulary.writes("Belgen") and vocabulary.writes("Turken")
    assert not vocabulary.writes("Russen") and not vocabulary.writes("Fransen")
    # Only a capitalised word writes a people ("turkooizen" no "Turken"), and other names keep
    # five letters ("haar" writes no "Haarlem").
    assert not Vocabulary.of(["Een turkooizen vaas."]).writes("Turken")
    assert not Vocabulary.of(["Zij legt haar beleid uit."]).writes("Haarlem")


def test_a_name_with_two_letters_swapped_is_written_when_the_document_capitalises_it():
    vocabulary = Vocabulary.of(["Het programma Make IT Work loopt in Groningen."])
    assert vocabulary.writes("Wrok") and vocabulary.writes("Groinngen")
    assert not vocabulary.writes("Utercht")
    assert not Vocabulary.of(["Het werk loopt."]).writes("Wrek")  # "werk" is no name
    assert not Vocabulary.of(["Ede ligt in Gelderland."]).writes("Eed")  # too short to forgive


def test_unnamed_lists_the_question_s_names_the_document_does_not_write():
    vocabulary = Vocabulary.of(["Op Schiphol vonden 28.640 nachtvluchten plaats.", "De ILT handhaaft."])
    question = "Hoeveel nachtvluchten waren er in 2022 op Eindhoven Airport en Schiphol volgens de ILT?"
    assert unnamed(question, vocabulary) == ["Eindhoven", "Airport"]
    assert unnamed("Hoeveel nachtvluchten had Schiphol?", vocabulary) == []


def test_a_ministry_s_abbreviation_is_written_where_its_full_name_is():
    heading = Vocabulary.of(
        ["Vragen van het lid Doornbos (VVD) aan de Minister van Binnenlandse Zaken en", "Koninkrijksrelaties"]
    )
    assert unnamed("Wanneer bespreekt BZK de hondenbelasting met de VNG?", heading) == ["VNG"]
    assert unnamed("Wat vindt VWS van de hondenbelasting?", heading) == ["VWS"]  # another ministry
    answerer = Vocabulary.of(["Antwoord van Minister Bruins (Onderwijs, Cultuur en Wetenschap)"])
    assert unnamed("Heeft OCW de regeling Impuls Muziekonderwijs verlengd?", answerer) == ["Impuls", "Muziekonderwijs"]


def test_an_english_question_s_names_are_tested_only_where_spelled_as_in_dutch():
    vocabulary = Vocabulary.of(["In Nederland en België leven wolven; in Gelderland 12."])
    assert spelled_in_dutch("Drenthe") and spelled_in_dutch("Groningen")
    assert not spelled_in_dutch("Netherlands") and not spelled_in_dutch("Belgium") and not spelled_in_dutch("Meuse")
    assert not spelled_in_dutch("VAT")  # "vat" is a Dutch word too, but not ten times as frequent
    question = "How many wolves live in Drenthe, Gelderland, Belgium and the Netherlands?"
    assert unnamed(question, vocabulary, language="en") == ["Drenthe"]
    assert unnamed(question, vocabulary, language="nl") == ["Drenthe", "Netherlands"]  # "Belgi" is written


def test_the_state_names_no_subject_but_the_netherlands_does():
    vocabulary = Vocabulary.of(["Gemeenten krijgen eenmalig € 9,5 miljoen voor extra openingstijden."])
    assert unnamed("Hoeveel geld krijgen gemeenten van het Rijk?", vocabulary) == []
    assert unnamed("Betaalt de Rijksoverheid de extra openingstijden?", vocabulary) == []
    assert unnamed("Hoeveel gemeenten in Nederland krijgen geld?", vocabulary) == ["Nederland"]
    assert unnamed("Hoeveel geld krijgt Rijkswaterstaat?", vocabulary) == ["Rijkswaterstaat"]  # an agency is named


def test_an_english_question_s_countries_are_tested_by_their_dutch_names():
    assert dutch_country("Belgium") == "België" and dutch_country("luxembourg") == "Luxemburg"
    assert dutch_country("Netherlands") is None and dutch_country("Gelderland") is None
    assert dutch_country("Bolivia") == "Bolivia" and dutch_country("Moldova") == "Moldavië"  # not "…, Republiek"
    vocabulary = Vocabulary.of(["Grensarbeiders uit België en Duitsland werken in Nederland."])
    question = "How many Belgium and Luxembourg residents work from home in the Netherlands?"
    assert unnamed(question, vocabulary, language="en") == ["Luxembourg"]
    assert unnamed("Do the rules differ in Germany?", vocabulary, language="en") == []


def test_the_names_a_refusal_says_are_listed_in_the_question_s_language():
    assert quoted_list(["Drenthe"], "en") == "«Drenthe»"
    assert quoted_list(["Eindhoven", "Airport"], "nl") == "«Eindhoven» en «Airport»"
    assert quoted_list(["Drenthe", "Gelderland", "Texel"], "en") == "«Drenthe», «Gelderland» and «Texel»"
    said = message("nearest_unnamed", "nl", names=quoted_list(["{0}", "Texel"], "nl"))
    assert "noemt «{0}» en «Texel» nergens" in said  # a name is inserted, never read as a format


def test_a_part_of_a_document_forgives_the_slips_its_document_forgives():
    line = "Kijk naar Make IT work, een halfjarig programma."
    document = Vocabulary.of([line, "Het programma Make IT Work loopt in Groningen."])
    part = document.part([line])
    assert part.writes("Wrok")  # the document capitalises "Work" elsewhere
    assert not Vocabulary.of([line]).writes("Wrok")  # alone, "work" is no name
    assert not part.writes("Groningen")  # the part does not write what only the rest does


def test_a_name_is_named_in_passing_when_few_other_passages_write_it():
    quoted_text = "Rijkswaterstaat ruimde in Utrecht 4.200 ton zwerfafval op."
    others = [f"In Limburg helpen {n} vrijwilligers." for n in range(1, PASSING + 1)] + ["In Zeeland ook."]
    document = Vocabulary.of([quoted_text, *others, *(["Zeeland telt mee."] * PASSING)])
    quoted = document.part([quoted_text])
    places = [document.part([text]) for text in [quoted_text, *others]]
    assert in_passing("Hoeveel ton afval ruimde Rijkswaterstaat in Drenthe?", quoted, places) == {}  # for `unnamed`
    assert in_passing("Hoeveel ton afval ruimde Rijkswaterstaat in Utrecht?", quoted, places) == {}
    passing = {"Limburg": list(range(1, PASSING + 1))}
    assert in_passing("Hoeveel ton afval is er in Limburg geruimd?", quoted, places) == passing
    # An English question's names are tested where spelled as in Dutch, as for `unnamed`.
    assert in_passing("How much litter was cleared in Limburg?", quoted, places, language="en") == passing
    # A name more passages write is what the document is about: an answer need not repeat it.
    many = places + [document.part(["Zeeland telt mee."])] * PASSING
    assert in_passing("Hoeveel ton afval is er in Zeeland geruimd?", quoted, many) == {}
    assert in_passing("Hoeveel ton afval is er in Zeeland geruimd?", quoted, places) == {"Zeeland": [PASSING + 1]}


def _part(pid: str, kind: str, text: str, vraag: tuple[int, ...] = ()) -> Passage:
    return Passage(f"d:{pid}", "d", "Titel", kind, text, 1, 0, len(text), vraag=vraag)


def test_the_quoted_words_are_those_of_the_whole_answer_and_the_heading(fake_embedder):
    items = [
        _part("h", "heading", "Vragen van het lid Jansen over zwerfafval in Zeeland (ingezonden 3 maart 2023)."),
        _part("a1", "answer", "Rijkswaterstaat ruimde 4.200 ton zwerfafval op.", (1,)),
        _part("a2", "answer", "Daarvan kwam 300 ton uit Limburg.", (1,)),  # the same answer, quoted in two parts
        _part("b", "answer", "Ook in Drenthe helpen vrijwilligers.", (2,)),
    ]
    profile = Profile(unit_index(items, fake_embedder))
    quoted = profile.quoted_vocabulary(1)
    assert quoted.writes("Limburg") and quoted.writes("Zeeland") and not quoted.writes("Drenthe")
    assert [o for o, place in profile.places("d") if place.writes("Drenthe")] == [3]


def test_a_note_is_one_place_however_many_passages_cite_it(fake_embedder):
    note = "de Gelderlander, 16 januari 2017, «Gezinnen onder een hoogspanningslijn»"
    items = [
        Passage("d:q1", "d", "Titel", "question", "Kent u het bericht?", 1, 0, 19, vraag=(1,), footnotes=(note,)),
        Passage("d:a1", "d", "Titel", "answer", "Ja.", 1, 0, 3, vraag=(1,), footnotes=(note,)),
        _part("n1", "footnote", note, (1,)),
        _part("a2", "answer", "Er staan 6.200 woningen onder een lijn.", (2,)),
    ]
    profile = Profile(unit_index(items, fake_embedder))
    assert [o for o, place in profile.places("d") if place.writes("Gelderland")] == [2]
    # The answer quoted with the note that its question cites still writes it; another answer names it in passing.
    assert profile.quoted_vocabulary(1).writes("Gelderland")
    assert in_passing(
        "Hoeveel woningen staan er in Gelderland onder een lijn?",
        profile.quoted_vocabulary(3),
        [v for _, v in profile.places("d")],
    ) == {"Gelderland": [2]}


def test_the_refusal_for_a_name_in_passing_says_the_name():
    said = message("nearest_in_passing", "en", names=quoted_list(["Limburg"], "en"))
    assert "mentions «Limburg» only in passing" in said and "where the document mentions «Limburg»" in said


LITTER = """Vragen van het lid De Vries (VVD) aan de Minister van Infrastructuur en Waterstaat over zwerfafval langs
snelwegen (ingezonden 3 maart 2023).

Antwoord van Minister Jansen (Infrastructuur en Waterstaat) (ontvangen 30 maart 2023).

Vraag 1
Hoeveel zwerfafval ruimt Rijkswaterstaat jaarlijks op langs de snelwegen?

Antwoord 1
Rijkswaterstaat heeft in 2022 langs de rijkswegen in Utrecht en Zuid-Holland 4.200 ton zwerfafval opgeruimd.
Dat is 300 ton meer dan in 2021.

Vraag 2
Welke maatregelen neemt u om zwerfafval te voorkomen?

Antwoord 2
Ik start dit voorjaar een campagne met de provincies en de weggebruikersorganisaties. Ook in Limburg wordt
langs de A2 vaker schoongemaakt; daar werken de provincie en Rijkswaterstaat samen met vrijwilligers.

Vraag 3
Wat kost het opruimen van zwerfafval?

Antwoord 3
De kosten van het opruimen bedroegen in 2022 € 12 miljoen.
"""


@pytest.fixture(scope="module")
def litter(real_embedder, tmp_path_factory) -> AnswerService:
    """A document of our own that names Limburg once, in an answer about something else."""
    home = tmp_path_factory.mktemp("litter")
    document = home / "2023Z04001-zwerfafval.txt"
    document.write_text(LITTER, encoding="utf-8")
    return AnswerService(Settings(home=home, index_dir=home / "index"), embedder=real_embedder, files=[document])


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Hoeveel ton zwerfafval is er in 2022 langs de snelwegen in Limburg opgeruimd?", "nl"),
        ("How many tonnes of litter were cleared along the motorways in Limburg in 2022?", "en"),
    ],
)
def test_a_question_about_what_a_document_names_only_in_passing_is_refused(litter, question, language):
    answer = ask(question, litter.retriever)
    assert not answer.answered
    assert answer.message == message("nearest_in_passing", language, names="«Limburg»")
    assert "4.200 ton" in answer.nearest[0].passage.text  # the answer it comes closest to
    assert any("Ook in Limburg" in quote.passage.text for quote in answer.nearest)  # where it names Limburg
    # Beyond the passages asked for, the place that names it is shown after them.
    one = ask(question, litter.retriever, 1)
    assert [(q.rank, q.passage.text[:14]) for q in one.nearest] == [(1, "Rijkswaterstaa"), (2, "Ik start dit v")]


def test_a_question_naming_what_the_quoted_answer_writes_is_answered(litter):
    answer = ask("Hoeveel ton zwerfafval is er in 2022 langs de snelwegen in Utrecht opgeruimd?", litter.retriever)
    assert answer.answered and "4.200 ton" in answer.quotes[0].passage.text
