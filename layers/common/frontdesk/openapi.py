"""The OpenAPI 3.1 document of the whole API (patient, staff, admin, finance), built from
the same pydantic models the handlers validate with, so it cannot drift from them.

tests/unit/test_openapi.py checks it against the routes and authorizers of template.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

import frontdesk
from frontdesk.models.admin import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyList,
    OrganizationUpdate,
    SiteCreate,
    SiteList,
    SitePatch,
    TemplatePreview,
    TemplatePreviewRequest,
)
from frontdesk.models.api import (
    ClassifyResult,
    ClassifyText,
    Health,
    MessageAccepted,
    MessageView,
    SubmitMessage,
)
from frontdesk.models.config import Organization, Site
from frontdesk.models.staff import (
    Me,
    QueueItem,
    QueuePage,
    QueueQuery,
    ReplyAccepted,
    ReplyRequest,
    ResolveRequest,
    TextView,
    ViewTextRequest,
)

Security = Literal["site_key", "staff", "none"]
_REF = "#/components/schemas/{model}"
_MESSAGE_ID = {"type": "string", "pattern": "^[0-9A-HJKMNP-TV-Z]{26}$"}
_SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,62}$"}
_KEY_ID = {"type": "string", "pattern": "^[A-Za-z0-9]{1,128}$"}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    tag: str
    security: Security
    status: int
    response: type[BaseModel] | None = None
    request: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    path_params: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: tuple[int, ...] = ()
    headers: tuple[str, ...] = ()  # request headers: "Idempotency-Key", "If-Match"
    etag: bool = False  # the response carries an ETag
    media: str = "application/json"


def _ops() -> list[Operation]:
    mid = {"message_id": _MESSAGE_ID}
    site = {"site_id": _SLUG}
    ops = [
        # patient (site API key)
        Operation(
            "post",
            "/v1/messages",
            "submitMessage",
            "Submit a patient message",
            "patient",
            "site_key",
            202,
            MessageAccepted,
            SubmitMessage,
            errors=(403, 404, 413, 415, 422),
            headers=("Idempotency-Key",),
        ),
        Operation(
            "get",
            "/v1/messages/{message_id}",
            "getMessage",
            "A message's status and reply (never its text)",
            "patient",
            "site_key",
            200,
            MessageView,
            path_params=mid,
            errors=(403, 404),
        ),
        Operation(
            "post",
            "/v1/classify",
            "classifyText",
            "Classify a text synchronously (not stored)",
            "patient",
            "site_key",
            200,
            ClassifyResult,
            ClassifyText,
            errors=(403, 413, 415, 422),
        ),
        Operation("get", "/v1/health", "health", "Liveness", "patient", "none", 200, Health),
        Operation("get", "/v1/openapi.json", "openapi", "This document", "meta", "none", 200),
        # staff (Cognito ID token)
        Operation(
            "get",
            "/v1/staff/me",
            "staffMe",
            "The signed-in staff member's roles and desks",
            "staff",
            "staff",
            200,
            Me,
            errors=(401, 403),
        ),
        Operation(
            "get",
            "/v1/staff/queue",
            "staffQueue",
            "A desk's queue at a site: Tier 3 first, then oldest first (never text)",
            "staff",
            "staff",
            200,
            QueuePage,
            query=QueueQuery,
            errors=(400, 401, 403, 404, 422),
        ),
        Operation(
            "get",
            "/v1/staff/messages/{message_id}",
            "staffGetMessage",
            "One queue item (never text)",
            "staff",
            "staff",
            200,
            QueueItem,
            path_params=mid,
            errors=(401, 403, 404),
        ),
        Operation(
            "post",
            "/v1/staff/messages/{message_id}/view-text",
            "staffViewText",
            "Read a message's text for a stated reason (audited; 410 once expired)",
            "staff",
            "staff",
            200,
            TextView,
            ViewTextRequest,
            path_params=mid,
            errors=(401, 403, 404, 410, 415, 422),
        ),
        Operation(
            "post",
            "/v1/staff/messages/{message_id}/claim",
            "staffClaim",
            "Claim a message of your desk",
            "staff",
            "staff",
            200,
            QueueItem,
            path_params=mid,
            errors=(401, 403, 404, 409),
        ),
        Operation(
            "post",
            "/v1/staff/messages/{message_id}/resolve",
            "staffResolve",
            "Resolve a message with an outcome",
            "staff",
            "staff",
            200,
            QueueItem,
            ResolveRequest,
            path_params=mid,
            errors=(401, 403, 404, 409, 415, 422),
        ),
        Operation(
            "post",
            "/v1/staff/messages/{message_id}/reply",
            "staffReply",
            "Reply to the patient (stored encrypted, delivered by the respond stage)",
            "staff",
            "staff",
            202,
            ReplyAccepted,
            ReplyRequest,
            path_params=mid,
            errors=(401, 403, 404, 409, 415, 422),
        ),
        # admin (Cognito ID token, admin role)
        Operation(
            "get",
            "/v1/admin/organization",
            "adminGetOrganization",
            "Your organisation",
            "admin",
            "staff",
            200,
            Organization,
            errors=(401, 403, 404),
            etag=True,
        ),
        Operation(
            "put",
            "/v1/admin/organization",
            "adminPutOrganization",
            "Replace your organisation's settings (If-Match)",
            "admin",
            "staff",
            200,
            Organization,
            OrganizationUpdate,
            errors=(401, 403, 404, 412, 415, 422, 428),
            headers=("If-Match",),
            etag=True,
        ),
        Operation(
            "get",
            "/v1/admin/sites",
            "adminListSites",
            "Your organisation's sites",
            "admin",
            "staff",
            200,
            SiteList,
            errors=(401, 403),
        ),
        Operation(
            "post",
            "/v1/admin/sites",
            "adminCreateSite",
            "Create a site",
            "admin",
            "staff",
            201,
            Site,
            SiteCreate,
            errors=(401, 403, 409, 415, 422),
            etag=True,
        ),
        Operation(
            "get",
            "/v1/admin/sites/{site_id}",
            "adminGetSite",
            "One site",
            "admin",
            "staff",
            200,
            Site,
            path_params=site,
            errors=(401, 403, 404),
            etag=True,
        ),
        Operation(
            "patch",
            "/v1/admin/sites/{site_id}",
            "adminPatchSite",
            "Change a site's desks, templates, threshold or contacts (If-Match)",
            "admin",
            "staff",
            200,
            Site,
            SitePatch,
            path_params=site,
            errors=(401, 403, 404, 412, 415, 422, 428),
            headers=("If-Match",),
            etag=True,
        ),
        Operation(
            "post",
            "/v1/admin/sites/{site_id}/templates/preview",
            "adminPreviewTemplate",
            "Render a stored or draft template with this site's values",
            "admin",
            "staff",
            200,
            TemplatePreview,
            TemplatePreviewRequest,
            path_params=site,
            errors=(401, 403, 404, 415, 422),
        ),
        Operation(
            "get",
            "/v1/admin/sites/{site_id}/api-keys",
            "adminListApiKeys",
            "The site's API keys (ids, never values)",
            "admin",
            "staff",
            200,
            ApiKeyList,
            path_params=site,
            errors=(401, 403, 404),
        ),
        Operation(
            "post",
            "/v1/admin/sites/{site_id}/api-keys",
            "adminCreateApiKey",
            "Create a site API key on the usage plan (its value is shown once)",
            "admin",
            "staff",
            201,
            ApiKeyCreated,
            ApiKeyCreate,
            path_params=site,
            errors=(401, 403, 404, 415, 422),
        ),
        Operation(
            "delete",
            "/v1/admin/sites/{site_id}/api-keys/{key_id}",
            "adminRevokeApiKey",
            "Revoke a site API key",
            "admin",
            "staff",
            204,
            path_params={**site, "key_id": _KEY_ID},
            errors=(401, 403, 404),
        ),
    ]
    return ops + _finance_ops()


def _finance_ops() -> list[Operation]:
    """The finance routes (issue 7, finance role), if their models are in this layer."""
    try:
        from frontdesk.models.finance import MonthStatement, SpendQuery, SpendReport
    except ImportError:  # pragma: no cover - a layer without finance
        return []
    return [
        Operation(
            "get",
            "/v1/finance/spend",
            "financeSpend",
            "Spend by day, site, intent or tier (JSON, or CSV with Accept: text/csv)",
            "finance",
            "staff",
            200,
            SpendReport,
            query=SpendQuery,
            errors=(401, 403, 422),
        ),
        Operation(
            "get",
            "/v1/finance/month",
            "financeMonth",
            "Month to date against budget",
            "finance",
            "staff",
            200,
            MonthStatement,
            errors=(401, 403, 422),
        ),
    ]


def operations() -> tuple[Operation, ...]:
    return tuple(_ops())


_PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "examples": ["urn:frontdesk:problem:not-found"]},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "problem": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}

_STATUS_TEXT = {
    400: "Bad request",
    401: "Missing, expired or forged staff token",
    403: "Forbidden: no valid API key, or a role that may not do this",
    404: "No such resource (or not yours)",
    409: "Conflict with the resource's state",
    410: "Gone: the message text passed its retention",
    412: "If-Match does not match the ETag",
    413: "Payload too large",
    415: "Send application/json",
    422: "The body or query does not match the schema",
    428: "If-Match is required",
    429: "Throttled or over quota",
    503: "Temporarily unavailable; retry",
}


@cache
def openapi_document() -> dict[str, Any]:
    ops = operations()
    models: dict[type[BaseModel], Literal["validation", "serialization"]] = {}
    for op in ops:
        if op.request is not None:
            models.setdefault(op.request, "validation")
        if op.response is not None:
            models.setdefault(op.response, "serialization")
    keyed, definitions = models_json_schema(
        [(m, mode) for m, mode in models.items()], ref_template=_REF
    )
    schemas = dict(definitions.get("$defs", {}))
    schemas["Problem"] = _PROBLEM
    paths: dict[str, dict[str, Any]] = {}
    for op in ops:
        paths.setdefault(op.path, {})[op.method] = _operation(op, keyed, models)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "frontdesk",
            "version": frontdesk.__version__,
            "description": (
                "Triage of patient messages. Patients' channels use a per-site API key; "
                "staff and administrators use a Cognito ID token (MFA) whose role groups "
                "and custom:org_id decide what they may see. Errors are RFC 9457 "
                "application/problem+json."
            ),
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "servers": [{"url": "/", "description": "the API stage's base URL"}],
        "tags": [{"name": t} for t in ("patient", "staff", "admin", "finance", "meta")],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "siteApiKey": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "x-api-key",
                    "description": "A site's API key (patient channels)",
                },
                "staffIdToken": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "A Cognito ID token of the staff user pool (the raw JWT)",
                },
            },
        },
    }


def _operation(op: Operation, keyed: dict[Any, Any], models: dict[Any, Any]) -> dict[str, Any]:
    def ref(model: type[BaseModel]) -> dict[str, Any]:
        return keyed[(model, models[model])]

    out: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": [op.tag],
        "security": {
            "site_key": [{"siteApiKey": []}],
            "staff": [{"staffIdToken": []}],
            "none": [],
        }[op.security],
    }
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": schema}
        for name, schema in op.path_params.items()
    ]
    if op.query is not None:
        schema = op.query.model_json_schema(mode="validation")
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            prop = dict(prop)
            prop.pop("title", None)
            if "$ref" in prop or "allOf" in prop or "anyOf" in prop:
                prop = _inline(prop, schema.get("$defs", {}))
            parameters.append(
                {"name": name, "in": "query", "required": name in required, "schema": prop}
            )
    for header in op.headers:
        parameters.append(
            {
                "name": header,
                "in": "header",
                "required": False,
                "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{8,128}$"}
                if header == "Idempotency-Key"
                else {"type": "string", "minLength": 1},
            }
        )
    if parameters:
        out["parameters"] = parameters
    if op.request is not None:
        out["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(op.request)}},
        }
    success: dict[str, Any] = {"description": "OK"}
    if op.response is not None:
        success["content"] = {op.media: {"schema": ref(op.response)}}
    elif op.operation_id == "openapi":
        success["content"] = {"application/json": {"schema": {"type": "object"}}}
    if op.etag:
        success["headers"] = {"ETag": {"schema": {"type": "string"}}}
    responses: dict[str, Any] = {str(op.status): success}
    for status in sorted({*op.errors, 429, 503} if op.security != "none" else set(op.errors)):
        responses[str(status)] = {
            "description": _STATUS_TEXT.get(status, "Error"),
            "content": {
                "application/problem+json": {"schema": {"$ref": _REF.format(model="Problem")}}
            },
        }
    out["responses"] = responses
    return out


def _inline(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A query parameter's schema without $refs into the model's private $defs."""
    if "$ref" in prop:
        target = defs[prop["$ref"].rsplit("/", 1)[-1]]
        merged = {**target, **{k: v for k, v in prop.items() if k != "$ref"}}
        merged.pop("title", None)
        return merged
    for key in ("allOf", "anyOf"):
        if key in prop:
            prop = {**prop, key: [_inline(p, defs) for p in prop[key]]}
    return prop
