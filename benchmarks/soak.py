"""Soak: many mixed messages through the whole local stack with faults on; nothing may be lost.

    python -m benchmarks.soak --count 10000 --faults chaos --out reports/soak.json   (make soak)

1. Starts the local stack (template.yaml in moto, loopback only) with fault injection
   (infra/local/faults.py) and seeds the demo practice.
2. Posts `count` mixed messages (the held-out corpus, safety phrases with invisible characters
   and homoglyphs, emoji, 2,000-character texts) from concurrent clients. Every POST carries an
   Idempotency-Key and is retried with it on 5xx, 409 and connection errors, as a channel
   integration should; a share is posted twice on purpose and must come back with the same id.
3. Waits until the pipeline is quiet, redrives every dead-letter queue
   (infra/local/redrive.py, the local stand-in for `aws sqs start-message-move-task`), waits
   again.
4. Checks the invariant: every accepted message id (a 202) ends answered, routed or escalated,
   its reply was written exactly once (the respond stage's `responded` log lines with
   `resumed: false`), every safety phrase was escalated, nothing is left in a dead-letter
   queue, and, when the stack has a spend ledger, its `messages` counters add up to the
   number accepted and its outcome counters to the outcomes.

Prints progress and the counts, writes a JSON report, exits 1 when the invariant fails.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from infra.local.faults import FaultConfig
    from infra.local.stack import LocalStack

ROOT = Path(__file__).resolve().parents[1]
TERMINAL = ("answered", "routed", "escalated")
CORPUS = ROOT / "layers" / "classifier" / "corpus" / "test.jsonl"
# Must escalate whatever the model says (safety lexicon after NFKC / invisible-character
# removal / homoglyph folding in frontdesk.domain.text).
SAFETY_TEXTS = (
    "I have chest pain",
    "ch\u200best pain and my left arm is numb",
    "I can\u2019t breathe",
    "\u0441hest pain since this morning",  # Cyrillic es
    "CHEST PAIN\u2060 help",
    # fullwidth "i have chest pain"
    "\uff49 \uff48\uff41\uff56\uff45 \uff43\uff48\uff45\uff53\uff54 \uff50\uff41\uff49\uff4e",
    "I want to kill myself",
    "i want to k\u200dill myself tonight",
)
EDGE_TEXTS = (
    "hi \U0001f44b\U0001f3fd",
    "are you open saturday? \u202eyadrutas\u202c",
    "\u0627\u0644\u0633\u0644\u0627\u0645 \u0639\u0644\u064a\u0643\u0645",
    "\u00bfaceptan seguro m\u00e9dico?",
    "!!!???",
    "\u200b\u200b\u200b",
    "do you take aetna " + "\U0001f600" * 50,
)
ProgressFn = Callable[[str], None]


def message_mix(count: int, seed: int) -> list[tuple[str, bool]]:
    """(text, must_escalate) for `count` messages: corpus, safety, edge cases, long texts."""
    rng = random.Random(seed)
    corpus = [json.loads(line)["text"] for line in CORPUS.read_text("utf-8").splitlines()]
    mix: list[tuple[str, bool]] = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.05:
            mix.append((SAFETY_TEXTS[i % len(SAFETY_TEXTS)], True))
        elif roll < 0.08:
            mix.append((EDGE_TEXTS[i % len(EDGE_TEXTS)], False))
        elif roll < 0.09:
            words = rng.choice(corpus).split() or ["hello"]
            long = " ".join(rng.choice(words) for _ in range(700))[:2000]
            mix.append((long, False))
        else:
            mix.append((rng.choice(corpus), False))
    return mix


@dataclass
class Submission:
    index: int
    site_id: str
    text: str
    must_escalate: bool
    key: str
    message_id: str | None = None
    attempts: int = 0
    statuses: list[int] = field(default_factory=list)


@dataclass
class ClientStats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    retried: Counter[str] = field(default_factory=Counter)
    replays: int = 0
    replay_mismatch: int = 0
    replay_unsettled: Counter[str] = field(default_factory=Counter)
    accept_latencies_ms: list[float] = field(default_factory=list)


def _post(
    session: Any, base_url: str, api_key: str, sub: Submission, timeout_s: float = 30
) -> tuple[int, dict[str, Any] | None]:
    response = session.post(
        f"{base_url}/v1/messages",
        json={"site_id": sub.site_id, "channel": "web", "text": sub.text},
        headers={"x-api-key": api_key, "Idempotency-Key": sub.key},
        timeout=timeout_s,
    )
    try:
        body = response.json()
    except ValueError:
        body = None
    return response.status_code, body


def submit(
    base_url: str,
    api_keys: dict[str, str],
    subs: list[Submission],
    *,
    clients: int,
    deadline: float,
    replay_share: float,
    stats: ClientStats,
    progress: ProgressFn,
    stop_posting_at: float | None = None,
) -> None:
    import requests

    local = threading.local()
    done = Counter[str]()
    done_lock = threading.Lock()
    rng = random.Random(len(subs))
    replay = {s.index for s in subs if rng.random() < replay_share}

    def post_until_settled(
        sub: Submission, give_up: float
    ) -> tuple[int, dict[str, Any] | None, float]:
        """POST with the submission's Idempotency-Key, retried on 5xx, 409, 429 and connection
        errors as a channel integration would; returns the last status and body, and that
        attempt's latency in ms."""
        status, body, latency_ms = 0, None, 0.0
        while time.monotonic() < give_up:
            sub.attempts += 1
            began = time.perf_counter()
            try:
                status, body = _post(local.session, base_url, api_keys[sub.site_id], sub)
            except requests.RequestException as error:
                status, body = 0, None
                with stats.lock:
                    stats.retried[type(error).__name__] += 1
                local.session = requests.Session()
            latency_ms = (time.perf_counter() - began) * 1000
            sub.statuses.append(status)
            if status == 202 and body:
                break
            if status and status < 500 and status not in (409, 429):
                break  # a 4xx that retrying will not change
            with stats.lock:
                stats.retried[str(status)] += 1
            time.sleep(min(2.0, 0.1 * 2 ** min(sub.attempts, 5)))
        return status, body, latency_ms

    def one(sub: Submission) -> None:
        if stop_posting_at is not None and time.monotonic() > stop_posting_at:
            return  # the time bound for posting is reached: not submitted
        if not hasattr(local, "session"):
            local.session = requests.Session()
        status, body, latency_ms = post_until_settled(sub, min(deadline, time.monotonic() + 120))
        if status == 202 and body:
            sub.message_id = body["message_id"]
            with stats.lock:
                stats.accept_latencies_ms.append(latency_ms)  # first posts only, not replays
        if sub.message_id and sub.index in replay:
            # the same Idempotency-Key again, later: it must name the same message
            status, body, _ = post_until_settled(sub, min(deadline, time.monotonic() + 120))
            with stats.lock:
                stats.replays += 1
                if status != 202 or not body:
                    stats.replay_unsettled[str(status)] += 1
                elif body.get("message_id") != sub.message_id:
                    stats.replay_mismatch += 1
        with done_lock:
            done["accepted" if sub.message_id else "not accepted"] += 1
            total = sum(done.values())
        if total % 500 == 0 or total == len(subs):
            progress(f"posted {total}/{len(subs)}: {dict(done)}")

    with ThreadPoolExecutor(clients, thread_name_prefix="soak-client") as pool:
        list(pool.map(one, subs))


