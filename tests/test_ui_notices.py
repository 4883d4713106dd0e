"""What the chat page says about its collection when the index was damaged or built with another model."""

from __future__ import annotations

import gradio as gr

from rag.answer.service import AnswerService
from rag.settings import Settings
from tests.conftest import FakeEmbedder
from ui.app import create_app


def markdown_texts(app: gr.Blocks) -> list[str]:
    return [str(block.value) for block in app.blocks.values() if isinstance(block, gr.Markdown) and block.visible]


def test_damaged_default_index_is_rebuilt_and_the_page_says_so(tmp_path):
    settings = Settings(home=tmp_path, index_dir=tmp_path / "index")
    AnswerService(settings, embedder=FakeEmbedder())
    (settings.index_dir / "vectors.faiss").write_bytes(b"junk")
    service = AnswerService(settings, embedder=FakeEmbedder())
    assert len(service.index.passages) > 10
    texts = markdown_texts(create_app(service, "en"))
    banner = next(text for text in texts if "could not be used" in text)
    assert "vectors\\.faiss is missing or does not match its checksum" in banner
    assert "it was rebuilt from its files" in banner
    # The Dutch page says it in Dutch, around the index's own technical reason.
    dutch = next(text for text in markdown_texts(create_app(service, "nl")) if "was onbruikbaar" in text)
    assert "vectors\\.faiss is missing" in dutch and "hij is opnieuw opgebouwd uit de bestanden" in dutch


def test_other_model_is_named_on_the_page(tmp_path):
    settings = Settings(home=tmp_path, index_dir=tmp_path / "index")
    AnswerService(settings, embedder=FakeEmbedder())
    service = AnswerService(settings, embedder=FakeEmbedder("other-model"))
    texts = markdown_texts(create_app(service, "en"))
    named = "built with model fake\\-bow \\(fake\\, bag\\-of\\-words\\)\\; re\\-embedding its passages with other"
    assert any(named in t for t in texts)
    dutch = "model fake\\-bow \\(fake\\, bag\\-of\\-words\\)\\; de passages worden opnieuw ingebed met other"
    assert any(dutch in t for t in markdown_texts(create_app(service, "nl")))


def test_a_sound_index_shows_no_banner(tmp_path):
    settings = Settings(home=tmp_path, index_dir=tmp_path / "index")
    AnswerService(settings, embedder=FakeEmbedder())
    service = AnswerService(settings, embedder=FakeEmbedder())
    assert service.notices == ()
    assert not any("⚠️" in text for text in markdown_texts(create_app(service)))
