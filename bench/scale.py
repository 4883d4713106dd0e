"""Indexing throughput, warm query latency and index recall at 1k to 1M synthetic passages.

Usage: python bench/scale.py [--sizes 1000 10000 100000 1000000] [--base 300] [--throughput 60]

Passages are made deterministically (seed 5) by recombining 2-4 sentences of the bundled
document. ``--throughput`` of them are turned into index units for real: by the baseline,
fp32 sentence-transformers encoding every unit's text (whole, sentences, pairs), and by
`rag.store.embedding.embed_units` on the int8 ONNX backend (pairs summed from their sentences),
with the two steps between for comparison: that is the throughput figure. ``--base`` of them
are embedded for real as whole passages; every other passage vector is a normalised mix of
two of those real vectors plus Gaussian noise (sigma 0.02 per dimension), so the larger
collections keep the shape of real embeddings without hours of encoding. At these scales
each passage is one unit. Per size, the baseline is fp32 sentence-transformers with an exact
index; ours is the int8 ONNX backend with the index `rag.store.vectors` picks for that size. Latency is
question to formatted chat message (`rag.answer.compose.ask` then `ui.format.answer_markdown`) over
the dev-set questions, after a warm-up. Recall@10 compares the chosen index with exact
search on the dev and tune questions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from itertools import pairwise
from pathlib import Path

import numpy as np
from common import peak_rss_mb, percentiles

from embeddings import Embedder, load_embedder
from rag.answer.compose import ask
from rag.document import Passage
from rag.ingest import read_document
from rag.ingest.sentences import sentence_spans
from rag.search.retriever import CANDIDATES, Retriever
from rag.settings import cache_dir
from rag.store.collection import background_sentences, bundled_files
from rag.store.embedding import embed_units, unit_texts
from rag.store.index import Index, Manifest
from rag.store.vectors import vector_index
from ui.format import answer_markdown

SEED = 5
NOISE = 0.02


def synthetic_passages(count: int) -> list[Passage]:
    """``count`` passages of 2-4 sentences of the bundled document, the same every run."""
    source = read_document(bundled_files()[0]).passages
    sentences = [p.text[a:b] for p in source for a, b in sentence_spans(p.text)]
    rng = np.random.default_rng(SEED)
    picks = rng.integers(0, len(sentences), size=(count, 4))
    lengths = rng.integers(2, 5, size=count)
    return [
        Passage(f"SYN{i // 50}:p{i}", f"SYN{i // 50}", "Synthetisch", "paragraph", text, i % 50 + 1, 0, len(text))
        for i, text in enumerate(" ".join(sentences[j] for j in picks[i, : lengths[i]]) for i in range(count))
    ]


def synthetic_vectors(real: np.ndarray, count: int) -> np.ndarray:
    """The real vectors first, then normalised noisy mixes of two of them up to ``count``."""
    rng = np.random.default_rng(SEED)
    out = np.empty((count, real.shape[1]), dtype=np.float32)
    out[: len(real)] = real[:count]
    for start in range(len(real), count, 100_000):
        stop = min(count, start + 100_000)
        pairs = rng.integers(0, len(real), size=(stop - start, 2))
        weight = rng.uniform(0.2, 0.8, size=(stop - start, 1)).astype(np.float32)
        block = weight * real[pairs[:, 0]] + (1 - weight) * real[pairs[:, 1]]
        block += rng.normal(0, NOISE, size=block.shape).astype(np.float32)
        out[start:stop] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def every_unit_text(passage: Passage) -> list[str]:
    """The baseline's way to the same units: the whole, each sentence and each pair, all encoded."""
    texts = unit_texts(passage)
    return [*texts, *(f"{a} {b}" for a, b in pairwise(texts[1:]))]


def throughput(embedder: Embedder, passages: list[Passage], encode_pairs: bool) -> float:
    """Passages per second turned into unit vectors; median of three runs.

    ``encode_pairs`` encodes each pair's text as the baseline does; otherwise pairs are
    summed from their sentences as `rag.store.embedding.embed_units` does.
    """
    times = []
    for _ in range(3):
        started = time.perf_counter()
        if encode_pairs:
            embedder.embed_passages([text for p in passages for text in every_unit_text(p)])
        else:
            embed_units(passages, embedder)
        times.append(time.perf_counter() - started)
    return len(passages) / statistics.median(times)


