"""Fault injection for the local stack: the failures AWS will eventually hand the functions.

A switch of the local runtime, never of the functions: `LocalStack(..., faults=FaultConfig(...))`
or `python -m infra.local --faults "handler_error=0.05,throttle=0.02,..."`. The functions run
unchanged; the faults come from around them:

- `handler_error` (the worker wraps the handler): a share of SQS records fail, half before
  the handler ran (untouched), half after it finished (side effects done, then reported as
  failed, as if it raised at the very end).
- `throttle` (a botocore `before-call` hook in the worker process): a share of DynamoDB and
  SQS calls raise `ProvisionedThroughputExceededException` / `ThrottlingException`, a
  throttle that outlasted the SDK's own retries.
- `duplicate` (the poller): a share of successfully processed records are not deleted (the
  delete was lost), so SQS delivers them again, with the same MessageId.
- `reorder` (the poller): a share of batches are shuffled, and a share of records are held
  back about a second, so later records overtake them.
- `timeout` (the poller): a share of batches time out mid-batch. The function runs on a
  prefix of the batch, then the invocation counts as failed (Sandbox.Timedout) and every
  record of the batch returns to the queue.

Every injected fault is counted (parent side) or logged as a `[local-fault]` line in the worker's
log, so a run can say what it survived.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

ENV_VAR = "FRONTDESK_LOCAL_FAULTS"
THROTTLED_SERVICES = ("dynamodb", "sqs")
_THROTTLE_CODES = {
    "dynamodb": (
        "ProvisionedThroughputExceededException",
        "The level of configured provisioned throughput for the table was exceeded.",
    ),
    "sqs": ("ThrottlingException", "Rate exceeded"),
}


@dataclass(frozen=True)
class FaultConfig:
    """Shares (0..1) of records, calls or batches that fail; all zero = no faults."""

    handler_error: float = 0.0
    throttle: float = 0.0
    duplicate: float = 0.0
    reorder: float = 0.0
    timeout: float = 0.0
    seed: int | None = None
    # Logical ids the faults apply to; empty = every function.
    functions: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for name in ("handler_error", "throttle", "duplicate", "reorder", "timeout"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"fault share {name}={value} is not within 0..1")

    @property
    def active(self) -> bool:
        return any((self.handler_error, self.throttle, self.duplicate, self.reorder, self.timeout))

    def applies_to(self, logical_id: str) -> bool:
        return self.active and (not self.functions or logical_id in self.functions)

    @classmethod
    def parse(cls, spec: str) -> FaultConfig:
        """`"handler_error=0.05,throttle=0.02,seed=7,functions=RouteFunction+RespondFunction"`,
        or a preset name: `chaos` (every fault on), `none`."""
        spec = spec.strip()
        if spec in ("", "none", "off"):
            return cls()
        if spec in PRESETS:
            return PRESETS[spec]
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            name, sep, raw = part.partition("=")
            name = name.strip()
            if not sep or name not in known:
                raise ValueError(f"unknown fault setting {part!r}; known: {sorted(known)}")
            if name == "seed":
                values[name] = int(raw)
            elif name == "functions":
                values[name] = tuple(filter(None, raw.split("+")))
            else:
                values[name] = float(raw)
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["functions"] = list(self.functions)
        return data


PRESETS = {
    # What `make soak` runs: every fault at once, at rates where a record still gets through
    # within maxReceiveCount (5) nearly always; the few that do not are what the redrive is for.
    "chaos": FaultConfig(
        handler_error=0.05, throttle=0.01, duplicate=0.05, reorder=0.2, timeout=0.02
    ),
}


def _rng(config: FaultConfig, salt: str) -> random.Random:
    seed = None if config.seed is None else f"{config.seed}:{salt}"
    return random.Random(seed)  # noqa: S311 - fault injection, not cryptography


# ------------------------------------------------------------- in the worker process
def install_worker_faults(
    config_dict: dict[str, Any], logical_id: str, handler: Callable[..., Any]
) -> Callable[..., Any]:
    """Called by the worker before serving: throttling hooks, and the handler wrapped."""
    config = FaultConfig(**{**config_dict, "functions": tuple(config_dict.get("functions", ()))})
    if not config.applies_to(logical_id):
        return handler
    if config.throttle > 0:
        _install_throttling(config, logical_id)
    if config.handler_error > 0:
        return _failing_records(handler, config, logical_id)
    return handler


def _install_throttling(config: FaultConfig, logical_id: str) -> None:
    import boto3

    rng = _rng(config, f"throttle:{logical_id}")
    session = boto3.DEFAULT_SESSION or boto3.setup_default_session() or boto3.DEFAULT_SESSION
    assert session is not None

    def maybe_throttle(model: Any, **_: Any) -> tuple[Any, dict[str, Any]] | None:
        service = model.service_model.endpoint_prefix
        if service not in _THROTTLE_CODES or rng.random() >= config.throttle:
            return None
        code, message = _THROTTLE_CODES[service]
        print(f"[local-fault] throttle {service}.{model.name}", flush=True)
        # botocore takes a before-call response as the call's answer: a 400 becomes ClientError.
        return _FakeHttp(400), {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": 400, "MaxAttemptsReached": True},
        }

    for service in THROTTLED_SERVICES:
        session.events.register(f"before-call.{service}", maybe_throttle)


@dataclass
class _FakeHttp:
    status_code: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""


def _failing_records(
    handler: Callable[..., Any], config: FaultConfig, logical_id: str
) -> Callable[..., Any]:
    rng = _rng(config, f"handler:{logical_id}")

    def wrapped(event: Any, context: Any) -> Any:
        records = event.get("Records") if isinstance(event, dict) else None
        if not records:
            return handler(event, context)
        before: list[str] = []
        after: list[str] = []
        for record in records:
            if rng.random() < config.handler_error:
                (before if rng.random() < 0.5 else after).append(record["messageId"])
        if not before and not after:
            return handler(event, context)
        kept = [r for r in records if r["messageId"] not in before]
        result = handler({**event, "Records": kept}, context) if kept else {}
        if not isinstance(result, dict):
            result = {}
        failures = list(result.get("batchItemFailures") or [])
        reported = {f.get("itemIdentifier") for f in failures if isinstance(f, dict)}
        failures += [{"itemIdentifier": i} for i in before + after if i not in reported]
        print(f"[local-fault] handler_error before={len(before)} after={len(after)}", flush=True)
        return {**result, "batchItemFailures": failures}

    return wrapped


# ------------------------------------------------------------- in the poller (parent)
class DeliveryFaults:
    """The poller's side: reordering, lost deletes (duplicates), timeouts mid-batch."""

    def __init__(self, config: FaultConfig, function: str) -> None:
        self.config = config
        self._rng = _rng(config, f"poller:{function}")
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter()

    def _chance(self, share: float) -> bool:
        with self._lock:
            return share > 0 and self._rng.random() < share

    def arrange(
        self, messages: list[dict[str, Any]]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(records to deliver now, in their new order; records held back for later)."""
        if self.config.reorder <= 0:
            return messages, []
        deliver, held = [], []
        for message in messages:
            (held if self._chance(self.config.reorder / 4) else deliver).append(message)
        if not deliver:
            deliver, held = held[:1], held[1:]
        if len(deliver) > 1 and self._chance(self.config.reorder):
            with self._lock:
                self._rng.shuffle(deliver)
            self.counts["batches_shuffled"] += 1
        self.counts["records_held_back"] += len(held)
        return deliver, held

    def timeout_cut(self, size: int) -> int | None:
        """None: no timeout. Else how many records the function got through before it."""
        if not self._chance(self.config.timeout):
            return None
        self.counts["batches_timed_out"] += 1
        with self._lock:
            return self._rng.randint(0, size)

    def lose_deletes(
        self, messages: list[dict[str, Any]]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(records to delete; records whose delete is lost, so they are delivered again)."""
        if self.config.duplicate <= 0:
            return messages, []
        delete, again = [], []
        for message in messages:
            (again if self._chance(self.config.duplicate) else delete).append(message)
        self.counts["records_duplicated"] += len(again)
        return delete, again


def timed_out(request_id: str = "local-fault") -> dict[str, Any]:
    return {
        "errorMessage": f"{request_id} Task timed out (injected fault)",
        "errorType": "Sandbox.Timedout",
    }


def worker_fault_counts(log_lines: list[str]) -> Counter[str]:
    """What the workers injected, from their `[local-fault]` log lines."""
    counts: Counter[str] = Counter()
    for line in log_lines:
        if not line.startswith("[local-fault] "):
            continue
        words = line.split()
        if words[1] == "throttle":
            counts["calls_throttled"] += 1
        elif words[1] == "handler_error":
            for word in words[2:]:
                name, _, value = word.partition("=")
                counts[f"records_failed_{name}"] += int(value)
    return counts
