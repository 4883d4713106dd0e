"""Index persistence and staleness, with the fake embedder: these test logic, not quality."""

from __future__ import annotations

import shutil
from dataclasses import replace

import numpy as np
import pytest

from rag.document import Passage
from rag.evaluation.scan import collection_index
from rag.ingest import code_checksum, reader_fingerprint, reading_code
from rag.ingest.patterns import is_bare_reference
from rag.notices import Failure
from rag.store.collection import (
    UnknownDocumentError,
    background_sentences,
    open_collection,
    remove,
    update,
)
from rag.store.embedding import embed_units, unit_count, unit_texts
from rag.store.index import CorruptIndexError, Index
from rag.store.tokens import TokenTable
from tests.conftest import BUNDLED_PDF, BUNDLED_TXT, FakeEmbedder, TokenFakeEmbedder

PLAIN = "Eerste alinea over de begroting.\n\nTweede alinea over onderwijs en scholing.\n"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(BUNDLED_TXT, folder / BUNDLED_TXT.name)
    (folder / "notitie.txt").write_text(PLAIN, encoding="utf-8")
    return sorted(folder.iterdir())


def embedded_once(index) -> list[int]:
    """The embedder calls a fresh build makes: every unit of every passage, then the background."""
    return [sum(len(unit_texts(p)) for p in index.passages), len(background_sentences())]


def test_index_reopens_without_re_embedding(tmp_path, corpus):
    embedder = FakeEmbedder()
    built = open_collection(tmp_path / "idx", embedder, corpus)
    assert embedder.calls == embedded_once(built.index)
    assert embedder.calls[0] > len(built.index.passages)  # sentences are units of their own
    again = open_collection(tmp_path / "idx", embedder, corpus)
    assert embedder.calls == embedded_once(built.index)
    assert [p.id for p in again.index.passages] == [p.id for p in built.index.passages]
    assert again.notices == ()


def test_change_of_model_is_explained_and_re_embeds(tmp_path, corpus):
    open_collection(tmp_path / "idx", FakeEmbedder(), corpus)
    other = FakeEmbedder("other-model")
    opened = open_collection(tmp_path / "idx", other, corpus)
    assert opened.notices == (
        "the index was built with model fake-bow (fake, bag-of-words); "
        "re-embedding its passages with other-model (fake, bag-of-words)",
    )
    assert other.calls == embedded_once(opened.index)
    assert Index.load(tmp_path / "idx").manifest.model["name"] == "other-model"


def test_the_reader_checksum_follows_code_not_comments(tmp_path):
    module = tmp_path / "rule.py"
    module.write_text("LIMIT = 200\n", encoding="utf-8")
    before = code_checksum([module], tmp_path)
    module.write_text("# Passages past this many words are split.\n\nLIMIT = 200\n", encoding="utf-8")
    assert code_checksum([module], tmp_path) == before
    module.write_text("LIMIT = 150\n", encoding="utf-8")
    assert code_checksum([module], tmp_path) != before


def test_the_reader_checksum_counts_where_a_module_stands(tmp_path):
    module = tmp_path / "rule.py"
    module.write_text("LIMIT = 200\n", encoding="utf-8")
    before = code_checksum([module], tmp_path)
    (tmp_path / "layout").mkdir()
    moved = module.rename(tmp_path / "layout" / "rule.py")
    assert code_checksum([moved], tmp_path) != before


def test_the_reader_checksum_covers_the_reading_subpackages_and_the_embedded_texts():
    files = reading_code()
    names = {path.relative_to(files[0].parents[1]).as_posix() for path in files}
    expected = {"ingest/formats/pdf.py", "ingest/layout/headings.py", "ingest/passages.py", "document.py"}
    assert expected | {"store/embedding.py"} <= names


def _as_read_by_an_older_reader(index: Index) -> Index:
    """``index`` as an older reader left it: the note's passages cut differently."""
    passages = [replace(p, text=f"Oud: {p.text}") if p.doc_id == "notitie" else p for p in index.passages]
    manifest = replace(index.manifest, reader="an older reader")
    return Index(index.vectors, index.owners, passages, index.background, manifest)


