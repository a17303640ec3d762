"""OnnxIntentClassifier on the model that `make model` builds (built here when missing)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from frontdesk.adapters.onnx_classifier import ModelDirError, OnnxIntentClassifier
from frontdesk.domain.classification import Prediction
from frontdesk.domain.intents import Intent
from layers.classifier.build.make_model import MANIFEST_FILE, ensure_model

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def model_dir() -> Path:
    # Builds .build/model when it is missing or stale (about 2 minutes on 2 cores).
    return ensure_model()


@pytest.fixture(scope="module")
def classifier(model_dir) -> OnnxIntentClassifier:
    return OnnxIntentClassifier.from_dir(model_dir)


@pytest.fixture(scope="module")
def manifest(model_dir) -> dict:
    return json.loads((model_dir / MANIFEST_FILE).read_text())


def test_properties_come_from_the_manifest(classifier, manifest):
    assert classifier.version == manifest["version"]
    assert classifier.auto_answer_floor == manifest["auto_answer_floor"]
    assert 0.6 <= classifier.auto_answer_floor <= 1.0
    assert classifier.labels == tuple(Intent)
    assert classifier.max_length == manifest["max_length"]


def test_the_manifest_names_the_cpu_kernels_the_model_was_built_with(manifest):
    # The version depends on the build CPU's kernels (docs/model.md, session 10): the
    # manifest says which, so two versions of one commit can be told apart.
    import platform

    from layers.classifier.build.make_model import build_host

    host = manifest["build"]["host"]
    assert host == build_host()
    assert host["machine"] == platform.machine()
    if platform.machine() == "x86_64":
        assert "avx2" in host["kernel_flags"]  # onnxruntime's x86 wheels need it


def test_one_prediction_per_text_in_order(classifier):
    texts = ["are you open on saturday?", "my claim was denied again", "hi"]

    predictions = classifier.classify(texts)

    assert len(predictions) == 3
    assert all(isinstance(p, Prediction) for p in predictions)
    assert [p.model_version for p in predictions] == [classifier.version] * 3
    assert [p.safety_rule for p in predictions] == [None] * 3


def test_empty_batch(classifier):
    assert classifier.classify([]) == []


def test_alternatives_are_the_top_three_best_first(classifier):
    (p,) = classifier.classify(["can I pay my bill with a credit card"])

    assert len(p.alternatives) == 3
    assert p.alternatives[0].intent == p.intent
    assert p.alternatives[0].confidence == p.confidence
    confidences = [a.confidence for a in p.alternatives]
    assert confidences == sorted(confidences, reverse=True)
    assert len({a.intent for a in p.alternatives}) == 3
    assert sum(confidences) <= 1.0 + 1e-6


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what time do you open on saturday?", Intent.OFFICE_HOURS),
        ("do you take aetna insurance", Intent.INSURANCE_ACCEPTED),
        (
            "I can't log into the patient portal, it says my password is wrong",
            Intent.PORTAL_LOGIN_HELP,
        ),
        ("are my blood test results back yet", Intent.LAB_RESULTS),
        ("my insurance claim was denied, can you resubmit it", Intent.INSURANCE_CLAIM_ISSUE),
    ],
)
def test_plain_requests_get_their_intent(classifier, text, intent):
    (p,) = classifier.classify([text])
    assert p.intent == intent


def test_result_does_not_depend_on_the_batch(classifier):
    # int8 dynamic quantisation scales activations per tensor; classify runs one text
    # per session.run so that a text's numbers never depend on its neighbours.
    texts = [
        "where do I park",
        "hi, i've been a patient at your office for years, first time texting. do you do "
        "allergy testing for kids and is there anything I should bring to the first visit",
        "thx!!",
    ]

    together = classifier.classify(texts)
    alone = [classifier.classify([t])[0] for t in texts]

    assert together == alone
    assert classifier.classify(texts) == together  # and repeatable


def test_long_and_odd_texts_are_handled(classifier):
    long_text = "please call me back about my appointment " * 200
    odd = ["", "😊😊😊", "Café crème — ¿hablan español?", "Здравствуйте, доктор", "a" * 5000]

    predictions = classifier.classify([long_text, *odd])

    assert len(predictions) == 6
    assert all(0.0 <= p.confidence <= 1.0 for p in predictions)


def test_missing_model_dir_is_a_clear_error(tmp_path):
    with pytest.raises(ModelDirError, match="make model"):
        OnnxIntentClassifier.from_dir(tmp_path / "nothing-here")


def test_manifest_with_a_foreign_label_is_rejected(model_dir, tmp_path):
    for name in ("intent-classifier.onnx", "tokenizer.json"):
        (tmp_path / name).symlink_to(model_dir / name)
    manifest = json.loads((model_dir / MANIFEST_FILE).read_text())
    manifest["labels"][0] = "not_an_intent"
    (tmp_path / MANIFEST_FILE).write_text(json.dumps(manifest))

    with pytest.raises(ModelDirError, match="not an intent"):
        OnnxIntentClassifier.from_dir(tmp_path)


def test_threads_are_configurable(model_dir):
    two = OnnxIntentClassifier.from_dir(model_dir, intra_op_threads=2)
    one = OnnxIntentClassifier.from_dir(model_dir)

    assert two.classify(["where do I park"]) == one.classify(["where do I park"])


def test_importing_the_adapter_loads_no_runtime():
    code = (
        "import sys, frontdesk.adapters.onnx_classifier\n"
        "heavy = {'onnxruntime', 'tokenizers', 'numpy'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    env_path = f"{REPO}:{REPO / 'layers' / 'common'}"
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": env_path}, cwd=REPO)


def test_model_dir_can_be_copied_anywhere(model_dir, tmp_path):
    # The Lambda layer copies the directory to /opt/model: nothing in it may point back.
    target = tmp_path / "model"
    shutil.copytree(model_dir, target)

    copied = OnnxIntentClassifier.from_dir(target)

    assert copied.classify(["hello"]) == OnnxIntentClassifier.from_dir(model_dir).classify(
        ["hello"]
    )


def test_padded_batches_are_opt_in_and_agree_on_clear_cases(model_dir, classifier):
    batched = OnnxIntentClassifier.from_dir(model_dir, max_batch=16)
    texts = ["where do I park", "do you take aetna insurance", "are my blood test results back yet"]

    got = batched.classify(texts)

    assert [p.intent for p in got] == [p.intent for p in classifier.classify(texts)]


def test_the_graph_stops_early_only_where_the_manifest_exit_is_sure(classifier, manifest):
    exits = manifest["build"]["early_exit"]["exits"]
    texts = [
        "are you open on saturday?",
        "do you take aetna",
        "my claim was denied again and also the nurse was rude and I want my records",
        "hi",
        "what is the address",
    ]
    layers = classifier.layers_run(texts)
    probs = classifier.probabilities(texts)

    assert layers is not None and len(layers) == len(texts)
    allowed = {e["after_layer"]: e["threshold"] for e in exits}
    for n, row in zip(layers, probs, strict=True):
        if n in allowed:  # stopped early: the exit head was sure
            assert row.max() >= allowed[n] - 1e-6
        else:
            assert n == 6
    assert set(layers) >= {6}, "a muddled message should run every layer"


def test_an_answer_from_all_layers_needs_both_views_to_be_sure(classifier):
    # The final head's confidence is min(its top probability with the lexical branch, the
    # same intent's without it): never above the top probability, and below it where the
    # encoder head alone is less sure. An exit's confidence is its top probability. The
    # alternatives keep the probabilities (rule 3 and the second-intent rule read them).
    texts = [
        "i got charged for a visit i never had",
        "the portal wont let me see my xray",
        "can you tell me if my bill is right",
        "hi",
        "do you guys take medicaid for kids braces",
    ]
    layers = classifier.layers_run(texts)
    probs = classifier.probabilities(texts)
    below = 0
    for text, n, row, got in zip(texts, layers, probs, classifier.classify(texts), strict=True):
        assert got.alternatives[0].intent == got.intent == classifier.labels[row.argmax()]
        assert got.alternatives[0].confidence == pytest.approx(float(row.max()), abs=1e-6)
        assert got.top_probability == got.alternatives[0].confidence
        if n == 6:
            assert got.confidence <= row.max() + 1e-6, text
            below += got.confidence < row.max() - 0.05
        else:
            assert got.confidence == pytest.approx(float(row.max()), abs=1e-6), text
    assert set(layers) >= {2, 6}
    assert below >= 2, "the two views should disagree on muddled billing and portal messages"


def test_a_graph_without_a_confidence_output_is_read_by_its_top_probability(model_dir, tmp_path):
    # Older model directories (before session 8) have no `confidence` output.
    import onnx

    target = tmp_path / "model"
    shutil.copytree(model_dir, target)
    model = onnx.load(str(target / "intent-classifier.onnx"))
    kept = [o for o in model.graph.output if o.name != "confidence"]
    del model.graph.output[:]
    model.graph.output.extend(kept)
    onnx.save(model, str(target / "intent-classifier.onnx"))
    old = OnnxIntentClassifier.from_dir(target)
    text = "i got charged for a visit i never had"

    (got,) = old.classify([text])

    assert got.confidence == pytest.approx(float(old.probabilities([text]).max()), abs=1e-6)
    assert got.confidence > OnnxIntentClassifier.from_dir(model_dir).classify([text])[0].confidence
