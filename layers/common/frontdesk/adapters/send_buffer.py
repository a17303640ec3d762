"""Sends that wait for the end of the invocation and leave in SendMessageBatch calls.

A stage handles a batch of up to 10-16 records; sending each record's forward and each audit
event on its own costs one SQS request apiece. Buffered, they leave together when the
handler has processed the batch, ten per request, before the handler returns, so before
Lambda deletes a single record. If a flush fails, the handler fails: every record of the
batch comes back, and the stages, which resume where they stopped, send again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from frontdesk.models.messages import StageMessage

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient
else:
    SQSClient = Any

_SQS_BATCH = 10


class SendFailed(Exception):
    def __init__(self, failed: int) -> None:
        super().__init__(f"{failed} queue message(s) were not accepted")
        self.failed = failed


class _Sink(Protocol):
    def send(self, events: Sequence[Any]) -> None: ...


def send_batches(client: SQSClient, queue_url: str, bodies: Sequence[str]) -> None:
    failed = 0
    for start in range(0, len(bodies), _SQS_BATCH):
        chunk = bodies[start : start + _SQS_BATCH]
        response = client.send_message_batch(
            QueueUrl=queue_url,
            Entries=[{"Id": str(i), "MessageBody": body} for i, body in enumerate(chunk)],
        )
        failed += len(response.get("Failed") or [])
    if failed:
        raise SendFailed(failed)


class BufferedStageQueue:
    """The next stage's queue: `send` collects, `flush` delivers (SendMessageBatch)."""

    def __init__(self, client: SQSClient, queue_url: str) -> None:
        self._client = client
        self._url = queue_url
        self._pending: list[StageMessage] = []

    def send(self, message: StageMessage) -> None:
        self._pending.append(message)

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        unique = list(dict.fromkeys(m.model_dump_json() for m in pending))
        send_batches(self._client, self._url, unique)


class BufferedSink:
    """Wraps a sink whose `send` takes a sequence (the audit sink): one call at flush."""

    def __init__(self, inner: _Sink) -> None:
        self._inner = inner
        self._pending: list[Any] = []

    def send(self, events: Sequence[Any]) -> None:
        self._pending.extend(events)

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            self._inner.send(pending)
