"""Run an ONNX graph (encoder or encoder+head) over texts, batched by length. Build time only."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def load_tokenizer(path: Path, max_length: int):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.enable_truncation(max_length=max_length)
    return tok


def make_session(model: bytes | str | Path, threads: int | None = None):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    src = model if isinstance(model, bytes) else str(model)
    return ort.InferenceSession(src, sess_options=opts, providers=["CPUExecutionProvider"])


def run(
    session,
    tokenizer,
    texts: Sequence[str],
    output: str,
    batch_size: int = 64,
) -> np.ndarray:
    """Return session output `output` for every text, in input order."""
    encs = tokenizer.encode_batch(list(texts))
    order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
    result: np.ndarray | None = None
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        width = max(len(encs[i].ids) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros((len(idx), width), dtype=np.int64)
        for r, i in enumerate(idx):
            n = len(encs[i].ids)
            ids[r, :n] = encs[i].ids
            mask[r, :n] = 1
        (out,) = session.run([output], {"input_ids": ids, "attention_mask": mask})
        if result is None:
            result = np.zeros((len(encs), out.shape[1]), dtype=np.float32)
        result[idx] = out
    assert result is not None
    return result
