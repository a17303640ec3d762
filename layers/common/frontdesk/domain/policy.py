"""The tier policy of docs/intents.md: what happens to a classified message.

Rules that hold whatever the model says:
1. the safety lexicon forces Tier 3; 2. below the threshold never auto-answers;
3. the highest tier among the likely intents wins, including a Tier-2 request read in one
clause of the message (Prediction.clause_requests); 4. configuration never lowers a tier.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from frontdesk.domain.classification import Prediction
from frontdesk.domain.intents import INTENT_SPECS, Action, Intent, Tier
from frontdesk.models.config import Site

# An alternative this likely is treated as a second intent of the message (rule 3).
SECOND_INTENT_MIN_CONFIDENCE = 0.25


class DecisionReason(StrEnum):
    POLICY = "policy"
    SAFETY_LEXICON = "safety_lexicon"
    BELOW_THRESHOLD = "below_threshold"
    UNKNOWN_INTENT = "unknown_intent"
    SECOND_INTENT = "second_intent"
    SITE_DESK = "site_desk"


class RoutingDecision(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    intent: Intent
    tier: Tier | None
    action: Action
    desk: str | None
    template: str | None
    reason: DecisionReason
    threshold: float


def site_threshold(site: Site, *, default: float) -> float:
    """Below this confidence a message goes to the front desk, whatever its tier."""
    return site.confidence_threshold if site.confidence_threshold is not None else default


def effective_threshold(site: Site, *, default: float, model_floor: float) -> float:
    """The auto-answer threshold: the site's, never below the model's validated floor."""
    return max(site_threshold(site, default=default), model_floor)


def decide_at_site(
    prediction: Prediction, site: Site, *, default_threshold: float, model_floor: float
) -> RoutingDecision:
    """decide() with the site's two thresholds: its routing threshold (or the deployment's
    default) and its auto-answer threshold, never below the model's validated floor."""
    return decide(
        prediction,
        site,
        threshold=site_threshold(site, default=default_threshold),
        auto_answer_threshold=effective_threshold(
            site, default=default_threshold, model_floor=model_floor
        ),
    )


def decide(
    prediction: Prediction,
    site: Site,
    *,
    threshold: float,
    auto_answer_threshold: float | None = None,
) -> RoutingDecision:
    """`threshold` decides human-at-the-right-desk vs front desk; an auto-answer also
    needs `auto_answer_threshold` (default: the same), where the model's floor applies."""
    intent, reason = _governing_intent(prediction)
    spec = INTENT_SPECS[intent]
    answer_threshold = max(threshold, auto_answer_threshold or threshold)

    def decision(action: Action, desk: str | None, why: DecisionReason) -> RoutingDecision:
        template = spec.template if action is Action.AUTO_ANSWER else None
        return RoutingDecision(
            intent=intent,
            tier=spec.tier,
            action=action,
            desk=desk,
            template=template,
            reason=why,
            threshold=threshold,
        )

    if spec.tier is Tier.SENSITIVE:
        # A Tier-3 signal is never downgraded, whatever the confidence.
        return decision(Action.ESCALATE, spec.desk, reason)
    if spec.tier is None:
        return decision(Action.FRONT_DESK, "front_desk", DecisionReason.UNKNOWN_INTENT)
    if prediction.confidence < threshold:
        return decision(Action.FRONT_DESK, "front_desk", DecisionReason.BELOW_THRESHOLD)
    site_desk = site.intent_desks.get(intent)
    if spec.tier is Tier.NO_PHI:
        if site_desk is not None:
            return decision(Action.ROUTE, site_desk, DecisionReason.SITE_DESK)
        if prediction.confidence < answer_threshold:
            return decision(Action.FRONT_DESK, "front_desk", DecisionReason.BELOW_THRESHOLD)
        return decision(Action.AUTO_ANSWER, None, reason)
    if site_desk is not None:
        return decision(Action.ROUTE, site_desk, DecisionReason.SITE_DESK)
    return decision(Action.ROUTE, spec.desk, reason)


def _governing_intent(prediction: Prediction) -> tuple[Intent, DecisionReason]:
    if prediction.safety_rule is not None:
        return prediction.intent, DecisionReason.SAFETY_LEXICON
    top_tier = _rank(prediction.intent)
    best = prediction.intent
    likely = [a for a in prediction.alternatives if a.confidence >= SECOND_INTENT_MIN_CONFIDENCE]
    # clause requests are already filtered by the triage (frontdesk.domain.clauses)
    for second in (*likely, *prediction.clause_requests):
        if _rank(second.intent) > _rank(best):
            best = second.intent
    if best != prediction.intent and _rank(best) > top_tier:
        return best, DecisionReason.SECOND_INTENT
    return prediction.intent, DecisionReason.POLICY


def _rank(intent: Intent) -> int:
    # "unknown" as a runner-up says only that the model is unsure, not that a
    # second request is present; the threshold already handles unsureness.
    tier = INTENT_SPECS[intent].tier
    return {None: 0, Tier.NO_PHI: 0, Tier.PHI_ADJACENT: 2, Tier.SENSITIVE: 3}[tier]
