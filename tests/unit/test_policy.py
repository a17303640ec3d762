"""The tier rules of docs/intents.md, whatever the model says."""

import pytest

from frontdesk.domain.classification import Alternative
from frontdesk.domain.intents import INTENT_SPECS, TIER1_INTENTS, Action, Intent, Tier
from frontdesk.domain.policy import DecisionReason, decide, effective_threshold
from infra.local.seed import DEMO_SITES
from tests.fakes import prediction

SITE = DEMO_SITES[0]


@pytest.mark.parametrize("intent", sorted(TIER1_INTENTS))
def test_confident_tier1_auto_answers_with_its_template(intent):
    decision = decide(prediction(intent, 0.95), SITE, threshold=0.6)
    assert decision.action is Action.AUTO_ANSWER
    assert decision.template == INTENT_SPECS[intent].template


@pytest.mark.parametrize("intent", sorted(TIER1_INTENTS))
def test_unsure_tier1_goes_to_the_front_desk_never_auto_answers(intent):
    decision = decide(prediction(intent, 0.59), SITE, threshold=0.6)
    assert decision.action is Action.FRONT_DESK
    assert decision.desk == "front_desk"
    assert decision.reason is DecisionReason.BELOW_THRESHOLD


@pytest.mark.parametrize(
    ("intent", "desk"),
    [
        (Intent.APPOINTMENT_CHANGE, "scheduling"),
        (Intent.PRESCRIPTION_QUESTION, "pharmacy"),
        (Intent.LAB_RESULTS, "results"),
        (Intent.INSURANCE_CLAIM_ISSUE, "billing"),
        (Intent.CLINICAL_QUESTION, "nurse"),
    ],
)
def test_tier2_routes_to_its_desk(intent, desk):
    decision = decide(prediction(intent, 0.9), SITE, threshold=0.6)
    assert (decision.action, decision.desk, decision.tier) == (Action.ROUTE, desk, Tier(2))


@pytest.mark.parametrize(
    ("intent", "desk"),
    [
        (Intent.MEDICAL_EMERGENCY, "on_call"),
        (Intent.MENTAL_HEALTH_CRISIS, "behavioral_health"),
        (Intent.COMPLAINT_ABOUT_CARE, "patient_relations"),
        (Intent.RECORDS_LEGAL_REQUEST, "compliance"),
    ],
)
@pytest.mark.parametrize("confidence", [0.2, 0.99])
def test_tier3_escalates_even_when_unsure(intent, desk, confidence):
    decision = decide(prediction(intent, confidence), SITE, threshold=0.6)
    assert (decision.action, decision.desk) == (Action.ESCALATE, desk)


def test_safety_lexicon_verdict_escalates():
    decision = decide(
        prediction(Intent.MEDICAL_EMERGENCY, 1.0, safety_rule="cardiac"), SITE, threshold=0.9
    )
    assert decision.action is Action.ESCALATE
    assert decision.reason is DecisionReason.SAFETY_LEXICON


def test_unknown_goes_to_a_human():
    decision = decide(prediction(Intent.UNKNOWN, 0.99), SITE, threshold=0.6)
    assert (decision.action, decision.desk) == (Action.FRONT_DESK, "front_desk")


def test_a_likely_second_intent_of_higher_tier_wins():
    # "what time do you open, and my chest hurts": office hours on top, emergency second.
    p = prediction(Intent.OFFICE_HOURS, 0.62, (Intent.MEDICAL_EMERGENCY, 0.3))
    decision = decide(p, SITE, threshold=0.6)
    assert decision.action is Action.ESCALATE
    assert decision.intent is Intent.MEDICAL_EMERGENCY
    assert decision.reason is DecisionReason.SECOND_INTENT


def test_an_unlikely_second_intent_does_not_govern():
    p = prediction(Intent.OFFICE_HOURS, 0.9, (Intent.LAB_RESULTS, 0.05))
    assert decide(p, SITE, threshold=0.6).action is Action.AUTO_ANSWER


def test_a_tier2_second_intent_blocks_the_auto_answer():
    p = prediction(Intent.REFILL_PROCESS, 0.65, (Intent.PRESCRIPTION_QUESTION, 0.3))
    decision = decide(p, SITE, threshold=0.6)
    assert (decision.action, decision.desk) == (Action.ROUTE, "pharmacy")


def test_a_site_may_raise_a_tier1_intent_to_a_desk():
    site = SITE.model_copy(update={"intent_desks": {Intent.REFILL_PROCESS: "pharmacy"}})
    decision = decide(prediction(Intent.REFILL_PROCESS, 0.99), site, threshold=0.6)
    assert (decision.action, decision.desk) == (Action.ROUTE, "pharmacy")


def test_the_site_threshold_can_raise_but_never_lower_the_model_floor():
    low = SITE.model_copy(update={"confidence_threshold": 0.5})
    high = SITE.model_copy(update={"confidence_threshold": 0.9})
    assert effective_threshold(low, default=0.6, model_floor=0.7) == 0.7
    assert effective_threshold(high, default=0.6, model_floor=0.7) == 0.9
    assert effective_threshold(SITE, default=0.6, model_floor=0.0) == 0.6


@pytest.mark.parametrize("intent", list(Intent))
@pytest.mark.parametrize("confidence", [0.0, 0.3, 0.59, 0.6, 0.8, 1.0])
def test_no_tier2_or_tier3_intent_is_ever_auto_answered(intent, confidence):
    decision = decide(prediction(intent, confidence), SITE, threshold=0.6)
    if decision.action is Action.AUTO_ANSWER:
        assert INTENT_SPECS[intent].tier is Tier.NO_PHI
        assert confidence >= 0.6


def test_the_model_floor_gates_auto_answers_but_not_routing_to_a_desk():
    # GIVEN a model whose answers are only >= 98 % precise above 0.97
    thresholds = {"threshold": 0.6, "auto_answer_threshold": 0.97}
    # WHEN it is fairly sure (0.8) of a Tier-1 and of a Tier-2 intent
    tier1 = decide(prediction(Intent.OFFICE_HOURS, 0.8), SITE, **thresholds)
    tier2 = decide(prediction(Intent.LAB_RESULTS, 0.8), SITE, **thresholds)
    # THEN the Tier-1 question goes to a human, the Tier-2 one to its own desk
    assert (tier1.action, tier1.reason) == (Action.FRONT_DESK, DecisionReason.BELOW_THRESHOLD)
    assert (tier2.action, tier2.desk) == (Action.ROUTE, "results")
    sure = decide(prediction(Intent.OFFICE_HOURS, 0.98), SITE, **thresholds)
    assert sure.action is Action.AUTO_ANSWER


def test_a_tier2_request_read_in_one_clause_governs():
    # "what time do you open saturday? also need to push my appt back a week"
    p = prediction(Intent.OFFICE_HOURS, 0.98).model_copy(
        update={
            "clause_requests": (Alternative(intent=Intent.APPOINTMENT_CHANGE, confidence=0.97),)
        }
    )
    decision = decide(p, SITE, threshold=0.6)
    assert (decision.action, decision.desk, decision.intent) == (
        Action.ROUTE,
        "scheduling",
        Intent.APPOINTMENT_CHANGE,
    )
    assert decision.reason is DecisionReason.SECOND_INTENT
