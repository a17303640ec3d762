"""Counting what the local stack would be billed for: a harness switch, never the functions'.

`LocalStack(..., metering_dir=path)` turns it on. Then
- each worker process registers botocore hooks on boto3's default session (the one the
  functions' clients come from) and wraps the handler: every invocation appends one JSON line
  to `<metering_dir>/<LogicalId>.jsonl` with its wall and CPU time, the memory size the
  template gives the function, and the AWS calls it made by service and operation, with
  DynamoDB read/write request units computed from the items' sizes (AWS's rules: writes per
  1 KB, reads per 4 KB, eventually consistent reads half, transactions double) and SQS
  request units (64 KB chunks);
- the parent counts the calls of the SQS pollers, which AWS makes for Lambda's event source
  mappings and bills to the account (receives that returned messages, deletes); empty
  receives are counted apart because the local poller's wait (1 s) is not Lambda's.

Item sizes the response does not show (an update inside a transaction) are read back with
a client of its own session, which the hooks do not see, and the time that takes is taken
out of the invocation's duration.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

_KB = 1024


# ------------------------------------------------------------------ item sizes
def attribute_size(value: Mapping[str, Any]) -> int:
    """Bytes of one DynamoDB attribute value, by DynamoDB's item-size rules."""
    (kind, raw), = value.items()
    if kind == "S":
        return len(raw.encode("utf-8"))
    if kind == "N":
        digits = raw.lstrip("-").replace(".", "").lstrip("0") or "0"
        return (len(digits) + 1) // 2 + 1
    if kind == "B":
        return len(raw) if isinstance(raw, bytes | bytearray) else len(str(raw))
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(s.encode("utf-8")) for s in raw)
    if kind == "NS":
        return sum(attribute_size({"N": n}) for n in raw)
    if kind == "BS":
        return sum(len(b) for b in raw)
    if kind == "L":
        return 3 + sum(attribute_size(v) + 1 for v in raw)
    if kind == "M":
        return 3 + sum(len(k.encode("utf-8")) + attribute_size(v) + 1 for k, v in raw.items())
    return 0


def item_size(item: Mapping[str, Any] | None) -> int:
    if not item:
        return 0
    return sum(len(name.encode("utf-8")) + attribute_size(v) for name, v in item.items())


def write_units(size: int) -> int:
    return max(1, math.ceil(size / _KB))


def read_units(size: int, consistent: bool) -> float:
    units = max(1, math.ceil(size / (4 * _KB)))
    return float(units) if consistent else units / 2