def test_passages_read_by_another_reader_are_read_again(tmp_path, corpus):
    embedder = FakeEmbedder()
    current = open_collection(tmp_path / "idx", embedder, corpus).index
    assert current.manifest.reader == reader_fingerprint()
    index, notices = update(_as_read_by_an_older_reader(current), corpus, embedder)
    assert notices == ["the index was read by another version of Vraagbaak; reading its 2 document(s) again"]
    assert [p.text for p in index.passages] == [p.text for p in current.passages]
    assert [p.id for p in index.passages] == [p.id for p in current.passages]
    units, background = embedded_once(current)
    assert embedder.calls == [units, background, units]  # the units embedded anew, the background kept
    assert index.manifest.reader == reader_fingerprint()
    np.testing.assert_allclose(index.reconstruct(), current.reconstruct(), atol=1e-6)


def test_a_file_gone_keeps_the_passages_an_older_reader_made(tmp_path, corpus):
    embedder = FakeEmbedder()
    older = _as_read_by_an_older_reader(open_collection(tmp_path / "idx", embedder, corpus).index)
    corpus[1].unlink()
    index, notices = update(older, corpus, embedder)
    assert notices[-1] == f"{corpus[1]} is no longer on disk; its passages are kept"
    assert [p.text for p in index.passages] == [p.text for p in older.passages]
    assert index.vectors.ntotal == sum(unit_count(p) for p in index.passages)


def test_a_file_moved_since_an_older_reader_is_read_again_under_its_id(tmp_path, corpus):
    embedder = FakeEmbedder()
    current = open_collection(tmp_path / "idx", embedder, corpus).index
    moved = tmp_path / "elders" / "notitie.txt"
    moved.parent.mkdir()
    corpus[1].rename(moved)
    index, notices = update(_as_read_by_an_older_reader(current), [corpus[0], corpus[1], moved], embedder)
    assert f"{corpus[1]} moved to {moved}; its passages are kept" in notices
    assert [(s.doc_id, s.path) for s in index.manifest.sources] == [
        ("2020Z23459", str(corpus[0])),
        ("notitie", str(moved)),
    ]
    assert [p.text for p in index.passages] == [p.text for p in current.passages]


def test_changed_file_is_re_read_and_only_it_is_embedded(tmp_path, corpus):
    embedder = FakeEmbedder()
    open_collection(tmp_path / "idx", embedder, corpus)
    note = corpus[1]
    note.write_text(PLAIN + "\nDerde alinea, nieuw.\n", encoding="utf-8")
    opened = open_collection(tmp_path / "idx", embedder, corpus)
    assert opened.notices == (f"{note} changed since it was indexed; re-reading it",)
    assert embedder.calls[-1] == 3
    assert [p.text for p in opened.index.passages if p.doc_id == "notitie"][-1] == "Derde alinea, nieuw."


def test_search_finds_the_passage_with_the_same_words(tmp_path, corpus):
    embedder = FakeEmbedder()
    index = open_collection(tmp_path / "idx", embedder, corpus).index
    query = embedder.embed_queries(["Tweede alinea over onderwijs en scholing"])[0]
    (row, score), *_ = index.search(query, 3)
    assert index.passages[index.owners[row]].text == "Tweede alinea over onderwijs en scholing."
    assert score > 0.99


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda d: (d / "vectors.faiss").write_bytes(b"junk"), "does not match its checksum"),
        (lambda d: (d / "passages.jsonl").unlink(), "is missing"),
        (lambda d: (d / "manifest.json").write_text("{not json"), "is not a valid manifest"),
        (lambda d: (d / "manifest.json").unlink(), "there is no manifest.json"),
    ],
)
def test_damaged_index_is_refused_with_a_reason_and_rebuilt_from_its_files(tmp_path, corpus, damage, expected):
    folder = tmp_path / "idx"
    good = open_collection(folder, FakeEmbedder(), corpus).index
    damage(folder)
    with pytest.raises(CorruptIndexError, match=expected):
        Index.load(folder)
    rebuilt = open_collection(folder, FakeEmbedder(), corpus).index
    assert [p.id for p in rebuilt.passages] == [p.id for p in good.passages]


def test_file_gone_from_disk_keeps_its_passages(tmp_path, corpus):
    embedder = FakeEmbedder()
    first = open_collection(tmp_path / "idx", embedder, corpus).index
    corpus[1].unlink()
    index, notices = update(first, corpus, embedder)
    assert notices == [f"{corpus[1]} is no longer on disk; its passages are kept"]
    assert len(index.passages) == len(first.passages)


