r"""Choosing a ranking weight of the retriever by leave-one-document-out cross-validation.

Every answerable question of some collections is asked once per candidate value of one
``Retriever`` weight (``question_lift``, ``lexical_weight``, ``facet_weight``, ``late_weight``,
``type_weight``, ``year_weight``), with refusal switched off, and the rank of its first right passage is kept.
Each document counts equally: a value is scored by the mean over documents of their mean
reciprocal rank, so the bundled document's 2,364 answerable questions weigh as much as the
three of a small one. For each document the value is chosen on the others and applied to it;
the table shows what that choice does to the held-out document against the value 0.

    python -m rag.evaluation.ranking --weight question_lift --values 0,0.25,0.5,0.75,1 \\
        --collection eval/own/dev --collection ../shared/eval/real-dev.jsonl,../shared/corpus/real,BUNDLED ...
"""

from __future__ import annotations

import argparse
import logging
import math
import statistics
from collections.abc import Sequence
from pathlib import Path

from embeddings import Embedder, load_embedder
from rag.evaluation.metrics import EvalQuestion, fold, from_right_document, holds_expected
from rag.evaluation.scan import RememberingEmbedder, open_collection
from rag.search.retriever import Hit, Retriever
from rag.settings import resolve

TOP_K = 5  # as ``vraagbaak eval`` and score.py ask
# Per value, per document, the ranks of its answerable questions (0 when not in the top TOP_K).
Table = dict[float, dict[str, list[int]]]


def first_right(question: EvalQuestion, hits: Sequence[Hit]) -> int:
    """The rank of the first hit from a right document holding an expected string; 0 if none."""
    wanted = [fold(e) for e in question.expect]
    for hit in hits:
        if from_right_document(question, hit.passage) and holds_expected(wanted, hit.passage):
            return hit.rank
    return 0


def scan(
    groups: Sequence[Sequence[Path]], embedder: Embedder, weight: str, values: Sequence[float], cache: Path | None
) -> Table:
    """The ranks of every answerable question of ``groups`` at each value of ``weight``."""
    table: Table = {value: {} for value in values}
    for group in groups:
        corpus, index, only = open_collection(group, embedder, cache)
        answerable = [q for q in corpus.questions if q.expect]
        for value in values:
            retriever = Retriever(index, embedder, min_margin=-math.inf, **{weight: value})
            for question in answerable:
                rank = first_right(question, retriever.retrieve(question.question, TOP_K).hits)
                table[value].setdefault(question.doc[0] if question.doc else only, []).append(rank)
    return table


def document_mrr(ranks: Sequence[int]) -> float:
    """Mean reciprocal rank of one document's questions."""
    return statistics.fmean(1 / r if r else 0.0 for r in ranks)


def document_recall1(ranks: Sequence[int]) -> float:
    """Share of one document's questions whose first passage is right."""
    return statistics.fmean(r == 1 for r in ranks)


def choose(table: Table, documents: Sequence[str]) -> float:
    """The value with the best mean document MRR over ``documents``; the smaller one on a tie."""
    return max(sorted(table), key=lambda v: round(statistics.fmean(document_mrr(table[v][d]) for d in documents), 9))


def leave_one_out(table: Table) -> list[tuple[str, float, float, float]]:
    """Per document: the value chosen on the others, its recall@1 there, and its recall@1 at 0."""
    documents = sorted(next(iter(table.values())))
    baseline = min(table, key=abs)
    folds = []
    for held_out in documents:
        value = choose(table, [d for d in documents if d != held_out])
        folds.append(
            (held_out, value, document_recall1(table[value][held_out]), document_recall1(table[baseline][held_out]))
        )
    return folds


def format_folds(folds: Sequence[tuple[str, float, float, float]], table: Table) -> str:
    """The per-document table, the means, and the value chosen on all documents."""
    lines = ["document | chosen on the others | recall@1 held out | at the smallest value", "---|---|---|---"]
    lines += [f"{doc} | {value:g} | {held:.3f} | {base:.3f}" for doc, value, held, base in folds]
    held = statistics.fmean(f[2] for f in folds)
    base = statistics.fmean(f[3] for f in folds)
    lines.append(f"**mean over documents** | | {held:.3f} | {base:.3f}")
    documents = [f[0] for f in folds]
    lines.append("\nvalue | mean document recall@1 | mean document MRR | recall@1 of the document with most questions")
    biggest = max(documents, key=lambda d: len(table[min(table)][d]))
    for value in sorted(table):
        recall = statistics.fmean(document_recall1(table[value][d]) for d in documents)
        mrr = statistics.fmean(document_mrr(table[value][d]) for d in documents)
        lines.append(f"{value:g} | {recall:.3f} | {mrr:.3f} | {document_recall1(table[value][biggest]):.3f}")
    lines.append(f"\nchosen on all {len(documents)} documents: {choose(table, documents):g}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Scan the collections at every value and print the leave-one-document-out table."""
    parser = argparse.ArgumentParser(prog="python -m rag.evaluation.ranking")
    parser.add_argument("--collection", action="append", default=[], help="comma-separated paths, indexed together")
    weights = ["question_lift", "lexical_weight", "facet_weight", "late_weight", "type_weight", "year_weight"]
    parser.add_argument("--weight", default="question_lift", choices=weights)
    parser.add_argument("--values", default="0,0.25,0.5,0.75,1", help="comma-separated candidate values")
    parser.add_argument("--cache", type=Path, help="folder to keep the collections' indexes in between runs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = resolve()
    embedder = RememberingEmbedder(load_embedder(settings.model, settings.model_cache, settings.backend))
    groups = [[Path(p) for p in c.split(",")] for c in args.collection]
    values = [float(v) for v in args.values.split(",")]
    table = scan(groups, embedder, args.weight, values, args.cache)
    print(format_folds(leave_one_out(table), table))  # the command's output


if __name__ == "__main__":
    main()
