"""Audit writer: a batch of audit events from the audit queue -> the next object of the chain.

One writer (reserved concurrency 1) extends the chain. If the write fails, the whole
batch returns to the queue (retried, then the audit DLQ: nothing is dropped). A record
that is not an audit event fails alone and ends in the DLQ, where an alarm fires.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from frontdesk.adapters.audit import DynamoChainHeads, S3AuditObjects
from frontdesk.adapters.clients import aws_client
from frontdesk.config import AuditSettings, load_settings
from frontdesk.domain.audit_log import append_events
from frontdesk.models.audit import AuditEvent
from frontdesk.observability import logger as make_logger

logger = make_logger()
tracer = Tracer()
metrics = Metrics()


@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    settings = load_settings(AuditSettings)
    events: list[AuditEvent] = []
    failures: list[dict[str, str]] = []
    for record in event.get("Records", []):
        try:
            events.append(AuditEvent.model_validate_json(record["body"]))
        except (ValidationError, KeyError):
            failures.append({"itemIdentifier": record.get("messageId", "")})
    written = append_events(
        events,
        heads=DynamoChainHeads(aws_client("dynamodb"), settings.audit_chain_table),
        objects=S3AuditObjects(aws_client("s3"), settings.audit_bucket),
    )
    if written is not None:
        logger.info(
            "audit object written",
            extra={"key": written.key, "seq": written.seq, "events": len(events)},
        )
        metrics.add_metric(name="AuditEventsWritten", unit=MetricUnit.Count, value=len(events))
    if failures:
        logger.error("records that are not audit events", extra={"count": len(failures)})
    return {"batchItemFailures": failures}
