"""Dynamic int8 quantisation of the encoder graph (onnxruntime.quantization, build time only)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import onnx

# What was measured on the reference fixture (cosine to the PyTorch embeddings, min over 8),
# encoder-only graph:
#   per-tensor weights              0.83   per-channel weights             0.95
#   per-channel + reduce_range      0.96   per-channel, uint8 weights      0.97 (slower on AVX2)
# (the shipped graph, same settings: min 0.977, mean 0.990). Per-channel int8 weights it
# is. MatMul weights and the word-embedding Gather are quantised; attention score/context
# MatMuls have no constant input and stay fp32.
# reduce_range (7-bit weights): x86's AVX2 u8s8 kernel (vpmaddubsw) saturates its int16
# pair sums with 8-bit weights, arm64's does not, so thresholds chosen on x86 drifted on
# Lambda's CPU (head features x86 vs arm64 under qemu: cosine 0.9950 with full-range
# weights, 0.99979 with reduce_range; `make arm64-check`, docs/model.md).
QUANT_SETTINGS = {
    "weight_type": "QInt8",
    "per_channel": True,
    "reduce_range": True,
    "op_types_to_quantize": ["MatMul", "Gather"],
    "nodes_to_exclude": ["feat/idf/Gather"],  # the IDF table: tiny, keep it exact
}


def quantize(model: onnx.ModelProto) -> onnx.ModelProto:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # quantize_dynamic logs a "consider pre-processing" warning on every call
    logging.getLogger().setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        onnx.save(model, src)
        quantize_dynamic(
            src,
            dst,
            weight_type=getattr(QuantType, QUANT_SETTINGS["weight_type"]),
            per_channel=QUANT_SETTINGS["per_channel"],
            reduce_range=QUANT_SETTINGS["reduce_range"],
            op_types_to_quantize=list(QUANT_SETTINGS["op_types_to_quantize"]),
            nodes_to_exclude=list(QUANT_SETTINGS["nodes_to_exclude"]),
            # shape inference cannot type com.microsoft ops' outputs: they are float
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
        return onnx.load(dst)