def test_a_moved_file_keeps_its_id_and_vectors(tmp_path, corpus):
    embedder = FakeEmbedder()
    first = open_collection(tmp_path / "idx", embedder, corpus).index
    calls = list(embedder.calls)
    moved = tmp_path / "elders" / "notitie.txt"
    moved.parent.mkdir()
    corpus[1].rename(moved)
    index, notices = update(first, [*corpus, moved], embedder)
    assert notices == [f"{corpus[1]} moved to {moved}; its passages are kept"]
    assert embedder.calls == calls
    assert [s.doc_id for s in index.manifest.sources] == ["2020Z23459", "notitie"]
    assert index.manifest.sources[1].path == str(moved)
    assert [p.id for p in index.passages] == [p.id for p in first.passages]
    np.testing.assert_array_equal(index.reconstruct(), first.reconstruct())


def test_two_paths_to_the_same_bytes_are_indexed_once(tmp_path, corpus):
    copy = tmp_path / "elders" / BUNDLED_TXT.name
    copy.parent.mkdir()
    shutil.copy(BUNDLED_TXT, copy)
    embedder = FakeEmbedder()
    opened = open_collection(tmp_path / "idx", embedder, [copy, *corpus])
    assert opened.notices == (f"{corpus[0]} holds the same bytes; the same file is indexed from {copy}",)
    first = opened.index
    assert [(s.doc_id, s.path) for s in first.manifest.sources] == [
        ("2020Z23459", str(copy)),
        ("notitie", str(corpus[1])),
    ]
    calls = list(embedder.calls)
    copy.unlink()
    index, notices = update(first, [copy, *corpus], embedder)
    assert notices == [f"{copy} moved to {corpus[0]}; its passages are kept"]
    assert [(s.doc_id, s.path) for s in index.manifest.sources] == [
        ("2020Z23459", str(corpus[0])),
        ("notitie", str(corpus[1])),
    ]
    assert embedder.calls == calls
    assert index.vectors.ntotal == sum(unit_count(p) for p in index.passages)


def test_the_bundled_document_of_another_checkout_is_not_indexed_again(tmp_path, corpus):
    # Two checkouts share the user's cache: each brings its own copy of the bundled document.
    other = tmp_path / "other-checkout" / BUNDLED_TXT.name
    other.parent.mkdir()
    shutil.copy(BUNDLED_TXT, other)
    embedder = FakeEmbedder()
    first = open_collection(tmp_path / "idx", embedder, [other]).index
    calls = list(embedder.calls)
    index, notices = update(first, [corpus[0], other], embedder)
    assert notices == [f"{other} holds the same bytes as {corpus[0]}; its passages are kept"]
    assert [(s.doc_id, s.path) for s in index.manifest.sources] == [("2020Z23459", str(corpus[0]))]
    assert embedder.calls == calls
    assert [p.id for p in index.passages] == [p.id for p in first.passages]
    np.testing.assert_array_equal(index.reconstruct(), first.reconstruct())
    # Back in the other checkout, the document follows it again: still once, still not re-embedded.
    again, _ = update(index, [other, corpus[0]], embedder)
    assert [(s.doc_id, s.path) for s in again.manifest.sources] == [("2020Z23459", str(other))]
    assert embedder.calls == calls


def test_model_change_keeps_passages_of_files_gone_from_disk(tmp_path, corpus):
    first = open_collection(tmp_path / "idx", FakeEmbedder(), corpus).index
    corpus[1].unlink()
    other = FakeEmbedder("other-model")
    index, _ = update(first, corpus, other)
    assert [p.id for p in index.passages] == [p.id for p in first.passages]
    assert other.calls[0] == sum(len(unit_texts(p)) for p in first.passages)


def test_the_same_document_in_another_form_is_not_added_twice(tmp_path, corpus):
    copy = tmp_path / "elders" / BUNDLED_TXT.name
    copy.parent.mkdir()
    copy.write_text(BUNDLED_TXT.read_text(encoding="utf-8") + "\nEen eigen slotalinea.\n", encoding="utf-8")
    embedder = FakeEmbedder()
    first = open_collection(tmp_path / "idx", embedder, [*corpus, copy, BUNDLED_PDF])
    assert [s.doc_id for s in first.index.manifest.sources] == ["2020Z23459", "notitie"]
    skipped = [n for n in first.notices if "the same document as 2020Z23459" in n]
    assert len(skipped) == 2 and not any(isinstance(n, Failure) for n in skipped)


