"""Early exit: the composed graph stops at the first head that is sure, as `route` says."""

from __future__ import annotations

import numpy as np
import pytest

from layers.classifier.build.early_exit import (
    CONFIDENCE_OUTPUT,
    LAYERS_RUN_OUTPUT,
    THRESHOLD_GRID,
    Exit,
    choose_exit_thresholds,
    compose,
    route,
)
from layers.classifier.build.embed import load_tokenizer, make_session, padded_feeds
from layers.classifier.build.encoder_graph import (
    PROBABILITIES_OUTPUT,
    append_head,
    default_source,
    encoder_model,
    exit_features_output,
    n_feature_blocks,
)

TEXTS = [
    "do you take aetna",
    "are you open saturday",
    "my dad's face is drooping and he can't lift his arm",
    "can i get a refill of my lisinopril",
    "hi",
    "the portal keeps saying my password is wrong what do i do",
    "I want to file a complaint about how the nurse spoke to me",
    "where do I park",
    "need to move my appointment from tuesday to friday",
    "what are your hours",
]
N_LABELS = 5


def _head(k: int, rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    # Random weights scaled so that confidences spread over (0.2, 1): some texts are sure.
    width = n_feature_blocks(k) * 384
    return [(rng.normal(0, 12 / np.sqrt(width), (width, N_LABELS)), np.zeros(N_LABELS))]


@pytest.fixture(scope="module")
def flat():
    rng = np.random.default_rng(7)
    model = encoder_model(exits=(2, 3))
    for k in (2, 3):
        model = append_head(
            model,
            _head(k, rng),
            features=exit_features_output(k),
            output=f"exit{k}/probabilities",
            prefix=f"exit{k}.head",
        )
    return append_head(model, _head(6, rng), output="head/probabilities")


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer(default_source().tokenizer, 128)


def _feeds(tokenizer, texts: list[str]) -> dict[str, np.ndarray]:
    return padded_feeds([tokenizer.encode(t) for t in texts])


@pytest.fixture(scope="module")
def heads(flat, tokenizer) -> list[np.ndarray]:
    session = make_session(flat.SerializeToString())
    names = ["exit2/probabilities", "exit3/probabilities", "head/probabilities"]
    rows = [session.run(names, _feeds(tokenizer, [t])) for t in TEXTS]
    return [np.concatenate([r[j] for r in rows]) for j in range(3)]


def _thresholds(heads) -> tuple[float, float]:
    # Chosen from the data so that some texts stop after 2 layers, some after 3, some run all.
    t2 = float(np.quantile(heads[0].max(1), 0.7))
    t3 = float(np.quantile(heads[1].max(1), 0.5))
    return t2, t3


def test_composed_graph_gives_the_first_sure_heads_answer(flat, heads, tokenizer):
    t2, t3 = _thresholds(heads)
    model = compose(
        flat,
        [Exit(2, "exit2/probabilities", t2), Exit(3, "exit3/probabilities", t3)],
        "head/probabilities",
        6,
    )
    session = make_session(model.SerializeToString())
    expected, expected_confidence, used = route(heads, (t2, t3))
    got_layers = []
    for i, text in enumerate(TEXTS):
        probs, confidence, layers = session.run(
            [PROBABILITIES_OUTPUT, CONFIDENCE_OUTPUT, LAYERS_RUN_OUTPUT],
            _feeds(tokenizer, [text]),
        )
        np.testing.assert_allclose(probs[0], expected[i], atol=1e-6)
        # without a final confidence tensor, every stage's confidence is its top probability
        assert confidence[0] == pytest.approx(expected[i].max(), abs=1e-6)
        assert confidence[0] == pytest.approx(expected_confidence[i], abs=1e-6)
        got_layers.append(int(layers[0]))
    assert got_layers == [(2, 3, 6)[u] for u in used]
    assert set(got_layers) == {2, 3, 6}, "the thresholds should send texts to every depth"


def test_a_batch_stops_early_only_when_every_row_is_sure(flat, heads, tokenizer):
    t2, t3 = _thresholds(heads)
    exits = [Exit(2, "exit2/probabilities", t2), Exit(3, "exit3/probabilities", t3)]
    session = make_session(compose(flat, exits, "head/probabilities", 6).SerializeToString())
    _, _, used = route(heads, (t2, t3))
    sure, unsure = TEXTS[int(np.argmin(used))], TEXTS[int(np.argmax(used))]
    (layers,) = session.run([LAYERS_RUN_OUTPUT], _feeds(tokenizer, [sure, sure]))
    assert layers.tolist() == [2]
    (layers,) = session.run([LAYERS_RUN_OUTPUT], _feeds(tokenizer, [sure, unsure]))
    assert layers.tolist() == [6]


def test_without_exits_the_graph_is_the_final_head(flat, heads, tokenizer):
    session = make_session(compose(flat, [], "head/probabilities", 6).SerializeToString())
    for i, text in enumerate(TEXTS[:3]):
        probs, layers = session.run(
            [PROBABILITIES_OUTPUT, LAYERS_RUN_OUTPUT], _feeds(tokenizer, [text])
        )
        np.testing.assert_allclose(probs[0], heads[2][i], atol=1e-6)
        assert layers.tolist() == [6]


def test_the_early_stages_hold_no_later_layer(flat, heads):
    t2, t3 = _thresholds(heads)
    model = compose(
        flat,
        [Exit(2, "exit2/probabilities", t2), Exit(3, "exit3/probabilities", t3)],
        "head/probabilities",
        6,
    )
    main = {n.name for n in model.graph.node}
    assert not any(name.startswith(("encoder.layer.2", "encoder.layer.3")) for name in main)
    assert any(name.startswith("encoder.layer.1") for name in main)
    first_if = next(n for n in model.graph.node if n.op_type == "If")
    go_on = next(a.g for a in first_if.attribute if a.name == "else_branch")
    inner = {n.name for n in go_on.node}
    assert any(name.startswith("encoder.layer.2") for name in inner)
    assert not any(name.startswith("encoder.layer.3") for name in inner)


def test_int8_composed_graph_rounds_like_the_flat_graph(flat, heads, tokenizer):
    # onnxruntime fuses ops (residual Add + LayerNormalization) only where it knows shapes;
    # a composed graph that lost them rounds differently, and int8 requantisation makes
    # that visible in the probabilities (measured: up to 0.1).
    from layers.classifier.build.quantize import quantize

    encoder = quantize(encoder_model(exits=(2,)))
    rng = np.random.default_rng(7)
    int8 = append_head(
        encoder,
        _head(2, rng),
        features=exit_features_output(2),
        output="exit2/probabilities",
        prefix="exit2.head",
    )
    int8 = append_head(int8, _head(6, rng), output="head/probabilities")
    flat_session = make_session(int8.SerializeToString())
    composed = make_session(
        compose(int8, [Exit(2, "exit2/probabilities", 1.0)], "head/probabilities", 6)
        .SerializeToString()
    )
    for text in TEXTS:
        feeds = _feeds(tokenizer, [text])
        (want,) = flat_session.run(["head/probabilities"], feeds)
        got, layers = composed.run([PROBABILITIES_OUTPUT, LAYERS_RUN_OUTPUT], feeds)
        assert layers.tolist() == [6]
        np.testing.assert_allclose(got, want, atol=1e-6)


def test_exits_out_of_order_are_rejected(flat):
    with pytest.raises(ValueError, match="increasing depth"):
        compose(
            flat,
            [Exit(3, "exit3/probabilities", 0.9), Exit(2, "exit2/probabilities", 0.9)],
            "head/probabilities",
            6,
        )


def _accuracy_judge(gold: np.ndarray):
    def judge(runs: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, dict]:
        return {
            split: {
                "accuracy": float(np.mean(p.argmax(1) == gold)),
                "unsafe_automations": 0,
                "wrong_auto_answers": 0,
                "tier3_misses": 0,
            }
            for split, (p, _) in runs.items()
        }

    return judge


def test_thresholds_keep_the_exit_off_texts_it_gets_wrong_with_confidence():
    # The exit head is right and sure (0.99) on 6 texts, sure but wrong (0.955) on one;
    # the final head is right on all. Any threshold <= 0.955 lets the wrong one out.
    gold = np.array([0, 1, 0, 1, 0, 1, 0, 1])
    exit_head = np.array([[0.99, 0.01], [0.01, 0.99]] * 3 + [[0.045, 0.955], [0.6, 0.4]])
    final = np.eye(2)[gold] * 0.9 + 0.05
    chosen, table = choose_exit_thresholds(
        {"validation": [exit_head, final]}, _accuracy_judge(gold), 1
    )
    assert chosen == (min(t for t in THRESHOLD_GRID if t > 0.955),)
    rows = {tuple(r["thresholds"]): r for r in table[1:]}
    assert not rows[(0.95,)]["allowed"]
    assert rows[chosen]["validation"]["stopped_by_exit"] == [0.75]


def test_no_allowed_threshold_means_no_exit():
    gold = np.array([0, 1])
    exit_head = np.array([[0.999, 0.001], [0.999, 0.001]])  # sure and half wrong
    final = np.eye(2)[gold]
    chosen, _ = choose_exit_thresholds({"validation": [exit_head, final]}, _accuracy_judge(gold), 1)
    assert chosen is None


def test_exit_features_are_what_an_encoder_cut_there_gives(tokenizer):
    idf = np.random.default_rng(0).uniform(1, 5, 30522).astype(np.float32)
    with_exit = make_session(encoder_model(idf=idf, exits=(2,)).SerializeToString())
    cut = make_session(encoder_model(idf=idf, layers=2).SerializeToString())
    for text in TEXTS[:3]:
        feeds = _feeds(tokenizer, [text])
        (a,) = with_exit.run([exit_features_output(2)], feeds)
        (b,) = cut.run(["features"], feeds)
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_the_final_stage_can_publish_its_own_confidence(flat, heads, tokenizer):
    # The final stage's confidence tensor (here: half the final head's top probability)
    # reaches the `confidence` output only for texts that ran every layer.
    from onnx import TensorProto, helper, numpy_helper

    model = flat.__class__()
    model.CopyFrom(flat)
    g = model.graph
    g.initializer.append(numpy_helper.from_array(np.array(0.5, dtype=np.float32), "half"))
    g.node.extend(
        [
            helper.make_node("ReduceMax", ["head/probabilities"], ["top"], axes=[1], keepdims=0),
            helper.make_node("Mul", ["top", "half"], ["final_conf"]),
        ]
    )
    g.output.append(helper.make_tensor_value_info("final_conf", TensorProto.FLOAT, ["batch"]))
    t2, t3 = _thresholds(heads)
    exits = [Exit(2, "exit2/probabilities", t2), Exit(3, "exit3/probabilities", t3)]
    session = make_session(
        compose(model, exits, "head/probabilities", 6, final_confidence="final_conf")
        .SerializeToString()
    )
    final_confidence = heads[2].max(1) * 0.5
    expected, expected_confidence, used = route(heads, (t2, t3), final_confidence)
    assert set(used) == {0, 1, 2}
    for i, text in enumerate(TEXTS):
        probs, confidence = session.run(
            [PROBABILITIES_OUTPUT, CONFIDENCE_OUTPUT], _feeds(tokenizer, [text])
        )
        np.testing.assert_allclose(probs[0], expected[i], atol=1e-6)
        want = final_confidence[i] if used[i] == 2 else expected[i].max()
        assert confidence[0] == pytest.approx(want, abs=1e-6)
        assert expected_confidence[i] == pytest.approx(want, abs=1e-6)


def test_the_chooser_judges_the_final_stage_by_its_confidence():
    # The final head is right on every text, but its stage's confidence is given as 0 for
    # text 1: a judge that reads the confidence must see that, with and without exits.
    gold = np.array([0, 1])
    exit_head = np.array([[0.5, 0.5], [0.5, 0.5]])  # never sure: nothing stops early
    final = np.eye(2)[gold]
    seen = []

    def judge(runs):
        seen.append({split: conf.tolist() for split, (_, conf) in runs.items()})
        return _accuracy_judge(gold)(runs)

    choose_exit_thresholds(
        {"validation": [exit_head, final]}, judge, 1, {"validation": np.array([1.0, 0.0])}
    )
    assert seen and all(s["validation"] == [1.0, 0.0] for s in seen)
