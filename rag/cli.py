"""The ``vraagbaak`` command line: thin wrappers around the answer service."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import TypeVar

import click

from rag.settings import Settings, resolve

logger = logging.getLogger("vraagbaak")
F = TypeVar("F", bound=Callable[..., object])

index_option = click.option(
    "--index", "index_dir", type=click.Path(path_type=Path), default=None, help="Index folder [env VRAAGBAAK_INDEX]."
)
model_option = click.option(
    "--model", default=None, help="Sentence-transformers model name or folder [env VRAAGBAAK_MODEL]."
)


def friendly_errors(command: F) -> F:
    """Turn every failure into a one-line message and exit status 1: never a traceback."""

    @wraps(command)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt as error:
            raise click.Abort from error
        except Exception as error:
            logger.debug("command failed", exc_info=True)
            raise click.ClickException(str(error) or type(error).__name__) from None

    return wrapper  # type: ignore[return-value]


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Show progress and diagnostic logging.")
def cli(verbose: bool) -> None:
    """Vraagbaak: quote and cite what the Dutch government answered."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")


def _service(settings: Settings):  # noqa: ANN202 - imported lazily to keep --help fast
    from rag.service import AnswerService

    service = AnswerService(settings)
    for notice in service.notices:
        click.echo(f"note: {notice}", err=True)
    return service


@cli.command()
@index_option
@model_option
@friendly_errors
def setup(index_dir: Path | None, model: str | None) -> None:
    """Prepare the model cache and the index, so that the first question is fast."""
    settings = resolve(index_dir=index_dir, model=model)
    info = _service(settings).info()
    click.echo(f"ready: {info.passages} passages from {len(info.titles)} document(s) in {settings.index_dir}")


@cli.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question per line.")
@click.option("--top-k", type=click.IntRange(1, 50), default=None, help="Passages to quote [default 3].")
@index_option
@model_option
@friendly_errors
def ask(question: str | None, as_json: bool, top_k: int | None, index_dir: Path | None, model: str | None) -> None:
    """Answer QUESTION, or every line of standard input when QUESTION is left out."""
    from rag.answer import Answer, to_text
    from rag.language import detect_language, message

    settings = resolve(index_dir=index_dir, model=model, top_k=top_k)
    service = _service(settings)
    questions: Iterable[str] = [question] if question is not None else (line.rstrip("\n") for line in sys.stdin)
    for text in questions:
        try:
            answer = service.ask(text)
        except Exception as error:
            logger.debug("question failed", exc_info=True)
            language = detect_language(text)
            answer = Answer(text, language, False, message=message("error", language, detail=error))
        if as_json:
            click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
        else:
            click.echo(to_text(answer) + "\n")


@cli.command("index")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_option
@model_option
@friendly_errors
def index_command(files: tuple[Path, ...], index_dir: Path | None, model: str | None) -> None:
    """Add FILES to the index (a changed file replaces its old passages)."""
    from embeddings import load_embedder
    from rag.collection import update
    from rag.index import CorruptIndexError, Index

    settings = resolve(index_dir=index_dir, model=model)
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise click.ClickException(f"not a file: {', '.join(missing)}")
    embedder = load_embedder(settings.model, settings.model_cache, settings.backend)
    try:
        existing: Index | None = Index.load(settings.index_dir)
    except CorruptIndexError:
        existing = None
    previous = [Path(s.path) for s in existing.manifest.sources] if existing else []
    wanted = list(dict.fromkeys([*previous, *(f.resolve() for f in files)]))
    index, notices = update(existing, wanted, embedder, progress=True)
    for notice in notices:
        click.echo(f"note: {notice}", err=True)
    if index is not existing:
        index.save(settings.index_dir)
    click.echo(f"{len(index.passages)} passages from {len(index.manifest.sources)} file(s) in {settings.index_dir}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7860, show_default=True, help="Port to listen on.")
@index_option
@model_option
@friendly_errors
def serve(host: str, port: int, index_dir: Path | None, model: str | None) -> None:
    """Serve the chat at http://HOST:PORT."""
    from ui.app import launch

    service = _service(resolve(index_dir=index_dir, model=model))
    launch(service, host=host, port=port)


@cli.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@index_option
@model_option
@friendly_errors
def eval_command(file: Path, as_json: bool, index_dir: Path | None, model: str | None) -> None:
    """Measure recall@1/3/5, MRR and abstention on a question file (JSON lines)."""
    from rag.evaluate import evaluate, format_report, read_questions

    questions = read_questions(file)
    report = evaluate(questions, _service(resolve(index_dir=index_dir, model=model)).retriever)
    click.echo(json.dumps(report, indent=2) if as_json else format_report(report))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="vraagbaak")
