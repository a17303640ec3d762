"""How far apart are two builds of the same commit? The noise floor of every model decision.

    PYTHONPATH=.:layers/common .venv/bin/python -m benchmarks.build_noise   (make build-noise)

The model's bytes depend on the CPU kernels that build it (docs/model.md, "Measured numbers",
session 10): onnxruntime and OpenBLAS round differently on different CPUs, and the build's
fits and rule-based choices carry that into a slightly different model. This builds the
model a second time on this machine with OpenBLAS forced to other kernels
(`OPENBLAS_CORETYPE`, Haswell on an AVX-512 host, else Sandybridge), into
.build/model-noise, and runs both builds through the whole decision path (normalisation,
lexicon, model, clause reading, thresholds, policy) on the sets that are no longer sealed.
It reports, per set, how many messages get another top intent, another auto-answer
decision or another action, and each build's accuracy, wrong auto-answers, unsafe
automations and Tier-3 misses; reports/build-noise.json. A difference between a candidate
and the shipped model that is not larger than this is not evidence for either.

test5 and test6 are never read here (sealed and reserved, tests/eval/run_eval.py).
About 4 minutes on 2 cores (one more model build, then six sets through both builds).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from frontdesk.domain.intents import Action, Intent
from layers.classifier.build.corpus import REPO_ROOT, Example
from layers.classifier.build.make_model import DEFAULT_OUT, build_host, ensure_model

SETS = ("validation", "calibration", "test", "test2", "test3", "test4")
NOISE_OUT = REPO_ROOT / ".build" / "model-noise"
REPORT = REPO_ROOT / "reports" / "build-noise.json"


@dataclass(frozen=True)
class Decided:
    """One message through the decision path: what the build said and what it did."""

    intent: Intent
    action: Action
    answered_as: Intent  # the governing intent of the decision


def other_coretype() -> str:
    """OpenBLAS kernels other than the ones this CPU would pick by itself."""
    return "Haswell" if "avx512f" in build_host()["kernel_flags"] else "Sandybridge"


def set_summary(gold: Sequence[Intent], decided: Sequence[Decided]) -> dict[str, int]:
    """One build's counts on a set, by run_eval's definitions (what `make eval` reports)."""
    from tests.eval.run_eval import is_tier3_miss, is_unsafe_automation

    pairs = list(zip(gold, decided, strict=True))
    answered = [(g, d) for g, d in pairs if d.action is Action.AUTO_ANSWER]
    return {
        "right": sum(d.intent == g for g, d in pairs),
        "auto_answers": len(answered),
        "wrong_auto_answers": sum(d.answered_as != g for g, d in answered),
        "unsafe_automations": sum(is_unsafe_automation(g, d.action) for g, d in pairs),
        "tier3_missed": sum(is_tier3_miss(g, d.action) for g, d in pairs),
    }


def compare(gold: Sequence[Intent], a: Sequence[Decided], b: Sequence[Decided]) -> dict:
    """How two builds' decisions on the same messages differ, and each build's counts."""
    pairs = list(zip(a, b, strict=True))
    return {
        "messages": len(gold),
        "top_intent_differs": sum(x.intent != y.intent for x, y in pairs),
        "auto_answer_differs": sum(
            (x.action is Action.AUTO_ANSWER) != (y.action is Action.AUTO_ANSWER) for x, y in pairs
        ),
        "action_differs": sum(x.action != y.action for x, y in pairs),
        "build": set_summary(gold, a),
        "other_build": set_summary(gold, b),
    }


def decide_all(model_dir: Path, rows: Sequence[Example]) -> list[Decided]:
    from frontdesk.adapters.onnx_classifier import OnnxIntentClassifier
    from frontdesk.domain.triage import TriagingClassifier
    from tests.eval.run_eval import decide_each, eval_site

    model = OnnxIntentClassifier.from_dir(model_dir)
    predictions = TriagingClassifier(model).classify([r.text for r in rows])
    return [
        Decided(intent=p.intent, action=d.action, answered_as=d.intent)
        for p, d in zip(predictions, decide_each(model, predictions, eval_site()), strict=True)
    ]


def build_other(out_dir: Path, coretype: str) -> None:
    env = {**os.environ, "OPENBLAS_CORETYPE": coretype}
    cmd = [sys.executable, "-m", "layers.classifier.build.make_model", "--out", str(out_dir)]
    print(f"building the model again with OPENBLAS_CORETYPE={coretype} into {out_dir}", flush=True)
    subprocess.run(cmd, env=env, check=True, cwd=REPO_ROOT)


def main(argv: list[str] | None = None) -> int:
    from layers.classifier.build.corpus import load_split

    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--model-dir", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--other-dir", type=Path, default=NOISE_OUT)
    ap.add_argument("--coretype", default=None, help="OPENBLAS_CORETYPE of the second build")
    ap.add_argument(
        "--reuse", action="store_true", help="use --other-dir as it is (no second build)"
    )
    ap.add_argument("--out", type=Path, default=REPORT)
    args = ap.parse_args(argv)

    model_dir = ensure_model(args.model_dir) if args.model_dir == DEFAULT_OUT else args.model_dir
    coretype = args.coretype or other_coretype()
    if not args.reuse:
        build_other(args.other_dir, coretype)
    versions = [
        json.loads((d / "manifest.json").read_text())["version"]
        for d in (model_dir, args.other_dir)
    ]
    report: dict = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "host": build_host(),
        "build": versions[0],
        "other_build": versions[1],
        "other_build_openblas_coretype": None if args.reuse else coretype,
        "sets": {},
    }
    print(f"{versions[0]} against {versions[1]} (the whole decision path)")
    print(f"{'set':12} {'msgs':>5} {'top':>4} {'auto':>5} {'action':>6}   wrong answers / unsafe")
    for name in SETS:
        rows = load_split(name)
        gold = [Intent(r.intent) for r in rows]
        entry = compare(gold, decide_all(model_dir, rows), decide_all(args.other_dir, rows))
        report["sets"][name] = entry
        a, b = entry["build"], entry["other_build"]
        print(
            f"{name:12} {entry['messages']:5d} {entry['top_intent_differs']:4d} "
            f"{entry['auto_answer_differs']:5d} {entry['action_differs']:6d}   "
            f"{a['wrong_auto_answers']} / {b['wrong_auto_answers']}, "
            f"{a['unsafe_automations']} / {b['unsafe_automations']}",
            flush=True,
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
