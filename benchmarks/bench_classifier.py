"""Latency of the intent classifier on one thread; writes reports/bench-classifier.json.

    PYTHONPATH=.:layers/common .venv/bin/python benchmarks/bench_classifier.py

* per-message latency, p50/p99, of OnnxIntentClassifier.classify (intra_op_num_threads=1)
  on the held-out test messages (normalised as in production): batch 1, and batch 16
  (16 texts per classify call; the adapter runs them one by one, see its
  DEFAULT_MAX_BATCH; padded batches with max_batch=16 are measured too, for comparison);
* early exit (layers/classifier/build/early_exit.py): how many layers ran per message,
  batch-1 latency by that count, and the same graph with its exits switched off
  (thresholds above 1, so every message runs all 6 layers), timed interleaved;
* cold init in a fresh interpreter: imports + InferenceSession creation, and the
  first classify call (interpreter start-up itself is not included);
* the Lambda layer's unzipped size (.build/layers/classifier.json from `make layer`);
* the TF-IDF + logistic-regression baseline's latency in the same run.
Targets: p50 <= 3 ms/message at batch 1, cold init <= 1 s, layer <= 150 MB.
Nothing here changes OPENBLAS_CORETYPE; the report records whether it was set.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np

from frontdesk.adapters.onnx_classifier import OnnxIntentClassifier
from frontdesk.domain.text import normalize_text
from layers.classifier.build.baseline import TfidfBaseline
from layers.classifier.build.corpus import REPO_ROOT, load_split
from layers.classifier.build.make_model import DEFAULT_OUT, MODEL_FILE, ensure_model

REPORT = REPO_ROOT / "reports" / "bench-classifier.json"
LAYER_REPORT = REPO_ROOT / ".build" / "layers" / "classifier.json"
TARGETS = {"p50_ms_batch1": 3.0, "cold_init_s": 1.0, "layer_mb": 150.0}

COLD = """
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from frontdesk.adapters.onnx_classifier import OnnxIntentClassifier
import numpy, onnxruntime, tokenizers
t_imp = time.perf_counter()
c = OnnxIntentClassifier.from_dir(sys.argv[1])
t1, c1 = time.perf_counter(), time.process_time()
c.classify(["are you open on saturday?"])
t2 = time.perf_counter()
print(json.dumps({"init_s": t1 - t0, "init_cpu_s": c1 - c0, "imports_s": t_imp - t0,
                  "first_classify_s": t2 - t1}))
"""


def per_message(fn, texts: list[str], batch: int, repeats: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds per message for each call of fn on chunks of `batch` texts.

    CPU time is this thread's (onnxruntime with one intra-op thread computes on the
    calling thread): on a machine shared with other jobs it is the steadier number."""
    chunks = [texts[i : i + batch] for i in range(0, len(texts) - batch + 1, batch)]
    for chunk in chunks[:5]:
        fn(chunk)  # warm-up
    wall, cpu = [], []
    for _ in range(repeats):
        for chunk in chunks:
            c, t = time.thread_time(), time.perf_counter()
            fn(chunk)
            wall.append((time.perf_counter() - t) / len(chunk))
            cpu.append((time.thread_time() - c) / len(chunk))
    return wall, cpu


def summary(samples: tuple[list[float], list[float]], passes: int = 1) -> dict:
    """p50/p99/mean of wall and CPU ms per message; with passes > 1 (the samples are that
    many passes over the same texts, in order) also each pass's own p50, which shows how
    much the host moved during the run."""
    wall, cpu = (np.array(s) * 1e3 for s in samples)
    per_pass = (
        {"p50_ms_per_pass": [round(float(np.percentile(w, 50)), 3) for w in np.split(wall, passes)]}
        if passes > 1 and len(wall) % passes == 0
        else {}
    )
    return {
        "p50_ms": round(float(np.percentile(wall, 50)), 3),
        "p99_ms": round(float(np.percentile(wall, 99)), 3),
        "mean_ms": round(float(wall.mean()), 3),
        "cpu_p50_ms": round(float(np.percentile(cpu, 50)), 3),
        "cpu_p99_ms": round(float(np.percentile(cpu, 99)), 3),
        "n": len(wall),
        **per_pass,
    }


