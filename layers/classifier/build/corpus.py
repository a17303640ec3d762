"""The corpus: layers/classifier/corpus/{train,validation,test}.jsonl (text, intent, group)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPUS_DIR = REPO_ROOT / "layers" / "classifier" / "corpus"
SPLITS = ("train", "validation", "test")


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    group: str | None = None


def load_split(name: str, corpus_dir: Path = CORPUS_DIR) -> list[Example]:
    path = corpus_dir / f"{name}.jsonl"
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if "text" not in row or "intent" not in row:
                raise ValueError(f"{path}:{n}: needs text and intent")
            out.append(Example(row["text"], row["intent"], row.get("group")))
    return out


def load_jsonl(path: Path) -> list[Example]:
    """Any jsonl with text + intent (e.g. the external evaluation set)."""
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [Example(r["text"], r["intent"], r.get("source")) for r in rows]
