"""Notices about files: English as a string, Dutch on request, the reader's reason inside."""

from __future__ import annotations

import copy
import pickle

from rag.ingest.source import IngestError
from rag.notices import NOTICES, Failure, Notice, reason, said_in


def test_a_notice_is_its_english_text_and_says_itself_in_dutch():
    inner = Notice("pdf_password", name="brief.pdf")
    notice = Failure("skipped", path="/tmp/brief.pdf", reason=inner)
    assert notice == "skipped /tmp/brief.pdf: brief.pdf is password-protected; remove the password and try again."
    assert notice.said_in("nl") == (
        "/tmp/brief.pdf overgeslagen: brief.pdf is met een wachtwoord beveiligd; verwijder het wachtwoord en "
        "probeer het opnieuw."
    )
    assert said_in("a library's own message", "nl") == "a library's own message"


def test_a_notice_survives_copying_and_pickling_with_its_dutch():
    notice = Failure("skipped", path="x.pdf", reason=Notice("scanned_pdf", name="x.pdf"))
    for twin in (copy.deepcopy(notice), pickle.loads(pickle.dumps(notice))):
        assert type(twin) is Failure and twin == notice and twin.said_in("nl") == notice.said_in("nl")


def test_the_reason_of_an_error_keeps_its_notice():
    assert isinstance(reason(IngestError(Notice("empty", name="leeg.txt"))), Notice)
    assert reason(ValueError("bad value")) == "bad value"


def test_every_notice_has_both_languages_with_the_same_fields():
    for key, texts in NOTICES.items():
        assert set(texts) == {"en", "nl"}, key
        fields = [sorted(part.split("}")[0] for part in text.split("{")[1:]) for text in texts.values()]
        assert fields[0] == fields[1], key
