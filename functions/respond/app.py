"""Stage 4: render the site's reply and store it for the patient's channel."""

from __future__ import annotations

from functools import cache
from typing import Any

from aws_lambda_powertools import Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdesk.adapters.clients import aws_client
from frontdesk.adapters.dynamodb import DynamoMessageRepository, cached_config_repository
from frontdesk.adapters.ledger import DynamoSpendLedger, DynamoTariffBook
from frontdesk.adapters.staff_dynamodb import DynamoStaffMessages
from frontdesk.auditing import process_stage_batch, stage_auditor
from frontdesk.config import RespondSettings, load_settings
from frontdesk.domain.audit_events import responded
from frontdesk.domain.spend import SpendAccounting
from frontdesk.domain.staff import deliver_staff_reply, reply_delivered_event
from frontdesk.domain.stages import respond_to_message
from frontdesk.finance_config import ledger_settings
from frontdesk.models.messages import StageRecord
from frontdesk.observability import logger as make_logger

logger = make_logger()
tracer = Tracer()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, model=StageRecord)


@cache
def _spend(messages_table: str, config_table: str) -> SpendAccounting:
    """The ledger and the tariffs (cached per container, like the rest of the config)."""
    ledger = ledger_settings()
    dynamodb = aws_client("dynamodb")
    return SpendAccounting(
        ledger=DynamoSpendLedger(dynamodb, messages_table, ledger.ledger_table),
        tariffs=DynamoTariffBook(dynamodb, config_table),
        aws_cost_nanos_per_message=ledger.aws_cost_nanos_per_message,
    )


@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    settings = load_settings(RespondSettings)
    messages = DynamoMessageRepository(aws_client("dynamodb"), settings.messages_table)
    config = cached_config_repository(settings.config_table)
    # Audit events leave together at the end, ten per SendMessageBatch.
    auditor = stage_auditor("respond", settings, buffered=True)
    staff_messages = DynamoStaffMessages(aws_client("dynamodb"), settings.messages_table)

    def respond_record(record: StageRecord) -> None:
        outcome = respond_to_message(
            record.body,
            messages=messages,
            config=config,
            spend=_spend(settings.messages_table, settings.config_table),
        )
        # issue 6: a message in a staff state (claimed/resolved) is here for its staff reply
        staff = deliver_staff_reply(outcome.record, messages=staff_messages)
        if staff is not None:
            delivered, now = staff
            if now:
                auditor.send(reply_delivered_event(delivered, auditor.actor, auditor.now()))
                metrics.add_metric(name="StaffRepliesDelivered", unit=MetricUnit.Count, value=1)
            logger.info(
                "staff reply",
                extra={"message_id": delivered.message_id, "resumed": not now},
            )
            return
        auditor.send(responded(outcome, auditor.actor, auditor.now()))
        logger.info(
            "responded",
            extra={
                "message_id": outcome.message_id,
                "status": outcome.status,
                "resumed": outcome.resumed,
            },
        )
        if not outcome.resumed:
            metrics.add_metric(
                name=f"Messages_{outcome.status.value}", unit=MetricUnit.Count, value=1
            )

    return process_stage_batch(
        event,
        context,
        processor=processor,
        record_handler=respond_record,
        auditor=auditor,
    )
