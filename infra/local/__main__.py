"""`python -m infra.local`: deploy template.yaml into the embedded stack, serve it until Ctrl-C."""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infra.local.stack import LocalStack


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m infra.local", description=__doc__)
    parser.add_argument("--template", default="template.yaml")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--state-dir", default=".local")
    parser.add_argument("--follow-logs", action="store_true",
                        help="echo worker log lines to the console, prefixed by function")
    parser.add_argument("--no-fast-retry", action="store_true",
                        help="wait the queue's real visibility timeout before a failed record "
                             "is retried (default: 1 s, a local-only deviation)")
    parser.add_argument("--no-seed", action="store_true",
                        help="skip infra.local.seed.seed_demo_practice")
    parser.add_argument("--parameter", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--faults", default=os.environ.get("FRONTDESK_LOCAL_FAULTS", ""),
                        metavar="SPEC",
                        help="inject faults around the functions (infra/local/faults.py): "
                             "'chaos', or e.g. 'handler_error=0.05,throttle=0.01,duplicate=0.05,"
                             "reorder=0.2,timeout=0.02,seed=7'; default $FRONTDESK_LOCAL_FAULTS")
    return parser.parse_args(argv)


def _follow(stack: LocalStack, stop: threading.Event) -> None:
    offsets: dict[Path, int] = {}
    while not stop.wait(0.3):
        for path in sorted(stack.log_dir.glob("*.log")):
            with path.open(encoding="utf-8", errors="replace") as log:
                log.seek(offsets.get(path, 0))
                for line in log:
                    print(f"{path.stem} | {line.rstrip()}", flush=True)
                offsets[path] = log.tell()


def _seed(stack: LocalStack) -> str | None:
    if importlib.util.find_spec("infra.local.seed") is None:
        return None
    from infra.local import seed

    practice = seed.seed_demo_practice(stack)
    if "WebDistribution" not in stack.deployment.sam_template["Resources"]:
        return str(practice)
    from infra.local.web import start_web_demo  # issue 9: console, widget, demo queue

    return f"{practice}\n\n{start_web_demo(stack, practice)}"


def main(argv: list[str] | None = None) -> int:
    # Imported here: worker processes re-import this module (spawn) and must stay light.
    from infra.local.faults import FaultConfig
    from infra.local.stack import LocalStack

    args = _parse(argv)
    overrides = dict(p.split("=", 1) for p in args.parameter)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    stack = LocalStack(args.template, port=args.port, state_dir=args.state_dir,
                       parameter_overrides=overrides, fast_retry=not args.no_fast_retry,
                       faults=FaultConfig.parse(args.faults))
    began = time.monotonic()
    try:
        stack.start()
        print(stack.summary())
        seeded = None if args.no_seed else _seed(stack)
        if seeded:
            print(seeded)
        print(f"API:      {stack.base_url}" if stack.routes else "API:      (no REST API)")
        for route in stack.routes:
            key = " (x-api-key)" if route.api_key_required else ""
            key += f" (Cognito: {route.authorizer})" if route.authorizer else ""  # issue 6
            print(f"  {route.method:7} {route.resource} -> {route.function}{key}")
        print(f"Logs:     {stack.log_dir}")
        for source in stack.event_sources:
            print(f"Poller:   {source.queue_arn.split(':')[-1]} -> {source.function} "
                  f"(batch {source.batch_size}, window {source.batching_window_s} s)")
        print(f"Moto:     {stack.endpoint_url}")
        if stack.faults:
            print(f"Faults:   {stack.faults.to_dict()}")
        print(f"Ready in {time.monotonic() - began:.1f} s. Ctrl-C to stop.", flush=True)
        if args.follow_logs:
            threading.Thread(target=_follow, args=(stack, stop), daemon=True).start()
        stop.wait()
    finally:
        print("stopping...", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