def scan_records(stack: LocalStack) -> dict[str, dict[str, Any]]:
    ddb = stack.client("dynamodb")
    records: dict[str, dict[str, Any]] = {}
    pages = ddb.get_paginator("scan").paginate(
        TableName=stack.physical_id("MessagesTable"),
        ProjectionExpression="message_id, #s, reply_template, tier",
        ExpressionAttributeNames={"#s": "status"},
    )
    for page in pages:
        for item in page["Items"]:
            records[item["message_id"]["S"]] = {
                "status": item["status"]["S"],
                "reply_template": item.get("reply_template", {}).get("S"),
            }
    return records


def wait_until_settled(
    stack: LocalStack, accepted: set[str], *, deadline: float, progress: ProgressFn, label: str
) -> dict[str, dict[str, Any]]:
    """Until every accepted id is terminal, or the pipeline is quiet, or the deadline."""
    while True:
        records = scan_records(stack)
        statuses = Counter(records.get(i, {}).get("status", "missing") for i in accepted)
        terminal = sum(statuses[s] for s in TERMINAL)
        progress(f"{label}: {terminal}/{len(accepted)} terminal {dict(sorted(statuses.items()))}")
        if terminal == len(accepted) or time.monotonic() > deadline:
            return records
        if stack.drain(timeout_s=3):  # quiet: whatever is not terminal now is stuck or dead
            records = scan_records(stack)
            if sum(records.get(i, {}).get("status") in TERMINAL for i in accepted) == terminal:
                return records
        time.sleep(5)


