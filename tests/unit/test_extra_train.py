"""extra_train.jsonl: hand-written training rows added for under-covered concepts.

They are training data only: none may repeat a validation or test text (or another
extra row), and every label must be a valid intent."""

from __future__ import annotations

from frontdesk.domain.intents import Intent
from tests.corpus_files import SPLITS
from tests.corpus_files import dedup_key as _key
from tests.corpus_files import load_rows as _load


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
    for split in (s for s in SPLITS if s not in ("train", "extra_train")):
        held = {_key(r["text"]) for r in _load(split)}
        assert not (extra & held), (split, sorted(extra & held))