def test_another_document_with_the_same_kenmerk_gets_a_distinct_stable_id(tmp_path, corpus):
    other = tmp_path / "elders" / "mededeling.txt"
    other.parent.mkdir()
    other.write_text(
        "Vragen van de leden Van der Molen en Amhaouch (beiden CDA) met kenmerk 2020Z23459 (ingezonden 2 december "
        "2020).\n\nMededeling van minister Van Engelshoven (Onderwijs, Cultuur en Wetenschap) (ontvangen 4 januari "
        "2021).\n\nDe vragen kunnen niet binnen de gebruikelijke termijn worden beantwoord.\n",
        encoding="utf-8",
    )
    embedder = FakeEmbedder()
    index = open_collection(tmp_path / "idx", embedder, [*corpus, other]).index
    assert [s.doc_id for s in index.manifest.sources] == ["2020Z23459", "notitie", "2020Z23459-2"]
    second = [p for p in index.passages if p.doc_id == "2020Z23459-2"]
    assert second and all(p.id.startswith("2020Z23459-2:") for p in second)
    # A changed file keeps its own id; the first file's passages stay as they were.
    other.write_text(other.read_text(encoding="utf-8") + "\nIk streef naar beantwoording in februari.\n")
    again = open_collection(tmp_path / "idx", embedder, [*corpus, other]).index
    assert [s.doc_id for s in again.manifest.sources] == ["2020Z23459", "notitie", "2020Z23459-2"]
    assert [p.id for p in again.passages if p.doc_id == "2020Z23459"] == [
        p.id for p in index.passages if p.doc_id == "2020Z23459"
    ]


def test_remove_by_id_or_path_keeps_the_others_and_needs_no_model(tmp_path, corpus):
    index = open_collection(tmp_path / "idx", FakeEmbedder(), corpus).index
    rest, source = remove(index, "2020Z23459")
    assert source.path == str(corpus[0].resolve())
    assert [p.id for p in rest.passages] == [p.id for p in index.passages if p.doc_id == "notitie"]
    assert rest.vectors.ntotal == sum(unit_count(p) for p in rest.passages)
    rest.save(tmp_path / "idx")
    reloaded = Index.load(tmp_path / "idx")
    empty, _ = remove(reloaded, str(corpus[1]))
    assert (empty.passages, empty.manifest.sources, empty.vectors.ntotal) == ([], (), 0)
    with pytest.raises(UnknownDocumentError, match="no document 'onbekend'"):
        remove(reloaded, "onbekend")


def test_each_passage_keeps_its_own_token_vectors_through_additions_and_removals(tmp_path, corpus):
    embedder = TokenFakeEmbedder()
    first = open_collection(tmp_path / "idx", embedder, corpus[:1]).index
    both = open_collection(tmp_path / "idx", embedder, corpus).index  # the bundled document's reused
    rest, _ = remove(both, "2020Z23459")

    def tokens_by_id(index: Index) -> dict[str, np.ndarray]:
        return {p.id: index.tokens.tokens(i) for i, p in enumerate(index.passages)}

    def expected(passage: Passage) -> np.ndarray:
        return TokenTable.of([embedder._tokens(unit_texts(passage)[0])], embedder.dimension).tokens(0)

    for index in (first, both, rest, Index.load(tmp_path / "idx")):
        assert all(len(t) for t in tokens_by_id(index).values())
        for i, passage in enumerate(index.passages):
            np.testing.assert_array_equal(index.tokens.tokens(i), expected(passage))
    assert tokens_by_id(rest).keys() == {p.id for p in both.passages if p.doc_id == "notitie"}


def test_an_unreadable_file_is_skipped_and_an_unreadable_change_keeps_the_old_passages(tmp_path, corpus):
    embedder = FakeEmbedder()
    bad = tmp_path / "docs" / "kapot.docx"
    bad.write_bytes(b"not a zip")
    index, notices = update(None, [*corpus, bad], embedder)
    assert [type(n) for n in notices] == [Failure] and notices[0].startswith(f"skipped {bad}: ")
    assert [s.doc_id for s in index.manifest.sources] == ["2020Z23459", "notitie"]
    corpus[1].write_bytes(b"")
    again, notices = update(index, corpus, embedder)
    assert notices == [
        f"{corpus[1]} cannot be read any more (notitie.txt is empty: there is no text to ingest.); "
        "its previous passages are kept"
    ]
    assert [p.id for p in again.passages] == [p.id for p in index.passages]