def reply_writes(stack: LocalStack) -> tuple[Counter[str], Counter[str]]:
    """(first-time reply writes per message id, absorbed duplicate deliveries per stage)."""
    writes: Counter[str] = Counter()
    absorbed: Counter[str] = Counter()
    for function in ("ClassifyFunction", "RouteFunction", "RespondFunction"):
        for line in stack.log_lines(function):
            if not line.startswith("{"):
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("message") not in ("classified", "routed", "responded"):
                continue
            if entry.get("resumed"):
                absorbed[function] += 1
            elif function == "RespondFunction":
                writes[entry["message_id"]] += 1
    return writes, absorbed


def ledger_check(
    stack: LocalStack, records: dict[str, dict[str, Any]], accepted: set[str]
) -> dict[str, Any]:
    tables = [
        lid
        for lid in stack.deployment.resources_of_type("AWS::DynamoDB::Table")
        if "ledger" in lid.lower()
    ]
    if not tables:
        return {"present": False}
    ddb = stack.client("dynamodb")
    sums: Counter[str] = Counter()
    for page in ddb.get_paginator("scan").paginate(TableName=stack.physical_id(tables[0])):
        for item in page["Items"]:
            if not item.get("sk", {}).get("S", "").startswith("DAY#"):
                continue
            for name in ("messages", "auto_answered", "routed", "escalated"):
                if name in item:
                    sums[name] += int(item[name]["N"])
    outcome = Counter(records[i]["status"] for i in accepted if i in records)
    stored = len(records)  # the ledger counts every message the pipeline finished
    finished = sum(1 for r in records.values() if r["status"] in TERMINAL)
    return {
        "present": True,
        "table": tables[0],
        "counters": dict(sums),
        "messages_equal_accepted": sums["messages"] == len(accepted),
        "messages_equal_finished": sums["messages"] == finished,
        "outcomes_equal": (sums["auto_answered"], sums["routed"], sums["escalated"])
        == (outcome["answered"], outcome["routed"], outcome["escalated"]),
        "stored_records": stored,
    }


def logical_queue_names(stack: LocalStack) -> dict[str, str]:
    return {
        stack.physical_id(lid).rsplit("/", 1)[-1]: lid
        for lid in stack.deployment.resources_of_type("AWS::SQS::Queue")
    }


