"""How well a document is read from the text conversions users make of its PDF.

Users seldom have only the Tweede Kamer's PDF: they have what a tool made of it. Each PDF
is read as it is and from text conversions of its pages, and each conversion is compared
with the PDF's reading:

- ``pages``: the pages' text joined by line breaks (a PDF reader's "save as text");
- ``form-feeds``: each page ended by a line break and a form feed, as pdftotext writes it;
- ``glued-pages``: pages joined by a form feed alone, so that a footer runs into the next masthead;
- ``layout``: pypdf's layout mode, which keeps the columns' spacing;
- ``one-line``: every line break lost;
- ``rewrapped``: run together and wrapped anew at 72 columns;
- ``pdftotext``, ``pdftotext -layout`` and ``pdftotext -raw`` (poppler's tool, the most common
  one), where it is installed: it is no dependency of the product.

For each, the share of the PDF's answer paragraphs that stand under the same Vraag in the
conversion's answers, whether the doc_id and the metadata are the same, and how many of the
PDF's notes end up inside an answer. Run it as

    python -m rag.evaluation.conversions [PDF ...]

(by default every PDF of ``eval/own`` and, where it lies beside the repository, of the real
corpus); it prints a row per conversion and the documents where one differs.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.document import Document
from rag.ingest import read_document
from rag.ingest.formats.pdf import page_texts

ROOT = Path(__file__).resolve().parents[2]
# Metadata fields compared: those `vraagbaak list` is checked on.
FIELDS = ("askers", "answerer", "submitted", "received", "aanhangsel")
# Words of a paragraph or note that identify it in another reading.
HEAD_WORDS = 6

CONVERSIONS: dict[str, Callable[[Sequence[str]], str]] = {
    "pages": "\n".join,
    "form-feeds": lambda pages: "".join(f"{page}\n\f" for page in pages),
    "glued-pages": "\f".join,
    "one-line": lambda pages: " ".join(" ".join(pages).split()),
    "rewrapped": lambda pages: textwrap.fill(" ".join(" ".join(pages).split()), 72),
}


@dataclass(frozen=True)
class Outcome:
    """One conversion of one PDF, against the PDF's own reading."""

    conversion: str
    answers: int  # answer paragraphs of the PDF
    kept: int  # of those, found under the same Vraag in the conversion's answers
    same_id: bool
    changed: tuple[str, ...]  # metadata fields that differ
    leaked: int  # notes of the PDF found inside an answer of the conversion


def compare(pdf: Path) -> list[Outcome]:
    """Each conversion of ``pdf`` read and compared with the reading of the PDF itself."""
    original = read_document(pdf)
    pages = page_texts(pdf)
    texts = {name: convert(pages) for name, convert in CONVERSIONS.items()}
    texts["layout"] = "\n".join(page_texts(pdf, layout=True))
    outcomes = []
    with tempfile.TemporaryDirectory() as folder:
        for name, text in texts.items():
            converted = Path(folder) / f"{pdf.stem}.{name}.txt"
            converted.write_text(text, encoding="utf-8")
            outcomes.append(compared(name, original, read_document(converted)))
        if shutil.which("pdftotext"):
            for flags in ((), ("-layout",), ("-raw",)):
                converted = Path(folder) / f"{pdf.stem}.pdftotext{''.join(flags)}.txt"
                subprocess.run(["pdftotext", *flags, "-enc", "UTF-8", str(pdf), str(converted)], check=True)
                outcomes.append(compared(" ".join(("pdftotext", *flags)), original, read_document(converted)))
    return outcomes


def compared(name: str, original: Document, converted: Document) -> Outcome:
    """The conversion named ``name``, read as ``converted``, against the PDF read as ``original``."""
    answers = [(p.vraag, _words(p.text)) for p in converted.passages if p.kind == "answer"]
    printed = [(p.vraag, _head(p.text)) for p in original.passages if p.kind == "answer"]
    kept = sum(any(vraag == v and head in text for v, text in answers) for vraag, head in printed)
    notes = [_head(p.text) for p in original.passages if p.kind == "footnote"]
    leaked = sum(any(note in text for _, text in answers) for note in notes)
    changed = tuple(f for f in FIELDS if getattr(original.metadata, f) != getattr(converted.metadata, f))
    return Outcome(name, len(printed), kept, original.doc_id == converted.doc_id, changed, leaked)


def _words(text: str) -> str:
    return " ".join(text.split())


def _head(text: str) -> str:
    return " ".join(text.split()[:HEAD_WORDS])


def default_pdfs() -> list[Path]:
    """Every PDF of our own corpora, and of the real one where it lies beside the repository."""
    return sorted((ROOT / "eval" / "own").glob("*/*.pdf")) + sorted(
        (ROOT.parent / "shared" / "corpus" / "real").glob("*.pdf")
    )


def report(pdfs: Sequence[Path]) -> str:
    """A row per conversion over all ``pdfs``, then one line per document and conversion that differs."""
    rows: dict[str, list[Outcome]] = {}
    lines = []
    for pdf in pdfs:
        for outcome in compare(pdf):
            rows.setdefault(outcome.conversion, []).append(outcome)
            if outcome.kept < outcome.answers or not outcome.same_id or outcome.changed or outcome.leaked:
                lines.append(f"  {pdf.name}  {_described(outcome)}")
    table = [
        "| conversion | answers under their Vraag | same doc_id | same metadata | notes inside answers |",
        "|---|---|---|---|---|",
        *(_row(name, outcomes) for name, outcomes in rows.items()),
    ]
    return "\n".join([f"{len(pdfs)} PDFs", *table, "", "Where a conversion differs:", *lines])


def _row(name: str, outcomes: Sequence[Outcome]) -> str:
    kept = f"{sum(o.kept for o in outcomes)}/{sum(o.answers for o in outcomes)}"
    same_id = f"{sum(o.same_id for o in outcomes)}/{len(outcomes)}"
    same_metadata = f"{sum(not o.changed for o in outcomes)}/{len(outcomes)}"
    return f"| {name} | {kept} | {same_id} | {same_metadata} | {sum(o.leaked for o in outcomes)} |"


def _described(outcome: Outcome) -> str:
    identity = "same id" if outcome.same_id else "other id"
    changed = ", ".join(outcome.changed) or "-"
    return (
        f"{outcome.conversion}: {outcome.kept}/{outcome.answers} answers, {identity},"
        f" metadata changed: {changed}, notes in answers: {outcome.leaked}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Print the report for the PDFs named, or for the default ones."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDF files (default: our corpora and the real one)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    print(report(args.pdfs or default_pdfs()))  # the command's output


if __name__ == "__main__":
    main()
