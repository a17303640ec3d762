"""Print the figures of several benchmark reports side by side (the end of `make bench`).

python -m benchmarks.summary reports/bench-classifier.json reports/bench-load.json
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

WIDTH = 58


def figures(data: Any, prefix: str = "") -> list[tuple[str, str]]:
    """The numeric leaves of a report, as (dotted path, value)."""
    rows: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            rows += figures(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, bool) or data is None:
        pass
    elif isinstance(data, int | float):
        rows.append((prefix, f"{data:g}" if isinstance(data, float) else str(data)))
    return rows


def column(path: Path) -> list[str]:
    if not path.exists():
        return [path.stem, "  (no report: the benchmark did not run)"]
    rows = figures(json.loads(path.read_text("utf-8")))
    lines = [path.stem]
    for name, value in rows:
        text = f"  {name} {value}"
        if len(text) > WIDTH - 2:
            text = f"  {name[: WIDTH - len(value) - 6]}.. {value}"
        lines.append(text)
    return lines


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    columns = [column(p) for p in paths]
    for cells in itertools.zip_longest(*columns, fillvalue=""):
        print("".join(cell.ljust(WIDTH) for cell in cells).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
