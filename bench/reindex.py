"""Time indexing a folder of 100 documents, then re-indexing it unchanged, with the real model.

Usage: python bench/reindex.py [--documents N] [--keep DIR]

The documents are generated deterministically: Kamervragen answers with their own
kenmerk, recombining questions and sentences of the bundled document, mostly .txt with
some .docx and .pdf, spread over subfolders. Both runs go through ``vraagbaak index DIR``
(in-process, each loading the model), so the figures are what a user waits for. The issue's
target: the re-index takes under 5% of the first.
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from pathlib import Path

import docx
from click.testing import CliRunner

from rag.cli import cli
from rag.ingest import read_document
from rag.ingest.sentences import sentence_spans
from rag.store.collection import bundled_files

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober"]


def pools() -> list[tuple[str, list[str]]]:
    """Each question of the bundled document with the sentences of its answer."""
    document = read_document(bundled_files()[0])
    result = []
    for pair in document.pairs:
        text = " ".join(pair.answer.split())
        sentences = [text[a:b] for a, b in sentence_spans(text)]
        result.append((" ".join(pair.question.split()), sentences))
    return result


def blocks(number: int, source: list[tuple[str, list[str]]]) -> list[str]:
    """The paragraphs of document ``number``: heading, covering letter, then Vraag/Antwoord pairs."""
    rng = random.Random(number)
    kenmerk = f"2021Z{10000 + number * 137:05d}"
    date = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 2021"
    paragraphs = [
        f"Antwoorden op Kamervragen {kenmerk}",
        f"De vragen waren ingezonden op {date} met kenmerk {kenmerk}.",
    ]
    for vraag, (question, sentences) in enumerate(rng.sample(source, 3), 1):
        chosen = rng.sample(sentences, min(3, len(sentences)))
        paragraphs += [f"Vraag {vraag}", question, "Antwoord", " ".join(chosen)]
    return paragraphs


def write_txt(path: Path, paragraphs: list[str]) -> None:
    """Paragraphs separated by blank lines; 'Vraag n' and 'Antwoord' on lines of their own."""
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def write_docx(path: Path, paragraphs: list[str]) -> None:
    """One Word paragraph per paragraph."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))


def write_pdf(path: Path, paragraphs: list[str]) -> None:
    """A minimal PDF in Helvetica, lines wrapped at 90 characters, 50 lines a page."""
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += [*re.findall(r".{1,90}(?:\s|$)", paragraph), ""]
    pages = [lines[i : i + 50] for i in range(0, len(lines), 50)]
    path.write_bytes(pdf_bytes(pages))


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A PDF file whose pages show ``pages`` line by line."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        shown = " ".join(f"({_pdf_string(line.strip())}) Tj T*" for line in lines)
        stream = f"BT /F1 10 Tf 13 TL 50 800 Td {shown} ET"
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {len(objects)} 0 R >>"
        )
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    table = "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{len(out)}\n%%EOF\n"
    return out + f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n{table}{trailer}".encode("latin-1")


def _pdf_string(text: str) -> str:
    plain = text.encode("latin-1", "replace").decode("latin-1")
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def generate(folder: Path, count: int) -> list[Path]:
    """``count`` documents in subfolders of ``folder``: every 10th a .docx, every 25th a .pdf."""
    source = pools()
    paths = []
    for number in range(count):
        paragraphs = blocks(number, source)
        subfolder = folder / f"ministerie-{number % 4}" / f"2021-{number % 3}"
        subfolder.mkdir(parents=True, exist_ok=True)
        suffix = ".pdf" if number % 25 == 7 else ".docx" if number % 10 == 3 else ".txt"
        path = subfolder / f"kamervragen-{number:03d}{suffix}"
        {".pdf": write_pdf, ".docx": write_docx, ".txt": write_txt}[suffix](path, paragraphs)
        paths.append(path)
    return paths


def timed_index(folder: Path, index: Path) -> tuple[float, str]:
    """Seconds for ``vraagbaak index --index INDEX FOLDER`` and its last output line."""
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["index", "--index", str(index), str(folder)])
    seconds = time.perf_counter() - start
    if result.exit_code != 0:
        raise SystemExit(f"index failed: {result.output}")
    return seconds, result.stdout.strip().splitlines()[-1]


def main() -> None:
    """Generate, index twice, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--keep", type=Path, default=None, help="Generate into this folder and keep it.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        paths = generate(root / "docs", args.documents)
        kinds = {suffix: sum(p.suffix == suffix for p in paths) for suffix in (".txt", ".docx", ".pdf")}
        print(f"documents                 {len(paths)}  {kinds}")
        first, summary = timed_index(root / "docs", root / "index")
        print(f"first index DIR           {first:8.2f} s   ({summary})")
        again, _ = timed_index(root / "docs", root / "index")
        print(f"re-index, unchanged       {again:8.2f} s")
        print(f"ratio                     {100 * again / first:8.2f} %   (target < 5 %)")


if __name__ == "__main__":
    main()
