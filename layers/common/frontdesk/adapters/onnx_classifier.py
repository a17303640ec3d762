"""The intent classifier on onnxruntime: one ONNX graph maps token ids to intent probabilities.

The model directory (``make model`` writes .build/model; the classifier Lambda layer puts
it at /opt/model) holds ``intent-classifier.onnx``, ``tokenizer.json`` and
``manifest.json`` (labels in output order, version, max_length, auto_answer_floor).
A prediction's confidence is the graph's ``confidence`` output when it has one (since
session 8 an answer of the final head needs two views to be sure, docs/model.md), else the
top probability.

This is the only module that imports onnxruntime, tokenizers and numpy; it imports them
when a classifier is built, so importing the module costs nothing. Texts are expected
already normalised (``TriagingClassifier`` does that); nothing here logs or keeps them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from frontdesk.domain.classification import Alternative, Prediction
from frontdesk.domain.intents import Intent

MODEL_FILE = "intent-classifier.onnx"
TOKENIZER_FILE = "tokenizer.json"
MANIFEST_FILE = "manifest.json"
PROBABILITIES_OUTPUT = "probabilities"
LAYERS_RUN_OUTPUT = "layers_run"  # transformer layers that ran (early exit; diagnostics)
CONFIDENCE_OUTPUT = "confidence"  # [batch]: confidence in the top intent
TOP_K = 3
# Texts per session.run. 1 by default, which makes a text's prediction a pure function
# of that text: the int8 graph quantises activations dynamically with ONE scale per
# tensor, so in a padded batch a text's numbers depend on its neighbours (measured on
# 64 messages: confidence moved by up to 0.12 and 5 % of top intents changed) and
# padded batches were only ~5 % faster per message on one thread. The graph's early exit
# also works per run: a padded batch stops after layer 2 only if every text in it may.
DEFAULT_MAX_BATCH = 1


class ModelDirError(ValueError):
    """The model directory is missing a file or its manifest does not fit this code."""


class OnnxIntentClassifier:
    """Implements ``frontdesk.domain.classification.Classifier``. Build with ``from_dir``."""

    def __init__(
        self,
        session: Any,
        tokenizer: Any,
        manifest: dict[str, Any],
        *,
        max_batch: int = DEFAULT_MAX_BATCH,
    ) -> None:
        import numpy as np

        self._np = np
        self._session = session
        self._tokenizer = tokenizer
        self._version = str(manifest["version"])
        self._floor = float(manifest["auto_answer_floor"])
        self._max_length = int(manifest["max_length"])
        self._max_batch = max(1, int(max_batch))
        try:
            self._labels = tuple(Intent(label) for label in manifest["labels"])
        except ValueError as e:
            raise ModelDirError(f"manifest label is not an intent: {e}") from None
        self._outputs = frozenset(o.name for o in session.get_outputs())
        if PROBABILITIES_OUTPUT not in self._outputs:
            raise ModelDirError(f"model has no {PROBABILITIES_OUTPUT!r} output")

    @classmethod
    def from_dir(
        cls,
        model_dir: str | Path,
        *,
        intra_op_threads: int = 1,
        max_batch: int = DEFAULT_MAX_BATCH,
    ) -> OnnxIntentClassifier:
        """Load the model once: one InferenceSession, reused for every classify call.

        max_batch > 1 runs padded batches of up to that many texts (similar lengths
        together); see DEFAULT_MAX_BATCH for why the default is 1."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        for name in (MODEL_FILE, TOKENIZER_FILE, MANIFEST_FILE):
            if not (model_dir / name).is_file():
                raise ModelDirError(f"{model_dir / name} not found (run `make model`)")
        manifest = json.loads((model_dir / MANIFEST_FILE).read_text(encoding="utf-8"))

        tokenizer = Tokenizer.from_file(str(model_dir / TOKENIZER_FILE))
        tokenizer.no_padding()  # padding is per batch, in classify
        tokenizer.enable_truncation(max_length=int(manifest["max_length"]))

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, int(intra_op_threads))
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        # Lambda bills wall time: no busy-waiting threads between runs.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(
            str(model_dir / MODEL_FILE), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        return cls(session, tokenizer, manifest, max_batch=max_batch)

    @property
    def version(self) -> str:
        return self._version

    @property
    def auto_answer_floor(self) -> float:
        return self._floor

    @property
    def labels(self) -> tuple[Intent, ...]:
        return self._labels

    @property
    def max_length(self) -> int:
        return self._max_length

    def probabilities(self, texts: Sequence[str]) -> Any:
        """[len(texts), len(labels)] float32 probabilities, rows in input order."""
        return self._probabilities_and_confidence(texts)[0]

    def _probabilities_and_confidence(self, texts: Sequence[str]) -> tuple[Any, Any]:
        np = self._np
        texts = list(texts)
        if not texts:
            return np.zeros((0, len(self._labels)), dtype=np.float32), np.zeros((0,))
        if CONFIDENCE_OUTPUT not in self._outputs:
            (probs,) = self._run(texts, [PROBABILITIES_OUTPUT])
            return probs, probs.max(axis=1)
        probs, confidence = self._run(texts, [PROBABILITIES_OUTPUT, CONFIDENCE_OUTPUT])
        return probs, confidence

    def layers_run(self, texts: Sequence[str]) -> list[int] | None:
        """How many transformer layers the graph ran for each text, run as classify runs
        it; None if the graph has no early exit."""
        if LAYERS_RUN_OUTPUT not in self._outputs:
            return None
        texts = list(texts)
        return [int(n) for n in self._run(texts, [LAYERS_RUN_OUTPUT])[0]] if texts else []

    def _run(self, texts: list[str], outputs: list[str]) -> list[Any]:
        """Each of `outputs` for every text, rows in input order, max_batch texts per
        session.run; an output with one value per run (layers_run) is given to each text
        of the run."""
        np = self._np
        encodings = self._tokenizer.encode_batch(texts)
        lengths = [len(e.ids) for e in encodings]
        out: list[Any] | None = None
        # Similar lengths together: less padding per run.
        order = sorted(range(len(texts)), key=lengths.__getitem__)
        for start in range(0, len(order), self._max_batch):
            idx = order[start : start + self._max_batch]
            width = max(lengths[i] for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                ids[row, : lengths[i]] = encodings[i].ids
                mask[row, : lengths[i]] = 1
            got = self._session.run(outputs, {"input_ids": ids, "attention_mask": mask})
            got = [np.broadcast_to(g, (len(idx), *g.shape[1:])) for g in got]
            if out is None:
                out = [np.zeros((len(texts), *g.shape[1:]), dtype=g.dtype) for g in got]
            for whole, part in zip(out, got, strict=True):
                whole[idx] = part
        assert out is not None
        return out

    def classify(self, texts: Sequence[str]) -> list[Prediction]:
        np = self._np
        probs, confidence = self._probabilities_and_confidence(texts)
        top = np.argsort(-probs, axis=1, kind="stable")[:, :TOP_K]
        predictions = []
        for row, sure, best in zip(probs, confidence, top, strict=True):
            alternatives = tuple(
                Alternative(intent=self._labels[j], confidence=_unit(row[j])) for j in best
            )
            predictions.append(
                Prediction(
                    intent=alternatives[0].intent,
                    confidence=min(_unit(sure), alternatives[0].confidence),
                    alternatives=alternatives,
                    model_version=self._version,
                )
            )
        return predictions


def _unit(x: Any) -> float:
    """float32 softmax can land a hair outside [0, 1]."""
    return min(1.0, max(0.0, float(x)))
