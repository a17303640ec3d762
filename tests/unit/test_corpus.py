"""The intent corpus: complete, valid, split by group, and reproducible from its generator."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from frontdesk.domain.intents import Intent

CORPUS = Path(__file__).resolve().parents[2] / "layers" / "classifier" / "corpus"
SPLITS = ("train", "validation", "test")
MIN_TOTAL = 200  # distinct messages per label over all splits
MIN_TRAIN_PLUS_VALIDATION = 150
MIN_PER_SPLIT = {"train": 120, "validation": 25, "test": 25}


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _load(split: str) -> list[dict[str, str]]:
    with (CORPUS / f"{split}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[dict[str, str]]]:
    return {s: _load(s) for s in SPLITS}


def test_rows_have_exactly_text_intent_group(corpus):
    for split, rows in corpus.items():
        assert rows, split
        for row in rows:
            assert set(row) == {"text", "intent", "group"}, (split, row)
            assert row["text"].strip() and row["group"].strip(), (split, row)


def test_every_intent_is_a_valid_intent_value(corpus):
    valid = {i.value for i in Intent}
    for split, rows in corpus.items():
        bad = {r["intent"] for r in rows} - valid
        assert not bad, (split, bad)


@pytest.mark.parametrize("split", SPLITS)
def test_every_label_present_in_every_split_with_minimum_count(corpus, split):
    counts = Counter(r["intent"] for r in corpus[split])
    short = {i.value: counts[i.value] for i in Intent if counts[i.value] < MIN_PER_SPLIT[split]}
    assert not short, f"{split}: labels under {MIN_PER_SPLIT[split]}: {short}"


def test_minimum_totals_per_label(corpus):
    total = Counter(r["intent"] for rows in corpus.values() for r in rows)
    fit = Counter(r["intent"] for s in ("train", "validation") for r in corpus[s])
    for intent in Intent:
        assert total[intent.value] >= MIN_TOTAL, (intent, total[intent.value])
        assert fit[intent.value] >= MIN_TRAIN_PLUS_VALIDATION, (intent, fit[intent.value])


def test_no_text_in_two_splits_and_no_duplicates(corpus):
    where: dict[str, str] = {}
    for split, rows in corpus.items():
        for row in rows:
            key = _norm(row["text"])
            assert key not in where, f"{row['text']!r} in {where.get(key)} and {split}"
            where[key] = split


def test_no_group_in_two_splits(corpus):
    where: dict[str, str] = {}
    for split, rows in corpus.items():
        for row in rows:
            other = where.setdefault(row["group"], split)
            assert other == split, f"group {row['group']} in {other} and {split}"


def test_a_group_has_one_intent(corpus):
    intent_of: dict[str, str] = {}
    for rows in corpus.values():
        for row in rows:
            assert intent_of.setdefault(row["group"], row["intent"]) == row["intent"], row


def test_generator_regenerates_byte_identical_files(tmp_path):
    # GIVEN the committed corpus WHEN the generator runs into an empty folder
    subprocess.run(
        [sys.executable, str(CORPUS / "build_corpus.py"), "--out", str(tmp_path), "--quiet"],
        check=True,
        timeout=120,
    )
    # THEN it writes exactly the committed bytes
    for split in SPLITS:
        fresh = (tmp_path / f"{split}.jsonl").read_bytes()
        committed = (CORPUS / f"{split}.jsonl").read_bytes()
        assert fresh == committed, f"{split}.jsonl differs from build_corpus.py output: rerun it"
