"""Practice configuration by its administrators, written against ports (no AWS here).

An admin edits only their own organisation. Every write names the version it read
(If-Match); a stale version is refused (412), so two admins never overwrite each other.
Admins never see message text: nothing here reads messages.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from pydantic import ValidationError

from frontdesk.domain.access import Principal, Role
from frontdesk.domain.replies import DEFAULT_TEMPLATES, resolve_template, site_variables
from frontdesk.errors import Conflict, NotFound, Problem, ValidationFailed
from frontdesk.models.admin import (
    ApiKeyCreated,
    ApiKeyView,
    OrganizationUpdate,
    TemplatePreview,
    TemplatePreviewRequest,
)
from frontdesk.models.audit import Actor, AuditAction, AuditEvent, Resource
from frontdesk.models.audit import Outcome as AuditOutcome
from frontdesk.models.config import ApiKeyBinding, Organization, Site


class PreconditionFailed(Problem):
    status, code, title = 412, "precondition-failed", "Precondition Failed"


class PreconditionRequired(Problem):
    status, code, title = 428, "precondition-required", "Precondition Required"


class StaleVersion(Exception):
    """A conditional config write found another version than expected."""


class ConfigAdmin(Protocol):
    def organization(self, org_id: str) -> Organization | None: ...

    def put_organization(self, org: Organization, expected_version: int | None) -> None: ...

    def site(self, site_id: str) -> Site | None: ...

    def put_site(self, site: Site, expected_version: int | None) -> None:
        """expected_version None: create (fails with StaleVersion if it exists)."""
        ...

    def sites_of(self, org_id: str) -> list[Site]: ...

    def bindings_of(self, site_id: str) -> list[ApiKeyBinding]: ...

    def binding(self, api_key_id: str) -> ApiKeyBinding | None: ...

    def put_binding(self, binding: ApiKeyBinding) -> None: ...


class ApiKeyIssuer(Protocol):
    def create(self, name: str) -> tuple[str, str, datetime | None]:
        """A new enabled key on the sites' usage plan: (id, value, created)."""
        ...

    def describe(self, key_id: str) -> tuple[str, bool, datetime | None] | None:
        """(name, enabled, created), or None if there is no such key."""
        ...

    def disable(self, key_id: str) -> None: ...


class AuditEvents(Protocol):
    def send(self, events: Any) -> None: ...


Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


# ------------------------------------------------------------------ ETags
def etag_of(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: str | None) -> int:
    if not if_match:
        raise PreconditionRequired("Send If-Match with the ETag you read.")
    value = if_match.strip()
    value = value.removeprefix("W/")
    found = re.fullmatch(r'"(\d{1,9})"', value)
    if not found:
        raise PreconditionRequired('If-Match must carry the ETag you read, e.g. "3".')
    return int(found.group(1))


# ----------------------------------------------------------- organisation
def get_organization(principal: Principal, store: ConfigAdmin) -> Organization:
    principal.require_role(Role.ADMIN)
    org = store.organization(principal.org_id)
    if org is None:
        raise NotFound("No such organisation.")
    return org


def put_organization(
    principal: Principal,
    update: OrganizationUpdate,
    if_match: str | None,
    *,
    store: ConfigAdmin,
    audit: AuditEvents,
    clock: Clock = utc_now,
) -> Organization:
    current = get_organization(principal, store)
    version = expected_version(if_match)
    if version != current.version:
        raise PreconditionFailed("The organisation changed since you read it.")
    new = _validated(
        Organization,
        {**update.model_dump(mode="json"), "org_id": current.org_id, "version": version + 1},
    )
    _check_templates(new.templates, None)
    try:
        store.put_organization(new, version)
    except StaleVersion:
        raise PreconditionFailed("The organisation changed since you read it.") from None
    audit.send([_config_event(principal, "organization", new.org_id, None, clock())])
    return new


