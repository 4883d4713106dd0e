"""Answer latency as a user sees it: from pressing Enter to the quote showing, in Debian's Chromium.

Usage: python bench/browser_latency.py LABEL=URL [LABEL=URL ...] [--questions N] [--rounds R]

Give two running chats (for example this checkout and an older one, each started with
`vraagbaak serve --port P` on its own home) to compare them in one run: the servers are
asked in turn, question by question, so that machine noise falls on both alike. Prints the
median and p95 per server and the difference of medians to the first one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The question box: this chat's, or the textbox of an older chat built on gr.ChatInterface.
BOX = "#question textarea, [data-testid='textbox']"
ANSWERED = """count => {
    const answers = document.querySelectorAll('[data-testid="bot"]');
    return answers.length > count && answers[answers.length - 1].querySelector('blockquote, p') !== null;
}"""


def questions(count: int) -> list[str]:
    """The first ``count`` questions of the shared smoke set, as bundled with the evaluation."""
    rows = [json.loads(line) for line in Path("eval/bundled/questions.jsonl").read_text(encoding="utf-8").splitlines()]
    return [row["question"] for row in rows if row.get("set") == "dev"][:count]


def ask(page: Page, question: str) -> float:
    """Milliseconds from Enter to the new answer's first quote (or message) in the page."""
    count = page.locator("[data-testid='bot']").count()
    box = page.locator(BOX).first
    box.fill(question)
    start = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(ANSWERED, arg=count, polling="raf", timeout=60_000)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    """Measure every server in turn and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("servers", nargs="+", help="LABEL=URL of a running chat")
    parser.add_argument("--questions", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    servers = dict(item.split("=", 1) for item in args.servers)
    asked = questions(args.questions)
    times: dict[str, list[float]] = {label: [] for label in servers}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pages = {label: browser.new_page(viewport={"width": 1280, "height": 900}) for label in servers}
        for label, url in servers.items():
            pages[label].goto(url)
            pages[label].wait_for_selector(BOX, timeout=60_000)
            ask(pages[label], asked[0])  # warm-up
        for _ in range(args.rounds):
            for question in asked:
                for label in servers:
                    times[label].append(ask(pages[label], question))
        browser.close()
    first = statistics.median(times[next(iter(servers))])
    for label, samples in times.items():
        median, p95 = statistics.median(samples), statistics.quantiles(samples, n=20)[-1]
        figures = f"p50 {median:7.1f} ms   p95 {p95:7.1f} ms   n={len(samples)}"
        print(f"{label:<12} {figures}   Δp50 {median - first:+6.1f} ms")


if __name__ == "__main__":
    main()
