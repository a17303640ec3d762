"""Load: concurrent clients against the local API on 127.0.0.1 for a fixed time.

    python -m benchmarks.load --clients 8 --seconds 30 --out reports/bench-load.json

Measures, on the whole local stack (template.yaml in moto, one worker process per function,
SQS pollers), with no faults:
- POST /v1/messages latency as the client sees it (p50, p90, p99, max) and accepted per second;
- GET /v1/messages/{id} latency on a sample of the accepted ids;
- message-to-reply latency: the record's `answered_at` minus its `received_at`, both written
  by the functions (ingest and respond), so client polling does not blur it;
- end-to-end messages per second: replies written per second over the busy period.

These are figures of this laptop's emulator (moto is one Python process), useful to compare
changes with each other, not a forecast of AWS.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "layers" / "classifier" / "corpus" / "test.jsonl"
TERMINAL = ("answered", "routed", "escalated")


def percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"n": 0, "p50": None, "p90": None, "p99": None, "max": None}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {
        "n": len(ordered),
        "p50": at(0.5),
        "p90": at(0.9),
        "p99": at(0.99),
        "max": round(ordered[-1], 1),
    }


def _iso(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def run_load(
    *,
    clients: int,
    seconds: float,
    settle_s: float = 180,
    template: Path = ROOT / "template.yaml",
    state_dir: Path = ROOT / ".local" / "load",
) -> dict[str, Any]:
    import requests

    from infra.local.seed import seed_demo_practice
    from infra.local.stack import LocalStack

    texts = [json.loads(line)["text"] for line in CORPUS.read_text("utf-8").splitlines()]
    with LocalStack(template, state_dir=state_dir) as stack:
        demo = seed_demo_practice(stack)
        sites = sorted(demo.api_keys)
        base = stack.base_url
        warm = requests.post(
            f"{base}/v1/messages",
            timeout=60,
            json={"site_id": sites[0], "channel": "web", "text": "hello"},
            headers={"x-api-key": demo.api_keys[sites[0]]},
        )
        warm.raise_for_status()  # the first call pays the workers' cold start; not measured
        stack.drain(60)
        lock = threading.Lock()
        post_ms: list[float] = []
        statuses: Counter[int] = Counter()
        accepted: list[tuple[str, str]] = []
        stop_at = time.monotonic() + seconds

        def client(n: int) -> None:
            rng = random.Random(n)
            session = requests.Session()
            site = sites[n % len(sites)]
            headers = {"x-api-key": demo.api_keys[site]}
            while time.monotonic() < stop_at:
                began = time.perf_counter()
                try:
                    response = session.post(
                        f"{base}/v1/messages",
                        headers=headers,
                        timeout=60,
                        json={"site_id": site, "channel": "web", "text": rng.choice(texts)},
                    )
                    status = response.status_code
                except requests.RequestException:
                    status = 0
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    statuses[status] += 1
                    if status == 202:
                        post_ms.append(elapsed)
                        accepted.append((site, response.json()["message_id"]))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        load_began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        load_s = time.monotonic() - load_began
        stack.drain(settle_s)

        get_ms: list[float] = []
        session = requests.Session()
        for site, message_id in random.Random(0).sample(accepted, min(200, len(accepted))):
            began = time.perf_counter()
            session.get(
                f"{base}/v1/messages/{message_id}",
                timeout=60,
                headers={"x-api-key": demo.api_keys[site]},
            ).raise_for_status()
            get_ms.append((time.perf_counter() - began) * 1000)

        ddb = stack.client("dynamodb")
        rows: dict[str, dict[str, Any]] = {}
        for page in ddb.get_paginator("scan").paginate(
            TableName=stack.physical_id("MessagesTable"),
            ProjectionExpression="message_id, #s, received_at, answered_at",
            ExpressionAttributeNames={"#s": "status"},
        ):
            for item in page["Items"]:
                rows[item["message_id"]["S"]] = {k: v.get("S") for k, v in item.items()}

    ids = {message_id for _, message_id in accepted}
    done = [
        rows[i]
        for i in ids
        if rows.get(i, {}).get("status") in TERMINAL and rows[i].get("answered_at")
    ]
    to_reply_ms = [(_iso(r["answered_at"]) - _iso(r["received_at"])) * 1000 for r in done]
    if done:
        first = min(_iso(r["received_at"]) for r in done)
        last = max(_iso(r["answered_at"]) for r in done)
        replies_per_s = round(len(done) / max(last - first, 1e-9), 2)
    else:
        replies_per_s = 0.0
    return {
        "benchmark": "load",
        "host": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "load_average_1m": round(os.getloadavg()[0], 2),  # other work on the machine
        },
        "config": {"clients": clients, "seconds": seconds},
        "requests": dict(sorted((str(k), v) for k, v in statuses.items())),
        "accepted": len(accepted),
        "accepted_per_s": round(len(accepted) / load_s, 2),
        "replied": len(done),
        "not_replied_after_settle": len(ids) - len(done),
        "replies_per_s": replies_per_s,
        "post_messages_ms": percentiles(post_ms),
        "get_message_ms": percentiles(get_ms),
        "message_to_reply_ms": percentiles(to_reply_ms),
    }


def summary(report: dict[str, Any]) -> str:
    post, reply = report["post_messages_ms"], report["message_to_reply_ms"]
    get = report["get_message_ms"]
    return "\n".join(
        [
            f"load: {report['config']['clients']} clients for {report['config']['seconds']} s "
            f"on 127.0.0.1 ({report['host']['cpus']} cpus, load average "
            f"{report['host']['load_average_1m']})",
            f"  POST /v1/messages     p50 {post['p50']} ms  p99 {post['p99']} ms  "
            f"({report['accepted']} accepted, {report['accepted_per_s']}/s)",
            f"  GET /v1/messages/id   p50 {get['p50']} ms  p99 {get['p99']} ms",
            f"  message to reply      p50 {reply['p50']} ms  p99 {reply['p99']} ms  "
            f"({report['replied']} replied, {report['replies_per_s']}/s end to end)",
            f"  responses             {report['requests']}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--template", type=Path, default=ROOT / "template.yaml")
    parser.add_argument("--state-dir", type=Path, default=ROOT / ".local" / "load")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench-load.json")
    args = parser.parse_args(argv)
    report = run_load(
        clients=args.clients, seconds=args.seconds, template=args.template, state_dir=args.state_dir
    )
    report["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(summary(report))
    print(f"report: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
