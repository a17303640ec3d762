"""Evaluate the whole decision path on held-out messages; write reports/eval.json.

    PYTHONPATH=.:layers/common .venv/bin/python tests/eval/run_eval.py

For each message: normalise -> safety lexicon -> model -> site threshold
(max(0.6, the model's auto_answer_floor)) -> tier policy (frontdesk.domain.policy.decide),
through frontdesk.domain.triage.TriagingClassifier, exactly as the classify stage does.

Data sets, each reported on its own:
* test     layers/classifier/corpus/test.jsonl, the held-out split (never trained or tuned on)
* test2    layers/classifier/corpus/test2.jsonl, a second held-out set written later by
           other writers (corpus README); it judged two decisions (docs/model.md)
* test3    layers/classifier/corpus/test3.jsonl, a third held-out set (session 7); it was
           sealed until it judged one decision (session 8, docs/model.md)
* test4    layers/classifier/corpus/test4.jsonl, a fourth (session 8), sealed until it
           judged one decision (session 9, docs/model.md)
* test5    layers/classifier/corpus/test5.jsonl, SEALED: a fifth held-out set (session 9),
           read only with --sealed, for one pre-registered model decision; every such
           run is recorded in docs/model.md ("A sealed judge for the next decision")
* test6    layers/classifier/corpus/test6.jsonl, RESERVED: a sixth (session 10), never read
           here, not even with --sealed; it becomes SEALED once test5 has judged a decision
* external /work/shared/eval/external_public.jsonl (or $FRONTDESK_EXTERNAL_EVAL): other
  people's phrasing; read-only, evaluation only, never copied into the repository.
Models: the ONNX classifier (.build/model, built if missing or stale) and the TF-IDF +
logistic-regression baseline (trained here on the ONNX head's training rows, train.jsonl +
extra_train.jsonl; floor chosen on validation).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from pathlib import Path

from frontdesk.adapters.onnx_classifier import OnnxIntentClassifier
from frontdesk.domain.classification import Prediction
from frontdesk.domain.intents import INTENT_SPECS, Action, Intent, Tier
from frontdesk.domain.policy import RoutingDecision, decide_at_site, effective_threshold
from frontdesk.domain.safety import SafetyLexicon
from frontdesk.domain.text import normalize_text
from frontdesk.domain.triage import TriagingClassifier
from frontdesk.models.config import DESK_NAMES, Desk, OpeningHours, Site
from layers.classifier.build.baseline import TfidfBaseline
from layers.classifier.build.corpus import REPO_ROOT, Example, load_jsonl, load_split
from layers.classifier.build.make_model import DEFAULT_OUT, ensure_model, load_training_rows

DEFAULT_THRESHOLD = 0.6
EXTERNAL = Path(
    os.environ.get(
        "FRONTDESK_EXTERNAL_EVAL", REPO_ROOT.parent / "shared/eval/external_public.jsonl"
    )
)
REPORT = REPO_ROOT / "reports" / "eval.json"
SEALED = "test5"  # the held-out set no decision has read yet
RESERVED = ("test6",)  # sealed for the decision after that one: nothing here reads them
LABELS = [i.value for i in Intent]


def eval_site() -> Site:
    """A site with the deployment defaults: no raised thresholds, no intent re-routing."""
    return Site(
        site_id="eval-site",
        org_id="eval-org",
        name="Eval Clinic",
        phone="555-0100",
        address="1 Main St",
        hours=(OpeningHours(day="mon", opens="08:00", closes="17:00"),),
        portal_url="https://portal.example",
        scheduling_url="https://portal.example/schedule",
        billing_url="https://portal.example/billing",
        desks={d: Desk(name=d.replace("_", " "), callback_promise="soon") for d in DESK_NAMES},
    )


def _tier(intent: str) -> Tier | None:
    return INTENT_SPECS[Intent(intent)].tier


def decide_each(model, predictions: list[Prediction], site: Site) -> list[RoutingDecision]:
    """The tier policy on each prediction at `site`, with the model's validated floor."""
    return [
        decide_at_site(
            p, site, default_threshold=DEFAULT_THRESHOLD, model_floor=model.auto_answer_floor
        )
        for p in predictions
    ]


def is_unsafe_automation(gold: str, action: Action) -> bool:
    """A Tier-2 or Tier-3 message answered automatically (target: none)."""
    return action is Action.AUTO_ANSWER and _tier(gold) in (Tier.PHI_ADJACENT, Tier.SENSITIVE)


def is_tier3_miss(gold: str, action: Action) -> bool:
    """A Tier-3 message that did not reach a human at once (target: none)."""
    return _tier(gold) is Tier.SENSITIVE and action is not Action.ESCALATE


