"""Does the model decide the same on arm64 (Lambda) as on this x86 machine? Under emulation.

    PYTHONPATH=.:layers/common .venv/bin/python -m benchmarks.arm64_numerics   (make arm64-check)

The floor and the early-exit threshold are chosen on x86 numbers, and int8 rounds
differently on arm64 (docs/model.md, "What is weak"). This runs the built model on the
validation messages twice: here, and as arm64 code under qemu user-mode emulation, which
executes integer and IEEE float instructions exactly as an arm64 CPU does. Then it reports
how many top intents, early-exit decisions and auto-answer decisions differ, and writes
reports/arm64-numerics.json.

Needs Debian's qemu-user-static and debootstrap (`make arm64-check` installs them with
apt-get when missing); the arm64 Debian bookworm root (python3.11, unpacked by debootstrap
--foreign, no chroot) and the aarch64 wheels go to .build/arm64/. The arm64 side uses
onnxruntime 1.22.0: 1.31.1 crashes on import under qemu 7.2. The x86 side is run with the
same 1.22.0 too (from .build/arm64/x86-site), so the comparison is of CPUs, not versions;
the project's own onnxruntime is run as well, for reference. Emulation is slow: about 3
minutes for the 899 validation messages. Timings from it mean nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from frontdesk.domain.text import normalize_text
from layers.classifier.build.corpus import REPO_ROOT, load_split
from layers.classifier.build.make_model import DEFAULT_OUT, MODEL_FILE, ensure_model

WORK = REPO_ROOT / ".build" / "arm64"
ROOTFS = WORK / "rootfs"
ARM_SITE = WORK / "arm-site"
X86_SITE = WORK / "x86-site"
MIRROR = "http://deb.debian.org/debian"
EMULATED_ORT = "onnxruntime==1.22.0"
WHEELS = (EMULATED_ORT, "numpy==2.4.6")
REPORT = REPO_ROOT / "reports" / "arm64-numerics.json"

# Runs inside either interpreter: token ids in, probabilities and layers run out.
RUNNER = """
import json, sys
import numpy as np, onnxruntime as ort
model, ids_file, out = sys.argv[1:4]
opts = ort.SessionOptions(); opts.intra_op_num_threads = 1; opts.log_severity_level = 3
session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
outputs = [o.name for o in session.get_outputs()]
probs, conf, layers = [], [], []
for ids in json.load(open(ids_file)):
    a = np.array([ids], dtype=np.int64)
    got = dict(zip(outputs, session.run(None, {"input_ids": a, "attention_mask": np.ones_like(a)})))
    probs.append(got["probabilities"][0])
    conf.append(float(got["confidence"][0]) if "confidence" in got else float(probs[-1].max()))
    layers.append(int(got["layers_run"][0]) if "layers_run" in got else 6)
np.savez(out, probabilities=np.array(probs), confidence=np.array(conf), layers=np.array(layers),
         version=ort.__version__)
