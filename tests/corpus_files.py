"""Reading the classifier corpus files in tests (layers/classifier/corpus/*.jsonl)."""

from __future__ import annotations

import json
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "layers" / "classifier" / "corpus"


def load_rows(name: str) -> list[dict]:
    """The rows of corpus/<name>.jsonl, blank lines skipped."""
    with (CORPUS / f"{name}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def dedup_key(text: str) -> str:
    """The corpus generator's de-duplication key: lower case, no punctuation, one space."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