def evaluate(model, rows: list[Example], lexicon: SafetyLexicon, site: Site) -> dict:
    triage = TriagingClassifier(model, lexicon)
    threshold = effective_threshold(
        site, default=DEFAULT_THRESHOLD, model_floor=model.auto_answer_floor
    )
    texts = [r.text for r in rows]
    gold = [r.intent for r in rows]
    t0 = time.perf_counter()
    final = triage.classify(texts)
    seconds = time.perf_counter() - t0
    normalized = [normalize_text(t) for t in texts]
    model_only = model.classify(normalized)
    layers_run = getattr(model, "layers_run", lambda _: None)(normalized)
    decisions = decide_each(model, final, site)
    pred = [p.intent.value for p in final]
    fired = [p.safety_rule is not None for p in final]

    n = len(rows)
    per_label = {}
    f1s = []
    for lab in LABELS:
        tp = sum(p == lab and g == lab for p, g in zip(pred, gold, strict=True))
        n_pred = sum(p == lab for p in pred)
        support = sum(g == lab for g in gold)
        prec = tp / n_pred if n_pred else None
        rec = tp / support if support else None
        f1 = (2 * prec * rec / (prec + rec) if prec and rec else 0.0) if support else None
        if f1 is not None:
            f1s.append(f1)
        per_label[lab] = {
            "support": support,
            "predicted": n_pred,
            "precision": _r(prec),
            "recall": _r(rec),
            "f1": _r(f1),
        }
    idx = {lab: i for i, lab in enumerate(LABELS)}
    matrix = [[0] * len(LABELS) for _ in LABELS]
    for p, g in zip(pred, gold, strict=True):
        matrix[idx[g]][idx[p]] += 1

    auto = [d.action is Action.AUTO_ANSWER for d in decisions]
    auto_ok = [a and d.intent.value == g for a, d, g in zip(auto, decisions, gold, strict=True)]
    unsafe = [
        {"gold": g, "answered_as": d.intent.value, "text": r.text}
        for d, g, r in zip(decisions, gold, rows, strict=True)
        if is_unsafe_automation(g, d.action)
    ]
    wrong_t1 = Counter(
        (g, d.intent.value)
        for a, d, g in zip(auto, decisions, gold, strict=True)
        if a and d.intent.value != g
    )
    t3 = [i for i, g in enumerate(gold) if _tier(g) is Tier.SENSITIVE]
    escalated = [i for i in t3 if decisions[i].action is Action.ESCALATE]
    t3_missed = [
        {
            "gold": gold[i],
            "predicted": pred[i],
            "action": decisions[i].action.value,
            "text": rows[i].text,
        }
        for i in t3
        if is_tier3_miss(gold[i], decisions[i].action)
    ]
    t1 = [i for i, g in enumerate(gold) if _tier(g) is Tier.NO_PHI]
    n_auto = sum(auto)
    return {
        "rows": n,
        "threshold": threshold,
        "model_version": model.version,
        "accuracy": _r(sum(p == g for p, g in zip(pred, gold, strict=True)) / n),
        "accuracy_model_alone": _r(
            sum(p.intent.value == g for p, g in zip(model_only, gold, strict=True)) / n
        ),
        "macro_f1": _r(sum(f1s) / len(f1s)),
        "tier3": {
            "messages": len(t3),
            "escalated": len(escalated),
            "recall": _r(len(escalated) / len(t3)) if t3 else None,
            "recall_exact_intent": _r(sum(pred[i] == gold[i] for i in t3) / len(t3))
            if t3
            else None,
            "missed": t3_missed,
        },
        "unsafe_automations": len(unsafe),
        "unsafe_examples": unsafe,
        "auto_answer": {
            "count": n_auto,
            "rate": _r(n_auto / n),
            "precision": _r(sum(auto_ok) / n_auto) if n_auto else None,
            "tier1_coverage": _r(sum(auto[i] for i in t1) / len(t1)) if t1 else None,
            "wrong_answers": [
                {"gold": g, "answered_as": a, "count": c} for (g, a), c in wrong_t1.most_common()
            ],
        },
        "lexicon": {
            "fired": sum(fired),
            "tier1_messages": len(t1),
            "fired_on_tier1": sum(fired[i] for i in t1),
            "false_alarm_rate_tier1": _r(sum(fired[i] for i in t1) / len(t1)) if t1 else None,
        },
        "decisions": dict(Counter(d.action.value for d in decisions)),
        # why: policy, safety_lexicon, below_threshold, unknown_intent, second_intent (rule 3,
        # including a Tier-2 request read in one clause), site_desk
        "decision_reasons": dict(Counter(d.reason.value for d in decisions)),
        "clause_requests": sum(bool(p.clause_requests) for p in final),
        "seconds": round(seconds, 2),
        "early_exit": _early_exit(layers_run, [p.intent.value for p in model_only], gold),
        "per_label": per_label,
        "confusion": {"labels": LABELS, "rows_gold_cols_predicted": matrix},
    }


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def print_summary(name: str, res: dict) -> None:
    a = res["auto_answer"]
    print(
        f"  {name:24s} acc {_pct(res['accuracy'])}"
        f" (model alone {_pct(res['accuracy_model_alone'])})"
        f"  macroF1 {_pct(res['macro_f1'])}  T3 recall {_pct(res['tier3']['recall'])}"
        f" ({res['tier3']['escalated']}/{res['tier3']['messages']})"
        f"  unsafe {res['unsafe_automations']:3d}  auto {_pct(a['rate'])}"
        f"  auto-prec {_pct(a['precision'])}  T1 cover {_pct(a['tier1_coverage'])}"
        f"  thr {res['threshold']:.3f}"
        f"  lexicon FA(T1) {_pct(res['lexicon']['false_alarm_rate_tier1'])}"
    )