def test_sources_record_title_metadata_and_pages(tmp_path):
    from tests.conftest import BUNDLED_PDF

    index = open_collection(tmp_path / "idx", FakeEmbedder(), [BUNDLED_PDF]).index
    (source,) = Index.load(tmp_path / "idx").manifest.sources
    assert source == index.manifest.sources[0]
    assert (source.doc_id, source.pages, source.metadata.kenmerk, source.metadata.submitted) == (
        "2020Z23459",
        4,
        "2020Z23459",
        "2020-12-02",
    )
    assert "kunstmatige intelligentie" in source.title


def test_a_file_named_twice_is_one_document(tmp_path, corpus, monkeypatch):
    monkeypatch.chdir(corpus[0].parent)
    index, _ = update(None, [corpus[0], corpus[0].relative_to(corpus[0].parent), *corpus], FakeEmbedder())
    assert [s.doc_id for s in index.manifest.sources] == ["2020Z23459", "notitie"]


def test_units_are_whole_sentences_then_pairs_summed_from_their_sentences():
    text = "De instroom is stabiel. Er zijn 3900 studenten. Zeventig procent is man."
    three = Passage("d:p1", "d", "Titel", "answer", text, 1, 0, len(text), question="Hoeveel studenten?")
    one = Passage("d:p2", "d", "Titel", "answer", "Een zin.", 2, 0, 8)
    embedder = FakeEmbedder()
    vectors = embed_units([three, one], embedder)
    assert embedder.calls == [5]  # whole and three sentences, then the one-sentence passage whole
    assert [unit_count(three), unit_count(one)] == [6, 1]
    assert vectors.shape == (7, embedder.dimension)
    direct = embedder.embed_passages(unit_texts(three))
    expected = direct[1] + direct[2]
    np.testing.assert_allclose(vectors[4], expected / np.linalg.norm(expected), atol=1e-6)
    np.testing.assert_allclose(vectors[:4], direct, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert unit_texts(three)[0] == text  # in its own words: the Kamervraag is a passage of its own
    headed = Passage("d:p3", "d", "Titel", "paragraph", "Een zin.", 3, 0, 8, heading="Inleiding")
    assert unit_texts(headed) == ["Inleiding\nEen zin."]


def test_a_note_that_is_only_a_reference_is_embedded_after_the_sentence_citing_it():
    cite = "De VSNU heeft het aanbod op hun website inzichtelijk gemaakt."
    link = Passage("d:fn:3", "d", "Titel", "footnote", "https://vsnu.nl/nieuws/630", 3, 0, 25, cited_by=cite)
    letter = "Dit staat ook in de Kamerbrief over de Groeistrategie."
    paper = Passage("d:fn:2", "d", "Titel", "footnote", "Kamerstuk 29 696, nr. 7", 2, 0, 23, cited_by=letter)
    worded = Passage("d:fn:1", "d", "Titel", "footnote", "Het gaat om het dossier Software.", 1, 0, 33, cited_by=cite)
    assert unit_texts(link) == [f"{cite}\nhttps://vsnu.nl/nieuws/630"]
    assert unit_texts(paper) == [f"{letter}\nKamerstuk 29 696, nr. 7"]
    assert unit_texts(worded) == ["Het gaat om het dossier Software."]  # it has words of its own
    assert is_bare_reference(" http://example.org/a?b=c ") and not is_bare_reference("Zie https://example.org hier.")
    assert is_bare_reference("Kamerstuk 29 696, nr. 7") and is_bare_reference("Kamerstukken 31 228, nr. 795.")
    assert not is_bare_reference("Kamerstuk 29 696, nr. 7, over de Groeistrategie.")


def test_the_evaluation_cache_never_holds_passages_of_an_older_file(tmp_path, corpus):
    embedder = FakeEmbedder()
    first = collection_index(corpus, embedder, tmp_path / "cache")
    assert collection_index(corpus, embedder, tmp_path / "cache").manifest == first.manifest
    corpus[1].write_text(PLAIN + "\nDerde alinea, nieuw.\n", encoding="utf-8")
    second = collection_index(corpus, embedder, tmp_path / "cache")
    assert [p.text for p in second.passages if p.doc_id == "notitie"][-1] == "Derde alinea, nieuw."