def without_early_exit(model_dir: Path, out_dir: Path) -> Path:
    """A copy of the model dir whose graph never stops early (exit thresholds set to 2)."""
    import shutil

    import onnx
    from onnx import numpy_helper

    shutil.copytree(model_dir, out_dir, dirs_exist_ok=True)
    model = onnx.load(str(model_dir / MODEL_FILE))
    found = 0

    def patch(graph) -> None:
        nonlocal found
        for t in graph.initializer:
            if t.name.endswith(".threshold"):
                t.CopyFrom(numpy_helper.from_array(np.array(2.0, dtype=np.float32), t.name))
                found += 1
        for node in graph.node:
            for a in node.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    patch(a.g)

    patch(model.graph)
    onnx.save(model, str(out_dir / MODEL_FILE))
    return out_dir if found else model_dir


def interleaved(fns: dict, texts: list[str], repeats: int) -> dict[str, tuple[list, list]]:
    """per_message at batch 1 for several classifiers, alternating text by text, so that
    a change in the machine's load hits them alike."""
    for fn in fns.values():
        for t in texts[:5]:
            fn([t])
    res = {name: ([], []) for name in fns}
    for _ in range(repeats):
        for t in texts:
            for name, fn in fns.items():
                c, w = time.thread_time(), time.perf_counter()
                fn([t])
                res[name][0].append(time.perf_counter() - w)
                res[name][1].append(time.thread_time() - c)
    return res


def _layer_report(model_version: str) -> tuple[dict | None, str]:
    """`make layer`'s size report, if it was built with the model being measured; else None
    and why (a layer built for another model says nothing about this one's size)."""
    if not LAYER_REPORT.is_file():
        return None, "not built: run `make layer`"
    layer = json.loads(LAYER_REPORT.read_text())
    if layer.get("model_version") != model_version:
        return None, (
            f"stale: built for model {layer.get('model_version')}, not {model_version}: "
            "run `make layer`"
        )
    return layer, ""