# -------------------------------------------------------------- the worker side
class CallMeter:
    """Counts one process's AWS calls; `take()` returns and resets what was counted."""

    def __init__(self, probe: Callable[[str, dict[str, Any]], int] | None = None) -> None:
        self._lock = threading.Lock()
        self._probe = probe  # table, key -> current item size (uncounted)
        self._reset()

    def _reset(self) -> None:
        self.calls: Counter[str] = Counter()
        self.units: Counter[str] = Counter()  # "dynamodb.wru.<table>", "sqs.requests", ...
        self.probe_s = 0.0
        self.aws_s = 0.0  # time spent waiting on the (local) AWS endpoints

    def take(self) -> tuple[dict[str, int], dict[str, float], float, float]:
        with self._lock:
            taken = dict(self.calls), dict(self.units), self.probe_s, self.aws_s
            self._reset()
            return taken

    # botocore hooks
    def remember_params(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["metering_params"] = params
        context["metering_started"] = time.perf_counter()

    def after_call(self, http_response: Any, parsed: dict[str, Any], model: Any,
                   context: dict[str, Any], **_: Any) -> None:
        service = model.service_model.endpoint_prefix
        operation = model.name
        params = context.get("metering_params") or {}
        status = getattr(http_response, "status_code", 200)
        waited = time.perf_counter() - context.get("metering_started", time.perf_counter())
        units: Counter[str] = Counter()
        probe_s = 0.0
        if service == "dynamodb":
            probe_s = self._dynamodb_units(operation, params, parsed, status, units)
        elif service == "sqs":
            units["sqs.requests"] += _sqs_requests(operation, params, parsed)
        for resource in _resources(service, operation, params):
            units[f"{service}.calls.{resource}"] += 1  # CloudTrail data events, per resource
            if operation in READ_ONLY_OPERATIONS.get(service, ()):
                units[f"{service}.reads.{resource}"] += 1  # a trail may record writes only
        with self._lock:
            self.calls[f"{service}.{operation}"] += 1
            self.units.update(units)
            self.probe_s += probe_s
            self.aws_s += waited

    def _dynamodb_units(self, operation: str, params: dict[str, Any], parsed: dict[str, Any],
                        status: int, units: Counter[str]) -> float:
        started = time.perf_counter()
        probed = False
        if operation == "GetItem":
            consistent = bool(params.get("ConsistentRead"))
            units[f"dynamodb.rru.{params.get('TableName')}"] += read_units(
                item_size(parsed.get("Item")), consistent)
        elif operation == "BatchGetItem":
            for table, request in params.get("RequestItems", {}).items():
                consistent = bool(request.get("ConsistentRead"))
                found = parsed.get("Responses", {}).get(table, [])
                missing = max(0, len(request.get("Keys", [])) - len(found))
                units[f"dynamodb.rru.{table}"] += sum(
                    read_units(item_size(i), consistent) for i in found
                ) + missing * read_units(0, consistent)
        elif operation in ("Query", "Scan"):
            consistent = bool(params.get("ConsistentRead"))
            size = sum(item_size(i) for i in parsed.get("Items", []))
            units[f"dynamodb.rru.{params.get('TableName')}"] += read_units(size, consistent)
        elif operation in ("PutItem", "DeleteItem"):
            size = item_size(params.get("Item")) if operation == "PutItem" else 0
            size = max(size, item_size(parsed.get("Attributes")))
            units[f"dynamodb.wru.{params.get('TableName')}"] += write_units(size)
        elif operation == "UpdateItem":
            size = item_size(parsed.get("Attributes"))
            if not size and status < 300 and self._probe is not None:
                size, probed = self._probe(params["TableName"], params["Key"]), True
            units[f"dynamodb.wru.{params.get('TableName')}"] += write_units(size)
        elif operation == "BatchWriteItem":
            for table, requests in params.get("RequestItems", {}).items():
                for request in requests:
                    item = request.get("PutRequest", {}).get("Item")
                    units[f"dynamodb.wru.{table}"] += write_units(item_size(item))
        elif operation == "TransactWriteItems":
            for entry in params.get("TransactItems", []):
                (kind, body), = entry.items()
                if kind == "Put":
                    size = item_size(body.get("Item"))
                elif status < 300 and self._probe is not None and kind == "Update":
                    size, probed = self._probe(body["TableName"], body["Key"]), True
                else:
                    size = 0
                units[f"dynamodb.wru.{body['TableName']}"] += 2 * write_units(size)
        return time.perf_counter() - started if probed else 0.0


# The data events CloudTrail marks readOnly: true (a selector's `readOnly` field filters on it).
READ_ONLY_OPERATIONS = {
    "dynamodb": frozenset({"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems",
                           "DescribeTable"}),
    "s3": frozenset({"GetObject", "HeadObject", "ListObjectsV2", "ListObjects",
                     "GetObjectRetention", "GetObjectLegalHold"}),
}


def _resources(service: str, operation: str, params: dict[str, Any]) -> set[str]:
    """The tables or buckets one call touches (a data event is logged per call and resource)."""
    if service == "dynamodb":
        if "TableName" in params:
            return {params["TableName"]}
        if "RequestItems" in params:
            return set(params["RequestItems"])
        if "TransactItems" in params:
            return {next(iter(e.values()))["TableName"] for e in params["TransactItems"]}
    if service == "s3" and "Bucket" in params:
        return {params["Bucket"]}
    return set()


def _sqs_requests(operation: str, params: dict[str, Any], parsed: dict[str, Any]) -> int:
    """SQS bills each 64 KB chunk of a request's payload as one request."""
    if operation == "SendMessage":
        payload = len(str(params.get("MessageBody", "")).encode())
    elif operation == "SendMessageBatch":
        payload = sum(len(str(e.get("MessageBody", "")).encode()) for e in params["Entries"])
    elif operation == "ReceiveMessage":
        payload = sum(len(m.get("Body", "").encode()) for m in parsed.get("Messages", []))
    else:
        payload = 0
    return max(1, math.ceil(payload / (64 * _KB)))


def _probe_client() -> Callable[[str, dict[str, Any]], int]:
    import boto3

    client = boto3.session.Session().client("dynamodb")  # its own session: not metered

    def probe(table: str, key: dict[str, Any]) -> int:
        item = client.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")
        return item_size(item)

    return probe


def install_worker_metering(
    out_dir: str, logical_id: str, memory_mb: int, handler: Callable[..., Any]
) -> Callable[..., Any]:
    """Called in the worker before serving: the hooks, and the handler wrapped to record."""
    import boto3

    session = boto3.DEFAULT_SESSION or boto3.setup_default_session() or boto3.DEFAULT_SESSION
    assert session is not None
    meter = CallMeter(_probe_client())
    session.events.register("before-parameter-build", meter.remember_params)
    session.events.register("after-call", meter.after_call)
    path = Path(out_dir) / f"{logical_id}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    out = path.open("a", encoding="utf-8", buffering=1)

    def metered(event: dict[str, Any], context: Any) -> Any:
        meter.take()
        started, cpu_started = time.perf_counter(), time.process_time()
        ok = False
        try:
            result = handler(event, context)
            ok = True
            return result
        finally:
            wall_s = time.perf_counter() - started
            cpu_s = time.process_time() - cpu_started
            calls, units, probe_s, aws_s = meter.take()
            records = event.get("Records") if isinstance(event, dict) else None
            out.write(json.dumps({
                "at": time.time(),
                "function": logical_id,
                "memory_mb": memory_mb,
                "ok": ok,
                "records": len(records) if isinstance(records, list) else None,
                "wall_ms": round(max(0.0, wall_s - probe_s) * 1000, 3),
                "cpu_ms": round(cpu_s * 1000, 3),
                "aws_ms": round(aws_s * 1000, 3),
                "calls": calls,
                "units": units,
            }) + "\n")

    return metered


# -------------------------------------------------------------- the parent side
class PollerMeter:
    """The SQS calls of the local event-source pollers (AWS makes them for Lambda)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls: Counter[str] = Counter()

    def attach(self, client: Any) -> None:
        client.meta.events.register("after-call.sqs", self._after_call)

    def _after_call(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        name = model.name
        if name == "ReceiveMessage" and not parsed.get("Messages"):
            name = "ReceiveMessage.empty"
        with self._lock:
            self.calls[name] += 1

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self.calls)


def read_invocations(metering_dir: Path, since: float = 0.0) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for path in sorted(Path(metering_dir).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if record["at"] >= since:
                    lines.append(record)
    return lines
