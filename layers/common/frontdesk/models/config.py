"""Practice configuration: organisations and their sites, desks and templates."""

from __future__ import annotations

import string
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from frontdesk.domain.intents import INTENT_SPECS, Intent, Tier

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)]

DESK_NAMES = (
    "front_desk",
    "scheduling",
    "pharmacy",
    "nurse",
    "results",
    "billing",
    "on_call",
    "behavioral_health",
    "patient_relations",
    "compliance",
)


# The $variables a reply template may use: frontdesk.domain.replies.site_variables.
TEMPLATE_VARIABLES = frozenset(
    {
        "site_name",
        "phone",
        "address",
        "parking",
        "hours",
        "insurance_plans",
        "services",
        "payment_methods",
        "portal_url",
        "scheduling_url",
        "billing_url",
        "cancellation_policy",
        "emergency_number",
        "crisis_line",
        "desk_name",
        "callback_promise",
    }
)


def _renderable(templates: dict[str, str]) -> dict[str, str]:
    """A template that cannot render would fail every reply that uses it, into the DLQ."""
    for name, text in templates.items():
        template = string.Template(text)
        if not template.is_valid():
            raise ValueError(f"template {name!r}: a '$' must start a $variable (write $$ for '$')")
        unknown = set(template.get_identifiers()) - TEMPLATE_VARIABLES
        if unknown:
            raise ValueError(f"template {name!r}: unknown variables {sorted(unknown)}")
    return templates


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Desk(_Strict):
    name: ShortText  # shown to the patient: "our scheduling team"
    callback_promise: ShortText  # "within one business day"


class OpeningHours(_Strict):
    day: Annotated[str, StringConstraints(pattern=r"^(mon|tue|wed|thu|fri|sat|sun)$")]
    opens: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
    closes: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class Site(_Strict):
    """One location of a practice. Everything here may appear in a reply: no PHI."""

    site_id: Slug
    org_id: Slug
    name: ShortText
    timezone: ShortText = "America/New_York"
    phone: ShortText
    emergency_number: ShortText = "911"
    crisis_line: ShortText = "988"
    address: ShortText
    parking: ShortText = "Free parking is available on site."
    hours: tuple[OpeningHours, ...]
    insurance_plans: tuple[ShortText, ...] = ()
    services: tuple[ShortText, ...] = ()
    payment_methods: tuple[ShortText, ...] = ("credit and debit cards", "HSA/FSA cards", "checks")
    portal_url: ShortText
    scheduling_url: ShortText
    billing_url: ShortText
    cancellation_policy: ShortText = (
        "Please cancel at least 24 hours ahead; late cancellations may incur a fee."
    )
    desks: dict[str, Desk]
    # None: the deployment's default (DEFAULT_CONFIDENCE_THRESHOLD).
    confidence_threshold: float | None = Field(default=None, ge=0.5, le=0.99)
    # A site may send an intent to a desk (raising Tier 1 to a human, or choosing
    # another Tier-2 desk); it can never make a Tier-2/3 intent auto-answer.
    intent_desks: dict[Intent, str] = Field(default_factory=dict)
    templates: dict[str, ShortText] = Field(default_factory=dict)
    version: int = 1

    _templates_render = field_validator("templates")(_renderable)

    @model_validator(mode="after")
    def _desks_are_known_and_complete(self) -> Site:
        unknown = set(self.desks) - set(DESK_NAMES)
        if unknown:
            raise ValueError(f"unknown desks: {sorted(unknown)}")
        missing = set(DESK_NAMES) - set(self.desks)
        if missing:
            raise ValueError(f"every site needs all desks; missing: {sorted(missing)}")
        for intent, desk in self.intent_desks.items():
            if desk not in self.desks:
                raise ValueError(f"intent_desks[{intent}] names unknown desk {desk!r}")
            if INTENT_SPECS[intent].tier in (Tier.SENSITIVE, None):
                raise ValueError(f"the desk of {intent} (tier 3 or unknown) is fixed")
        return self


class Organization(_Strict):
    org_id: Slug
    name: ShortText
    templates: dict[str, ShortText] = Field(default_factory=dict)
    message_text_retention_days: int = Field(default=30, ge=1, le=3650)
    version: int = 1

    _templates_render = field_validator("templates")(_renderable)


class ApiKeyBinding(_Strict):
    """Which site an API Gateway key speaks for (API keys alone are not authentication)."""

    api_key_id: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    site_id: Slug
    org_id: Slug
    enabled: bool = True


def template_variables(template: str) -> set[str]:
    return {
        m.group("named") or m.group("braced")
        for m in string.Template.pattern.finditer(template)
        if m.group("named") or m.group("braced")
    }
