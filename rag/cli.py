"""The ``vraagbaak`` command line: thin wrappers around the answer service."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from pathlib import Path
from typing import TypeVar

import click

from embeddings.progress import show_progress
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
    show_progress()


def _service(settings: Settings):  # noqa: ANN202 - imported lazily to keep --help fast
    from rag.answer.service import AnswerService

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
    from rag.answer.compose import Answer, to_text
    from rag.language import detect_language, message

    settings = resolve(index_dir=index_dir, model=model, top_k=top_k)
    service = _service(settings)
    questions: Iterable[str] = [question] if question is not None else _stdin_lines()
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


def _stdin_lines() -> Iterable[str]:
    """Lines of standard input; bytes that are not UTF-8 become U+FFFD instead of ending the run."""
    for line in sys.stdin.buffer:
        yield line.decode("utf-8", "replace").rstrip("\r\n")


@cli.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_option
@model_option
@friendly_errors
def index_command(paths: tuple[Path, ...], index_dir: Path | None, model: str | None) -> None:
    """Add files, and folders recursively, to the index (a changed file replaces its old passages).

    A file that cannot be read is reported and skipped; the others are indexed, and the
    command then exits with status 1.
    """
    from embeddings import load_embedder
    from rag.ingest import SUPPORTED_SUFFIXES
    from rag.notices import Failure
    from rag.store.collection import update
    from rag.store.folders import gather

    settings = resolve(index_dir=index_dir, model=model)
    gathered = gather(paths)
    named = {path.absolute() for path in paths}
    refused = [path for path in gathered.unsupported if path.absolute() in named]  # asked for by name
    for path in gathered.missing:
        click.echo(_printable(f"skipped {path}: it does not exist or is not a file"), err=True)
    for path in gathered.unsupported:
        click.echo(_printable(f"skipped {path}: Unsupported file type '{path.suffix or '(none)'}'"), err=True)
    existing, previous = _existing_index(settings.index_dir)
    sources = existing.manifest.sources if existing else ()
    readable, failures = _readable_files(gathered.files, {s.sha256: s.path for s in sources})
    for failure in failures:
        click.echo(_printable(f"skipped {failure}"), err=True)
    considered = len(gathered.files) + len(gathered.unsupported) + len(gathered.missing)
    failed = len(gathered.missing) + len(refused) + len(failures)
    wanted = list(dict.fromkeys([*previous, *readable]))
    if not readable:
        raise click.ClickException(
            f"nothing to index: {failed} of {considered} file(s) could not be indexed "
            f"(supported: {', '.join(SUPPORTED_SUFFIXES)}); see above"
        )
    embedder = load_embedder(settings.model, settings.model_cache, settings.backend)
    index, notices = update(existing, wanted, embedder, progress=sys.stderr.isatty())
    for notice in notices:
        click.echo(_printable(f"{'error' if isinstance(notice, Failure) else 'note'}: {notice}"), err=True)
    if index is not existing:
        index.save(settings.index_dir)
    click.echo(f"{len(index.passages)} passages from {len(index.manifest.sources)} file(s) in {settings.index_dir}")
    failed += sum(isinstance(n, Failure) for n in notices)
    if failed:
        raise click.ClickException(f"{failed} of {considered} file(s) could not be indexed; see above")


def _readable_files(files: Sequence[Path], indexed: dict[str, str]) -> tuple[list[Path], list[str]]:
    """The files that read as documents (resolved, each once), and why each other one does not.

    ``indexed`` maps the checksum of every file already in the index to its path: the
    same content under another name would be a second copy of every passage. A file
    indexed before and unchanged since is not read again; the others are read here and
    again by ``update``, which is cheap next to embedding.
    """
    from rag.ingest import read_document

    readable: dict[Path, None] = {}
    seen = dict(indexed)
    failures = []
    for file in files:
        try:
            path = file.resolve()
            if path in readable:
                continue  # named twice: indexed once
            sha = _plain_file_sha(path)
            if sha is None or indexed.get(sha) != str(path):
                read_document(file)  # as named: a link to /dev/zero is refused as "not a file"
                sha = sha or _plain_file_sha(path)
        except Exception as error:  # one bad file must not stop the others
            logger.debug("cannot index %s", file, exc_info=True)
            failures.append(f"{file}: {error or type(error).__name__}")
            continue
        if seen.get(sha, str(path)) != str(path):
            failures.append(f"{file}: the same content as {seen[sha]}, which is already indexed")
            continue
        seen[sha] = str(path)
        readable[path] = None
    return list(readable), failures


def _plain_file_sha(path: Path) -> str | None:
    """The checksum of a regular file within the size limit; None for anything else."""
    from rag.ingest import MAX_FILE_BYTES
    from rag.store.index import file_sha256

    if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
        return None
    return file_sha256(path)


def _printable(text: str) -> str:
    """``text`` on one line: control characters in file names shown as escapes, not sent to the terminal."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _existing_index(folder: Path):  # noqa: ANN202 - Index is imported lazily
    """The index in ``folder`` (None if there is none or it is damaged) and the files it holds."""
    from rag.store.index import CorruptIndexError, Index, recorded_paths

    try:
        index = Index.load(folder)
    except CorruptIndexError as error:
        paths = recorded_paths(folder)
        if (folder / "manifest.json").exists():
            click.echo(f"note: rebuilding the index ({error}) from its {len(paths)} recorded file(s)", err=True)
        return None, paths
    return index, [Path(s.path) for s in index.manifest.sources]


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document per line.")
@index_option
@friendly_errors
def list_command(as_json: bool, index_dir: Path | None) -> None:
    """Show the documents in the index: id, title, source, passages and metadata."""
    from rag.store.catalog import document_rows, row_text
    from rag.store.index import Index

    settings = resolve(index_dir=index_dir)
    rows = document_rows(Index.load(settings.index_dir))
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False) if as_json else row_text(row))
    if not as_json:
        click.echo(f"{len(rows)} document(s) in {settings.index_dir}")


