"""What every API handler shares: body parsing, API-key -> site, problem+json errors."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
from pydantic import BaseModel, ValidationError

from frontdesk.errors import (
    PROBLEM_CONTENT_TYPE,
    Forbidden,
    InvalidJson,
    NotFound,
    PayloadTooLarge,
    Problem,
    ServiceUnavailable,
    UnsupportedMediaType,
    ValidationFailed,
)
from frontdesk.models.config import ApiKeyBinding
from frontdesk.ports import ConfigRepository

MAX_BODY_BYTES = 16 * 1024

M = TypeVar("M", bound=BaseModel)


def browser_cors() -> CORSConfig:
    """issue 9: the patient widget (on a practice's page) and the staff console (on the
    CloudFront domain) call the API cross-origin. Keys and tokens travel in headers, never
    in cookies, so any origin may read the answers; the template's Cors answers preflights."""
    return CORSConfig(
        allow_origin="*",
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "If-Match",
                       "X-Api-Key"],
        expose_headers=["ETag", "Location", "Retry-After"],
        max_age=600,
        allow_credentials=False,
    )


def json_response(
    status: int, body: BaseModel | dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    payload = body.model_dump_json() if isinstance(body, BaseModel) else json.dumps(body)
    return Response(status, "application/json", payload, headers=headers)


def problem_response(problem: Problem, request_id: str | None) -> Response:
    return Response(
        problem.status, PROBLEM_CONTENT_TYPE, json.dumps(problem.to_document(request_id))
    )


def parse_json_body(event: APIGatewayProxyEvent, model: type[M]) -> M:
    content_type = event.headers.get("content-type") or event.headers.get("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise UnsupportedMediaType("Send the body as application/json.")
    try:
        raw = event.decoded_body or ""  # a base64 body that is not UTF-8 raises here
        size = len(raw.encode("utf-8"))
    except (UnicodeDecodeError, UnicodeEncodeError, ValueError):
        raise InvalidJson("The body is not valid UTF-8 JSON.") from None
    if size > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"The body may be at most {MAX_BODY_BYTES} bytes.")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidJson("The body is not valid JSON.") from exc
    except RecursionError:  # nested deeper than the parser goes: not a body we accept
        raise InvalidJson("The body is nested too deeply.") from None
    if not isinstance(data, dict):
        raise ValidationFailed("The body must be a JSON object.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            "The body does not match the schema.", errors=safe_errors(exc)
        ) from None


def safe_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """Validation errors without the offending input (which may be PHI)."""
    return [
        {"field": ".".join(str(p) for p in e["loc"]), "problem": e["type"], "message": e["msg"]}
        for e in exc.errors(include_url=False, include_context=False, include_input=False)
    ]


def site_binding(event: APIGatewayProxyEvent, config: ConfigRepository) -> ApiKeyBinding:
    """API Gateway checked the key; here the key is mapped to the one site it speaks for."""
    api_key_id = event.request_context.identity.api_key_id
    binding = config.api_key_binding(api_key_id) if api_key_id else None
    if binding is None or not binding.enabled:
        raise Forbidden("This API key is not bound to a site.")
    return binding


def register_problem_handlers(app: APIGatewayRestResolver, logger: Logger) -> None:
    def request_id() -> str | None:
        return app.current_event.request_context.request_id

    @app.exception_handler(Problem)
    def _problem(exc: Problem) -> Response:
        logger.info("request rejected", extra={"problem": exc.code, "status": exc.status})
        return problem_response(exc, request_id())

    @app.exception_handler(NotFoundError)
    def _no_route(exc: NotFoundError) -> Response:
        return problem_response(NotFound("No such route."), request_id())

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response:
        # The type only: messages and tracebacks of arbitrary errors may carry input.
        logger.error("unhandled error", extra={"error_type": type(exc).__name__})
        return problem_response(
            ServiceUnavailable("The request could not be completed; retry later."), request_id()
        )
