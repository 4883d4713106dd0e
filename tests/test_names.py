"""Names: what counts as one, and the test of a question's names against the quoted document."""

from __future__ import annotations

from rag.language import message, quoted_list
from rag.search.evidence import lacks_answer_type
from rag.search.names import Vocabulary, lower_case_words, names, question_names, spelled_in_dutch, unnamed


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


def test_an_english_question_s_names_are_tested_only_where_spelled_as_in_dutch():
    vocabulary = Vocabulary.of(["In Nederland en België leven wolven; in Gelderland 12."])
    assert spelled_in_dutch("Drenthe") and spelled_in_dutch("Groningen")
    assert not spelled_in_dutch("Netherlands") and not spelled_in_dutch("Belgium") and not spelled_in_dutch("Meuse")
    assert not spelled_in_dutch("VAT")  # "vat" is a Dutch word too, but not ten times as frequent
    question = "How many wolves live in Drenthe, Gelderland, Belgium and the Netherlands?"
    assert unnamed(question, vocabulary, language="en") == ["Drenthe"]
    assert unnamed(question, vocabulary, language="nl") == ["Drenthe", "Netherlands"]  # "Belgi" is written


def test_the_names_a_refusal_says_are_listed_in_the_question_s_language():
    assert quoted_list(["Drenthe"], "en") == "«Drenthe»"
    assert quoted_list(["Eindhoven", "Airport"], "nl") == "«Eindhoven» en «Airport»"
    assert quoted_list(["Drenthe", "Gelderland", "Texel"], "en") == "«Drenthe», «Gelderland» and «Texel»"
    said = message("nearest_unnamed", "nl", names=quoted_list(["{0}", "Texel"], "nl"))
    assert "noemt «{0}» en «Texel» nergens" in said  # a name is inserted, never read as a format
