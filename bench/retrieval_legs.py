"""Dense alone, BM25 alone and their fusion, on the same questions and the same index.

Usage: python bench/retrieval_legs.py eval/bundled/questions.jsonl [eval/own/dev/questions.jsonl ...]
Prints recall@1/3 and MRR per leg, file and language (answerable questions only). The
"ours" leg is the product's lexical fusion: for Dutch questions only, dense alone for English
ones. The last leg is what the product ranks by: that, plus the lift of the facet leg for
questions about the document itself (``rag.search.facets``). Every leg ranks a Kamervraag only
when the question asks what the members asked, and a note that is only a link or paper
number only when it asks for one, as the product does. Left out of the last
leg: the product's second encoder pass for such questions (the members' topic) and its
lexical leg on that topic, the order of paper-number notes by the passage citing them, and
a link put just above the passage citing it for a question asking for a web address.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from rag.answer.service import AnswerService
from rag.document import Passage
from rag.evaluation.metrics import EvalQuestion, fold, read_questions
from rag.search.asking import asked_facets, asks_for_source
from rag.search.facets import FacetLeg
from rag.search.lexical import LexicalIndex, LexicalLeg, passage_terms_text
from rag.search.links import is_reference_note
from rag.search.retriever import FACET_WEIGHT, LEXICAL_WEIGHT
from rag.settings import resolve

WEIGHTS = (0.01, 0.05)


def ranks(
    questions: list[EvalQuestion], score: Callable[[EvalQuestion], np.ndarray], passages: list[Passage]
) -> list[int]:
    """Rank (1-based, 0 = not in top 5) of the first passage holding an expected string."""
    texts = [p.text for p in passages]
    asking = np.array([p.kind == "question" for p in passages])
    bare = np.array([is_reference_note(p) for p in passages])
    result = []
    for q in questions:
        scores = np.asarray(score(q), dtype=np.float64)
        if "question" not in asked_facets(q.question):
            scores = np.where(asking, -np.inf, scores)
        if not asks_for_source(q.question):
            scores = np.where(bare, -np.inf, scores)
        top = np.argsort(-scores, kind="stable")[:5]
        hit = [r for r, i in enumerate(top, 1) if any(fold(e) in fold(texts[i]) for e in q.expect)]
        result.append(hit[0] if hit else 0)
    return result


def line(name: str, found: list[int]) -> str:
    """Recall@1, recall@3 and MRR of one leg."""
    n = len(found)
    r1 = sum(r == 1 for r in found) / n
    r3 = sum(0 < r <= 3 for r in found) / n
    mrr = sum(1 / r for r in found if r) / n
    return f"  {name:<30} recall@1 {r1:.3f}  recall@3 {r3:.3f}  MRR {mrr:.3f}"


def main() -> None:
    """Compare the legs on every file given."""
    service = AnswerService(resolve())
    index, passages = service.index, service.index.passages
    lexical = LexicalIndex([passage_terms_text(p) for p in passages])
    vectors = index.reconstruct()
    ranking = np.array([not index.is_pair(row) for row in range(len(index.owners))])

    cache: dict[str, np.ndarray] = {}

    def dense(q: EvalQuestion) -> np.ndarray:
        if q.question not in cache:
            scores = np.full(len(passages), -np.inf)
            units = vectors @ service.embedder.embed_queries([q.question])[0]
            np.maximum.at(scores, index.owners[ranking], units[ranking])
            cache[q.question] = scores
        return cache[q.question]

    def fused(weight: float) -> Callable[[EvalQuestion], np.ndarray]:
        def score(q: EvalQuestion) -> np.ndarray:
            bm25 = lexical.scores(q.question)
            return dense(q) + weight * (bm25 / bm25.max() if bm25.max() > 0 else bm25)

        return score

    lexical_leg = LexicalLeg(passages)  # what the answer path uses: Dutch questions only

    def ours(q: EvalQuestion) -> np.ndarray:
        bm25 = lexical_leg.scores(q.question)
        return dense(q) if bm25 is None else dense(q) + LEXICAL_WEIGHT * bm25

    facet_leg = FacetLeg(passages, {s.doc_id: s.metadata for s in index.manifest.sources})

    def product(q: EvalQuestion) -> np.ndarray:
        lift = facet_leg.scores(q.question)
        return ours(q) if lift is None else ours(q) + FACET_WEIGHT * lift

    legs: dict[str, Callable[[EvalQuestion], np.ndarray]] = {
        "dense": dense,
        "BM25": lambda q: lexical.scores(q.question),
        **{f"dense + {w} x BM25": fused(w) for w in WEIGHTS},
        f"ours: + {LEXICAL_WEIGHT} x BM25 if nl": ours,
        "product: ours + facet lifts": product,
    }
    for path in sys.argv[1:]:
        answerable = [q for q in read_questions(Path(path)) if q.expect]
        for language in ("all", "nl", "en"):
            questions = [q for q in answerable if language in ("all", q.lang)]
            print(f"{path} {language} ({len(questions)} answerable questions)")
            for name, leg in legs.items():
                print(line(name, ranks(questions, leg, passages)))


if __name__ == "__main__":
    main()
