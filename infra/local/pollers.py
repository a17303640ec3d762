"""SQS event sources: long-poll each queue and invoke the function with Lambda's SQS event.

moto moves a message to the queue's dead-letter queue itself (on a receive, once the
message's receive count has reached maxReceiveCount), as SQS does; the poller only has to
leave failed records on the queue.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from infra.local.faults import DeliveryFaults, timed_out
from infra.local.workers import Invocation

FAST_RETRY_VISIBILITY_S = 1  # local-only: a failed record is retried after 1 s


@dataclass(frozen=True)
class SqsEventSource:
    uuid: str
    function: str  # logical id
    queue_arn: str
    queue_url: str
    batch_size: int
    batching_window_s: int
    report_batch_item_failures: bool


class InFlight:
    """Counts invocations in progress, so drain() knows when the stack is idle."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        with self._lock:
            self._count += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._count -= 1

    @property
    def count(self) -> int:
        with self._lock:
            return self._count


def lambda_record(message: dict[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    """One Records[] entry exactly as Lambda builds it from an SQS message."""
    attributes = message.get("Attributes", {})
    wanted = ("ApproximateReceiveCount", "SentTimestamp", "SenderId",
              "ApproximateFirstReceiveTimestamp", "SequenceNumber", "MessageGroupId",
              "MessageDeduplicationId", "AWSTraceHeader", "DeadLetterQueueSourceArn")
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message.get("Body", ""),
        "attributes": {k: attributes[k] for k in wanted if k in attributes},
        "messageAttributes": {
            name: _lambda_attribute(value)
            for name, value in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message.get("MD5OfBody"),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


def _lambda_attribute(value: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {
        "stringValue": value.get("StringValue"),
        "binaryValue": value.get("BinaryValue"),
        "stringListValues": value.get("StringListValues", []),
        "binaryListValues": value.get("BinaryListValues", []),
        "dataType": value["DataType"],
    }
    if converted["binaryValue"] is None:
        del converted["binaryValue"]
    if converted["stringValue"] is None:
        del converted["stringValue"]
    return converted


def failed_ids(source: SqsEventSource, result: Invocation, batch_ids: list[str]) -> set[str]:
    """Which records go back to the queue, by Lambda's rules for (partial) batch failure."""
    if not result.ok:
        return set(batch_ids)
    if not source.report_batch_item_failures:
        return set()
    payload = result.payload
    if not isinstance(payload, dict) or not payload.get("batchItemFailures"):
        return set()
    failures = payload["batchItemFailures"]
    ids = {f.get("itemIdentifier") if isinstance(f, dict) else None for f in failures}
    if None in ids or "" in ids or not ids <= set(batch_ids):
        return set(batch_ids)  # an invalid response fails the whole batch, as in Lambda
    return ids  # type: ignore[return-value]


class SqsPoller:
    def __init__(self, source: SqsEventSource, sqs: Any,
                 invoke: Callable[[dict[str, Any]], Invocation], in_flight: InFlight,
                 region: str, fast_retry: bool, faults: DeliveryFaults | None = None) -> None:
        self.source = source
        self.faults = faults  # infra.local.faults: reorder, lost deletes, timeouts mid-batch
        self._sqs = sqs
        self._invoke = invoke
        self._in_flight = in_flight
        self._region = region
        self._fast_retry = fast_retry
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"sqs-{source.function}",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
            except Exception as error:  # noqa: BLE001 - keep polling, as Lambda's pollers do
                if not self._stop.is_set():
                    print(f"[local] poller {self.source.function}: {type(error).__name__}: {error}")
                    time.sleep(1)

    def poll_once(self) -> None:
        messages = self._receive(wait_s=1)
        if not messages:
            return
        with self._in_flight:
            messages += self._fill_batch(len(messages))
            if self.faults is not None:
                self._poll_with_faults(messages, self.faults)
                return
            event = {"Records": [lambda_record(m, self.source.queue_arn, self._region)
                                 for m in messages]}
            result = self._invoke(event)
            ids = [m["MessageId"] for m in messages]
            failed = failed_ids(self.source, result, ids)
            self._delete([m for m in messages if m["MessageId"] not in failed])
            if self._fast_retry:
                self._retry_soon([m for m in messages if m["MessageId"] in failed])

    def _poll_with_faults(self, messages: list[dict[str, Any]], faults: DeliveryFaults) -> None:
        messages, held = faults.arrange(messages)
        self._retry_soon(held)
        records = [lambda_record(m, self.source.queue_arn, self._region) for m in messages]
        cut = faults.timeout_cut(len(records))
        if cut is None:
            result = self._invoke({"Records": records})
        else:  # the function got through records[:cut], then its time ran out
            if cut:
                self._invoke({"Records": records[:cut]})
            result = Invocation(False, timed_out())
        ids = [m["MessageId"] for m in messages]
        failed = failed_ids(self.source, result, ids)
        done, again = faults.lose_deletes([m for m in messages if m["MessageId"] not in failed])
        self._delete(done)
        if self._fast_retry:
            self._retry_soon([m for m in messages if m["MessageId"] in failed] + again)

    def _receive(self, wait_s: int, limit: int = 10) -> list[dict[str, Any]]:
        response = self._sqs.receive_message(
            QueueUrl=self.source.queue_url,
            MaxNumberOfMessages=max(1, min(self.source.batch_size, 10, limit)),
            WaitTimeSeconds=wait_s,
            AttributeNames=["All"],
            MessageSystemAttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        return response.get("Messages", [])

    def _fill_batch(self, have: int) -> list[dict[str, Any]]:
        """Within MaximumBatchingWindowInSeconds, gather up to BatchSize records."""
        more: list[dict[str, Any]] = []
        deadline = time.monotonic() + self.source.batching_window_s
        while have + len(more) < self.source.batch_size and time.monotonic() < deadline:
            wait = max(0, min(1, int(deadline - time.monotonic())))
            got = self._receive(wait, self.source.batch_size - have - len(more))
            more += got
            if not got and wait == 0:
                time.sleep(0.05)
        return more

    def _delete(self, messages: list[dict[str, Any]]) -> None:
        for start in range(0, len(messages), 10):
            chunk = messages[start:start + 10]
            self._sqs.delete_message_batch(QueueUrl=self.source.queue_url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(chunk)])

    def _retry_soon(self, messages: list[dict[str, Any]]) -> None:
        for start in range(0, len(messages), 10):
            chunk = messages[start:start + 10]
            self._sqs.change_message_visibility_batch(QueueUrl=self.source.queue_url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"],
                 "VisibilityTimeout": FAST_RETRY_VISIBILITY_S} for i, m in enumerate(chunk)])
