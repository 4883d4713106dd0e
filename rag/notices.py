"""What the product says about files and the collection: in English, and in Dutch for the Dutch chat.

A ``Notice`` is its English text (the command line prints it as it is) and knows how to say
itself in Dutch. Readers raise ``IngestError(Notice(...))``; the collection passes the notice
on inside its own ("skipped x.pdf: x.pdf is password-protected; ..."), so that the chat
can show the whole of it in the language of its page.
"""

from __future__ import annotations

from rag.language import Language

NOTICES: dict[str, dict[Language, str]] = {
    # Reading one file.
    "unsupported_type": {
        "en": "Unsupported file type {suffix} for {name}; supported: {supported}.",
        "nl": "Bestandstype {suffix} van {name} wordt niet ondersteund; wel: {supported}.",
    },
    "not_a_file": {"en": "{path} does not exist or is not a file.", "nl": "{path} bestaat niet of is geen bestand."},
    "too_large": {
        "en": "{name} is {size} MB; files over {limit} MB are not read.",
        "nl": "{name} is {size} MB; bestanden boven {limit} MB worden niet gelezen.",
    },
    "unreadable": {"en": "Could not read {name}: {reason}.", "nl": "{name} kon niet worden gelezen: {reason}."},
    "empty": {
        "en": "{name} is empty: there is no text to ingest.",
        "nl": "{name} is leeg: er is geen tekst om te lezen.",
    },
    "empty_docx": {
        "en": "{name} is empty (0 bytes): it is not a Word document.",
        "nl": "{name} is leeg (0 bytes): het is geen Word-document.",
    },
    "not_docx": {
        "en": "{name} is not a Word .docx file (an old .doc, another format, or damaged?).",
        "nl": "{name} is geen Word-bestand (.docx): een oud .doc-bestand, een ander formaat of beschadigd?",
    },
    "damaged_docx": {
        "en": "{name} is a damaged or unusual Word file ({reason}).",
        "nl": "{name} is een beschadigd of ongebruikelijk Word-bestand ({reason}).",
    },
    "zip_bomb": {
        "en": "{name} would unpack to {size} MB; the limit is {limit} MB.",
        "nl": "{name} zou uitpakken tot {size} MB; de grens is {limit} MB.",
    },
    "other_format": {
        "en": "{name} is a {kind} file, not text; give it the extension of its format.",
        "nl": "{name} is een {kind}-bestand, geen tekst; geef het de extensie van dat formaat.",
    },
    "binary_text": {
        "en": "{name} looks like a binary file, not text.",
        "nl": "{name} lijkt een binair bestand, geen tekst.",
    },
    "undecodable": {"en": "Could not decode {name} as text.", "nl": "{name} kon niet als tekst worden gelezen."},
    "binary_html": {
        "en": "{name} looks like a binary file, not an HTML page.",
        "nl": "{name} lijkt een binair bestand, geen HTML-pagina.",
    },
    "no_tags": {
        "en": "{name} does not look like HTML: it has no tags.",
        "nl": "{name} lijkt geen HTML: er staan geen tags in.",
    },
    "markup_only": {
        "en": "{name} has no text to ingest: the page holds only markup, scripts or styles.",
        "nl": "{name} bevat geen tekst om te lezen: de pagina bestaat alleen uit opmaak, scripts of stijlen.",
    },
    "scanned_pdf": {
        "en": "{name} has no extractable text (a scanned PDF? OCR is not supported).",
        "nl": "Uit {name} is geen tekst te halen (een gescande PDF? Tekstherkenning wordt niet ondersteund).",
    },
    "pdf_password": {
        "en": "{name} is password-protected; remove the password and try again.",
        "nl": "{name} is met een wachtwoord beveiligd; verwijder het wachtwoord en probeer het opnieuw.",
    },
    "bad_pdf": {
        "en": "Could not read {name} as a PDF ({reason}).",
        "nl": "{name} kon niet als PDF worden gelezen ({reason}).",
    },
    # Bringing the collection in step with its files.
    "rebuilt": {
        "en": "the index in {folder} could not be used ({reason}); it was rebuilt from its files",
        "nl": "de index in {folder} was onbruikbaar ({reason}); hij is opnieuw opgebouwd uit de bestanden",
    },
    "model_changed": {
        "en": "the index was built with model {old}; re-embedding its passages with {new}",
        "nl": "de index is gemaakt met model {old}; de passages worden opnieuw ingebed met {new}",
    },
    "reader_changed": {
        "en": "the index was read by another version of Vraagbaak; reading its {count} document(s) again",
        "nl": "de index is gelezen door een andere versie van Vraagbaak; "
        "de {count} document(en) worden opnieuw gelezen",
    },
    "same_document": {
        "en": "skipped {name}: the same document as {doc_id} ({kept_as}) in another form; "
        "remove that one first to replace it",
        "nl": "{name} overgeslagen: hetzelfde document als {doc_id} ({kept_as}) in een andere vorm; "
        "verwijder dat eerst om het te vervangen",
    },
    "moved": {
        "en": "{path} moved to {other}; its passages are kept",
        "nl": "{path} is verplaatst naar {other}; de passages blijven bewaard",
    },
    "same_bytes": {
        "en": "{path} holds the same bytes as {other}; its passages are kept",
        "nl": "{path} bevat dezelfde bytes als {other}; de passages blijven bewaard",
    },
    "gone_indexed_elsewhere": {
        "en": "{path} is no longer on disk; the same file is indexed from {other}",
        "nl": "{path} staat niet meer op schijf; hetzelfde bestand is geïndexeerd vanuit {other}",
    },
    "indexed_elsewhere": {
        "en": "{path} holds the same bytes; the same file is indexed from {other}",
        "nl": "{path} bevat dezelfde bytes; hetzelfde bestand is geïndexeerd vanuit {other}",
    },
    "gone": {
        "en": "{path} is no longer on disk; its passages are kept",
        "nl": "{path} staat niet meer op schijf; de passages blijven bewaard",
    },
    "skipped_missing": {
        "en": "skipped {path}: it does not exist or is not a file",
        "nl": "{path} overgeslagen: het bestaat niet of is geen bestand",
    },
    "skipped": {"en": "skipped {path}: {reason}", "nl": "{path} overgeslagen: {reason}"},
    "unreadable_now": {
        "en": "{path} cannot be read any more ({reason}); its previous passages are kept",
        "nl": "{path} is niet meer te lezen ({reason}); de eerdere passages blijven bewaard",
    },
    "changed": {
        "en": "{path} changed since it was indexed; re-reading it",
        "nl": "{path} is gewijzigd sinds het geïndexeerd werd; het wordt opnieuw gelezen",
    },
    # Uploads in the chat.
    "skipped_type": {
        "en": "skipped {name}: unsupported file type; supported: {supported}",
        "nl": "{name} overgeslagen: dit bestandstype wordt niet ondersteund; wel: {supported}",
    },
    "skipped_same_content": {
        "en": "skipped {name}: the same content as {other}, which is already in the collection",
        "nl": "{name} overgeslagen: dezelfde inhoud als {other}, dat al in de collectie staat",
    },
}


