"""Stage 3: the tier policy and the site's rules decide: answer, desk, or escalation."""

from __future__ import annotations

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
from frontdesk.adapters.send_buffer import BufferedStageQueue
from frontdesk.auditing import process_stage_batch, stage_auditor
from frontdesk.config import RouteSettings, load_settings
from frontdesk.domain.audit_events import routed
from frontdesk.domain.stages import route_message
from frontdesk.models.messages import StageRecord
from frontdesk.observability import logger as make_logger

logger = make_logger()
tracer = Tracer()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, model=StageRecord)


@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    settings = load_settings(RouteSettings)
    messages = DynamoMessageRepository(aws_client("dynamodb"), settings.messages_table)
    # Forwards and audit events leave together at the end, ten per SendMessageBatch.
    next_stage = BufferedStageQueue(aws_client("sqs"), settings.respond_queue_url)
    config = cached_config_repository(settings.config_table)
    auditor = stage_auditor("route", settings, buffered=True)

    def route_record(record: StageRecord) -> None:
        outcome = route_message(
            record.body,
            messages=messages,
            config=config,
            next_stage=next_stage,
            default_threshold=settings.default_confidence_threshold,
        )
        auditor.send(routed(outcome, auditor.actor, auditor.now()))
        logger.info(
            "routed",
            extra={
                "message_id": outcome.message_id,
                "status": outcome.status,
                "resumed": outcome.resumed,
            },
        )
        metrics.add_metric(name="MessagesRouted", unit=MetricUnit.Count, value=1)

    return process_stage_batch(
        event,
        context,
        processor=processor,
        record_handler=route_record,
        auditor=auditor,
        buffers=[next_stage],
    )
