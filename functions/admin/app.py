"""Admin API (Cognito, admin role): organisation, sites, templates, thresholds, API keys."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from aws_lambda_powertools import Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdesk.adapters.api_keys import ApiGatewayKeys
from frontdesk.adapters.audit import SqsAuditSink
from frontdesk.adapters.clients import aws_client
from frontdesk.adapters.config_admin import DynamoConfigAdmin
from frontdesk.config import AdminSettings, load_settings
from frontdesk.domain import admin
from frontdesk.domain.access import Principal, Role, principal_from_claims
from frontdesk.errors import NotFound
from frontdesk.http_api import (
    browser_cors,
    json_response,
    parse_json_body,
    register_problem_handlers,
)
from frontdesk.models.admin import (
    ApiKeyCreate,
    ApiKeyList,
    OrganizationUpdate,
    SiteCreate,
    SiteList,
    SitePatch,
    TemplatePreviewRequest,
)
from frontdesk.observability import logger as make_logger

logger = make_logger()  # the PHI filter of frontdesk.observability
tracer = Tracer()
metrics = Metrics()
app = APIGatewayRestResolver(cors=browser_cors())  # issue 9: widget and console
register_problem_handlers(app, logger)

_SITE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_KEY_ID = re.compile(r"^[A-Za-z0-9]{1,128}$")
_NO_STORE = {"Cache-Control": "no-store"}


def _settings() -> AdminSettings:
    return load_settings(AdminSettings)


@lru_cache(maxsize=1)
def _store() -> DynamoConfigAdmin:
    return DynamoConfigAdmin(aws_client("dynamodb"), _settings().config_table)


@lru_cache(maxsize=1)
def _keys() -> ApiGatewayKeys:
    return ApiGatewayKeys(aws_client("apigateway"), _settings().usage_plan_name)


@lru_cache(maxsize=1)
def _audit() -> SqsAuditSink:
    return SqsAuditSink(aws_client("sqs"), _settings().audit_queue_url)


def _principal() -> Principal:
    """The caller, who must hold the admin role (checked before any body is read)."""
    principal = principal_from_claims(app.current_event.request_context.authorizer.claims)
    logger.append_keys(principal=principal.sub, org_id=principal.org_id)
    principal.require_role(Role.ADMIN)
    return principal


def _site_id(site_id: str) -> str:
    if not _SITE_ID.match(site_id):
        raise NotFound("No such site.")
    return site_id


def _if_match() -> str | None:
    headers = app.current_event.headers or {}
    return next((v for k, v in headers.items() if k.lower() == "if-match"), None)


def _with_etag(status: int, body: Any, version: int) -> Response:
    return json_response(status, body, headers={**_NO_STORE, "ETag": admin.etag_of(version)})


@app.get("/v1/admin/organization")
def get_organization() -> Response:
    org = admin.get_organization(_principal(), _store())
    return _with_etag(200, org, org.version)


@app.put("/v1/admin/organization")
def put_organization() -> Response:
    principal = _principal()
    update = parse_json_body(app.current_event, OrganizationUpdate)
    org = admin.put_organization(principal, update, _if_match(), store=_store(), audit=_audit())
    return _with_etag(200, org, org.version)


@app.get("/v1/admin/sites")
def list_sites() -> Response:
    sites = admin.list_sites(_principal(), _store())
    return json_response(200, SiteList(items=tuple(sites)), headers=_NO_STORE)


@app.post("/v1/admin/sites")
def create_site() -> Response:
    principal = _principal()
    body = parse_json_body(app.current_event, SiteCreate)
    site = admin.create_site(
        principal, body.model_dump(mode="json"), store=_store(), audit=_audit()
    )
    response = _with_etag(201, site, site.version)
    response.headers["Location"] = f"/v1/admin/sites/{site.site_id}"
    return response


@app.get("/v1/admin/sites/<site_id>")
def get_site(site_id: str) -> Response:
    site = admin.get_site(_principal(), _site_id(site_id), _store())
    return _with_etag(200, site, site.version)


@app.patch("/v1/admin/sites/<site_id>")
def patch_site(site_id: str) -> Response:
    principal = _principal()
    patch = parse_json_body(app.current_event, SitePatch)
    site = admin.patch_site(
        principal,
        _site_id(site_id),
        patch.model_dump(mode="json", exclude_unset=True),
        _if_match(),
        store=_store(),
        audit=_audit(),
    )
    return _with_etag(200, site, site.version)


@app.post("/v1/admin/sites/<site_id>/templates/preview")
def preview_template(site_id: str) -> Response:
    principal = _principal()
    request = parse_json_body(app.current_event, TemplatePreviewRequest)
    preview = admin.preview_template(principal, _site_id(site_id), request, _store())
    return json_response(200, preview, headers=_NO_STORE)


@app.get("/v1/admin/sites/<site_id>/api-keys")
def list_api_keys(site_id: str) -> Response:
    views = admin.list_api_keys(_principal(), _site_id(site_id), store=_store(), keys=_keys())
    return json_response(200, ApiKeyList(items=tuple(views)), headers=_NO_STORE)


@app.post("/v1/admin/sites/<site_id>/api-keys")
def create_api_key(site_id: str) -> Response:
    principal = _principal()
    request = parse_json_body(app.current_event, ApiKeyCreate)
    created = admin.create_api_key(
        principal, _site_id(site_id), request.name, store=_store(), keys=_keys(), audit=_audit()
    )
    logger.info("api key created", extra={"site_id": site_id, "api_key_id": created.key_id})
    return json_response(201, created, headers=_NO_STORE)


@app.delete("/v1/admin/sites/<site_id>/api-keys/<key_id>")
def revoke_api_key(site_id: str, key_id: str) -> Response:
    principal = _principal()
    if not _KEY_ID.match(key_id):
        raise NotFound("No such API key for this site.")
    admin.revoke_api_key(
        principal, _site_id(site_id), key_id, store=_store(), keys=_keys(), audit=_audit()
    )
    logger.info("api key revoked", extra={"site_id": site_id, "api_key_id": key_id})
    return Response(204, None, "", headers=_NO_STORE)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
