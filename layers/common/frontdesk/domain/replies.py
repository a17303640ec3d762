"""Replies the patient sees. Rendered only from site configuration: never from the
patient's text, so a reply can carry no PHI (rule 5)."""

from __future__ import annotations

import string
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from frontdesk.domain.intents import Action, Intent
from frontdesk.domain.policy import RoutingDecision
from frontdesk.models.config import Organization, Site

DEFAULT_TEMPLATES: Mapping[str, str] = {
    "office_hours": "$site_name is open $hours. You can call us at $phone.",
    "location": "$site_name is at $address. $parking",
    "insurance_plans": (
        "$site_name accepts $insurance_plans. Coverage depends on your plan; "
        "call $phone if you want us to check yours."
    ),
    "services": "At $site_name we offer $services. Call $phone to ask about anything else.",
    "new_patient": (
        "Welcome! New patients can register at $portal_url. Please bring a photo ID, your "
        "insurance card and a list of the medicines you take. Questions: $phone."
    ),
    "scheduling_portal": "You can book a visit online at $scheduling_url or by calling $phone.",
    "cancel_instructions": (
        "To cancel or move a visit, use $scheduling_url or call $phone. $cancellation_policy"
    ),
    "cancellation_policy": "$cancellation_policy Questions: $phone.",
    "payment_methods": "We accept $payment_methods. You can pay online at $billing_url.",
    "portal_help": (
        "To get back into the patient portal, use 'Forgot password' at $portal_url. "
        "If you are still locked out, call $phone and we will reset it."
    ),
    "documents": (
        "You can upload forms securely in the patient portal at $portal_url, or bring them "
        "to your visit. Please do not send medical documents by e-mail or text."
    ),
    "refill_process": (
        "Refill requests go through the patient portal at $portal_url (Medications > Request "
        "refill) or your pharmacy. Please allow two business days."
    ),
    "greeting": (
        "Hello from $site_name! Ask us about opening hours, directions, insurance, "
        "appointments, billing or the patient portal."
    ),
    "routed": (
        "Thank you. Your message is with $desk_name, who will reply $callback_promise. "
        "If you feel worse, call $phone; in an emergency call $emergency_number."
    ),
    "escalated_emergency": (
        "$emergency_number: if this may be an emergency, call $emergency_number now or go to "
        "the nearest emergency room. We have alerted $desk_name, who will contact you "
        "$callback_promise."
    ),
    "escalated_crisis": (
        "$crisis_line: call or text $crisis_line now to reach the Suicide & Crisis Lifeline, "
        "any time, day or night. If you are in immediate danger, call $emergency_number. "
        "We have alerted $desk_name, who will contact you $callback_promise."
    ),
    "escalated": (
        "Thank you for telling us. Your message is with $desk_name, who will contact you "
        "$callback_promise."
    ),
}

_DAY_NAMES = {
    "mon": "Mon",
    "tue": "Tue",
    "wed": "Wed",
    "thu": "Thu",
    "fri": "Fri",
    "sat": "Sat",
    "sun": "Sun",
}


class UrgentContact(BaseModel):
    """Shown first and large by every channel for Tier-3 safety escalations."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str  # "emergency" | "crisis"
    number: str


class Reply(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    template: str
    urgent_contact: UrgentContact | None = None


def template_for(decision: RoutingDecision) -> str:
    if decision.action is Action.AUTO_ANSWER:
        assert decision.template is not None
        return decision.template
    if decision.action is Action.ESCALATE:
        if decision.intent is Intent.MEDICAL_EMERGENCY:
            return "escalated_emergency"
        if decision.intent is Intent.MENTAL_HEALTH_CRISIS:
            return "escalated_crisis"
        return "escalated"
    return "routed"


def urgent_contact_for(decision: RoutingDecision, site: Site) -> UrgentContact | None:
    if decision.action is not Action.ESCALATE:
        return None
    if decision.intent is Intent.MEDICAL_EMERGENCY:
        return UrgentContact(kind="emergency", number=site.emergency_number)
    if decision.intent is Intent.MENTAL_HEALTH_CRISIS:
        return UrgentContact(kind="crisis", number=site.crisis_line)
    return None


def render_reply(decision: RoutingDecision, site: Site, org: Organization) -> Reply:
    name = template_for(decision)
    text = render_template(resolve_template(name, site, org), site, desk=decision.desk)
    return Reply(text=text, template=name, urgent_contact=urgent_contact_for(decision, site))


def resolve_template(name: str, site: Site, org: Organization) -> str:
    """Site template, else the organisation's, else the built-in default."""
    for source in (site.templates, org.templates, DEFAULT_TEMPLATES):
        if name in source:
            return source[name]
    raise KeyError(f"no template named {name!r}")


def render_template(template: str, site: Site, *, desk: str | None = None) -> str:
    """Strict: an unknown $variable raises KeyError (config validation uses this)."""
    return string.Template(template).substitute(site_variables(site, desk=desk))


def site_variables(site: Site, *, desk: str | None = None) -> dict[str, str]:
    chosen_desk = site.desks[desk or "front_desk"]
    return {
        "site_name": site.name,
        "phone": site.phone,
        "address": site.address,
        "parking": site.parking,
        "hours": format_hours(site),
        "insurance_plans": _join(site.insurance_plans) or "most major plans",
        "services": _join(site.services) or "primary care",
        "payment_methods": _join(site.payment_methods),
        "portal_url": site.portal_url,
        "scheduling_url": site.scheduling_url,
        "billing_url": site.billing_url,
        "cancellation_policy": site.cancellation_policy,
        "emergency_number": site.emergency_number,
        "crisis_line": site.crisis_line,
        "desk_name": chosen_desk.name,
        "callback_promise": chosen_desk.callback_promise,
    }


def format_hours(site: Site) -> str:
    """'Mon-Fri 08:00-17:00, Sat 09:00-12:00; closed Sun'."""
    by_day = {h.day: f"{h.opens}-{h.closes}" for h in site.hours}
    order = list(_DAY_NAMES)
    groups: list[tuple[str, str, str]] = []  # (first day, last day, hours)
    for day in order:
        if day not in by_day:
            continue
        if (
            groups
            and groups[-1][2] == by_day[day]
            and order.index(groups[-1][1]) == order.index(day) - 1
        ):
            groups[-1] = (groups[-1][0], day, by_day[day])
        else:
            groups.append((day, day, by_day[day]))
    parts = [
        f"{_DAY_NAMES[a]}{'' if a == b else '-' + _DAY_NAMES[b]} {span}" for a, b, span in groups
    ]
    closed = [_DAY_NAMES[d] for d in order if d not in by_day]
    text = ", ".join(parts) if parts else "by appointment only"
    return f"{text}; closed {', '.join(closed)}" if closed else text


def _join(items: tuple[str, ...]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
