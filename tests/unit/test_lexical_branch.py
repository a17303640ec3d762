"""The lexical branch on the final head and its two-view confidence, in the graph as in numpy."""

from __future__ import annotations

import numpy as np
import pytest
from onnx import TensorProto, helper

from layers.classifier.build.embed import load_tokenizer, make_session, padded_feeds
from layers.classifier.build.encoder_graph import append_head, default_source, encoder_model
from layers.classifier.build.head import softmax
from layers.classifier.build.lexical import (
    LEXICAL_PROBABILITIES,
    TWO_VIEW_CONFIDENCE,
    LexicalHead,
    append_lexical_branch,
    lexical_logits,
    special_ids,
    train_lexical,
    two_view_confidence,
    word_piece_bags,
)

TEXTS = [
    "do you take aetna",
    "my bill is wrong i was charged twice",
    "can i get a refill of my lisinopril",
    "where do I park",
    "I want to file a complaint about how the nurse spoke to me",
]
N_LABELS = 4


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer(default_source().tokenizer, 128)


def test_two_view_confidence_is_the_smaller_view_of_the_branchs_top_intent():
    with_branch = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    without = np.array([[0.9, 0.05, 0.05], [0.5, 0.1, 0.4]])
    # row 0: both views back intent 0, the branch less; row 1: the branch's intent 2 has
    # only 0.4 without it, although the branch alone says 0.6
    np.testing.assert_allclose(two_view_confidence(with_branch, without), [0.7, 0.4])


def test_the_graph_computes_the_branch_as_numpy_does(tokenizer):
    rng = np.random.default_rng(3)
    idf = rng.uniform(1, 5, 30522).astype(np.float32)
    head = [(rng.normal(0, 2 / np.sqrt(5376), (5376, N_LABELS)), rng.normal(0, 0.1, N_LABELS))]
    model = append_head(encoder_model(idf=idf), head, output="head/probabilities")
    pieces = sorted({i for t in TEXTS for i in tokenizer.encode(t).ids} - special_ids(tokenizer))
    table = np.zeros((30522, N_LABELS), dtype=np.float32)
    table[pieces] = rng.normal(0, 3, (len(pieces), N_LABELS))
    lexical = LexicalHead(table, rng.normal(0, 0.5, N_LABELS))
    shift = np.array([0.0, 0.0, 0.0, np.log(2.0)])
    model = append_lexical_branch(
        model, lexical, head_logits="head.0/Add", head_probabilities="head/probabilities",
        logit_shift=shift,
    )  # fmt: skip
    model.graph.output.append(
        helper.make_tensor_value_info("head.0/Add", TensorProto.FLOAT, ["batch", N_LABELS])
    )
    session = make_session(model.SerializeToString())
    outputs = ["head.0/Add", "head/probabilities", LEXICAL_PROBABILITIES, TWO_VIEW_CONFIDENCE]
    bags = word_piece_bags(tokenizer, TEXTS, idf)
    votes = lexical_logits(lexical, bags)
    tops = set()
    for i, text in enumerate(TEXTS):
        logits, plain, got, conf = session.run(outputs, padded_feeds([tokenizer.encode(text)]))
        want = softmax(logits.astype(np.float64) + votes[i] + shift)
        np.testing.assert_allclose(got, want, atol=1e-5)
        assert conf[0] == pytest.approx(two_view_confidence(got, plain)[0], abs=1e-6)
        tops.add(int(got.argmax()))
    assert len(tops) > 1, "the random branch should not give every text the same intent"


def test_training_gives_no_weight_to_unseen_or_special_word_pieces(tokenizer):
    texts = ["do you take aetna", "are you open saturday", "refill my meds", "where is parking"]
    idf = np.ones(30522, dtype=np.float32)
    bags = word_piece_bags(tokenizer, texts, idf)
    lexical = train_lexical(bags, np.arange(4), 4, tokenizer)

    seen = {i for t in texts for i in tokenizer.encode(t).ids} - special_ids(tokenizer)
    assert set(np.flatnonzero(np.any(lexical.table != 0, axis=1))) == seen
    assert lexical.word_pieces == len(seen)
    # a training text's own intent wins on it
    p = softmax(lexical_logits(lexical, bags))
    assert p.argmax(1).tolist() == [0, 1, 2, 3]
