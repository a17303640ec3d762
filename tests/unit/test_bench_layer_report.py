"""The classifier bench reports the layer's size only for the model it measured."""

from __future__ import annotations

import json

import benchmarks.bench_classifier as bench


def test_a_layer_built_for_another_model_is_reported_stale(tmp_path, monkeypatch):
    report = tmp_path / "classifier.json"
    monkeypatch.setattr(bench, "LAYER_REPORT", report)
    assert bench._layer_report("ic-new") == (None, "not built: run `make layer`")

    report.write_text(json.dumps({"model_version": "ic-old", "unzipped_mb": 135.7}))
    layer, note = bench._layer_report("ic-new")
    assert layer is None and "stale" in note and "ic-old" in note

    report.write_text(json.dumps({"model_version": "ic-new", "unzipped_mb": 136.0}))
    assert bench._layer_report("ic-new") == ({"model_version": "ic-new", "unzipped_mb": 136.0}, "")
