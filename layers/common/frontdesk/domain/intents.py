"""The intent taxonomy of docs/intents.md (v1). Names are stable API values."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Tier(IntEnum):
    NO_PHI = 1
    PHI_ADJACENT = 2
    SENSITIVE = 3


class Action(StrEnum):
    AUTO_ANSWER = "auto_answer"
    ROUTE = "route"
    ESCALATE = "escalate"
    FRONT_DESK = "front_desk"


class Intent(StrEnum):
    OFFICE_HOURS = "office_hours"
    LOCATION_DIRECTIONS = "location_directions"
    INSURANCE_ACCEPTED = "insurance_accepted"
    SERVICES_OFFERED = "services_offered"
    NEW_PATIENT_INTAKE = "new_patient_intake"
    SCHEDULE_APPOINTMENT = "schedule_appointment"
    CANCEL_APPOINTMENT_HOWTO = "cancel_appointment_howto"
    CANCELLATION_POLICY = "cancellation_policy"
    BILLING_PAYMENT_METHODS = "billing_payment_methods"
    PORTAL_LOGIN_HELP = "portal_login_help"
    DOCUMENT_SUBMISSION = "document_submission"
    REFILL_PROCESS = "refill_process"
    SMALL_TALK = "small_talk"
    APPOINTMENT_CHANGE = "appointment_change"
    PRESCRIPTION_QUESTION = "prescription_question"
    LAB_RESULTS = "lab_results"
    INSURANCE_CLAIM_ISSUE = "insurance_claim_issue"
    CLINICAL_QUESTION = "clinical_question"
    MEDICAL_EMERGENCY = "medical_emergency"
    MENTAL_HEALTH_CRISIS = "mental_health_crisis"
    COMPLAINT_ABOUT_CARE = "complaint_about_care"
    RECORDS_LEGAL_REQUEST = "records_legal_request"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class IntentSpec:
    intent: Intent
    tier: Tier | None  # None: unknown, which always goes to a human at the front desk
    action: Action
    # Tier 1: the template that answers it. Tier 2/3: the desk that takes it.
    template: str | None = None
    desk: str | None = None


_T1, _T2, _T3 = Tier.NO_PHI, Tier.PHI_ADJACENT, Tier.SENSITIVE
_AUTO, _ROUTE, _ESC = Action.AUTO_ANSWER, Action.ROUTE, Action.ESCALATE

INTENT_SPECS: dict[Intent, IntentSpec] = {
    s.intent: s
    for s in (
        IntentSpec(Intent.OFFICE_HOURS, _T1, _AUTO, template="office_hours"),
        IntentSpec(Intent.LOCATION_DIRECTIONS, _T1, _AUTO, template="location"),
        IntentSpec(Intent.INSURANCE_ACCEPTED, _T1, _AUTO, template="insurance_plans"),
        IntentSpec(Intent.SERVICES_OFFERED, _T1, _AUTO, template="services"),
        IntentSpec(Intent.NEW_PATIENT_INTAKE, _T1, _AUTO, template="new_patient"),
        IntentSpec(Intent.SCHEDULE_APPOINTMENT, _T1, _AUTO, template="scheduling_portal"),
        IntentSpec(Intent.CANCEL_APPOINTMENT_HOWTO, _T1, _AUTO, template="cancel_instructions"),
        IntentSpec(Intent.CANCELLATION_POLICY, _T1, _AUTO, template="cancellation_policy"),
        IntentSpec(Intent.BILLING_PAYMENT_METHODS, _T1, _AUTO, template="payment_methods"),
        IntentSpec(Intent.PORTAL_LOGIN_HELP, _T1, _AUTO, template="portal_help"),
        IntentSpec(Intent.DOCUMENT_SUBMISSION, _T1, _AUTO, template="documents"),
        IntentSpec(Intent.REFILL_PROCESS, _T1, _AUTO, template="refill_process"),
        IntentSpec(Intent.SMALL_TALK, _T1, _AUTO, template="greeting"),
        IntentSpec(Intent.APPOINTMENT_CHANGE, _T2, _ROUTE, desk="scheduling"),
        IntentSpec(Intent.PRESCRIPTION_QUESTION, _T2, _ROUTE, desk="pharmacy"),
        IntentSpec(Intent.LAB_RESULTS, _T2, _ROUTE, desk="results"),
        IntentSpec(Intent.INSURANCE_CLAIM_ISSUE, _T2, _ROUTE, desk="billing"),
        IntentSpec(Intent.CLINICAL_QUESTION, _T2, _ROUTE, desk="nurse"),
        IntentSpec(Intent.MEDICAL_EMERGENCY, _T3, _ESC, desk="on_call"),
        IntentSpec(Intent.MENTAL_HEALTH_CRISIS, _T3, _ESC, desk="behavioral_health"),
        IntentSpec(Intent.COMPLAINT_ABOUT_CARE, _T3, _ESC, desk="patient_relations"),
        IntentSpec(Intent.RECORDS_LEGAL_REQUEST, _T3, _ESC, desk="compliance"),
        IntentSpec(Intent.UNKNOWN, None, Action.FRONT_DESK, desk="front_desk"),
    )
}

ALL_INTENTS: tuple[Intent, ...] = tuple(Intent)
TIER1_INTENTS = frozenset(i for i, s in INTENT_SPECS.items() if s.tier == _T1)
TIER3_INTENTS = frozenset(i for i, s in INTENT_SPECS.items() if s.tier == _T3)


def tier_of(intent: Intent) -> Tier | None:
    return INTENT_SPECS[intent].tier
