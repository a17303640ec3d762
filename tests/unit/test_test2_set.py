"""test2.jsonl: a second held-out set, written after the first had been read many times.

It must be valid and distinct, cover every intent, share no text with any other split, and
stay out of the model build (the build key does not hash it, so editing it rebuilds nothing)."""

from __future__ import annotations

from tests.corpus_files import assert_held_out_rows


def test_test2_rows_are_valid_distinct_cover_every_intent_and_appear_in_no_other_split():
    assert_held_out_rows(
        "test2",
        min_per_intent=25,
        others=("train", "extra_train", "validation", "test", "calibration"),
    )


def test_the_model_build_never_reads_test2():
    from pathlib import Path

    import layers.classifier.build.make_model as make_model

    for name in make_model.MODEL_SOURCES:
        source = (Path(make_model.__file__).parent / name).read_text(encoding="utf-8")
        assert "test2" not in source, name