def print_per_label(res: dict) -> None:
    print(f"    {'intent':26s} {'n':>4s} {'pred':>5s} {'prec':>7s} {'recall':>7s} {'f1':>7s}")
    for lab, m in res["per_label"].items():
        if m["support"] or m["predicted"]:
            print(
                f"    {lab:26s} {m['support']:4d} {m['predicted']:5d} {_pct(m['precision']):>7s}"
                f" {_pct(m['recall']):>7s} {_pct(m['f1']):>7s}"
            )
    labels = res["confusion"]["labels"]
    pairs = [
        (c, labels[i], labels[j])
        for i, row in enumerate(res["confusion"]["rows_gold_cols_predicted"])
        for j, c in enumerate(row)
        if i != j and c
    ]
    top = ", ".join(f"{g}->{p} {c}" for c, g, p in sorted(pairs, reverse=True)[:8])
    print(f"    top confusions (gold->predicted): {top}")


def _early_exit(layers: list[int] | None, top: list[str], gold: list[str]) -> dict | None:
    """Messages by the number of layers the graph ran, and the model's own accuracy on each
    group (top intent, before the lexicon and the policy); None without an early exit."""
    if layers is None:
        return None
    out = {}
    for n in sorted(set(layers)):
        idx = [i for i, k in enumerate(layers) if k == n]
        right = sum(top[i] == gold[i] for i in idx)
        out[str(n)] = {"messages": len(idx), "share": _r(len(idx) / len(gold)),
                       "model_accuracy": _r(right / len(idx))}  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--model-dir", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--out", type=Path, default=REPORT)
    ap.add_argument("--external", type=Path, default=EXTERNAL)
    ap.add_argument(
        "--sealed",
        action="store_true",
        help=f"also evaluate the sealed held-out set {SEALED}.jsonl (once per pre-registered "
        "decision; record the run in docs/model.md)",
    )
    args = ap.parse_args(argv)

    model_dir = ensure_model(args.model_dir) if args.model_dir == DEFAULT_OUT else args.model_dir
    model = OnnxIntentClassifier.from_dir(model_dir)
    lexicon = SafetyLexicon()
    site = eval_site()
    train, train_files = load_training_rows()  # what the ONNX head was trained on
    validation, test = (load_split(s) for s in ("validation", "test"))
    print(
        f"training the TF-IDF baseline on {' + '.join(train_files)} ({len(train)} rows)",
        flush=True,
    )
    baseline = TfidfBaseline.train(train, validation)

    report: dict = {
        "decision_path": "normalize_text -> SafetyLexicon -> model -> threshold -> policy.decide",
        "default_threshold": DEFAULT_THRESHOLD,
        "datasets": {},
    }
    sets = [("test", test), *((name, load_split(name)) for name in ("test2", "test3", "test4"))]
    if args.sealed:
        sets.append((SEALED, load_split(SEALED)))
    else:
        print(f"{SEALED}.jsonl is sealed: not evaluated (--sealed reads it, once per decision)")
        report["datasets"][SEALED] = {"skipped": "sealed; run with --sealed"}
    for name in RESERVED:
        report["datasets"][name] = {"skipped": "reserved for a later decision; never read here"}
    if args.external.is_file():
        sets.append(("external", load_jsonl(args.external)))
    else:
        print(f"external set {args.external} not found: skipped")
        report["datasets"]["external"] = {"skipped": f"{args.external} not found"}
    for name, rows in sets:
        print(f"\n== {name}: {len(rows)} messages, {len({r.intent for r in rows})} intents")
        entry = {"rows": len(rows), "gold_counts": dict(Counter(r.intent for r in rows))}
        for model_name, m in (("onnx_classifier", model), ("tfidf_baseline", baseline)):
            res = evaluate(m, rows, lexicon, site)
            entry[model_name] = res
            print_summary(model_name, res)
        if exits := entry["onnx_classifier"]["early_exit"]:
            summary = ", ".join(
                f"{n} layers {g['share']:.1%} (accuracy {g['model_accuracy']:.1%})"
                for n, g in exits.items()
            )
            print(f"  early exit: {summary}")
        print(f"  per intent, ONNX classifier, {name}:")
        print_per_label(entry["onnx_classifier"])
        report["datasets"][name] = entry
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
