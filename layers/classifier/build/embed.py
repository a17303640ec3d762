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


def padded_feeds(encodings) -> dict[str, np.ndarray]:
    """One right-padded batch of tokenizer encodings: input_ids and attention_mask."""
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, enc in enumerate(encodings):
        ids[row, : len(enc.ids)] = enc.ids
        mask[row, : len(enc.ids)] = 1
    return {"input_ids": ids, "attention_mask": mask}


def make_session(model: bytes | str | Path, threads: int = 1):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    src = model if isinstance(model, bytes) else str(model)
    return ort.InferenceSession(src, sess_options=opts, providers=["CPUExecutionProvider"])


def run(
    session, tokenizer, texts: Sequence[str], output: str, workers: int | None = None
) -> np.ndarray:
    """Return session output `output` for every text, in input order (see run_outputs)."""
    return run_outputs(session, tokenizer, texts, [output], workers)[0]


def run_outputs(
    session,
    tokenizer,
    texts: Sequence[str],
    outputs: Sequence[str],
    workers: int | None = None,
) -> list[np.ndarray]:
    """Return each of the session's `outputs` for every text, rows in input order.

    One text per session.run, exactly as the adapter runs the shipped model: with
    dynamic int8 quantisation the activation scales are per tensor, so a padded batch
    would give slightly different numbers than inference does. Texts are spread over
    `workers` threads (onnxruntime releases the GIL; one session serves them all).
    """
    from concurrent.futures import ThreadPoolExecutor

    encs = tokenizer.encode_batch(list(texts))
    names = list(outputs)

    def one(i: int) -> list[np.ndarray]:
        ids = np.asarray([encs[i].ids], dtype=np.int64)
        return session.run(names, {"input_ids": ids, "attention_mask": np.ones_like(ids)})

    workers = workers or min(4, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        rows = list(pool.map(one, range(len(encs)), chunksize=16))
    if not rows:
        return [np.zeros((0, 0), dtype=np.float32) for _ in names]
    return [np.stack([r[j][0] for r in rows]).astype(np.float32) for j in range(len(names))]
