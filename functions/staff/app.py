"""Staff API (Cognito): desk queues, audited text views, claim, resolve, reply."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from aws_lambda_powertools import Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from frontdesk.adapters.audit import SqsAuditSink
from frontdesk.adapters.clients import aws_client
from frontdesk.adapters.config_admin import DynamoConfigAdmin
from frontdesk.adapters.dynamodb import cached_config_repository
from frontdesk.adapters.sqs import SqsStageQueue
from frontdesk.adapters.staff_dynamodb import DynamoStaffMessages, DynamoTextReader
from frontdesk.config import StaffSettings, load_settings
from frontdesk.domain.access import Principal, principal_from_claims
from frontdesk.domain.staff import (
    claim_message,
    list_queue,
    queue_item,
    reply_to_patient,
    resolve_message,
    view_text,
    visible_record,
)
from frontdesk.errors import NotFound, ValidationFailed
from frontdesk.http_api import (
    browser_cors,
    json_response,
    parse_json_body,
    register_problem_handlers,
    safe_errors,
)
from frontdesk.models.staff import (
    Me,
    QueueQuery,
    ReplyRequest,
    ResolveRequest,
    StaffSite,
    ViewTextRequest,
)
from frontdesk.observability import logger as make_logger

logger = make_logger()  # the PHI filter of frontdesk.observability
tracer = Tracer()
metrics = Metrics()
app = APIGatewayRestResolver(cors=browser_cors())  # issue 9: widget and console
register_problem_handlers(app, logger)

_MESSAGE_ID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _settings() -> StaffSettings:
    return load_settings(StaffSettings)


@lru_cache(maxsize=1)
def _messages() -> DynamoStaffMessages:
    return DynamoStaffMessages(aws_client("dynamodb"), _settings().messages_table)


@lru_cache(maxsize=1)
def _texts() -> DynamoTextReader:
    return DynamoTextReader(aws_client("dynamodb"), _settings().message_text_table)


@lru_cache(maxsize=1)
def _config_documents() -> DynamoConfigAdmin:
    return DynamoConfigAdmin(aws_client("dynamodb"), _settings().config_table)


@lru_cache(maxsize=1)
def _audit() -> SqsAuditSink:
    return SqsAuditSink(aws_client("sqs"), _settings().audit_queue_url)


@lru_cache(maxsize=1)
def _respond_queue() -> SqsStageQueue:
    return SqsStageQueue(aws_client("sqs"), _settings().respond_queue_url)


def _principal() -> Principal:
    principal = principal_from_claims(app.current_event.request_context.authorizer.claims)
    logger.append_keys(principal=principal.sub, org_id=principal.org_id)
    return principal


def _desk_worker() -> Principal:
    """The caller, who must work some desk (checked before any body is read)."""
    principal = _principal()
    principal.require_desk_role()
    return principal


def _message_id(message_id: str) -> str:
    if not _MESSAGE_ID.match(message_id):
        raise NotFound("No such message in your queues.")
    return message_id


@app.get("/v1/staff/me")
def me() -> Response:
    principal = _principal()
    return json_response(
        200,
        Me(
            sub=principal.sub,
            org_id=principal.org_id,
            roles=tuple(sorted(principal.roles)),
            desks=tuple(sorted(principal.desks)),
            sites=tuple(
                StaffSite(site_id=site.site_id, name=site.name)
                for site in sorted(
                    _config_documents().sites_of(principal.org_id), key=lambda s: s.site_id
                )
            ),
        ),
        headers=_NO_STORE,
    )


@app.get("/v1/staff/queue")
def queue() -> Response:
    principal = _desk_worker()
    try:
        query = QueueQuery.model_validate(app.current_event.query_string_parameters or {})
    except ValidationError as exc:
        raise ValidationFailed(
            "The query parameters do not match the schema.", errors=safe_errors(exc)
        ) from None
    page = list_queue(principal, query, config=_config(), messages=_messages())
    return json_response(200, page, headers=_NO_STORE)


@app.get("/v1/staff/messages/<message_id>")
def get_item(message_id: str) -> Response:
    principal = _desk_worker()
    record = visible_record(principal, _message_id(message_id), _messages())
    return json_response(200, queue_item(record), headers=_NO_STORE)


@app.post("/v1/staff/messages/<message_id>/view-text")
def view(message_id: str) -> Response:
    principal = _desk_worker()
    request = parse_json_body(app.current_event, ViewTextRequest)
    shown = view_text(
        principal,
        _message_id(message_id),
        request.reason,
        messages=_messages(),
        texts=_texts(),
        audit=_audit(),
    )
    metrics.add_metric(name="TextViews", unit=MetricUnit.Count, value=1)
    logger.info("text viewed", extra={"message_id": message_id, "reason": request.reason.value})
    return json_response(200, shown, headers=_NO_STORE)


@app.post("/v1/staff/messages/<message_id>/claim")
def claim(message_id: str) -> Response:
    principal = _desk_worker()
    record = claim_message(principal, _message_id(message_id), messages=_messages(), audit=_audit())
    return json_response(200, queue_item(record), headers=_NO_STORE)


@app.post("/v1/staff/messages/<message_id>/resolve")
def resolve(message_id: str) -> Response:
    principal = _desk_worker()
    request = parse_json_body(app.current_event, ResolveRequest)
    record = resolve_message(
        principal, _message_id(message_id), request.outcome, messages=_messages(), audit=_audit()
    )
    return json_response(200, queue_item(record), headers=_NO_STORE)


@app.post("/v1/staff/messages/<message_id>/reply")
def reply(message_id: str) -> Response:
    principal = _desk_worker()
    request = parse_json_body(app.current_event, ReplyRequest)
    accepted = reply_to_patient(
        principal,
        _message_id(message_id),
        request.text,
        messages=_messages(),
        respond_queue=_respond_queue(),
        audit=_audit(),
    )
    metrics.add_metric(name="StaffReplies", unit=MetricUnit.Count, value=1)
    logger.info("staff reply stored", extra={"message_id": message_id, "chars": len(request.text)})
    return json_response(202, accepted, headers=_NO_STORE)


def _config() -> Any:
    return cached_config_repository(_settings().config_table)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