# ------------------------------------------------------------------ sites
def list_sites(principal: Principal, store: ConfigAdmin) -> list[Site]:
    principal.require_role(Role.ADMIN)
    return sorted(store.sites_of(principal.org_id), key=lambda s: s.site_id)


def get_site(principal: Principal, site_id: str, store: ConfigAdmin) -> Site:
    principal.require_role(Role.ADMIN)
    site = store.site(site_id)
    if site is None or site.org_id != principal.org_id:
        raise NotFound("No such site.")
    return site


def create_site(
    principal: Principal,
    body: dict[str, Any],
    *,
    store: ConfigAdmin,
    audit: AuditEvents,
    clock: Clock = utc_now,
) -> Site:
    principal.require_role(Role.ADMIN)
    site = _validated(Site, {**body, "org_id": principal.org_id, "version": 1})
    _check_templates(site.templates, site)
    if store.site(site.site_id) is not None:
        raise Conflict("A site with this id exists.")
    try:
        store.put_site(site, None)
    except StaleVersion:
        raise Conflict("A site with this id exists.") from None
    audit.send([_config_event(principal, "site", site.site_id, site.site_id, clock())])
    return site


def patch_site(
    principal: Principal,
    site_id: str,
    changes: dict[str, Any],
    if_match: str | None,
    *,
    store: ConfigAdmin,
    audit: AuditEvents,
    clock: Clock = utc_now,
) -> Site:
    current = get_site(principal, site_id, store)
    version = expected_version(if_match)
    if version != current.version:
        raise PreconditionFailed("The site changed since you read it.")
    merged = {**current.model_dump(mode="json"), **changes}
    merged.update(site_id=current.site_id, org_id=current.org_id, version=version + 1)
    new = _validated(Site, merged)
    _check_templates(new.templates, new)
    try:
        store.put_site(new, version)
    except StaleVersion:
        raise PreconditionFailed("The site changed since you read it.") from None
    audit.send(
        [
            _config_event(
                principal,
                "site",
                new.site_id,
                new.site_id,
                clock(),
                labels={"fields": ".".join(sorted(changes))[:128] or "none"},
            )
        ]
    )
    return new


def preview_template(
    principal: Principal,
    site_id: str,
    request: TemplatePreviewRequest,
    store: ConfigAdmin,
) -> TemplatePreview:
    site = get_site(principal, site_id, store)
    if (request.name is None) == (request.text is None):
        raise ValidationFailed("Name a stored template or send a draft text (one of them).")
    org = store.organization(site.org_id) or Organization(org_id=site.org_id, name=site.name)
    if request.text is not None:
        text = request.text
    else:
        try:
            text = resolve_template(request.name or "", site, org)
        except KeyError:
            raise NotFound("No template with this name.") from None
    unknown = _unknown_variables(text, site)
    if unknown:
        raise ValidationFailed(
            "The template uses unknown variables.",
            errors=[
                {"field": "text", "problem": "unknown_variable", "message": v} for v in unknown
            ],
        )
    desk = request.desk.value if request.desk else None
    try:
        rendered = string.Template(text).substitute(site_variables(site, desk=desk))
    except ValueError:
        raise ValidationFailed("The template has a stray $; write $$ for a dollar sign.") from None
    return TemplatePreview(
        site_id=site.site_id,
        name=request.name,
        text=rendered,
        variables=tuple(sorted(_variables(text))),
    )


# --------------------------------------------------------------- API keys
def list_api_keys(
    principal: Principal, site_id: str, *, store: ConfigAdmin, keys: ApiKeyIssuer
) -> list[ApiKeyView]:
    site = get_site(principal, site_id, store)
    views = []
    for binding in store.bindings_of(site.site_id):
        described = keys.describe(binding.api_key_id)
        name, enabled, created = described or ("(deleted)", False, None)
        views.append(
            ApiKeyView(
                key_id=binding.api_key_id,
                site_id=site.site_id,
                name=name,
                enabled=enabled and binding.enabled,
                created_at=created,
            )
        )
    return sorted(views, key=lambda v: (v.created_at is None, v.created_at, v.key_id))


