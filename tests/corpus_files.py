"""Reading the classifier corpus files in tests (layers/classifier/corpus/*.jsonl)."""

from __future__ import annotations

import json
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "layers" / "classifier" / "corpus"
# Every split in the corpus: fitting, choosing, calibrating and the held-out sets.
SPLITS = (
    *("train", "extra_train", "validation", "calibration"),
    *("test", "test2", "test3", "test4", "test5", "test6"),
)


def load_rows(name: str) -> list[dict]:
    """The rows of corpus/<name>.jsonl, blank lines skipped."""
    with (CORPUS / f"{name}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def dedup_key(text: str) -> str:
    """The corpus generator's de-duplication key: lower case, no punctuation, one space."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def assert_held_out_rows(name: str, *, min_per_intent: int) -> None:
    """corpus/<name>.jsonl is valid, distinct, covers every intent with min_per_intent rows
    or more, and shares no text (by dedup_key) with any other split of SPLITS."""
    from collections import Counter

    from frontdesk.domain.intents import Intent

    rows = load_rows(name)
    assert all(set(r) == {"text", "intent", "group"} for r in rows)
    counts = Counter(r["intent"] for r in rows)
    assert set(counts) == {i.value for i in Intent}
    assert min(counts.values()) >= min_per_intent
    keys = [dedup_key(r["text"]) for r in rows]
    assert len(keys) == len(set(keys))
    for split in (s for s in SPLITS if s != name):
        shared = set(keys) & {dedup_key(r["text"]) for r in load_rows(split)}
        assert not shared, (split, sorted(shared)[:5])
