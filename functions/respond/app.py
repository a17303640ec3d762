"""Stage 4: render the site's reply and store it for the patient's channel."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from frontdesk.adapters.clients import aws_client
from frontdesk.adapters.dynamodb import DynamoMessageRepository, cached_config_repository
from frontdesk.config import RespondSettings, load_settings
from frontdesk.domain.stages import respond_to_message
from frontdesk.models.messages import StageRecord

logger = Logger()
tracer = Tracer()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, model=StageRecord)


@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    settings = load_settings(RespondSettings)
    messages = DynamoMessageRepository(aws_client("dynamodb"), settings.messages_table)
    config = cached_config_repository(settings.config_table)

    def respond_record(record: StageRecord) -> None:
        outcome = respond_to_message(record.body, messages=messages, config=config)
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

    return process_partial_response(
        event=event, record_handler=respond_record, processor=processor, context=context
    )