@cli.command()
@click.argument("document")
@index_option
@friendly_errors
def remove(document: str, index_dir: Path | None) -> None:
    """Take DOCUMENT (a doc_id as `list` shows it, or a source path) out of the index."""
    from rag.answer.service import forget_copy
    from rag.store.collection import UnknownDocumentError
    from rag.store.collection import remove as remove_document
    from rag.store.index import Index

    settings = resolve(index_dir=index_dir)
    try:
        index, source = remove_document(Index.load(settings.index_dir), document)
    except UnknownDocumentError as error:
        raise click.ClickException(f"{error} ({settings.index_dir})") from None
    index.save(settings.index_dir)
    click.echo(f"removed {source.doc_id} ({source.path}); {len(index.passages)} passages left in {settings.index_dir}")
    if forget_copy(settings.index_dir, source):  # a copy the chat kept of an upload
        click.echo(f"deleted the uploaded copy {source.path}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7860, show_default=True, help="Port to listen on.")
@index_option
@model_option
@friendly_errors
def serve(host: str, port: int, index_dir: Path | None, model: str | None) -> None:
    """Serve the chat at http://HOST:PORT."""
    from embeddings.default_build import prepare_apart
    from embeddings.loading import pending_steps
    from ui.server import launch, serving_message

    settings = resolve(index_dir=index_dir, model=model)
    if pending_steps(settings.model, settings.model_cache, settings.backend):
        prepare_apart(settings.model_cache, settings.backend)  # torch stays in the child that builds
    service = _service(settings)
    launch(service, host=host, port=port, ready=lambda url: click.echo(serving_message(url)))


@cli.command("eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option(
    "--with-context", is_flag=True, help="Also count the Kamervraag and footnotes quoted with a passage as its text."
)
@click.option("--top-k", type=click.IntRange(1, 50), default=5, show_default=True, help="Passages per answer.")
@index_option
@model_option
@friendly_errors
def eval_command(
    paths: tuple[Path, ...], as_json: bool, with_context: bool, top_k: int, index_dir: Path | None, model: str | None
) -> None:
    """Measure answers on question files, overall, per language and per document.

    PATHS are question files (.jsonl), corpus folders (documents with questions.jsonl and
    perhaps metadata.jsonl) and documents. With documents, they are indexed afresh, in
    memory; without, the questions go to the index in use.
    """
    from rag.evaluation.metrics import format_report, report, run
    from rag.evaluation.runner import CHECKED_FIELDS, load_corpus, metadata_report

    questions_or_corpora = [p for p in paths if p.suffix == ".jsonl" or (p / "questions.jsonl").is_file()]
    corpus = load_corpus(questions_or_corpora, [p for p in paths if p not in questions_or_corpora])
    settings = resolve(index_dir=index_dir, model=model)
    answer, rows = _answering(settings, corpus.documents, top_k)
    table = report(run(corpus.questions, answer, with_context))
    checked = metadata_report(rows, corpus.expected) if corpus.expected else None
    if as_json:
        click.echo(json.dumps({"rows": table, "metadata": checked}, indent=2, ensure_ascii=False))
        return
    click.echo(format_report(table))
    if checked:
        fields = ", ".join(f"{name} {checked[name]}" for name in CHECKED_FIELDS)
        click.echo(f"\nlist: {checked['all_right']} of {checked['documents']} documents right ({fields})")
        for file, names in checked["wrong"].items():  # type: ignore[union-attr]
            click.echo(f"  {file}: {', '.join(names)}")


def _answering(settings: Settings, documents: Sequence[Path], top_k: int):  # noqa: ANN202 - lazy imports
    """A function answering one question, and the `list` rows of the documents it answers from."""
    from embeddings import load_embedder
    from rag.answer.compose import ask
    from rag.notices import Failure
    from rag.search.retriever import Retriever
    from rag.store.catalog import document_rows
    from rag.store.collection import update

    if not documents:
        service = _service(settings)
        return (lambda question: service.ask(question, top_k)), document_rows(service.index)
    embedder = load_embedder(settings.model, settings.model_cache, settings.backend)
    index, notices = update(None, list(documents), embedder, progress=sys.stderr.isatty())
    for notice in notices:
        click.echo(_printable(f"{'error' if isinstance(notice, Failure) else 'note'}: {notice}"), err=True)
    retriever = Retriever(index, embedder)
    return (lambda question: ask(question, retriever, top_k)), document_rows(index)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="vraagbaak")
