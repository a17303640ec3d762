"""What a handler needs to audit its work: one object, built once per container.

auditor = stage_auditor("route", settings)

def route_record(record):
    outcome = route_message(...)
    auditor.send(routed(outcome, auditor.actor, auditor.now()))

process_partial_response(..., record_handler=auditor.guard(route_record))
# a failure on the receive after which SQS dead-letters the message is audited
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from aws_lambda_powertools.utilities.batch import BatchProcessor, process_partial_response
from aws_lambda_powertools.utilities.parser.models import SqsRecordModel

from frontdesk.adapters.audit import SqsAuditSink
from frontdesk.adapters.clients import aws_client
from frontdesk.adapters.send_buffer import BufferedSink
from frontdesk.config import FunctionSettings
from frontdesk.domain.audit_events import dead_lettered, function_actor
from frontdesk.models.audit import Actor, AuditEvent
from frontdesk.models.messages import StageMessage
from frontdesk.ports import AuditSink

R = TypeVar("R", bound=SqsRecordModel)
T = TypeVar("T")


def _utc_now() -> datetime:
    return datetime.now(UTC)


class StageAuditor:
    def __init__(
        self,
        sink: AuditSink,
        actor: Actor,
        *,
        stage: str,
        max_receive_count: int,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.sink = sink
        self.actor = actor
        self.stage = stage
        self.max_receive_count = max_receive_count
        self.now = clock

    def send(self, *events: AuditEvent) -> None:
        self.sink.send(list(events))

    def flush(self) -> None:
        """Send what a buffered auditor holds (nothing to do for an unbuffered one)."""
        if isinstance(self.sink, BufferedSink):
            self.sink.flush()

    @contextmanager
    def final_attempt(self, record: SqsRecordModel) -> Iterator[None]:
        """If the body raises on the receive after which SQS dead-letters the message,
        send a `message.dead_lettered` event (error type only), then re-raise."""
        try:
            yield
        except Exception as error:
            receives = int(record.attributes.ApproximateReceiveCount or 0)
            item = record.body
            if receives >= self.max_receive_count and isinstance(item, StageMessage):
                self.send(
                    dead_lettered(
                        item,
                        self.actor,
                        self.now(),
                        stage=self.stage,
                        error_type=type(error).__name__,
                    )
                )
            raise

    def guard(self, record_handler: Callable[[R], T]) -> Callable[[R], T]:
        """`record_handler` run inside `final_attempt` (for BatchProcessor)."""

        def guarded(record: R) -> T:
            with self.final_attempt(record):
                return record_handler(record)

        return guarded


def stage_auditor(
    stage: str, settings: FunctionSettings, *, buffered: bool = False
) -> StageAuditor:
    """The auditor of a function, from its settings (audit queue, name, maxReceiveCount).
    `buffered`: events wait for `flush()` (one SendMessageBatch per ten at the batch's end)."""
    sink: AuditSink = SqsAuditSink(aws_client("sqs"), settings.audit_queue_url)
    return StageAuditor(
        BufferedSink(sink) if buffered else sink,
        function_actor(settings.function_name),
        stage=stage,
        max_receive_count=settings.max_receive_count,
    )


class Flushable(Protocol):
    def flush(self) -> None: ...


def process_stage_batch(
    event: dict[str, Any],
    context: Any,
    *,
    processor: BatchProcessor,
    record_handler: Callable[[R], None],
    auditor: StageAuditor,
    buffers: Sequence[Flushable] = (),
) -> dict[str, Any]:
    """Run a stage's SQS batch with partial failures, then send what the records buffered.

    The flush happens before the handler returns, so before Lambda deletes any record;
    if it fails, the whole batch fails and comes back (the stages resume where they were).
    """
    try:
        return dict(  # the TypedDict, as the handler's plain dict
            process_partial_response(
                event=event,
                record_handler=auditor.guard(record_handler),
                processor=processor,
                context=context,
            )
        )
    finally:
        auditor.flush()
        for buffer in buffers:
            buffer.flush()
