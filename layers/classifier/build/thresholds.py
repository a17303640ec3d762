"""Choosing the auto-answer floor on the validation split (never on test or external data)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

TARGET_PRECISION = 0.98
MIN_FLOOR = 0.6


def auto_answer_precision(
    pred: Sequence[str],
    conf: np.ndarray,
    gold: Sequence[str],
    lexicon_fired: Sequence[bool],
    tier1: frozenset[str],
    threshold: float,
) -> tuple[float, int]:
    """Precision (predicted == gold) of the messages that would auto-answer, and their count."""
    n = correct = 0
    for p, c, g, fired in zip(pred, conf, gold, lexicon_fired, strict=True):
        if p in tier1 and c >= threshold and not fired:
            n += 1
            correct += p == g
    return (correct / n if n else 1.0), n


def choose_floor(
    pred: Sequence[str],
    conf: np.ndarray,
    gold: Sequence[str],
    lexicon_fired: Sequence[bool],
    tier1: frozenset[str],
    target: float = TARGET_PRECISION,
    min_floor: float = MIN_FLOOR,
) -> tuple[float, list[dict]]:
    """Lowest threshold >= min_floor at which auto-answers are >= target precise.

    Candidates are min_floor and the confidences of Tier-1 predictions above it (a
    threshold between two observed confidences behaves like the next one up). Returns
    the floor and the precision/coverage curve for the manifest. If no candidate
    reaches the target, the highest candidate is returned (auto-answering almost
    nothing) and the curve shows it.
    """
    conf = np.asarray(conf, dtype=np.float64)
    cands = sorted(
        {min_floor}
        | {float(c) for p, c in zip(pred, conf, strict=True) if p in tier1 and c >= min_floor}
    )
    curve = []
    chosen = None
    for t in cands:
        prec, n = auto_answer_precision(pred, conf, gold, lexicon_fired, tier1, t)
        curve.append({"threshold": t, "precision": prec, "auto_answers": n})
        if chosen is None and prec >= target:
            chosen = t
    if chosen is None:
        chosen = cands[-1]
    # Round up to 4 decimals so that the written floor is never below the measured one.
    chosen = float(np.ceil(chosen * 1e4) / 1e4)
    # keep a readable curve: fixed grid points only
    grid = [round(x, 2) for x in np.arange(min_floor, 1.0, 0.05)] + [chosen]
    summary = []
    for t in sorted(set(grid)):
        prec, n = auto_answer_precision(pred, conf, gold, lexicon_fired, tier1, t)
        summary.append({"threshold": t, "precision": round(prec, 4), "auto_answers": n})
    return chosen, summary
