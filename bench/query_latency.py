"""Warm query latency of the answer path against the bare encoder pass, measured in one run.

Usage: python bench/query_latency.py [QUESTIONS.jsonl] [--repeat N]
Prints medians and p95 in milliseconds, the ratio to the encoder pass, the answer path
without the Kamervraag lift (``Retriever.question_lift`` 0), without late interaction
(``Retriever.late_weight`` 0) and without the answer-type lift (``Retriever.type_weight`` 0) as
same-run baselines for them, and peak RSS. The questions go
to the index in use (``VRAAGBAAK_HOME``, or ``VRAAGBAAK_INDEX``).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rag.answer.service import AnswerService
from rag.settings import resolve


def timed(function: Callable[[str], object], items: list[str], repeat: int) -> list[float]:
    """Milliseconds per call of ``function`` over ``items``, ``repeat`` rounds."""
    times = []
    for _ in range(repeat):
        for item in items:
            start = time.perf_counter()
            function(item)
            times.append((time.perf_counter() - start) * 1000)
    return times


def summary(name: str, times: list[float]) -> str:
    """One line: median and 95th percentile."""
    p95 = statistics.quantiles(times, n=20)[-1]
    return f"{name:<28} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   n={len(times)}"


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("questions", nargs="?", default="eval/bundled/questions.jsonl")
    parser.add_argument("--set", default="dev", help="Only the questions of this set (the shared smoke test).")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    lines = Path(args.questions).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    questions = [row["question"] for row in rows if row.get("set", args.set) == args.set]
    started = time.perf_counter()
    service = AnswerService(resolve())
    print(f"load (model + index)         {time.perf_counter() - started:7.2f} s")
    service.ask(questions[0])  # warm-up
    encoder = timed(lambda q: service.embedder.embed_queries([q]), questions, args.repeat)
    answer = timed(service.ask, questions, args.repeat)
    lift, service.retriever.question_lift = service.retriever.question_lift, 0.0
    unlifted = timed(service.ask, questions, args.repeat)
    service.retriever.question_lift = lift
    late, service.retriever.late_weight = service.retriever.late_weight, 0.0
    early = timed(service.ask, questions, args.repeat)
    service.retriever.late_weight = late
    typed, service.retriever.type_weight = service.retriever.type_weight, 0.0
    untyped = timed(service.ask, questions, args.repeat)
    service.retriever.type_weight = typed
    print(summary("encoder pass (baseline)", encoder))
    print(summary("question -> Answer", answer))
    print(summary("  without Kamervraag lift", unlifted))
    print(summary("  without late interaction", early))
    print(summary("  without answer-type lift", untyped))
    print(f"ratio of medians             {statistics.median(answer) / statistics.median(encoder):7.2f}x")
    print(f"peak RSS                     {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MB")


if __name__ == "__main__":
    main()