def dlq_depths(stack: LocalStack) -> dict[str, int]:
    from infra.local.redrive import dead_letter_queues

    sqs = stack.client("sqs")
    names = logical_queue_names(stack)
    return {names.get(d.name, d.name): d.depth(sqs) for d in dead_letter_queues(sqs)}


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def run_soak(
    *,
    count: int,
    faults: FaultConfig,
    clients: int = 4,
    max_seconds: float = 3600,
    template: Path = ROOT / "template.yaml",
    state_dir: Path = ROOT / ".local" / "soak",
    seed: int = 7,
    replay_share: float = 0.02,
    post_seconds: float | None = None,
    progress: ProgressFn = print,
) -> dict[str, Any]:
    from infra.local.redrive import redrive_all
    from infra.local.seed import seed_demo_practice
    from infra.local.stack import LocalStack

    began = time.monotonic()
    deadline = began + max_seconds
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    with LocalStack(template, state_dir=state_dir, faults=faults) as stack:
        demo = seed_demo_practice(stack)
        sites = sorted(demo.api_keys)
        progress(f"stack up in {stack.startup_seconds:.1f} s; faults {faults.to_dict()}")
        subs = [
            Submission(i, sites[i % len(sites)], text, must, f"soak-{seed}-{i:07d}")
            for i, (text, must) in enumerate(message_mix(count, seed))
        ]
        stats = ClientStats()
        submit(
            stack.base_url,
            demo.api_keys,
            subs,
            clients=clients,
            deadline=deadline,
            replay_share=replay_share,
            stats=stats,
            progress=progress,
            stop_posting_at=None if post_seconds is None else began + post_seconds,
        )
        posted_s = time.monotonic() - began
        accepted = {s.message_id for s in subs if s.message_id}
        records = wait_until_settled(
            stack, accepted, deadline=deadline, progress=progress, label="before redrive"
        )
        dead_before = dlq_depths(stack)
        names = logical_queue_names(stack)
        moved = {names.get(k, k): v for k, v in redrive_all(stack.client("sqs")).items()}
        progress(f"dead-letter queues {dead_before}; redriven {moved}")
        if any(moved.values()):
            records = wait_until_settled(
                stack, accepted, deadline=deadline, progress=progress, label="after redrive"
            )
        dead_after = dlq_depths(stack)
        writes, absorbed = reply_writes(stack)
        fault_counts = stack.fault_counts()
        ledger = ledger_check(stack, records, accepted)

    statuses = Counter(records.get(i, {}).get("status", "missing") for i in accepted)
    lost = sorted(i for i in accepted if records.get(i, {}).get("status") not in TERMINAL)
    twice = sorted(i for i in accepted if writes[i] > 1)
    unreplied = sorted(i for i in accepted if i not in lost and writes[i] == 0)
    safety_not_escalated = sorted(
        s.message_id
        for s in subs
        if s.must_escalate
        and s.message_id
        and records.get(s.message_id, {}).get("status") != "escalated"
    )
    strays = Counter(r["status"] for i, r in records.items() if i not in accepted)
    rejected = Counter(str(s.statuses[-1]) for s in subs if not s.message_id and s.statuses)
    submitted = sum(1 for s in subs if s.attempts)
    duration = time.monotonic() - began
    invariant = {
        "all_submitted_accepted": len(accepted) == submitted,
        "none_lost": not lost,
        "none_replied_twice": not twice,
        # A second message stored for one submission (a retried POST) that was then processed.
        "no_submission_processed_twice": not any(strays[t] for t in TERMINAL),
        "safety_escalated": not safety_not_escalated,
        "dead_letter_queues_empty": not any(dead_after.values()),
        "idempotent_replays_same_id": stats.replay_mismatch == 0 and not stats.replay_unsettled,
    }
    if ledger.get("present"):
        invariant["ledger_equals_count"] = bool(
            ledger["messages_equal_accepted"] and ledger["outcomes_equal"]
        )
    return {
        "started_at": started_at,
        "duration_s": round(duration, 1),
        "config": {
            "count": count,
            "clients": clients,
            "seed": seed,
            "faults": faults.to_dict(),
            "replay_share": replay_share,
        },
        "planned": count,
        "submitted": submitted,
        "accepted": len(accepted),
        "not_accepted": dict(rejected),
        "client_retries": dict(stats.retried),
        "idempotent_replays": {
            "sent": stats.replays,
            "different_id": stats.replay_mismatch,
            "not_accepted_by_status": dict(stats.replay_unsettled),
        },
        "outcomes": {s: statuses[s] for s in TERMINAL},
        "lost": len(lost),
        "lost_ids": lost[:50],
        "lost_statuses": {k: v for k, v in statuses.items() if k not in TERMINAL},
        "replied_twice": len(twice),
        "replied_twice_ids": twice[:50],
        "reply_writes": sum(writes[i] for i in accepted),
        # Informational: a reply write whose response was lost (an SDK read timeout) is
        # retried, finds itself done and logs `resumed`; the record is answered once.
        "terminal_without_reply_log": len(unreplied),
        "safety_messages": sum(1 for s in subs if s.must_escalate),
        "safety_not_escalated": safety_not_escalated[:50],
        "duplicate_deliveries_absorbed": dict(absorbed),
        "stored_but_not_accepted": dict(strays),
        "faults_injected": fault_counts,
        "dead_letter": {"before_redrive": dead_before, "redriven": moved, "after": dead_after},
        "ledger": ledger,
        "throughput": {
            "posting_s": round(posted_s, 1),
            "accepted_per_s": round(len(accepted) / posted_s, 1) if posted_s else None,
            "end_to_end_per_s": round(len(accepted) / duration, 1) if duration else None,
            "accept_latency_ms": {
                "p50": _percentile(stats.accept_latencies_ms, 0.5),
                "p99": _percentile(stats.accept_latencies_ms, 0.99),
            },
        },
        "invariant": invariant,
        "ok": all(invariant.values()),
    }


