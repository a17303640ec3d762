"""Bodies of the admin API (Cognito, admin role): organisation, sites, templates, API keys.

Sites are edited as a whole document with optimistic concurrency: every read returns
an ETag (the document's version), every write needs If-Match with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model

from frontdesk.domain.access import DeskName
from frontdesk.models.config import ShortText, Site

TemplateText = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
TemplateName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,62}$")]
KeyName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class OrganizationUpdate(_Body):
    """PUT /v1/admin/organization (If-Match): the whole editable document."""

    name: ShortText
    templates: dict[TemplateName, TemplateText] = Field(default_factory=dict)
    message_text_retention_days: int = Field(default=30, ge=1, le=3650)


_SITE_FIXED = {"org_id", "version"}


def _site_fields(optional: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, info in Site.model_fields.items():
        if name in _SITE_FIXED or (optional and name == "site_id"):
            continue
        annotation: Any = info.annotation  # a type, built into a pydantic model below
        if optional:
            fields[name] = (annotation | None, Field(default=None, description=info.description))
        else:
            fields[name] = (annotation, info)
    return fields


# POST /v1/admin/sites: a site of the caller's organisation (org_id and version are set).
SiteCreate = create_model("SiteCreate", __base__=_Body, **_site_fields(optional=False))
# PATCH /v1/admin/sites/{site_id} (If-Match): top-level fields to replace, e.g. desks,
# templates, confidence_threshold, emergency_number, crisis_line, intent_desks.
SitePatch = create_model("SitePatch", __base__=_Body, **_site_fields(optional=True))


class SiteList(_Body):
    items: tuple[Site, ...]


class TemplatePreviewRequest(_Body):
    """Render a template against this site's values: a stored one by name, or a draft."""

    name: TemplateName | None = None
    text: TemplateText | None = None
    desk: DeskName | None = None


class TemplatePreview(_Body):
    site_id: str
    name: str | None
    text: str
    variables: tuple[str, ...]


class ApiKeyCreate(_Body):
    name: KeyName


class ApiKeyView(_Body):
    key_id: str
    site_id: str
    name: str
    enabled: bool
    created_at: datetime | None = None


class ApiKeyCreated(ApiKeyView):
    """The key's value is shown once, here; later reads show only its id."""

    value: str = Field(repr=False)


class ApiKeyList(_Body):
    items: tuple[ApiKeyView, ...]
