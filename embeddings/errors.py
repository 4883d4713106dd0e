"""The one error type this package raises for anything a user must fix about the model."""

from __future__ import annotations

_MAX_REASON = 240


class ModelError(RuntimeError):
    """An embedding model could not be built or loaded.

    The message is a single line in plain English that names the model and says what
    to do, so a command-line tool can print it as is instead of a traceback.
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


def reason(error: BaseException) -> str:
    """Condense an exception from a library into a short one-line reason.

    Library messages often span several lines and end in links to documentation;
    only the first line carries the cause, and it is kept short enough for a terminal.
    """
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    if len(text) > _MAX_REASON:
        text = text[: _MAX_REASON - 1].rstrip() + "…"
    return text.rstrip(".")


def model_error(model: str, problem: str, advice: str, cause: BaseException | None = None) -> ModelError:
    """Build a `ModelError` whose message reads: model, problem, optional cause, advice."""
    detail = f" ({reason(cause)})" if cause is not None else ""
    return ModelError(f"Embedding model {model!r}: {problem}{detail}. {advice}")