def cold_init(model_dir: Path, runs: int) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = f"{REPO_ROOT / 'layers' / 'common'}"
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", COLD, str(model_dir)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "init_s_median": round(statistics.median(r["init_s"] for r in results), 3),
        "init_s_max": round(max(r["init_s"] for r in results), 3),
        "init_cpu_s_median": round(statistics.median(r["init_cpu_s"] for r in results), 3),
        "imports_s_median": round(statistics.median(r["imports_s"] for r in results), 3),
        "first_classify_s_median": round(
            statistics.median(r["first_classify_s"] for r in results), 4
        ),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--model-dir", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--messages",
        type=int,
        default=0,
        help="time the first N test messages (default 0: all of them; the file is ordered "
        "by intent, so a prefix is not a fair sample)",
    )
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--out", type=Path, default=REPORT)
    args = ap.parse_args(argv)

    model_dir = ensure_model(args.model_dir) if args.model_dir == DEFAULT_OUT else args.model_dir
    test = load_split("test")
    texts = [normalize_text(r.text) for r in test][: args.messages or None]
    model = OnnxIntentClassifier.from_dir(model_dir, intra_op_threads=1)
    padded = OnnxIntentClassifier.from_dir(model_dir, intra_op_threads=1, max_batch=16)
    lengths = [len(e.ids) for e in model._tokenizer.encode_batch(texts)]

    print(f"timing {len(texts)} test messages x {args.repeats} (1 thread)...", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        all_layers = OnnxIntentClassifier.from_dir(
            without_early_exit(model_dir, Path(tmp) / "model"), intra_op_threads=1
        )
        batch1 = interleaved(
            {"early exit": model.classify, "all layers": all_layers.classify},
            texts,
            args.repeats,
        )
    depth = (model.layers_run(texts) or [6] * len(texts)) * args.repeats
    rows = {
        "onnx batch 1": summary(batch1["early exit"], args.repeats),
        "onnx batch 1, exits off (all 6 layers)": summary(batch1["all layers"], args.repeats),
        "onnx batch 16": summary(per_message(model.classify, texts, 16, args.repeats)),
        "onnx batch 16, padded": summary(per_message(padded.classify, texts, 16, args.repeats)),
    }
    print("cold init in fresh interpreters...", flush=True)
    cold = cold_init(model_dir, args.cold_runs)
    print("training the TF-IDF baseline for its latency...", flush=True)
    baseline = TfidfBaseline.train(load_split("train"), load_split("validation"))
    rows["tfidf baseline batch 1"] = summary(per_message(baseline.classify, texts, 1, args.repeats))
    rows["tfidf baseline batch 16"] = summary(
        per_message(baseline.classify, texts, 16, args.repeats)
    )

    manifest = json.loads((model_dir / "manifest.json").read_text())
    early_exit = {
        "layers_run_share": {
            str(n): round(depth.count(n) / len(depth), 4) for n in sorted(set(depth))
        },
        "batch1_by_layers_run": {
            str(n): summary(
                tuple(
                    [x for x, d in zip(samples, depth, strict=True) if d == n]
                    for samples in batch1["early exit"]
                )
            )
            for n in sorted(set(depth))
        },
        "exits": manifest["build"].get("early_exit", {}).get("exits", []),
    }
    layer, layer_note = _layer_report(manifest["version"])
    report = {
        "model_version": manifest["version"],
        "model_mb": round((model_dir / "intent-classifier.onnx").stat().st_size / 1e6, 1),
        "latency_per_message": rows,
        "early_exit": early_exit,
        "tokens_per_message": {
            "p50": int(np.percentile(lengths, 50)),
            "p99": int(np.percentile(lengths, 99)),
            "max": max(lengths),
        },
        "cold_init": cold,
        "layer": layer or layer_note,
        "targets": TARGETS,
        "met": {
            "p50_ms_batch1": rows["onnx batch 1"]["p50_ms"] <= TARGETS["p50_ms_batch1"],
            "cold_init_s": cold["init_s_median"] <= TARGETS["cold_init_s"],
            "layer_mb": (layer["unzipped_mb"] <= TARGETS["layer_mb"]) if layer else None,
        },
        "machine": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "processor": _cpu_name(),
            "cores": os.cpu_count(),
            "onnxruntime": version("onnxruntime"),
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
            "load_average_1m": round(os.getloadavg()[0], 2),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")

    print(
        f"\nmodel {report['model_version']} ({report['model_mb']} MB), "
        f"tokens/message p50 {report['tokens_per_message']['p50']}, "
        f"p99 {report['tokens_per_message']['p99']}"
    )
    print(
        f"{'per message':28s} {'p50 ms':>8s} {'p99 ms':>8s} {'mean ms':>8s}"
        f" {'cpu p50':>8s} {'cpu p99':>8s}"
    )
    for name, r in rows.items():
        print(
            f"{name:28s} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} {r['mean_ms']:8.2f}"
            f" {r['cpu_p50_ms']:8.2f} {r['cpu_p99_ms']:8.2f}"
        )
    print(
        "onnx batch 1 p50 per pass over the texts: "
        + ", ".join(f"{x:.2f}" for x in rows["onnx batch 1"].get("p50_ms_per_pass", []))
        + " ms"
    )
    print(
        f"cold init (imports + session): median {cold['init_s_median']:.3f} s "
        f"(imports {cold['imports_s_median']:.3f} s, CPU {cold['init_cpu_s_median']:.3f} s), "
        f"max {cold['init_s_max']:.3f} s; "
        f"first classify {cold['first_classify_s_median'] * 1e3:.1f} ms"
    )
    print(
        "early exit: layers run per message "
        + ", ".join(f"{n}: {s:.0%}" for n, s in early_exit["layers_run_share"].items())
        + "; batch-1 p50 by layers run "
        + ", ".join(
            f"{n}: {r['p50_ms']:.2f} ms" for n, r in early_exit["batch1_by_layers_run"].items()
        )
    )
    if layer:
        print(
            f"layer: {layer['unzipped_mb']} MB unzipped (packages {layer['packages_mb']} MB + "
            f"model {layer['model_mb']} MB)"
        )
    else:
        print(f"layer: {layer_note}")
    print(
        "targets met:",
        json.dumps(report["met"]),
        f"(load avg {report['machine']['load_average_1m']})",
    )
    print(f"wrote {args.out}")
    return 0


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    raise SystemExit(main())
