"""calibration.jsonl: the rows that choose the auto-answer floor and nothing else.

They must be valid, distinct, and share no text with any other split (training, extra
training, validation, test), or the floor would be measured on rows the model was fitted on."""

from __future__ import annotations

import json
from pathlib import Path

from tests.corpus_files import CORPUS, assert_held_out_rows


def test_calibration_rows_are_valid_distinct_cover_every_intent_and_appear_in_no_other_split():
    assert_held_out_rows("calibration", min_per_intent=20)


def test_editing_the_calibration_set_rebuilds_the_model(tmp_path: Path):
    import shutil

    import pytest

    make_model = pytest.importorskip(
        "layers.classifier.build.make_model", reason="needs the model-build packages"
    )
    for name in ("train", "extra_train", "validation", make_model.CALIBRATION):
        shutil.copy(CORPUS / f"{name}.jsonl", tmp_path / f"{name}.jsonl")
    before = make_model.build_key(tmp_path)
    with (tmp_path / f"{make_model.CALIBRATION}.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "are you open on labor day", "intent": "office_hours"}) + "\n")
    assert make_model.build_key(tmp_path) != before


def test_a_model_built_on_another_kind_of_cpu_is_rebuilt(monkeypatch):
    import pytest

    make_model = pytest.importorskip(
        "layers.classifier.build.make_model", reason="needs the model-build packages"
    )
    before = make_model.build_key()
    monkeypatch.setattr(
        make_model, "build_host", lambda: {"machine": "x86_64", "kernel_flags": ["avx2"]}
    )
    # the same commit builds another version on a CPU whose kernels round differently
    assert make_model.build_key() != before
