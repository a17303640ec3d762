"""Patient API: accept a message (202), read its status, health."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from aws_lambda_powertools import Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from ulid import ULID

import frontdesk
from frontdesk.adapters.clients import aws_client
from frontdesk.adapters.dynamodb import (
    DynamoConfigRepository,
    DynamoMessageRepository,
    DynamoTextVault,
    cached_config_repository,
)
from frontdesk.adapters.sqs import SqsStageQueue
from frontdesk.auditing import stage_auditor
from frontdesk.config import IngestSettings, load_settings
from frontdesk.domain.audit_events import received
from frontdesk.domain.staff_reply import delivered_staff_reply
from frontdesk.domain.stages import (
    accept_message,
    decided_reading,
    read_message,
    submission_message_id,
)
from frontdesk.errors import Conflict, IdempotencyConflict, NotFound, ValidationFailed
from frontdesk.http_api import (
    browser_cors,
    json_response,
    parse_json_body,
    register_problem_handlers,
    site_binding,
)
from frontdesk.models.api import Health, Links, MessageAccepted, MessageView, SubmitMessage
from frontdesk.models.config import ApiKeyBinding
from frontdesk.observability import logger as make_logger

logger = make_logger()
tracer = Tracer()
metrics = Metrics()
app = APIGatewayRestResolver(cors=browser_cors())  # issue 9: widget and console
register_problem_handlers(app, logger)

_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")
_MESSAGE_ID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")


def _config() -> DynamoConfigRepository:
    return cached_config_repository(load_settings(IngestSettings).config_table)


@lru_cache(maxsize=1)
def _messages() -> DynamoMessageRepository:
    return DynamoMessageRepository(
        aws_client("dynamodb"), load_settings(IngestSettings).messages_table
    )


def _message_id(submission: dict[str, Any]) -> str:
    key = submission.get("idempotency_key")
    if key is None:
        return str(ULID())
    return submission_message_id(submission["binding"]["site_id"], key)


def _accept(submission: dict[str, Any]) -> dict[str, Any]:
    settings = load_settings(IngestSettings)
    dynamodb = aws_client("dynamodb")
    record = accept_message(
        SubmitMessage.model_validate(submission["request"]),
        ApiKeyBinding.model_validate(submission["binding"]),
        new_id=lambda: _message_id(submission),
        messages=_messages(),
        texts=DynamoTextVault(dynamodb, settings.message_text_table),
        config=_config(),
        next_stage=SqsStageQueue(aws_client("sqs"), settings.classify_queue_url),
        retention_days=settings.message_text_retention_days,
    )
    auditor = stage_auditor("ingest", settings)
    auditor.send(received(record, auditor.actor, auditor.now()))
    metrics.add_metric(name="MessagesAccepted", unit=MetricUnit.Count, value=1)
    logger.info(
        "message accepted",
        extra={
            "message_id": record.message_id,
            "site_id": record.site_id,
            "chars": record.text_length,
        },
    )
    return MessageAccepted(
        message_id=record.message_id,
        status=record.status,
        links=Links(self=f"/v1/messages/{record.message_id}"),
    ).model_dump(mode="json")


@lru_cache(maxsize=1)
def _idempotency() -> tuple[Any, IdempotencyConfig]:
    config = IdempotencyConfig(
        # One key space per site; the body must match on replay (its hash, not its text, is kept).
        event_key_jmespath="[binding.site_id, idempotency_key]",
        payload_validation_jmespath="request",
        expires_after_seconds=24 * 3600,
    )
    store = DynamoDBPersistenceLayer(
        table_name=load_settings(IngestSettings).idempotency_table,
        boto3_client=aws_client("dynamodb"),
    )
    return idempotent_function(
        data_keyword_argument="submission", persistence_store=store, config=config
    )(_accept), config


@app.post("/v1/messages")
def post_message() -> Response:
    request = parse_json_body(app.current_event, SubmitMessage)
    binding = site_binding(app.current_event, _config())
    submission = {
        "request": request.model_dump(mode="json"),
        "binding": binding.model_dump(mode="json"),
    }
    key = app.current_event.headers.get("idempotency-key") or app.current_event.headers.get(
        "Idempotency-Key"
    )
    if key is None:
        accepted = _accept(submission)
    elif not _IDEMPOTENCY_KEY.match(key):
        raise ValidationFailed("Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 _ . : -")
    else:
        accept_once, config = _idempotency()
        config.register_lambda_context(app.lambda_context)
        try:
            accepted = accept_once(submission={**submission, "idempotency_key": key})
        except IdempotencyValidationError:
            raise IdempotencyConflict(
                "This Idempotency-Key was already used with a different body."
            ) from None
        except IdempotencyAlreadyInProgressError:
            raise Conflict("A request with this Idempotency-Key is still in progress.") from None
    return json_response(202, accepted, headers={"Location": accepted["links"]["self"]})


@app.get("/v1/messages/<message_id>")
def get_message(message_id: str) -> Response:
    if not _MESSAGE_ID.match(message_id):
        raise NotFound("No such message for this API key.")
    binding = site_binding(app.current_event, _config())
    record = read_message(message_id, binding, _messages())
    shown_intent, shown_confidence = decided_reading(record)
    view = MessageView(
        message_id=record.message_id,
        site_id=record.site_id,
        channel=record.channel,
        status=record.status,
        received_at=record.received_at,
        client_ref=record.client_ref,
        intent=shown_intent,
        confidence=shown_confidence,
        tier=record.tier,
        action=record.action,
        desk=record.desk,
        reply=record.reply_text,
        urgent_contact=record.urgent_contact,
        answered_at=record.answered_at,
        **delivered_staff_reply(record),  # issue 6
    )
    return json_response(200, view)


@app.get("/v1/health")
def health() -> Response:
    return json_response(200, Health(status="ok", version=frontdesk.__version__))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
