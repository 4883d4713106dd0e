"""Render our own evaluation documents (`eval/own/sources/*.src`) as the files users have.

One or more sources in chosen formats, or every row of a manifest (with each corpus's
`metadata.jsonl`)::

    python eval/render.py SOURCE.src [SOURCE.src ...] --format pdf [--format md] --out DIR
    python eval/render.py --manifest eval/own/manifest.tsv

Formats: pdf, txt, ff.txt, oneline.txt, md, lost.txt, dup.txt, docx, or `all`. The source
format and the layouts are described in `eval/own/README.md`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from pathlib import Path

from rendering.manifest import FORMATS, Report, formats_of, render, render_manifest
from rendering.source import SourceError, parse_source


def main(argv: list[str] | None = None) -> int:
    """Run the command line; 0 when everything rendered, 1 otherwise."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    args = _parser().parse_args(argv)
    try:
        report = render_manifest(args.manifest) if args.manifest else _render_sources(args)
    except (SourceError, OSError) as error:
        print(f"render: {error}", file=sys.stderr)
        return 1
    _summarize(report)
    return 1 if report.errors else 0


def _parser() -> argparse.ArgumentParser:
    """The command line's options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path, help="source files (.src)")
    parser.add_argument(
        "--format", action="append", dest="formats", help=f"output format, repeatable: {', '.join(FORMATS)} or all"
    )
    parser.add_argument("--out", type=Path, default=Path("."), help="folder for the rendered files")
    parser.add_argument("--manifest", type=Path, help="render every row of this manifest.tsv instead")
    return parser


def _render_sources(args: argparse.Namespace) -> Report:
    """Render the sources named on the command line."""
    if not args.sources:
        raise SourceError("name a source file or --manifest")
    formats = [name for spec in args.formats or ["pdf"] for name in formats_of(spec)]
    report = Report()
    for path in args.sources:
        try:
            report.written.setdefault(args.out, []).extend(render(parse_source(path), formats, args.out))
        except (SourceError, OSError) as error:
            report.errors.append(str(error))
    return report


def _summarize(report: Report) -> None:
    """Print what was written per folder and every error."""
    for folder, paths in report.written.items():
        kinds = Counter(_format(path) for path in paths)
        print(f"{folder}: {len(paths)} files ({', '.join(f'{kind} {n}' for kind, n in sorted(kinds.items()))})")
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)


def _format(path: Path) -> str:
    """The format a rendered file was written in, from its name."""
    return next(name for name in sorted(FORMATS, key=len, reverse=True) if path.name.endswith(f".{name}"))


if __name__ == "__main__":
    sys.exit(main())
