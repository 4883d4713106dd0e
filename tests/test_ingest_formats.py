"""Ingestion of .html, .docx and .md next to .txt: one Kamervragen document in every structure variant.

Documents are made here (python-docx for .docx, with a real Word footnote); same content, same passages.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from rag.document import Metadata
from rag.ingest import IngestError, read_document

KENMERK = "2021Z01234"
INTRO = (
    "Vragen van de leden Bosma (PVV) en Jansen (SP) aan de minister van Binnenlandse Zaken en Koninkrijksrelaties "
    "over het bericht «Gemeenten gebruiken algoritmes zonder toezicht» met kenmerk 2021Z01234 "
    "(ingezonden 20 januari 2021)."
)
ANSWERED = "Antwoord van minister Ollongren (Binnenlandse Zaken en Koninkrijksrelaties) (ontvangen 15 februari 2021)."
ANSWER_2 = (
    "Uit een inventarisatie van de VNG blijkt dat 42 gemeenten dat doen.",
    "Een volledig overzicht is er niet; de inventarisatie wordt in 2021 herhaald.",
)
ANSWER_3 = "De Autoriteit Persoonsgegevens houdt toezicht. Ik zie geen aanleiding voor een aparte toezichthouder."
QUESTIONS = (
    (1, "Bent u bekend met het bericht «Gemeenten gebruiken algoritmes zonder toezicht»?", ("Ja.",)),
    (2, "Hoeveel gemeenten gebruiken algoritmes bij het verstrekken van uitkeringen?", ANSWER_2),
    (3, "Bent u bereid toezicht op deze algoritmes in te stellen?", (ANSWER_3,)),
)
NOTE = "De Volkskrant, 18 januari 2021, «Gemeenten gebruiken algoritmes zonder toezicht»."
METADATA = Metadata(
    kenmerk=KENMERK,
    submitted="2021-01-20",
    askers="Bosma (PVV) en Jansen (SP)",
    answerer="minister Ollongren (Binnenlandse Zaken en Koninkrijksrelaties)",
    subject="Gemeenten gebruiken algoritmes zonder toezicht",
    received="2021-02-15",
    parties=("PVV", "SP"),
    addressee="de minister van Binnenlandse Zaken en Koninkrijksrelaties",
)
# variant: (title, question heading, answer heading or None, question text on the number's line)
VARIANTS = {
    "vraag-antwoord": ("Aanhangsel van de Handelingen", "Vraag {n}", "Antwoord", False),
    "vraag-antwoord-n": ("Aanhangsel van de Handelingen", "Vraag {n}", "Antwoord {n}", False),
    "vraag-zonder-antwoordkop": ("Aanhangsel van de Handelingen", "Vraag {n}", None, False),
    "lijst": ("Lijst van vragen en antwoorden", "{n}.", "Antwoord", True),
    "lijst-zonder-antwoordkop": ("Lijst van vragen en antwoorden", "{n}", None, False),
}
FORMATS = ("txt", "md", "html", "docx")


def blocks(variant: str) -> list[tuple[str, str]]:
    """The document as (kind, text) blocks; "{fn}" marks the footnote reference."""
    title, question_head, answer_head, inline = VARIANTS[variant]
    out = [("title", title), ("p", INTRO), ("p", ANSWERED)]
    for n, question, answers in QUESTIONS:
        question = question + ("{fn}" if n == 1 else "")
        head = question_head.format(n=n)
        out += [("q", f"{head} {question}")] if inline else [("head", head), ("q", question)]
        out += [("head", answer_head.format(n=n))] if answer_head else []
        out += [("a", answer) for answer in answers]
    return out


def as_txt(variant: str) -> str:
    text = ""
    for kind, body in blocks(variant):
        text += body.replace("{fn}", " 1)") + ("\n" if kind == "head" else "\n\n")
    return text + f"__________\n1) {NOTE}\n"


def as_md(variant: str) -> str:
    text = "---\nauteur: test\n---\n"
    for kind, body in blocks(variant):
        body = body.replace("{fn}", "[^1]").replace("VNG", "[VNG](https://vng.nl)").replace("niet;", "*niet*;")
        prefix = {"title": "# ", "head": "## " if body.startswith("Vraag") else ""}.get(kind, "")
        body = f"**{body}**" if kind == "head" and body.startswith("Antwoord") else body
        text += prefix + body + ("\n" if kind == "head" else "\n\n")
    return text + f"[^1]: {NOTE}\n"


def as_html(variant: str) -> str:
    marker = '<sup><a href="#voetnoot1" class="nootnum">1</a></sup>'
    body = ""
    for kind, text in blocks(variant):
        text = text.replace("«", "&laquo;").replace("»", "&raquo;").replace("{fn}", marker)
        text = text.replace("VNG", '<abbr title="Vereniging">VNG</abbr>').replace("niet;", "<em>niet</em>;")
        if kind == "title":
            body += f"<h1>{text}</h1>\n"
        elif kind == "head" and text.startswith("Vraag"):
            body += f'<h3 class="vraagnummer">{text}</h3>\n'
        elif kind == "head":
            body += f"<p><strong>{text}</strong></p>\n"
        elif kind == "q" and text[0].isdigit():  # "1. Bent u ...": a list item that keeps its number
            number, _, rest = text.partition(". ")
            body += f'<ol start="{number}"><li>{rest}</li></ol>\n'
        else:
            body += f"<p>\n  {text}\n</p>\n"
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<title>Aanhangsel Handelingen II 2020/21, nr. 1543 | Overheid.nl</title>
<meta name="DC.identifier" content="ah-tk-20202021-1543"><meta name="OVERHEIDop.vraagnummer" content="{KENMERK}">
<style>p {{ color: red }}</style><script>var tracking = "alert('x')";</script></head>
<body><header><a href="/">Officiële bekendmakingen</a></header>
<nav><ul><li>Zoeken</li><li>Terug naar resultaten</li></ul></nav>
<main><article><!-- publicatie begint hier -->
{body}<div class="voetnoten"><p id="voetnoot1"><sup>1</sup> {NOTE}</p></div>
<script>document.write("Niet tonen")</script></article></main>
<footer><p>Over deze site</p></footer></body></html>"""


FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {note}</w:t></w:r>'
    "</w:p></w:footnote></w:footnotes>"
)


def as_docx(variant: str, path: Path) -> None:
    document = docx.Document()
    for kind, text in blocks(variant):
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind == "head" and text.startswith("Vraag"):
            document.add_heading(text, level=3)
        elif kind == "head":
            document.add_paragraph().add_run(text).bold = True
        else:
            paragraph = document.add_paragraph()
            before, _, after = text.partition("{fn}")
            paragraph.add_run(before[:10])  # words split over runs must join again
            paragraph.add_run(before[10:]).italic = True
            if "{fn}" in text:
                paragraph.add_run()._r.append(OxmlElement("w:footnoteReference", {qn("w:id"): "7"}))
            paragraph.add_run(after)
    note = Part(
        PackURI("/word/footnotes.xml"),
        CONTENT_TYPE.WML_FOOTNOTES,
        FOOTNOTES_XML.format(note=NOTE).encode(),
        document.part.package,
    )
    document.part.relate_to(note, RELATIONSHIP_TYPE.FOOTNOTES)
    document.save(str(path))


def write(directory: Path, variant: str, fmt: str) -> Path:
    path = directory / f"{variant}.{fmt}"
    if fmt == "docx":
        as_docx(variant, path)
    else:
        path.write_text({"txt": as_txt, "md": as_md, "html": as_html}[fmt](variant), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict:
    directory = tmp_path_factory.mktemp("formats")
    return {(v, f): read_document(write(directory, v, f)) for v in VARIANTS for f in FORMATS}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_pairs_metadata_and_note_in_every_variant_and_format(documents, variant, fmt):
    document = documents[variant, fmt]
    assert [(p.numbers, p.question, p.answer) for p in document.pairs] == [
        ((n,), question, "\n\n".join(answers)) for n, question, answers in QUESTIONS
    ]
    assert document.metadata == METADATA
    assert document.doc_id == KENMERK
    assert document.title == "Antwoorden Kamervragen 2021Z01234 over 'Gemeenten gebruiken algoritmes zonder toezicht'"
    assert [(note.label, note.text) for note in document.footnotes] == [("1)", NOTE)]
    passages = {p.id: p for p in document.passages}
    assert passages["2021Z01234:v1:1"].footnotes == (NOTE,)
    assert passages["2021Z01234:fn:1)"].vraag == (1,) and passages["2021Z01234:fn:1)"].text == NOTE
    assert [(p.id, p.text) for p in document.passages if p.kind not in ("answer", "question")] == [
        ("2021Z01234:p:1", VARIANTS[variant][0]),
        ("2021Z01234:p:2", INTRO),
        ("2021Z01234:p:3", ANSWERED),
        ("2021Z01234:fn:1)", NOTE),
    ]
    # Each Kamervraag is a passage of its own, with the notes it cites.
    asked = [(p.id, p.vraag, p.text) for p in document.passages if p.kind == "question"]
    assert asked == [(f"2021Z01234:q{n}:1", (n,), question) for n, question, _ in QUESTIONS]
    assert passages["2021Z01234:q1:1"].footnotes == (NOTE,)
    answers = [p.id for p in document.passages if p.kind == "answer"]
    assert answers == [f"2021Z01234:{section}" for section in ("v1:1", "v2:1", "v2:2", "v3:1")]
    assert all(p.page is None and p.heading is None for p in document.passages)
    for passage in document.passages:  # offsets point at the passage in Document.text
        assert document.text[passage.start : passage.end].split()[0] == passage.text.split()[0]


@pytest.mark.parametrize("variant", VARIANTS)
def test_same_content_gives_same_passages_in_every_format(documents, variant):
    def summary(fmt: str) -> list[tuple]:
        return [(p.id, p.kind, p.text, p.vraag, p.question, p.footnotes) for p in documents[variant, fmt].passages]

    assert summary("md") == summary("html") == summary("docx") == summary("txt")


def test_no_markup_script_style_or_page_chrome_reaches_the_text(documents):
    for variant in VARIANTS:
        text = documents[variant, "html"].text
        for unwanted in ("<", "&laquo;", "color", "tracking", "Niet tonen", "Zoeken", "Over deze site", "begint hier"):
            assert unwanted not in text, (variant, unwanted)
        assert "Officiële bekendmakingen" not in text
        markdown = documents[variant, "md"].text
        for unwanted in ("#", "**", "*niet*", "[^1]", "](https", "auteur"):
            assert unwanted not in markdown, (variant, unwanted)


# --- documents without Vraag/Antwoord structure: paragraphs with their heading ---------------

PLAIN = {
    "md": "# Algoritmeregister\n\nHet register toont welke *algoritmes* de overheid gebruikt.\n\n## Toezicht\n\n"
    "De Autoriteit Persoonsgegevens houdt toezicht.\nZij rapporteert jaarlijks.\n\nCijfers\n-------\n\n`2021` 42\n",
    "html": "<html><head><title>Register | Overheid</title><script>x()</script></head><body><nav>Menu</nav><main>"
    "<h1>Algoritmeregister</h1><p>Het register toont welke <em>algoritmes</em> de overheid gebruikt.</p><h2>Toezicht"
    "</h2><p>De Autoriteit Persoonsgegevens houdt toezicht.<br>Zij rapporteert jaarlijks.</p><h2>Cijfers</h2>"
    "<table><tr><td>2021</td><td>42</td></tr></table></main></body></html>",
}
PLAIN_PASSAGES = [
    ("Het register toont welke algoritmes de overheid gebruikt.", "Algoritmeregister"),
    ("De Autoriteit Persoonsgegevens houdt toezicht. Zij rapporteert jaarlijks.", "Toezicht"),
    ("2021 42", "Cijfers"),
]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_marked_headings_are_context_not_passages(tmp_path, fmt):
    path = tmp_path / f"register.{fmt}"
    path.write_text(PLAIN[fmt], encoding="utf-8")
    document = read_document(path)
    assert document.title == "Algoritmeregister" and document.doc_id == "register" and document.pairs == ()
    assert [(p.text, p.heading, p.question, p.kind) for p in document.passages] == [
        (text, heading, None, "paragraph") for text, heading in PLAIN_PASSAGES
    ]
    assert "Menu" not in document.text and "x()" not in document.text


def test_docx_headings_table_cells_and_page_breaks(tmp_path):
    document = docx.Document()
    document.add_heading("Algoritmeregister", level=1)
    document.add_paragraph(PLAIN_PASSAGES[0][0])
    document.add_heading("Toezicht", level=2)
    paragraph = document.add_paragraph("De Autoriteit Persoonsgegevens houdt toezicht.")
    paragraph.add_run().add_break()  # a manual line break: same paragraph
    paragraph.add_run("Zij rapporteert jaarlijks.")
    document.add_page_break()
    document.add_heading("Cijfers", level=2)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "2021", "42"
    document.save(str(tmp_path / "register.docx"))
    read = read_document(tmp_path / "register.docx")
    assert read.title == "Algoritmeregister" and [(p.text, p.heading, p.page) for p in read.passages] == [
        (*passage, page) for passage, page in zip(PLAIN_PASSAGES, (1, 1, 2), strict=True)
    ]


def test_txt_heading_stays_a_passage_and_gives_context(tmp_path):
    path = tmp_path / "notitie.txt"
    path.write_text("Toezicht\n\nDe Autoriteit Persoonsgegevens houdt toezicht.\n", encoding="utf-8")
    assert [(p.text, p.heading) for p in read_document(path).passages] == [
        ("Toezicht", None),
        ("De Autoriteit Persoonsgegevens houdt toezicht.", "Toezicht"),
    ]


def test_html_meta_tags_fill_what_the_text_does_not_say(tmp_path):
    path = tmp_path / "ah-tk-20202021-1543.htm"
    path.write_text(
        '<html><head><meta name="OVERHEIDop.vraagnummer" content="2021Z01234">'
        '<meta name="OVERHEIDop.datumIndiening" content="2021-01-20"><meta name="DC.title" content="Vragen">'
        "</head><body><p>Vraag 1</p><p>Klopt dit?</p><p>Antwoord 1</p><p>Ja.</p></body></html>",
        encoding="utf-8",
    )
    document = read_document(path)
    # The file name gives the Aanhangsel id when the text does not.
    assert document.metadata == Metadata(kenmerk=KENMERK, submitted="2021-01-20", aanhangsel="ah-tk-20202021-1543")
    assert document.doc_id == KENMERK and [(p.question, p.answer) for p in document.pairs] == [("Klopt dit?", "Ja.")]


def test_html_declared_charset_and_a_marker_inside_a_sentence(tmp_path):
    path = tmp_path / "oud.html"
    page = '<meta charset="windows-1252"><p>Een café<a href="#n1">[1]</a> in Utrecht.</p>'
    path.write_bytes((page + '<dl class="footnotes"><dt>1</dt><dd>Zie het register.</dd></dl>').encode("cp1252"))
    document = read_document(path)
    assert [(p.text, p.footnotes) for p in document.passages] == [
        ("Een café in Utrecht.", ("Zie het register.",)),
        ("Zie het register.", ()),
    ]


def test_numbered_paragraphs_without_question_marks_stay_plain(tmp_path):
    path = tmp_path / "nota.txt"
    path.write_text("1. Inleiding\n\nDe nota beschrijft het beleid.\n\n2. Beleid\n\nHet beleid is streng.\n")
    document = read_document(path)
    assert document.pairs == () and [p.kind for p in document.passages] == ["paragraph"] * 4


# --- files that cannot be read -----------------------------------------------------------------

NOISE = bytes(range(256)) * 8
ZIP = io.BytesIO()
with zipfile.ZipFile(ZIP, "w") as archive:
    archive.writestr("hallo.txt", "geen Word")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leeg.docx", b"", r"leeg\.docx is empty \(0 bytes\): it is not a Word document"),
        ("ruis.docx", NOISE, r"ruis\.docx is not a Word \.docx file"),
        ("archief.docx", ZIP.getvalue(), r"archief\.docx is not a Word \.docx file"),
        ("ruis.html", NOISE, r"ruis\.html looks like a binary file, not an HTML page"),
        ("plaatje.htm", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 4, "looks like a binary file"),
        ("leeg.html", b"", r"leeg\.html is empty"),
        ("scripts.html", b"<html><script>alert(1)</script><style>p{}</style></html>", "no text"),
        ("tekst.html", b"Alleen tekst zonder tags.", "does not look like HTML"),
        ("wit.md", b"\n  \n", "is empty"),
    ],
)
def test_unusable_files_raise_ingest_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        read_document(path)