def latencies(retriever: Retriever, questions: list[str], repeat: int = 1) -> list[float]:
    """Milliseconds from question to formatted chat message, after one warm-up."""
    answer_markdown(ask(questions[0], retriever))
    times = []
    for _ in range(repeat):
        for question in questions:
            started = time.perf_counter()
            answer_markdown(ask(question, retriever))
            times.append((time.perf_counter() - started) * 1000)
    return times


def recall_at_10(approximate: Index, exact: Index, queries: np.ndarray) -> float:
    """Share of exact search's top 10 that the chosen index also returns among its candidates' top 10."""
    found = []
    for query in queries:
        want = {row for row, _ in exact.search(query, 10)}
        got = {row for row, _ in approximate.search(query, CANDIDATES)[:10]}
        found.append(len(want & got) / 10)
    return float(np.mean(found))


def questions(name: str, group: str) -> list[str]:
    """The questions of one set of an eval file."""
    lines = Path(name).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [row["question"] for row in rows if row.get("set") == group]


def main() -> None:
    """Measure and print one JSON line per figure group, then a markdown table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--base", type=int, default=300)
    parser.add_argument("--throughput", type=int, default=60)
    args = parser.parse_args()
    models = cache_dir() / "models"
    embedders = {backend: load_embedder(None, models, backend=backend) for backend in ("torch", "onnx", "onnx-int8")}
    sample = synthetic_passages(max(args.base, args.throughput))[: args.throughput]
    rates = {
        "baseline: torch fp32, every unit encoded": throughput(embedders["torch"], sample, encode_pairs=True),
        "onnx fp32, every unit encoded": throughput(embedders["onnx"], sample, encode_pairs=True),
        "onnx int8, every unit encoded": throughput(embedders["onnx-int8"], sample, encode_pairs=True),
        "ours: onnx int8, pairs summed": throughput(embedders["onnx-int8"], sample, encode_pairs=False),
    }
    baseline = rates["baseline: torch fp32, every unit encoded"]
    ratios = {name: round(rate / baseline, 2) for name, rate in rates.items()}
    print(json.dumps({"throughput_passages_per_s": rates, "times_baseline": ratios}), flush=True)
    onnx = embedders["onnx-int8"]
    sample = synthetic_passages(args.base)
    real = onnx.embed_passages([p.text for p in sample[: args.base]])
    background = onnx.embed_passages(background_sentences())
    dev = questions("eval/bundled/questions.jsonl", "dev")
    probe = onnx.embed_queries(dev + questions("eval/bundled/questions.jsonl", "tune"))
    rows = []
    for size in args.sizes:
        passages = synthetic_passages(size)
        vectors = synthetic_vectors(real, size)
        owners = np.arange(size, dtype=np.int32)
        manifest = Manifest(model={}, sources=(), count=size)
        started = time.perf_counter()
        chosen = Index(vector_index(vectors), owners, passages, background, manifest)
        build = time.perf_counter() - started
        exact = chosen
        if type(chosen.vectors).__name__ != "IndexFlatIP":
            import faiss

            flat = faiss.IndexFlatIP(vectors.shape[1])
            flat.add(vectors)
            exact = Index(flat, owners, passages, background, manifest)
        base_ms = percentiles(latencies(Retriever(exact, embedders["torch"]), dev))
        ours_ms = percentiles(latencies(Retriever(chosen, onnx), dev))
        row = {
            "passages": size,
            "index": type(chosen.vectors).__name__,
            "build_s": round(build, 2),
            "baseline_p50_ms": round(base_ms[0], 1),
            "baseline_p95_ms": round(base_ms[1], 1),
            "p50_ms": round(ours_ms[0], 1),
            "p95_ms": round(ours_ms[1], 1),
            "recall_at_10": round(recall_at_10(chosen, exact, probe), 3),
            "peak_rss_mb": round(peak_rss_mb()),
        }
        print(json.dumps(row), flush=True)
        rows.append(row)
        del passages, vectors, chosen, exact
    print("\n| passages | index | build | baseline p50 / p95 | ours p50 / p95 | recall@10 | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['passages']:,} | {r['index']} | {r['build_s']} s"
            f" | {r['baseline_p50_ms']} / {r['baseline_p95_ms']} ms | {r['p50_ms']} / {r['p95_ms']} ms"
            f" | {r['recall_at_10']} | {r['peak_rss_mb']} MB |"
        )


if __name__ == "__main__":
    main()
