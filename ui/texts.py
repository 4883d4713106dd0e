"""The fixed text of the page, in Dutch and in English: one interface per language."""

from __future__ import annotations

from rag.language import Language

LANGUAGES: tuple[Language, ...] = ("nl", "en")
# Where each interface is served; the Dutch one is the home page.
PATHS: dict[Language, str] = {"nl": "/", "en": "/en/"}

TEXTS: dict[str, dict[Language, str]] = {
    "tagline": {
        "nl": "Letterlijke antwoorden van de overheid, met bron.",
        "en": "Verbatim government answers, with their source.",
    },
    "other_language": {"nl": "English", "en": "Nederlands"},
    "other_language_name": {"nl": "Switch to English", "en": "Naar het Nederlands"},
    "chat_tab": {"nl": "Vragen", "en": "Ask"},
    "documents_tab": {"nl": "Documenten", "en": "Documents"},
    "you": {"nl": "Uw vraag", "en": "Your question"},
    "chat_label": {"nl": "Gesprek", "en": "Conversation"},
    "question_label": {"nl": "Uw vraag", "en": "Your question"},
    "placeholder": {
        "nl": "Stel een vraag in het Nederlands of Engels, of zoek een naam of term",
        "en": "Ask in English or Dutch, or search for a name or term",
    },
    "send": {"nl": "Vraag", "en": "Ask"},
    "clear": {"nl": "Gesprek wissen", "en": "Clear conversation"},
    "copy": {"nl": "Kopieer antwoord", "en": "Copy answer"},
    "copied": {"nl": "Gekopieerd", "en": "Copied"},
    "search_in": {"nl": "Zoek in", "en": "Search in"},
    "all_documents": {"nl": "Alle documenten", "en": "All documents"},
    "examples": {"nl": "Voorbeeldvragen", "en": "Example questions"},
    "collection": {"nl": "Collectie", "en": "Collection"},
    "passages": {"nl": "passages", "en": "passages"},
    "add": {"nl": "Documenten toevoegen (PDF, Word, HTML, tekst)", "en": "Add documents (PDF, Word, HTML, text)"},
    "remove_choice": {"nl": "Document om te verwijderen", "en": "Document to remove"},
    "remove": {"nl": "Verwijderen…", "en": "Remove…"},
    "confirm": {"nl": "Ja, verwijder {doc}", "en": "Yes, remove {doc}"},
    "cancel": {"nl": "Annuleren", "en": "Cancel"},
    "confirm_question": {
        "nl": "{doc} en de bewaarde kopie worden verwijderd. Weet u het zeker?",
        "en": "{doc} and its kept copy will be removed. Are you sure?",
    },
    "removed": {"nl": "{doc} is verwijderd.", "en": "{doc} was removed."},
    "choose_document": {"nl": "Kies eerst een document.", "en": "Choose a document first."},
    "choose_file": {"nl": "Kies eerst een bestand.", "en": "Choose a file first."},
    "indexing": {"nl": "Bezig met indexeren: {names} …", "en": "Indexing: {names} …"},
    "indexing_failed": {"nl": "Indexeren mislukt: {detail}", "en": "Indexing failed: {detail}"},
    "added": {"nl": "Toegevoegd", "en": "Added"},
    "nothing_added": {"nl": "Niets nieuws toegevoegd.", "en": "Nothing new was added."},
    "more_passages": {"nl": "Meer passages", "en": "More passages"},
    "kamervraag": {"nl": "De Kamervraag", "en": "The parliamentary question"},
    "open_pdf": {"nl": "PDF, pagina {page}", "en": "PDF, page {page}"},
    "open_file": {"nl": "bronbestand", "en": "source file"},
    "read_text": {"nl": "lees in de tekst", "en": "read in the text"},
    "filtered": {"nl": "Gezocht in één document: {doc}.", "en": "Searched in one document: {doc}."},
    "no_documents": {"nl": "Er zijn geen documenten geladen.", "en": "No documents are loaded."},
    # Column heads of the documents table.
    "col_title": {"nl": "Titel", "en": "Title"},
    "col_id": {"nl": "Kenmerk / id", "en": "Id"},
    "col_submitted": {"nl": "Ingezonden", "en": "Submitted"},
    "col_received": {"nl": "Beantwoord", "en": "Answered"},
    "col_askers": {"nl": "Vragenstellers", "en": "Asked by"},
    "col_answerer": {"nl": "Beantwoord door", "en": "Answered by"},
    "col_format": {"nl": "Formaat", "en": "Format"},
    "col_pages": {"nl": "Pagina's", "en": "Pages"},
    "col_passages": {"nl": "Passages", "en": "Passages"},
    "back_to_chat": {"nl": "Terug naar Vraagbaak", "en": "Back to Vraagbaak"},
    "quoted_here": {"nl": "Hier geciteerd", "en": "Quoted here"},
    "not_in_collection": {
        "nl": "Dit document staat niet in de collectie.",
        "en": "This document is not in the collection.",
    },
}

EXAMPLES: dict[Language, tuple[str, ...]] = {
    "nl": (
        "Hoeveel studenten beginnen jaarlijks aan een bachelor Kunstmatige intelligentie?",
        "Hoe groot is het budget van de subsidieregeling voor omscholing?",
    ),
    "en": (
        "How many people have taken the free national AI course?",
        "Which European white paper on AI does the government support?",
    ),
}


def text(key: str, language: Language, **values: object) -> str:
    """The fixed text ``key`` in ``language``, with ``values`` filled in (never interpreted)."""
    return TEXTS[key][language].format(**values)


def language_of(value: str | None) -> Language:
    """``value`` as an interface language: "en" for English, Dutch otherwise."""
    return "en" if (value or "").lower().startswith("en") else "nl"
