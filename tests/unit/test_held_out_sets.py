"""test2 to test6.jsonl: held-out sets written after test.jsonl had been read many times.

Each must be valid and distinct, cover every intent, share no text with any other split, and
stay out of the model build (the build key does not hash them, so editing them rebuilds
nothing). test5 is sealed: `make eval` skips it unless asked (--sealed); test6 is reserved
for the decision after and nothing in run_eval reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus_files import assert_held_out_rows


# test3 lost short greetings ("hi", "thanks!") that repeat other splits: small_talk has 21
@pytest.mark.parametrize(
    ("name", "min_per_intent"),
    [("test2", 25), ("test3", 20), ("test4", 30), ("test5", 20), ("test6", 15)],
)
def test_held_out_rows_are_valid_distinct_cover_every_intent_and_appear_in_no_other_split(
    name, min_per_intent
):
    assert_held_out_rows(name, min_per_intent=min_per_intent)


@pytest.mark.parametrize("name", ["test2", "test3", "test4", "test5", "test6"])
def test_the_model_build_never_reads_a_held_out_set(name):
    import layers.classifier.build.make_model as make_model

    for source_name in make_model.MODEL_SOURCES:
        source = (Path(make_model.__file__).parent / source_name).read_text(encoding="utf-8")
        assert name not in source, source_name


def test_make_eval_reads_the_sealed_set_only_when_asked(tmp_path, monkeypatch):
    import tests.eval.run_eval as run_eval

    read = []
    real = run_eval.load_split

    def load_split(name, *args):
        read.append(name)
        return real(name, *args)

    monkeypatch.setattr(run_eval, "load_split", load_split)
    monkeypatch.setattr(run_eval, "evaluate", lambda *a, **k: {"early_exit": None})
    monkeypatch.setattr(run_eval, "print_summary", lambda *a: None)
    monkeypatch.setattr(run_eval, "print_per_label", lambda *a: None)

    class _Baseline:
        @staticmethod
        def train(*a):
            return object()

    monkeypatch.setattr(run_eval, "TfidfBaseline", _Baseline)
    monkeypatch.setattr(run_eval.OnnxIntentClassifier, "from_dir", staticmethod(lambda d: object()))
    args = ["--model-dir", str(tmp_path), "--external", str(tmp_path / "none.jsonl")]

    run_eval.main([*args, "--out", str(tmp_path / "a.json")])
    assert run_eval.SEALED == "test5"
    assert "test5" not in read and "test4" in read
    run_eval.main([*args, "--out", str(tmp_path / "b.json"), "--sealed"])
    assert "test5" in read
    assert run_eval.RESERVED == ("test6",)
    assert "test6" not in read
