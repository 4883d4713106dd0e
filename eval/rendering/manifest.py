"""Rendering sources into files: one source in given formats, or every row of a manifest."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import conversions
from .furniture import lay_out
from .layout import Page
from .pdf import pdf_bytes
from .source import Source, SourceError, parse_source
from .word import docx_bytes

Renderer = Callable[[Source, list[Page]], bytes]


def _text(convert: Callable[[list[Page]], str]) -> Renderer:
    """A renderer writing a conversion of the laid-out pages as UTF-8."""
    return lambda _source, pages: convert(pages).encode("utf-8")


def _pdf(source: Source, pages: list[Page]) -> bytes:
    """The PDF, its document properties naming the publisher and the subject."""
    if source.layout == "brief":
        return pdf_bytes(pages, title=source.stem, author=source.header["ministerie"], subject=source.header["betreft"])
    return pdf_bytes(
        pages, title=source.stem, author="Tweede Kamer der Staten-Generaal", subject=source.header["vragen"]
    )


FORMATS: dict[str, Renderer] = {
    "pdf": _pdf,
    "txt": _text(conversions.plain),
    "ff.txt": _text(conversions.form_feed),
    "oneline.txt": _text(conversions.one_line),
    "md": _text(conversions.markdown),
    "lost.txt": _text(conversions.headings_lost),
    "dup.txt": lambda source, _pages: conversions.duplicated(source).encode("utf-8"),
    "docx": lambda source, _pages: docx_bytes(source),
}
MANIFEST_COLUMNS = ("source", "corpus", "format")


@dataclass
class Report:
    """What a run wrote, by output folder, and what failed."""

    written: dict[Path, list[Path]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def formats_of(spec: str) -> list[str]:
    """The formats named in a manifest cell or option: comma-separated, or `all`."""
    names = list(FORMATS) if spec.strip() == "all" else [name.strip().lstrip(".") for name in spec.split(",")]
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise SourceError(f"unknown format {', '.join(unknown)}; known: {', '.join(FORMATS)}")
    return names


def render(source: Source, formats: list[str], out: Path) -> list[Path]:
    """Write the source in each format into `out` as `<stem>.<format>`; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    pages = lay_out(source)
    paths = []
    for name in formats:
        path = out / f"{source.stem}.{name}"
        path.write_bytes(FORMATS[name](source, pages))
        paths.append(path)
    return paths


def metadata(source: Source, file: str) -> dict[str, object]:
    """The record of one rendered file in `metadata.jsonl`, from the source's `expect.*` keys."""
    parties = source.get("expect.parties") or ""
    return {
        "file": file,
        "doc_id": source.doc_id,
        "aanhangsel": source.get("aanhangsel"),
        "askers": source.get("expect.askers"),
        "parties": [party.strip() for party in parties.split(";") if party.strip()],
        "answerer": source.get("expect.answerer"),
        "submitted": source.get("expect.submitted"),
        "received": source.get("expect.received"),
        "subject": source.get("expect.subject"),
    }


def render_manifest(manifest: Path) -> Report:
    """Render every row of a manifest into `<manifest folder>/<corpus>/`, with each corpus's metadata."""
    report = Report()
    records: dict[Path, dict[str, dict[str, object]]] = {}
    for number, row in _rows(manifest):
        try:
            source = parse_source(_source_path(manifest, row["source"]))
            out = manifest.parent / _corpus(row["corpus"])
            paths = render(source, formats_of(row["format"]), out)
        except (SourceError, OSError) as error:
            report.errors.append(f"{manifest}:{number}: {error}")
            continue
        report.written.setdefault(out, []).extend(paths)
        records.setdefault(out, {}).update((path.name, metadata(source, path.name)) for path in paths)
    for out, rows in records.items():
        lines = [json.dumps(rows[name], ensure_ascii=False) for name in sorted(rows)]
        (out / "metadata.jsonl").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return report


def _rows(manifest: Path) -> list[tuple[int, dict[str, str]]]:
    """The manifest's rows with their line numbers; blank lines and `#` comments skipped."""
    lines = manifest.read_text(encoding="utf-8").splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        return []
    header = [cell.strip() for cell in numbered[0][1].split("\t")]
    if any(column not in header for column in MANIFEST_COLUMNS):
        raise SourceError(f"{manifest}: the first row must name the columns {', '.join(MANIFEST_COLUMNS)}")
    reader = csv.DictReader((line for _, line in numbered), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [
        (number, {key: (value or "").strip() for key, value in row.items() if key})
        for (number, _), row in zip(numbered[1:], reader, strict=True)
    ]


def _source_path(manifest: Path, name: str) -> Path:
    """A manifest's source as a file: relative to the working folder, the manifest, or its `sources/`."""
    folder = manifest.parent
    candidates = [Path(name), folder / name, folder / "sources" / name, folder / "sources" / f"{name}.src"]
    for path in candidates:
        if path.is_file():
            return path
    raise SourceError(f"source {name!r} not found (looked in ., {folder} and {folder / 'sources'})")


def _corpus(name: str) -> str:
    """A corpus name, checked to be a plain folder name."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise SourceError(f"corpus {name!r} is not a plain folder name")
    return name
