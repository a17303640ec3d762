"""What one message costs in AWS, from counted calls: `make cost`.

    python -m benchmarks.cost --messages 10000 --out reports/cost.json

Runs a practice's mixed traffic (about 60 % Tier 1, from this file's own templates, not
from the eval sets) through the local stack (template.yaml in moto, on 127.0.0.1 only)
with metering on (infra/local/metering.py): every AWS call of every function invocation is
counted by service and operation, with DynamoDB request units from the items' sizes, the
SQS calls of the event-source pollers, the bytes the functions log, and each invocation's
duration with the memory the template gives the function. Each patient message is one
POST and one GET of its reply. Those counts times the dated price table
(benchmarks/aws_prices_us_east_1.json) give the cost per 1,000,000 messages by service,
beside the $0.20-per-classification anchor. Fixed monthly costs (the key, alarms, metrics,
idle pollers, the table keys' KMS calls) are reported apart: they do not grow with messages.

Durations: the local wall time of an invocation, minus nothing but metering's own reads,
is split into CPU time and waiting; the CPU part is scaled to the share of a vCPU that
Lambda gives the function's memory (1 vCPU at 1,769 MB). Both the raw and the scaled
figures are in the report; the scaled one is priced.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PRICES = Path(__file__).resolve().parent / "aws_prices_us_east_1.json"
ANCHOR_USD_PER_MESSAGE = 0.20

# ------------------------------------------------------------------ the traffic
_SLOTS = {
    "day": [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "tomorrow",
        "this weekend",
        "the 4th of july",
    ],
    "insurer": [
        "aetna",
        "cigna",
        "blue cross",
        "medicare",
        "medicaid",
        "humana",
        "oscar",
        "united healthcare",
        "tricare",
        "kaiser",
    ],
    "service": [
        "flu shots",
        "physicals",
        "allergy testing",
        "x-rays",
        "pap smears",
        "sports physicals",
        "covid tests",
        "blood work",
        "stitches removal",
    ],
    "med": [
        "lisinopril",
        "metformin",
        "my inhaler",
        "amoxicillin",
        "my blood pressure pills",
        "sertraline",
        "my insulin",
        "the antibiotic",
    ],
    "test": ["blood test", "mri", "x-ray", "cholesterol panel", "biopsy", "urine test"],
    "who": ["my son", "my daughter", "my mom", "my husband", "I"],
}
# (tier, weight, templates): a family practice's week, by our own reckoning of its inbox.
_TRAFFIC: list[tuple[str, float, list[str]]] = [
    (
        "1",
        0.60,
        [
            "what time do you open on {day}",
            "are you open {day}?",
            "what are your hours {day}",
            "do you take {insurer}",
            "is {insurer} accepted at your office",
            "where are you located",
            "where do I park when I come in",
            "do you do {service}",
            "can {who} get {service} there",
            "are you accepting new patients",
            "how do I cancel an appointment",
            "what is your cancellation policy",
            "can I pay with a credit card",
            "I forgot my portal password",
            "how do I send you my insurance card",
            "how do refills work at your office",
            "hi there",
            "thanks so much!",
            "how do I book an appointment online",
        ],
    ),
    (
        "2",
        0.28,
        [
            "I need to move my appointment on {day}",
            "can I reschedule {who}'s visit to {day}",
            "I have a question about {med}",
            "is it ok to take {med} with ibuprofen",
            "are my {test} results back",
            "can someone explain my {test} results",
            "my claim with {insurer} was denied",
            "why was I billed twice for my visit",
        ],
    ),
    (
        "3",
        0.07,
        [
            "I have crushing chest pain",
            "{who} can't breathe",
            "I don't want to live anymore",
            "I want to file a complaint about the doctor",
            "I need a copy of my medical records for my lawyer",
        ],
    ),
    ("none", 0.05, ["?!?", "ok", "...", "asdf qwer", "k"]),
]


def message_texts(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """(expected tier, text) pairs in the practice's mix."""
    rng = random.Random(seed)
    tiers = [t for t, _, _ in _TRAFFIC]
    weights = [w for _, w, _ in _TRAFFIC]
    templates = {t: ts for t, _, ts in _TRAFFIC}
    out = []
    for _ in range(n):
        tier = rng.choices(tiers, weights)[0]
        template = rng.choice(templates[tier])
        text = template.format(**{k: rng.choice(v) for k, v in _SLOTS.items()})
        out.append((tier, text))
    return out