def create_api_key(
    principal: Principal,
    site_id: str,
    name: str,
    *,
    store: ConfigAdmin,
    keys: ApiKeyIssuer,
    audit: AuditEvents,
    clock: Clock = utc_now,
) -> ApiKeyCreated:
    site = get_site(principal, site_id, store)
    key_id, value, created = keys.create(f"{site.site_id}-{name}")
    store.put_binding(ApiKeyBinding(api_key_id=key_id, site_id=site.site_id, org_id=site.org_id))
    audit.send(
        [
            _config_event(
                principal, "api_key", key_id, site.site_id, clock(), labels={"change": "created"}
            )
        ]
    )
    return ApiKeyCreated(
        key_id=key_id,
        site_id=site.site_id,
        name=f"{site.site_id}-{name}",
        enabled=True,
        created_at=created,
        value=value,
    )


def revoke_api_key(
    principal: Principal,
    site_id: str,
    key_id: str,
    *,
    store: ConfigAdmin,
    keys: ApiKeyIssuer,
    audit: AuditEvents,
    clock: Clock = utc_now,
) -> None:
    site = get_site(principal, site_id, store)
    binding = store.binding(key_id)
    if binding is None or binding.site_id != site.site_id:
        raise NotFound("No such API key for this site.")
    keys.disable(key_id)  # the gateway refuses it from now on
    store.put_binding(binding.model_copy(update={"enabled": False}))
    audit.send(
        [
            _config_event(
                principal, "api_key", key_id, site.site_id, clock(), labels={"change": "revoked"}
            )
        ]
    )


# ---------------------------------------------------------------- helpers
def _validated(model: Any, data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"]), "problem": e["type"], "message": e["msg"]}
            for e in exc.errors(include_url=False, include_context=False, include_input=False)
        ]
        raise ValidationFailed("The configuration is not valid.", errors=errors) from None


def _variables(text: str) -> set[str]:
    return {
        m.group("named") or m.group("braced")
        for m in string.Template.pattern.finditer(text)
        if m.group("named") or m.group("braced")
    }


_KNOWN_VARIABLES: frozenset[str] | None = None


def _unknown_variables(text: str, site: Site | None) -> list[str]:
    if site is None:
        known = set(_known_variable_names())
    else:
        known = set(site_variables(site))
    return sorted(_variables(text) - known)


def _known_variable_names() -> frozenset[str]:
    global _KNOWN_VARIABLES
    if _KNOWN_VARIABLES is None:
        names: set[str] = set()
        for template in DEFAULT_TEMPLATES.values():
            names |= _variables(template)
        _KNOWN_VARIABLES = frozenset(names)
    return _KNOWN_VARIABLES


def _check_templates(templates: dict[str, str], site: Site | None) -> None:
    """A template that a reply could not render is refused when it is saved."""
    errors = [
        {"field": f"templates.{name}", "problem": "unknown_variable", "message": variable}
        for name, text in sorted(templates.items())
        for variable in _unknown_variables(text, site)
    ]
    if errors:
        raise ValidationFailed("A template uses unknown variables.", errors=errors)


def _config_event(
    principal: Principal,
    resource_type: str,
    resource_id: str,
    site_id: str | None,
    now: datetime,
    *,
    labels: dict[str, str] | None = None,
) -> AuditEvent:
    import uuid

    return AuditEvent(
        event_id=f"config:{resource_type}:{resource_id}:{uuid.uuid4().hex}",
        time=now,
        actor=Actor(kind="staff", id=principal.sub),
        action=AuditAction.CONFIG_CHANGED,
        resource=Resource(
            type=resource_type, id=resource_id, org_id=principal.org_id, site_id=site_id
        ),
        reason="admin_edit",
        outcome=AuditOutcome.SUCCESS,
        labels=labels or {},
    )
