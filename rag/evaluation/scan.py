"""Answer every question of some collections at many thresholds, for ``rag.evaluation.calibrate``.

The command and the collections it was run on are in docs/evaluation.md ("Calibrating
refusal").

A collection is a comma-separated group of paths as ``vraagbaak eval`` takes them
(question files, corpus folders, documents); its documents are indexed together, as the
product would hold them. Each question's vector is computed once and reused at every
threshold, so a question costs one encoder pass and a few dozen searches.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib
import json
import logging
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np

from embeddings import Embedder, load_embedder
from rag.answer.compose import Answer, ask
from rag.evaluation.calibrate import Scored, critical_margin, format_folds, leave_one_out
from rag.evaluation.metrics import EvalQuestion, outcome
from rag.evaluation.runner import QUESTIONS, Corpus, load_corpus
from rag.search.retriever import Retriever
from rag.settings import resolve
from rag.store.collection import open_collection as open_index
from rag.store.collection import update
from rag.store.index import Index

logger = logging.getLogger(__name__)

TOP_K = 5  # as ``vraagbaak eval`` and score.py ask


class RememberingEmbedder:
    """An embedder that encodes each query text once: the scan asks every question many times."""

    def __init__(self, embedder: Embedder) -> None:
        """Wrap ``embedder``; everything but ``embed_queries`` is passed through."""
        self.embedder = embedder
        self.known: dict[str, np.ndarray] = {}

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """The query vectors of ``texts``, encoding only those not seen before."""
        new = [t for t in dict.fromkeys(texts) if t not in self.known]
        if new:
            self.known.update(zip(new, self.embedder.embed_queries(new), strict=True))
        return np.stack([self.known[t] for t in texts])

    def __getattr__(self, name: str) -> object:
        return getattr(self.embedder, name)


def collection_index(documents: Sequence[Path], embedder: Embedder, cache: Path | None) -> Index:
    """The index of ``documents``, kept in ``cache`` between scans when given.

    A kept index is brought in step like the product's own (``rag.store.collection``): a
    changed file, reader or model is never measured on passages read before it.
    """
    if cache is None:
        return update(None, list(documents), embedder)[0]
    key = hashlib.sha256("\n".join(sorted(str(p.resolve()) for p in documents)).encode()).hexdigest()[:16]
    return open_index(cache / key, embedder, list(documents)).index


def open_collection(group: Sequence[Path], embedder: Embedder, cache: Path | None) -> tuple[Corpus, Index, str]:
    """One collection's questions and index, and the name to file a question under that names no document."""
    questions_or_corpora = [p for p in group if p.suffix == ".jsonl" or (p / QUESTIONS).is_file()]
    corpus = load_corpus(questions_or_corpora, [p for p in group if p not in questions_or_corpora])
    index = collection_index(corpus.documents, embedder, cache)
    only = index.manifest.sources[0].doc_id if len(index.manifest.sources) == 1 else group[0].name
    logger.info("%s: %d questions, %d passages", group[0], len(corpus.questions), len(index.passages))
    return corpus, index, only


def scan_collection(
    group: Sequence[Path], embedder: Embedder, background: Path | None, cache: Path | None
) -> list[Scored]:
    """Every question of one collection, scored at its critical margin."""
    corpus, index, only = open_collection(group, embedder, cache)
    if background is not None:
        index.background = embedder.embed_passages(_sentences(background)).astype(np.float32)
    retriever = Retriever(index, embedder)
    return [score_question(q, retriever, q.doc[0] if q.doc else only) for q in corpus.questions]


def score_question(question: EvalQuestion, retriever: Retriever, doc: str) -> Scored:
    """One question's critical margin, and whether its first quote is right when answered below it."""
    answers: dict[float, Answer] = {}

    def answered(threshold: float) -> bool:
        retriever.min_margin = threshold
        answers[threshold] = ask(question.question, retriever, TOP_K)
        return answers[threshold].answered

    critical = critical_margin(answered)
    lowest = answers[min(answers)]
    return Scored(doc, bool(question.expect), critical, outcome(question, lowest).rank == 1)


def _sentences(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def save_table(rows: Sequence[Scored], path: Path) -> None:
    """Write the scored questions as JSON (infinite margins as strings)."""
    path.write_text(json.dumps([{**asdict(r), "critical": str(r.critical)} for r in rows], indent=0), encoding="utf-8")


def load_table(path: Path) -> list[Scored]:
    """Read a table written by ``save_table``."""
    return [Scored(**{**row, "critical": float(row["critical"])}) for row in json.loads(path.read_text("utf-8"))]


def _set_constant(assignment: str) -> None:
    """Set a module constant for this run: "rag.search.units.BACKGROUND_TOP=1"."""
    name, value = assignment.split("=", 1)
    module, attribute = name.rsplit(".", 1)
    setattr(importlib.import_module(module), attribute, ast.literal_eval(value))


def main(argv: Sequence[str] | None = None) -> None:
    """Scan the collections (or read a saved table) and print the leave-one-document-out table."""
    parser = argparse.ArgumentParser(prog="python -m rag.evaluation.calibrate")
    parser.add_argument("--collection", action="append", default=[], help="comma-separated paths, indexed together")
    parser.add_argument("--background", type=Path, help="background sentences instead of the index's")
    parser.add_argument("--table", type=Path, help="where to save the scored questions")
    parser.add_argument("--from-table", type=Path, help="read scored questions instead of scanning")
    parser.add_argument("--set", action="append", default=[], help="MODULE.NAME=VALUE: a constant to try")
    parser.add_argument("--cache", type=Path, help="folder to keep the collections' indexes in between runs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for assignment in args.set:
        _set_constant(assignment)
    if args.from_table:
        rows = load_table(args.from_table)
    else:
        settings = resolve()
        embedder = RememberingEmbedder(load_embedder(settings.model, settings.model_cache, settings.backend))
        groups = [[Path(p) for p in c.split(",")] for c in args.collection]
        rows = [row for group in groups for row in scan_collection(group, embedder, args.background, args.cache)]
        if args.table:
            save_table(rows, args.table)
    print(format_folds(leave_one_out(rows), rows))  # the command's output
