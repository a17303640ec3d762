"""Build the classifier Lambda layer in .build/layers/classifier/ (python3.13, arm64).

    PYTHONPATH=.:layers/common .venv/bin/python -m layers.classifier.build.build_layer

 1. pip installs layers/classifier/requirements.txt for manylinux aarch64 / CPython 3.13
    into .build/layers/classifier/python (--no-deps: see requirements.txt),
 2. strips what the classifier never imports (tests, stubs, C headers, onnxruntime's
    Python tooling, numpy's f2py, bytecode compiled for this machine's Python),
 3. copies the model (.build/model, built first if missing or stale) to
    .build/layers/classifier/model; Lambda mounts layers at /opt, so the function
    reads MODEL_DIR=/opt/model and finds the packages on /opt/python,
 4. prints the unzipped size (Lambda's limit: 250 MB for function + layers; our
    budget for this layer: 150 MB) and writes it to .build/layers/classifier.json.

--smoke additionally installs the same pins for THIS machine into a temp dir, applies
the same stripping, and classifies a message from it in a fresh interpreter that sees
only that dir and layers/common, which shows that stripping removed nothing needed.
layers/classifier/Makefile (sam build, BuildMethod: makefile) copies the result.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from layers.classifier.build.corpus import REPO_ROOT
from layers.classifier.build.make_model import DEFAULT_OUT as MODEL_DIR
from layers.classifier.build.make_model import ensure_model

LAYER_DIR = REPO_ROOT / ".build" / "layers" / "classifier"
REQUIREMENTS = REPO_ROOT / "layers" / "classifier" / "requirements.txt"
SIZE_BUDGET_MB = 150
# Lambda python3.13 runs on Amazon Linux 2023 (glibc 2.34): manylinux_2_28 and older.
PLATFORMS = ("manylinux_2_28_aarch64", "manylinux2014_aarch64")
PYTHON_VERSION = "3.13"

# Paths under python/ that the classifier never imports.
STRIP_DIRS = (
    "bin",
    "onnxruntime/transformers",
    "onnxruntime/quantization",
    "onnxruntime/tools",
    "onnxruntime/datasets",
    "onnxruntime/backend",
    "numpy/f2py",
    "numpy/_pyinstaller",
    "numpy/_core/include",
    "numpy/doc",
)
STRIP_DIR_NAMES = ("tests", "testing_utils", "__pycache__")
STRIP_SUFFIXES = (".pyi", ".pxd", ".h")


def _pip_install(target: Path, *, host: bool) -> None:
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--no-compile", "--no-deps"]
    if not host:
        for plat in PLATFORMS:
            cmd += ["--platform", plat]
        cmd += ["--python-version", PYTHON_VERSION, "--implementation", "cp"]
    cmd += ["--only-binary=:all:", "--target", str(target), "-r", str(REQUIREMENTS)]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)  # noqa: S603 (fixed argv, no shell)


def strip(python_dir: Path) -> int:
    """Remove what is safe to remove; return the bytes freed."""
    before = dir_size(python_dir)
    for rel in STRIP_DIRS:
        shutil.rmtree(python_dir / rel, ignore_errors=True)
    for path in sorted(python_dir.rglob("*"), reverse=True):
        if path.is_dir() and path.name in STRIP_DIR_NAMES:
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_file() and (path.suffix in STRIP_SUFFIXES or path.suffix == ".pyc"):
            path.unlink()
    return before - dir_size(python_dir)


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def smoke_test(model_dir: Path) -> None:
    """Install for this machine, strip the same way, classify from the stripped tree."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "python"
        _pip_install(target, host=True)
        strip(target)
        code = (
            "import sys\n"
            "from frontdesk.adapters.onnx_classifier import OnnxIntentClassifier\n"
            f"c = OnnxIntentClassifier.from_dir({str(model_dir)!r})\n"
            "(p,) = c.classify(['are you open on saturday?'])\n"
            "import onnxruntime, numpy, tokenizers\n"
            "mods = (onnxruntime, numpy, tokenizers)\n"
            "assert all(m.__file__.startswith(sys.argv[1]) for m in mods)\n"
            "print('smoke:', p.intent.value, round(p.confidence, 3))\n"
        )
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": f"{target}:{REPO_ROOT / 'layers' / 'common'}",
        }
        # -s: no user site; the venv's site-packages still has pydantic, which the
        # shared layer (layers/common) provides on Lambda.
        subprocess.run(  # noqa: S603 (fixed argv, no shell)
            [sys.executable, "-s", "-c", code, str(target)], check=True, env=env
        )


def build_layer(out: Path = LAYER_DIR, *, smoke: bool = False) -> dict:
    t0 = time.perf_counter()
    out = Path(out).resolve()  # the report names it relative to the repository
    model_dir = ensure_model(MODEL_DIR)
    if out.exists():
        shutil.rmtree(out)
    python_dir = out / "python"
    _pip_install(python_dir, host=False)
    installed = dir_size(python_dir)
    freed = strip(python_dir)
    shutil.copytree(model_dir, out / "model")
    packages = dir_size(python_dir)
    model = dir_size(out / "model")
    total = packages + model
    report = {
        "layer_dir": str(out.relative_to(REPO_ROOT)),
        "platforms": list(PLATFORMS),
        "python_version": PYTHON_VERSION,
        "requirements": [
            line.strip()
            for line in REQUIREMENTS.read_text().splitlines()
            if line.strip() and not line.startswith("#")
        ],
        "installed_mb": round(installed / 1e6, 1),
        "stripped_mb": round(freed / 1e6, 1),
        "packages_mb": round(packages / 1e6, 1),
        "model_mb": round(model / 1e6, 1),
        "unzipped_mb": round(total / 1e6, 1),
        "budget_mb": SIZE_BUDGET_MB,
        "within_budget": total / 1e6 <= SIZE_BUDGET_MB,
        "model_version": json.loads((model_dir / "manifest.json").read_text())["version"],
    }
    (out.parent / "classifier.json").write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"layer {report['layer_dir']}: packages {report['packages_mb']} MB "
        f"(stripped {report['stripped_mb']} MB of {report['installed_mb']} MB) + model "
        f"{report['model_mb']} MB = {report['unzipped_mb']} MB unzipped "
        f"(budget {SIZE_BUDGET_MB} MB) in {time.perf_counter() - t0:.0f}s"
    )
    if smoke:
        smoke_test(out / "model")
    if not report["within_budget"]:
        raise SystemExit(f"layer is {report['unzipped_mb']} MB, over {SIZE_BUDGET_MB} MB")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=LAYER_DIR)
    ap.add_argument("--smoke", action="store_true", help="also import-test the stripped tree here")
    args = ap.parse_args(argv)
    build_layer(args.out, smoke=args.smoke)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
