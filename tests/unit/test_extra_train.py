"""extra_train.jsonl: hand-written training rows added for under-covered concepts.

They are training data only: none may repeat a validation or test text (or another
extra row), and every label must be a valid intent."""

from __future__ import annotations

import json
import re
from pathlib import Path

from frontdesk.domain.intents import Intent

CORPUS = Path(__file__).resolve().parents[2] / "layers" / "classifier" / "corpus"


def _key(text: str) -> str:
    # the corpus generator's de-duplication key: lower case, no punctuation, one space
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _load(name: str) -> list[dict]:
    with (CORPUS / f"{name}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_extra_rows_are_valid_and_distinct():
    rows = _load("extra_train")
    valid = {i.value for i in Intent}

    assert rows
    for row in rows:
        assert set(row) == {"text", "intent", "group"}, row
        assert row["intent"] in valid, row
    keys = [_key(r["text"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_extra_rows_never_repeat_a_held_out_or_validation_text():
    extra = {_key(r["text"]) for r in _load("extra_train")}
    for split in ("validation", "test"):
        held = {_key(r["text"]) for r in _load(split)}
        assert not (extra & held), (split, sorted(extra & held))