class Notice(str):
    """A notice: its value is the English text; ``said_in`` gives it in another language."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, **values: object) -> Notice:
        """The notice ``key`` with ``values`` filled in; a value that is a notice is said in the same language."""
        notice = super().__new__(cls, _render(key, "en", values))
        notice.key = key
        notice.values = values
        return notice

    def said_in(self, language: Language) -> str:
        """The notice in ``language``."""
        return _render(self.key, language, self.values)

    def __reduce__(self) -> tuple[object, ...]:
        """Copied and pickled by its key and values, not by its English text."""
        return (_rebuilt, (type(self), self.key, self.values))


class Failure(Notice):
    """A notice that a file could not be read: it was skipped, or its previous passages were kept."""


def said_in(notice: object, language: Language) -> str:
    """``notice`` in ``language`` if it is a ``Notice``, else as it is (a path, a library's message)."""
    return notice.said_in(language) if isinstance(notice, Notice) else str(notice)


def reason(error: BaseException) -> str:
    """What went wrong, as a notice where the error carries one: an ``IngestError(Notice(...))``."""
    first = error.args[0] if error.args else None
    return first if isinstance(first, Notice) and len(error.args) == 1 else str(error)


def _rebuilt(cls: type[Notice], key: str, values: dict[str, object]) -> Notice:
    return cls(key, **values)


def _render(key: str, language: Language, values: dict[str, object]) -> str:
    return NOTICES[key][language].format(**{name: said_in(value, language) for name, value in values.items()})
