"""test2.jsonl: a second held-out set, written after the first had been read many times.

It must be valid and distinct, cover every intent, share no text with any other split, and
stay out of the model build (the build key does not hash it, so editing it rebuilds nothing)."""

from __future__ import annotations

from collections import Counter

from frontdesk.domain.intents import Intent
from tests.corpus_files import dedup_key as _key
from tests.corpus_files import load_rows as _load


def test_test2_rows_are_valid_distinct_and_cover_every_intent():
    rows = _load("test2")
    assert all(set(r) == {"text", "intent", "group"} for r in rows)
    counts = Counter(r["intent"] for r in rows)
    assert set(counts) == {i.value for i in Intent}
    assert min(counts.values()) >= 25
    keys = [_key(r["text"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_test2_rows_appear_in_no_other_split():
    held_out = {_key(r["text"]) for r in _load("test2")}
    for split in ("train", "extra_train", "validation", "test", "calibration"):
        other = {_key(r["text"]) for r in _load(split)}
        assert not (held_out & other), (split, sorted(held_out & other)[:5])


def test_the_model_build_never_reads_test2():
    from pathlib import Path

    import layers.classifier.build.make_model as make_model

    for name in make_model.MODEL_SOURCES:
        source = (Path(make_model.__file__).parent / name).read_text(encoding="utf-8")
        assert "test2" not in source, name
