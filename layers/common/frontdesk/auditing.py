"""What a handler needs to audit its work: one object, built once per container.

auditor = stage_auditor("route", settings)

def route_record(record):
    outcome = route_message(...)
    auditor.send(routed(outcome, auditor.actor, auditor.now()))

process_partial_response(..., record_handler=auditor.guard(route_record))
# a failure on the receive after which SQS dead-letters the message is audited
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TypeVar

from aws_lambda_powertools.utilities.parser.models import SqsRecordModel

from frontdesk.adapters.audit import SqsAuditSink
from frontdesk.adapters.clients import aws_client
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


def stage_auditor(stage: str, settings: FunctionSettings) -> StageAuditor:
    """The auditor of a function, from its settings (audit queue, name, maxReceiveCount)."""
    return StageAuditor(
        SqsAuditSink(aws_client("sqs"), settings.audit_queue_url),
        function_actor(settings.function_name),
        stage=stage,
        max_receive_count=settings.max_receive_count,
    )