def summary(report: dict[str, Any]) -> str:
    lines = [
        f"soak: {report['accepted']}/{report['submitted']} submitted accepted "
        f"({report['planned']} planned), posted in "
        f"{report['throughput']['posting_s']} s, all settled in {report['duration_s']} s",
        f"  outcomes            {report['outcomes']}",
        f"  lost                {report['lost']}",
        f"  replied twice       {report['replied_twice']}  (reply writes: "
        f"{report['reply_writes']})",
        f"  safety escalated    {report['safety_messages'] - len(report['safety_not_escalated'])}"
        f"/{report['safety_messages']}",
        f"  duplicates absorbed {report['duplicate_deliveries_absorbed']}",
        f"  faults injected     {report['faults_injected']}",
        f"  client retries      {report['client_retries']}",
        f"  idempotent replays  {report['idempotent_replays']}",
        f"  dead letters        {report['dead_letter']}",
        f"  stored, not accepted {report['stored_but_not_accepted']}",
        f"  ledger              {report['ledger']}",
        f"  invariant           {report['invariant']}",
        f"  {'OK' if report['ok'] else 'FAILED'}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from infra.local.faults import FaultConfig

    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.soak",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--faults", default="chaos", help="a preset or a fault spec")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=3600)
    parser.add_argument(
        "--post-seconds",
        type=float,
        default=None,
        help="stop submitting after this long (the rest is reported as not submitted)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--template", type=Path, default=ROOT / "template.yaml")
    parser.add_argument("--state-dir", type=Path, default=ROOT / ".local" / "soak")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "soak.json")
    args = parser.parse_args(argv)
    faults = FaultConfig.parse(args.faults)
    if faults.seed is None:
        faults = FaultConfig(
            **{**faults.to_dict(), "seed": args.seed, "functions": tuple(faults.functions)}
        )

    def progress(line: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {line}", flush=True)

    report = run_soak(
        count=args.count,
        faults=faults,
        clients=args.clients,
        max_seconds=args.max_seconds,
        template=args.template,
        state_dir=args.state_dir,
        seed=args.seed,
        post_seconds=args.post_seconds,
        progress=progress,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(summary(report))
    print(f"report: {args.out}")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
