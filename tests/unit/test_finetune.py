"""The fine-tuning experiment (layers/classifier/build/finetune.py, not used by `make
model`): its JAX forward mirrors the ONNX encoder graph, and training runs repeatably.
Skipped where jax is not installed (it is not a project dependency)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from layers.classifier.build.finetune import configure_jax

configure_jax(1)
pytest.importorskip("jax")

from layers.classifier.build.embed import load_tokenizer, make_session  # noqa: E402
from layers.classifier.build.encoder_graph import (  # noqa: E402
    EMBEDDING_OUTPUT,
    default_source,
    encoder_model,
    load_weights,
)
from layers.classifier.build.finetune import (  # noqa: E402
    FinetuneSpec,
    finetune,
    jax_logits,
    split_weights,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minilm_reference_embeddings.json"


@pytest.fixture(scope="module")
def source():
    return default_source()


@pytest.fixture(scope="module")
def base_weights(source):
    return load_weights(source)


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_jax_forward_matches_the_pytorch_reference(source, base_weights, reference):
    ids = [item["input_ids"] for item in reference["items"]]
    expected = np.array([item["embedding"] for item in reference["items"]])

    pooled = jax_logits(base_weights, source.config, 6, None, ids)
    got = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    assert np.sum(got * expected, axis=1).min() >= 0.9999
    assert np.abs(got - expected).max() < 1e-4


def test_onnx_graph_of_changed_weights_and_fewer_layers_matches_jax(source, base_weights):
    # GIVEN weights unlike the base ones (as fine-tuning leaves them) and 4 of 6 layers
    rng = np.random.default_rng(7)
    weights = {
        k: (v + rng.normal(0, 0.02, v.shape) * (np.abs(v).mean() + 1e-3)).astype(np.float32)
        for k, v in base_weights.items()
    }
    tok = load_tokenizer(source.tokenizer, 128)
    texts = ["are you open saturday", "my chest hurts and my left arm is numb", "hi"]
    ids = [tok.encode(t).ids for t in texts]

    # WHEN the same weights go through the ONNX builder and through the JAX forward
    graph = encoder_model(source, weights=weights, layers=4)
    session = make_session(graph.SerializeToString())
    got = np.stack(
        [
            session.run(
                [EMBEDDING_OUTPUT],
                {
                    "input_ids": np.array([i], np.int64),
                    "attention_mask": np.ones((1, len(i)), np.int64),
                },
            )[0][0]
            for i in ids
        ]
    )
    pooled = jax_logits(weights, source.config, 4, None, ids)
    expected = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    # THEN they agree
    np.testing.assert_allclose(got, expected, atol=2e-5)
    # and the graph holds only the kept layers
    names = {t.name for t in graph.graph.initializer}
    assert any(n.startswith("encoder.layer.3.") for n in names)
    assert not any(n.startswith("encoder.layer.4.") for n in names)


def test_split_weights_keeps_the_first_layers_and_freezes_word_embeddings(base_weights):
    trainable, frozen = split_weights(base_weights, 2)

    assert set(frozen) == {"embeddings.word_embeddings.weight"}
    layers = {int(k.split(".")[2]) for k in trainable if k.startswith("encoder.layer.")}
    assert layers == {0, 1}
    assert not any(k.startswith("pooler.") for k in trainable)


def test_a_short_finetune_learns_and_is_repeatable(source, base_weights):
    # two obviously different "intents", one layer, a few steps
    tok = load_tokenizer(source.tokenizer, 128)
    a = ["are you open on saturday", "what are your hours", "when do you close today"] * 4
    b = ["my claim was denied", "the bill is wrong", "you charged me twice"] * 4
    ids = [tok.encode(t).ids for t in a + b]
    y = np.array([0] * len(a) + [1] * len(b))
    spec = FinetuneSpec(layers=1, epochs=3, batch=8, lr=3e-4, head_lr=1e-2, warmup=0.0)

    first = finetune(base_weights, source.config, ids, y, 2, spec, log=lambda _: None)
    again = finetune(base_weights, source.config, ids, y, 2, spec, log=lambda _: None)

    assert first.history[-1]["loss"] < first.history[0]["loss"]
    for k in first.weights:
        np.testing.assert_array_equal(first.weights[k], again.weights[k])
    np.testing.assert_array_equal(first.head[0], again.head[0])
    logits = jax_logits(first.weights, source.config, 1, first.head, ids)
    assert (logits.argmax(1) == y).mean() == 1.0