"""


def _say(msg: str) -> None:
    print(msg, flush=True)


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        raise SystemExit(
            f"{tool} not found: `make arm64-tools` installs it (apt-get), then rerun"
        )
    return path


def arm64_python() -> list[str]:
    """The command that runs arm64 python3.11 under qemu, making the root on first use."""
    qemu = _need("qemu-aarch64-static")
    python = ROOTFS / "usr" / "bin" / "python3.11"
    if not python.is_file():
        debootstrap = _need("debootstrap")
        _say(f"unpacking a Debian bookworm arm64 root into {ROOTFS} (no chroot)...")
        ROOTFS.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [debootstrap, "--arch=arm64", "--foreign", "--variant=minbase",
             "--include=python3.11,libpython3.11-stdlib", "bookworm", str(ROOTFS), MIRROR],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        # --foreign only downloads the extra packages; unpack them by hand, keeping the
        # merged-/usr layout (/lib, /bin, /sbin are symlinks into /usr in bookworm).
        for deb in sorted((ROOTFS / "var" / "cache" / "apt" / "archives").glob("*.deb")):
            with tempfile.TemporaryDirectory() as unpacked:
                subprocess.run(["dpkg-deb", "-x", str(deb), unpacked], check=True)
                for top in Path(unpacked).iterdir():
                    merged = top.name in ("lib", "bin", "sbin")
                    dest = ROOTFS / "usr" / top.name if merged else ROOTFS / top.name
                    dest.mkdir(parents=True, exist_ok=True)
                    subprocess.run(
                        ["cp", "-a", "--remove-destination", f"{top}/.", str(dest)], check=True
                    )
    env_cpu = os.environ.get("QEMU_CPU", "max")
    return ["env", f"QEMU_CPU={env_cpu}", qemu, "-L", str(ROOTFS), str(python)]


def pip_target(target: Path, platform_args: list[str]) -> None:
    if (target / ".installed").is_file():
        return
    _say(f"installing {', '.join(WHEELS)} into {target}...")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--only-binary=:all:",
         "--target", str(target), *platform_args, *WHEELS],
        check=True,
    )  # fmt: skip
    (target / ".installed").write_text("")


def run(python: list[str], site: Path | None, model: Path, ids_file: Path, out: Path) -> dict:
    env = dict(os.environ)
    if site is not None:
        env["PYTHONPATH"] = str(site)
    else:
        env.pop("PYTHONPATH", None)
    subprocess.run(
        [*python, "-c", RUNNER, str(model), str(ids_file), str(out)], check=True, env=env
    )
    with np.load(out) as got:
        return {k: got[k] for k in got.files}


def compare(a: dict, b: dict, floor: float, tier1: np.ndarray) -> dict:
    pa, pb = a["probabilities"], b["probabilities"]

    def auto(run: dict) -> np.ndarray:
        return tier1[run["probabilities"].argmax(1)] & (run["confidence"] >= floor)

    return {
        "top_intent_differs": int(np.sum(pa.argmax(1) != pb.argmax(1))),
        "early_exit_differs": int(np.sum(a["layers"] != b["layers"])),
        "auto_answer_differs": int(np.sum(auto(a) != auto(b))),
        "max_abs_confidence_difference": round(
            float(np.abs(a["confidence"] - b["confidence"]).max()), 4
        ),
        "max_abs_probability_difference": round(float(np.abs(pa - pb).max()), 4),
        "median_row_max_difference": float(np.median(np.abs(pa - pb).max(1))),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--model-dir", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--messages", type=int, default=0, help="first N validation messages (0: all)")
    ap.add_argument("--out", type=Path, default=REPORT)
    args = ap.parse_args(argv)

    from tokenizers import Tokenizer

    from frontdesk.domain.intents import TIER1_INTENTS, Intent

    model_dir = ensure_model(args.model_dir) if args.model_dir == DEFAULT_OUT else args.model_dir
    manifest = json.loads((model_dir / "manifest.json").read_text())
    arm = arm64_python()
    pip_target(ARM_SITE, ["--platform", "manylinux2014_aarch64", "--platform",
                          "manylinux_2_28_aarch64", "--python-version", "3.11"])  # fmt: skip
    pip_target(X86_SITE, [])
    rows = load_split("validation")
    if args.messages:
        rows = rows[: args.messages]
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=int(manifest["max_length"]))
    ids = [e.ids for e in tok.encode_batch([normalize_text(r.text) for r in rows])]
    model = model_dir / MODEL_FILE
    with tempfile.TemporaryDirectory() as tmp:
        ids_file = Path(tmp) / "ids.json"
        ids_file.write_text(json.dumps(ids))
        _say(f"x86, this project's onnxruntime: {len(ids)} validation messages...")
        here = run([sys.executable], None, model, ids_file, Path(tmp) / "here.npz")
        _say(f"x86, {EMULATED_ORT}...")
        x86 = run([sys.executable], X86_SITE, model, ids_file, Path(tmp) / "x86.npz")
        _say(f"arm64 under qemu, {EMULATED_ORT} (about 0.2 s per message)...")
        arm = run(arm, ARM_SITE, model, ids_file, Path(tmp) / "arm.npz")

    labels = [Intent(x) for x in manifest["labels"]]
    tier1 = np.array([lab in TIER1_INTENTS for lab in labels])
    floor = float(manifest["auto_answer_floor"])
    gold = np.array([r.intent for r in rows])
    names = np.array([lab.value for lab in labels])
    report = {
        "model_version": manifest["version"],
        "messages": len(ids),
        "split": "validation",
        "onnxruntime": {"x86_project": str(here["version"]), "compared": EMULATED_ORT},
        "qemu_cpu": os.environ.get("QEMU_CPU", "max"),
        "arm64_vs_x86_same_onnxruntime": compare(arm, x86, floor, tier1),
        "x86_onnxruntime_versions": compare(x86, here, floor, tier1),
        "accuracy": {
            name: round(float(np.mean(names[r["probabilities"].argmax(1)] == gold)), 4)
            for name, r in (("x86_project", here), ("x86_compared", x86), ("arm64", arm))
        },
        "stopped_early": {
            name: round(float(np.mean(r["layers"] < 6)), 4)
            for name, r in (("x86_project", here), ("arm64", arm))
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