# ------------------------------------------------------------------ the run
def _log_sizes(log_dir: Path) -> dict[str, tuple[int, int]]:
    """Bytes and lines of each function's log (CloudWatch Logs ingestion)."""
    sizes = {}
    for path in log_dir.glob("*.log"):
        data = path.read_bytes()
        sizes[path.stem] = (len(data), data.count(b"\n"))
    return sizes


def _ledger_messages(stack: Any, org_id: str) -> int:
    from frontdesk.adapters.ledger import DynamoSpendReader

    today = datetime.now(UTC).date()
    reader = DynamoSpendReader(stack.client("dynamodb"), stack.physical_id("LedgerTable"))
    return sum(
        r.messages
        for r in reader.rows(org_id, today - timedelta(days=1), today + timedelta(days=1))
    )


def _progress(label: str, done: int, total: int, began: float) -> None:
    rate = done / max(1e-9, time.monotonic() - began)
    print(f"  {label}: {done}/{total} ({rate:.0f}/s)", flush=True)


def run(
    messages: int,
    clients: int,
    state_dir: Path,
    template: Path,
    max_seconds: float,
    send_seconds: float,
) -> dict[str, Any]:
    import requests

    from frontdesk.adapters.ledger import DynamoTariffBook
    from frontdesk.models.finance import Tariff
    from infra.local.metering import read_invocations
    from infra.local.seed import ORG_ID
    from infra.local.stack import LocalStack

    deadline = time.monotonic() + max_seconds
    metering_dir = state_dir / "metering"
    if metering_dir.exists():
        for old in metering_dir.glob("*.jsonl"):
            old.unlink()
    traffic = message_texts(messages)
    print(f"cost: {messages} messages, {clients} clients, template {template.name}", flush=True)
    began = time.monotonic()
    with LocalStack(template, state_dir=state_dir, metering_dir=metering_dir) as stack:
        print(f"  stack up in {stack.startup_seconds:.1f} s", flush=True)
        api_keys = _seed(stack)
        DynamoTariffBook(stack.client("dynamodb"), stack.physical_id("ConfigTable")).put_tariff(
            Tariff(org_id=ORG_ID, price_per_classification_micros=200_000)
        )
        sites = sorted(api_keys)
        base = stack.base_url
        # Warm every function once (cold starts are not what a message costs at steady load).
        warm_ids = []
        for i, (_, text) in enumerate(traffic[:16]):
            site = sites[i % len(sites)]
            r = requests.post(
                f"{base}/v1/messages",
                timeout=60,
                headers={"x-api-key": api_keys[site]},
                json={"site_id": site, "channel": "web", "text": text},
            )
            r.raise_for_status()
            warm_ids.append(r.json()["message_id"])
        requests.post(
            f"{base}/v1/classify",
            timeout=60,
            json={"text": "hello"},
            headers={"x-api-key": api_keys[sites[0]]},
        )
        stack.drain(120)
        baseline_ledger = _ledger_messages(stack, ORG_ID)
        since = time.time()
        logs_before = _log_sizes(stack.log_dir)
        pollers_before = Counter(stack.poller_meter.snapshot())

        lock = threading.Lock()
        posted: list[str] = []
        statuses: Counter[int] = Counter()
        api_requests = Counter()
        next_index = iter(range(messages))
        send_began = time.monotonic()
        stop_sending = send_began + send_seconds

        def client(n: int) -> None:
            session = requests.Session()
            while time.monotonic() < min(deadline, stop_sending):
                with lock:
                    i = next(next_index, None)
                if i is None:
                    return
                site = sites[i % len(sites)]
                response = session.post(
                    f"{base}/v1/messages",
                    timeout=60,
                    json={"site_id": site, "channel": "web", "text": traffic[i][1]},
                    headers={
                        "x-api-key": api_keys[site],
                        "Idempotency-Key": f"cost-{uuid.uuid4().hex}",
                    },
                )
                with lock:
                    api_requests["POST /v1/messages"] += 1
                    statuses[response.status_code] += 1
                    if response.status_code == 202:
                        posted.append(response.json()["message_id"])
                        if len(posted) % max(1, messages // 10) == 0:
                            _progress("accepted", len(posted), messages, send_began)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if len(posted) < messages:
            print(
                f"  sending stopped after {send_seconds:.0f} s: {len(posted)} messages "
                f"(--send-seconds bounds the run)",
                flush=True,
            )
        # Wait until the ledger has every message: the run's own end-to-end check.
        last_print = 0.0
        while time.monotonic() < deadline:
            done = _ledger_messages(stack, ORG_ID) - baseline_ledger
            if time.monotonic() - last_print > 5:
                _progress("finished (ledger)", done, len(posted), send_began)
                last_print = time.monotonic()
            if done >= len(posted):
                break
            time.sleep(1)
        finished = _ledger_messages(stack, ORG_ID) - baseline_ledger
        _progress("finished (ledger)", finished, len(posted), send_began)  # the final count
        stack.drain(120)

        # Each patient reads the reply once.
        reads = iter(list(enumerate(posted)))

        def reader() -> None:
            session = requests.Session()
            while True:
                with lock:
                    pair = next(reads, None)
                if pair is None:
                    return
                i, message_id = pair
                site = sites[(i) % len(sites)]
                session.get(
                    f"{base}/v1/messages/{message_id}",
                    timeout=60,
                    headers={"x-api-key": api_keys[site]},
                )
                with lock:
                    api_requests["GET /v1/messages/{id}"] += 1

        threads = [threading.Thread(target=reader) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stack.drain(60)
        time.sleep(1.5)  # the last invocations' metering lines and log lines
        invocations = read_invocations(metering_dir, since)
        logs_after = _log_sizes(stack.log_dir)
        pollers = Counter(stack.poller_meter.snapshot())
        pollers.subtract(pollers_before)
        trail = _trail_scope(stack)
        functions = _function_names(stack)
        alarms = len(stack.deployment.resources_of_type("AWS::CloudWatch::Alarm"))
        kms_keys = len(stack.deployment.resources_of_type("AWS::KMS::Key"))
        tables = list(stack.deployment.resources_of_type("AWS::DynamoDB::Table"))
        event_sources = len(stack.event_sources)
        emf_metrics = _emf_metrics(stack.log_dir)
        memory = {lid: w.spec.memory_mb for lid, w in stack.workers.items()}
    elapsed = time.monotonic() - began
    log_bytes = {
        k: logs_after.get(k, (0, 0))[0] - logs_before.get(k, (0, 0))[0] for k in logs_after
    }
    log_lines = {
        k: logs_after.get(k, (0, 0))[1] - logs_before.get(k, (0, 0))[1] for k in logs_after
    }
    measured = {
        "messages_posted": len(posted),
        "messages_finished": finished,
        "http_statuses": dict(statuses),
        "api_requests": dict(api_requests),
        "invocations": invocations,
        "poller_calls": {k: v for k, v in pollers.items() if v},
        "log_bytes": log_bytes,
        "log_lines": log_lines,
        "trail": trail,
        "function_names": functions,
        "fixed": {
            "alarms": alarms,
            "kms_keys": kms_keys,
            "tables": tables,
            "event_sources": event_sources,
            "emf_metrics": emf_metrics,
            "memory_mb": memory,
        },
        "seconds": round(elapsed, 1),
    }
    return measured


def _seed(stack: Any) -> dict[str, str]:
    """The demo practice's organisation and sites, one API key per site (site id -> key)."""
    from frontdesk.adapters.dynamodb import DynamoConfigRepository
    from frontdesk.models.config import ApiKeyBinding
    from infra.local.seed import DEMO_ORGANIZATION, DEMO_SITES

    config = DynamoConfigRepository(stack.client("dynamodb"), stack.physical_id("ConfigTable"))
    config.put_organization(DEMO_ORGANIZATION)
    keys = {}
    for site in DEMO_SITES:
        config.put_site(site)
        key_id, key = stack.create_api_key(f"{site.site_id}-cost")
        config.put_api_key_binding(
            ApiKeyBinding(api_key_id=key_id, site_id=site.site_id, org_id=site.org_id)
        )
        keys[site.site_id] = key
    return keys


def _function_names(stack: Any) -> dict[str, str]:
    return {lid: w.spec.function_name for lid, w in stack.workers.items()}


def _trail_scope(stack: Any) -> dict[str, Any]:
    """Which calls the template's CloudTrail trail records as data events (billed)."""
    scope: dict[str, Any] = {
        "tables": [],
        "buckets": [],
        "functions": False,
        "trail": None,
        "writes_only": [],
    }
    writes_only_names: list[str] = []
    all_events_names: list[str] = []  # a resource in both kinds of selector: all is recorded
    resources = stack.deployment.sam_template.get("Resources", {})
    for logical_id, resource in resources.items():
        if resource.get("Type") != "AWS::CloudTrail::Trail":
            continue
        scope["trail"] = logical_id
        for selector in resource["Properties"].get("AdvancedEventSelectors", []):
            fields = {f["Field"]: f for f in selector.get("FieldSelectors", [])}
            if fields.get("eventCategory", {}).get("Equals") != ["Data"]:
                continue
            kind = (fields.get("resources.type", {}).get("Equals") or [""])[0]
            writes_only = fields.get("readOnly", {}).get("Equals") == ["false"]
            arn = fields.get("resources.ARN", {})
            targets = json.dumps(arn)
            ids = [
                lid
                for lid in resources
                if f'"{lid}.Arn"' in targets
                or f"${{{lid}.Arn}}" in targets
                or f'["{lid}", "Arn"]' in targets
            ]
            names = [stack.physical_id(i) for i in ids] if ids else ["*"]
            if kind == "AWS::DynamoDB::Table":
                scope["tables"] += names
            elif kind == "AWS::S3::Object":
                scope["buckets"] += names
            if kind in ("AWS::DynamoDB::Table", "AWS::S3::Object"):
                (writes_only_names if writes_only else all_events_names).extend(names)
            elif kind == "AWS::Lambda::Function":
                scope["functions"] = True
    scope["writes_only"] = sorted(set(writes_only_names) - set(all_events_names))
    return scope


def _emf_metrics(log_dir: Path) -> list[str]:
    """Custom metrics the functions publish through the embedded metric format."""
    names: set[str] = set()
    for path in log_dir.glob("*.log"):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if '"_aws"' not in line:
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError:
                continue
            for directive in doc.get("_aws", {}).get("CloudWatchMetrics", []):
                for metric in directive.get("Metrics", []):
                    dims = tuple(
                        sorted(
                            f"{d}={doc.get(d)}"
                            for ds in directive.get("Dimensions", [])
                            for d in ds
                        )
                    )
                    names.add(f"{directive.get('Namespace')}/{metric['Name']}{list(dims)}")
    return sorted(names)


# ------------------------------------------------------------------ the money
def latency_ms(latencies: dict[str, float], call: str) -> float:
    service = call.split(".", 1)[0]
    return latencies.get(call, latencies.get(service, latencies["default"]))


def price(prices: dict[str, Any], name: str) -> float:
    entry = prices["prices"][name]
    return entry["usd"] / entry["per"]


def cost_report(measured: dict[str, Any], prices: dict[str, Any]) -> dict[str, Any]:
    n = max(1, measured["messages_finished"])
    per_million = 1_000_000 / n
    assumptions = prices["assumptions"]
    full_vcpu = assumptions["lambda_full_vcpu_memory_mb"]
    latencies = assumptions["aws_call_latency_ms"]
    lines: dict[str, float] = defaultdict(float)  # service -> USD for this run
    calls: Counter[str] = Counter()
    units: Counter[str] = Counter()
    by_function: dict[str, Counter[str]] = defaultdict(Counter)
    for inv in measured["invocations"]:
        fn = inv["function"]
        calls.update(inv["calls"])
        units.update(inv["units"])
        f = by_function[fn]
        f["invocations"] += 1
        f["records"] += inv["records"] or 1
        wall, cpu = inv["wall_ms"], inv["cpu_ms"]
        scale = max(1.0, full_vcpu / inv["memory_mb"])
        # CPU at the function's vCPU share, plus each counted AWS call at an in-region latency.
        modeled = min(cpu, wall) * scale + sum(
            count * latency_ms(latencies, call) for call, count in inv["calls"].items()
        )
        f["wall_ms"] += wall
        f["cpu_ms"] += cpu
        f["aws_wait_ms_local"] += inv.get("aws_ms", 0.0)
        f["billed_ms"] += math.ceil(modeled)
        f["gb_s"] += math.ceil(modeled) / 1000 * inv["memory_mb"] / 1024
        f["gb_s_raw"] += math.ceil(wall) / 1000 * inv["memory_mb"] / 1024
    invocations = sum(f["invocations"] for f in by_function.values())
    gb_s = sum(f["gb_s"] for f in by_function.values())
    gb_s_raw = sum(f["gb_s_raw"] for f in by_function.values())
    lines["Lambda requests"] = invocations * price(prices, "lambda_request")
    lines["Lambda duration (arm64)"] = gb_s * price(prices, "lambda_arm64_gb_second")
    api = sum(measured["api_requests"].values())
    lines["API Gateway (REST)"] = api * price(prices, "apigateway_rest_request")
    # SQS: the functions' own calls, and the pollers' (receives with messages, deletes).
    pollers = measured["poller_calls"]
    poller_requests = (
        pollers.get("ReceiveMessage", 0)
        + pollers.get("DeleteMessageBatch", 0)
        + pollers.get("DeleteMessage", 0)
    )
    sqs_requests = units.get("sqs.requests", 0) + poller_requests
    lines["SQS"] = sqs_requests * price(prices, "sqs_standard_request")
    wru = {k.split(".", 2)[2]: v for k, v in units.items() if k.startswith("dynamodb.wru.")}
    rru = {k.split(".", 2)[2]: v for k, v in units.items() if k.startswith("dynamodb.rru.")}
    lines["DynamoDB writes"] = sum(wru.values()) * price(
        prices, "dynamodb_ondemand_write_request_unit"
    )
    lines["DynamoDB reads"] = sum(rru.values()) * price(
        prices, "dynamodb_ondemand_read_request_unit"
    )
    s3_puts = sum(v for k, v in calls.items() if k.startswith("s3.Put"))
    s3_gets = sum(v for k, v in calls.items() if k.startswith("s3.Get") or k == "s3.HeadObject")
    lines["S3 requests"] = s3_puts * price(prices, "s3_put_request") + s3_gets * price(
        prices, "s3_get_request"
    )
    kms_direct = sum(v for k, v in calls.items() if k.startswith("kms."))
    lines["KMS (direct calls)"] = kms_direct * price(prices, "kms_request")
    trail = measured["trail"]
    data_events = 0
    recorded: Counter[str] = Counter()  # data events the trail records, per table or bucket
    if trail["trail"]:
        writes_only = set(trail.get("writes_only", []))
        for key, value in units.items():
            service, _, rest = key.partition(".")
            kind, _, resource = rest.partition(".")
            if service not in ("dynamodb", "s3") or kind != "calls":
                continue
            scope = trail["tables"] if service == "dynamodb" else trail["buckets"]
            if not (resource in scope or "*" in scope):
                continue
            if resource in writes_only or "*" in writes_only:
                value -= units.get(f"{service}.reads.{resource}", 0)
            recorded[resource] += value
            data_events += value
        if trail["functions"]:
            data_events += invocations
    lines["CloudTrail data events"] = data_events * price(prices, "cloudtrail_data_event")
    trail_sources = {r: round(v / n, 3) for r, v in recorded.items()}
    if trail["trail"] and trail["functions"]:
        trail_sources["lambda invocations"] = round(invocations / n, 3)
    overhead = assumptions["cloudwatch_logs_event_overhead_bytes"]
    log_bytes = sum(measured["log_bytes"].values()) + overhead * sum(measured["log_lines"].values())
    lines["CloudWatch Logs ingestion"] = (
        log_bytes / 1e9 * price(prices, "cloudwatch_logs_ingestion_gb")
    )
    traced = api + sum(
        f["invocations"]
        for fn, f in by_function.items()
        if fn not in ("IngestFunction", "ClassifyApiFunction")
    )
    lines["X-Ray (5 % sampled, modeled)"] = (
        traced * assumptions["xray_fixed_rate"] * price(prices, "xray_trace_recorded")
    )
    per_m = {k: round(v * per_million, 4) for k, v in sorted(lines.items(), key=lambda x: -x[1])}
    total_per_m = round(sum(lines.values()) * per_million, 4)

    fixed = measured["fixed"]
    roles = len(by_function)
    ddb_key_calls = (
        len(fixed["tables"])
        * roles
        * (30 * 24 * 3600 / assumptions["dynamodb_table_key_cache_seconds"])
    )
    idle_receives = (
        fixed["event_sources"]
        * assumptions["lambda_sqs_pollers_per_event_source"]
        * (30 * 24 * 3600 / assumptions["lambda_sqs_long_poll_seconds"])
    )
    fixed_lines = {
        "KMS customer managed key": fixed["kms_keys"] * price(prices, "kms_key_month"),
        "KMS calls behind DynamoDB SSE (table keys, worst case)": ddb_key_calls
        * price(prices, "kms_request"),
        "SQS empty receives of Lambda's pollers": idle_receives
        * price(prices, "sqs_standard_request"),
        "CloudWatch alarms": fixed["alarms"] * price(prices, "cloudwatch_alarm_month"),
        "CloudWatch custom metrics (EMF)": len(fixed["emf_metrics"])
        * price(prices, "cloudwatch_custom_metric_month"),
    }
    fixed_total = sum(fixed_lines.values())
    per_message_calls = {k: round(v / n, 3) for k, v in sorted(calls.items())}
    functions = {
        fn: {
            "invocations": f["invocations"],
            "records_per_invocation": round(f["records"] / max(1, f["invocations"]), 2),
            "memory_mb": fixed["memory_mb"].get(fn),
            "mean_wall_ms": round(f["wall_ms"] / max(1, f["invocations"]), 2),
            "mean_cpu_ms": round(f["cpu_ms"] / max(1, f["invocations"]), 2),
            "mean_local_aws_wait_ms": round(f["aws_wait_ms_local"] / max(1, f["invocations"]), 2),
            "mean_billed_ms_lambda_equivalent": round(f["billed_ms"] / max(1, f["invocations"]), 2),
            "gb_seconds_per_million_messages": round(f["gb_s"] * per_million, 2),
        }
        for fn, f in sorted(by_function.items())
    }
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "prices_checked": prices["checked"],
        "messages": measured["messages_finished"],
        "messages_posted": measured["messages_posted"],
        "run_seconds": measured["seconds"],
        "usd_per_million_messages": {"by_service": per_m, "total": total_per_m},
        "usd_per_message": round(total_per_m / 1e6, 9),
        "nanos_per_message": round(total_per_m * 1000),
        "anchor_usd_per_million_messages": ANCHOR_USD_PER_MESSAGE * 1e6,
        "aws_cost_share_of_anchor": round(total_per_m / (ANCHOR_USD_PER_MESSAGE * 1e6), 6),
        "fixed_usd_per_month": {k: round(v, 4) for k, v in fixed_lines.items()},
        "fixed_usd_per_month_total": round(fixed_total, 4),
        "lambda_duration_usd_per_million_if_local_wall_time_were_billed": round(
            gb_s_raw * price(prices, "lambda_arm64_gb_second") * per_million, 4
        ),
        "calls_per_message": per_message_calls,
        "dynamodb_request_units_per_message": {
            "write": {t: round(v / n, 3) for t, v in sorted(wru.items())},
            "read": {t: round(v / n, 3) for t, v in sorted(rru.items())},
        },
        "sqs_requests_per_message": {
            "functions": round(units.get("sqs.requests", 0) / n, 3),
            "pollers": round(poller_requests / n, 3),
            "pollers_empty_receives_excluded": pollers.get("ReceiveMessage.empty", 0),
        },
        "api_requests_per_message": round(api / n, 3),
        "cloudtrail_data_events_per_message": round(data_events / n, 3),
        "cloudtrail_data_events_per_message_by_source": trail_sources,
        "cloudtrail_scope": trail,
        "log_bytes_per_message": round(log_bytes / n, 1),
        "log_bytes_by_function": measured["log_bytes"],
        "functions": functions,
        "http_statuses": measured["http_statuses"],
        "emf_metrics": fixed["emf_metrics"],
    }


def print_report(report: dict[str, Any]) -> None:
    per_m = report["usd_per_million_messages"]
    total = per_m["total"]
    print(
        f"\nAWS cost per 1,000,000 messages (measured on {report['messages']} messages, "
        f"prices of {report['prices_checked']}):"
    )
    for service, usd in per_m["by_service"].items():
        share = 100 * usd / total if total else 0
        print(f"  {service:<34} ${usd:>10,.2f}  {share:5.1f} %")
    print(f"  {'total':<34} ${total:>10,.2f}  = ${total / 1e6:.6f} per message")
    anchor = report["anchor_usd_per_million_messages"]
    print(
        f"  anchor: $0.20 per classification = ${anchor:,.0f} per 1,000,000 "
        f"(AWS cost is {100 * report['aws_cost_share_of_anchor']:.3f} % of it)"
    )
    print(f"fixed per month, whatever the volume: ${report['fixed_usd_per_month_total']:.2f}")
    for name, usd in report["fixed_usd_per_month"].items():
        print(f"  {name:<56} ${usd:,.2f}")
    print(
        "calls per message: "
        + ", ".join(f"{k} {v}" for k, v in report["calls_per_message"].items())
    )
    print(
        f"API requests per message {report['api_requests_per_message']}, "
        f"CloudTrail data events per message {report['cloudtrail_data_events_per_message']}, "
        f"log bytes per message {report['log_bytes_per_message']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.cost",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--send-seconds",
        type=float,
        default=300,
        help="stop sending after this long (the report covers what was sent)",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=600,
        help="give up waiting for the last messages after this long",
    )
    parser.add_argument("--template", type=Path, default=ROOT / "template.yaml")
    parser.add_argument("--state-dir", type=Path, default=ROOT / ".local" / "cost")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "cost.json")
    parser.add_argument("--label", default="", help="stored in the report (e.g. before/after)")
    args = parser.parse_args(argv)
    prices = json.loads(PRICES.read_text("utf-8"))
    measured = run(
        args.messages,
        args.clients,
        args.state_dir,
        args.template,
        args.max_seconds,
        args.send_seconds,
    )
    report = cost_report(measured, prices)
    report["label"] = args.label
    print_report(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"report: {args.out}")
    if measured["messages_finished"] < measured["messages_posted"]:
        print("not every message finished within --max-seconds", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
