"""Hypothesis on the domain: body parsing, config validation, template rendering, tier policy.

Inputs are what a hostile or careless client sends: unicode edge cases (NFKC forms,
zero-width and bidi characters, homoglyphs, emoji), empty and 2,000+ character texts,
nested and huge JSON, wrong types. Whatever arrives, the code answers with a 4xx problem or
a validation error, never an unexpected exception (which the API would turn into a 5xx and
a stage would retry into a dead-letter queue).
"""

from __future__ import annotations

import json
import os
import string

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from frontdesk.domain.classification import Alternative, Prediction
from frontdesk.domain.intents import INTENT_SPECS, TIER3_INTENTS, Action, Intent, Tier
from frontdesk.domain.policy import decide, effective_threshold
from frontdesk.domain.replies import render_reply, site_variables
from frontdesk.errors import Problem
from frontdesk.http_api import MAX_BODY_BYTES, parse_json_body
from frontdesk.models.api import ClassifyText, SubmitMessage
from frontdesk.models.config import ApiKeyBinding, Organization, Site
from infra.local.seed import DEMO_ORGANIZATION, DEMO_SITES

SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
HOMOGLYPHS = "\u0430\u0435\u043e\u0440\u0441\u0445\u0456\u03bf\u0391\uff41\uff43\U0001d41a"
EMOJI = "\U0001f600\U0001f44b\U0001f3fd\u2764\ufe0f\U0001f1fa\U0001f1f8\U0001f9d1\u200d\U0001f4bb"
NFKC = "\ufb01\u2460\u00bd\u2122\u3000\uff21\u1e9b\u0323"


def hostile_text(min_size: int = 0, max_size: int = 2100) -> st.SearchStrategy[str]:
    special = st.sampled_from(list(INVISIBLE + BIDI + HOMOGLYPHS + EMOJI + NFKC + '$${}\\"\x00'))
    return st.lists(
        st.one_of(special, st.characters(), st.sampled_from(["chest pain", " "])),
        min_size=min_size,
        max_size=max_size,
    ).map("".join)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text(0, 40),
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(hostile_text(0, 12), children, max_size=6)
    ),
    max_leaves=40,
)


def _event(body: str | None, content_type: str = "application/json") -> APIGatewayProxyEvent:
    return APIGatewayProxyEvent(
        {
            "headers": {"content-type": content_type},
            "body": body,
            "isBase64Encoded": False,
            "requestContext": {},
        }
    )


def _parse(body: str | None, content_type: str = "application/json") -> None:
    for model in (SubmitMessage, ClassifyText):
        try:
            parse_json_body(_event(body, content_type), model)
        except Problem as problem:
            assert 400 <= problem.status < 500
            assert problem.to_document()["type"].startswith("urn:frontdesk:problem:")


@SETTINGS
@given(st.one_of(json_values.map(json.dumps), hostile_text(0, 300), st.none()))
def test_any_body_is_parsed_or_refused_with_a_4xx(body):
    _parse(body)


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(["site_id", "channel", "text", "client_ref", "extra"]),
        json_values,
        max_size=5,
    )
)
def test_wrong_types_and_unknown_fields_are_a_4xx(fields):
    _parse(json.dumps(fields))


@SETTINGS
@given(hostile_text(), st.sampled_from(["web", "sms", "email", "fax"]))
def test_unicode_texts_of_any_length_validate_or_are_a_4xx(text, channel):
    _parse(json.dumps({"site_id": "riverside-main", "channel": channel, "text": text}))


@given(
    st.integers(min_value=1, max_value=MAX_BODY_BYTES // 2),
    st.sampled_from(["[", '{"a":', '[{"b":']),
)
@settings(max_examples=40, deadline=None)
def test_deeply_nested_json_is_a_4xx(depth, opener):
    body = (opener * depth)[: MAX_BODY_BYTES - 10]
    _parse(body)
    nested = "[" * min(depth, MAX_BODY_BYTES // 2 - 1) + "]" * min(depth, MAX_BODY_BYTES // 2 - 1)
    _parse(nested)


def test_huge_and_empty_bodies_are_a_4xx():
    _parse("")
    _parse(json.dumps({"site_id": "x", "channel": "web", "text": "a" * 100_000}))
    _parse(json.dumps({"site_id": "x", "channel": "web", "text": ""}))
    _parse("{}", content_type="text/plain")
    _parse("\ud800")  # a lone surrogate


# ------------------------------------------------------------------ configuration
SITE_FIELDS = [
    "name",
    "phone",
    "address",
    "parking",
    "portal_url",
    "scheduling_url",
    "billing_url",
    "cancellation_policy",
    "emergency_number",
    "crisis_line",
]


@SETTINGS
@given(
    st.sampled_from(DEMO_SITES),
    st.dictionaries(
        st.sampled_from(
            [
                *SITE_FIELDS,
                "templates",
                "confidence_threshold",
                "intent_desks",
                "insurance_plans",
                "desks",
                "hours",
                "nonsense",
            ]
        ),
        json_values,
        max_size=4,
    ),
)
def test_site_config_validates_or_is_refused(site, changes):
    data = {**site.model_dump(mode="json"), **changes}
    try:
        Site.model_validate(data)
    except ValidationError:
        pass


@SETTINGS
@given(json_values)
def test_org_and_key_binding_config_validates_or_is_refused(data):
    for model in (Organization, ApiKeyBinding):
        try:
            model.model_validate(data)
        except ValidationError:
            pass


@SETTINGS
@given(
    st.sampled_from(DEMO_SITES),
    st.dictionaries(st.sampled_from(SITE_FIELDS), hostile_text(1, 400), max_size=4),
    st.sampled_from(sorted(INTENT_SPECS)),
)
def test_every_reply_renders_for_any_valid_site_text(site, changes, intent):
    try:
        site = Site.model_validate({**site.model_dump(mode="json"), **changes})
    except ValidationError:
        return
    prediction = Prediction(intent=intent, confidence=0.99, model_version="t")
    reply = render_reply(decide(prediction, site, threshold=0.6), site, DEMO_ORGANIZATION)
    assert reply.text
    if intent == Intent.MEDICAL_EMERGENCY:
        assert reply.text.startswith(site.emergency_number)


@SETTINGS
@given(
    st.sampled_from(DEMO_SITES),
    st.sampled_from(sorted(INTENT_SPECS)),
    st.dictionaries(
        st.sampled_from(
            ["office_hours", "location", "greeting", "routed", "emergency", "crisis", "front_desk"]
        ),
        hostile_text(1, 300),
        min_size=1,
        max_size=3,
    ),
)
def test_a_template_either_fails_validation_or_renders(site, intent, templates):
    """Config validation must catch a template that cannot render: a reply that raises
    would send every message of that intent to the dead-letter queue."""
    try:
        site = Site.model_validate({**site.model_dump(mode="json"), "templates": templates})
    except ValidationError:
        return
    prediction = Prediction(intent=intent, confidence=0.99, model_version="t")
    render_reply(decide(prediction, site, threshold=0.6), site, DEMO_ORGANIZATION)


def test_the_template_variables_config_validation_allows_are_the_ones_rendering_knows():
    from frontdesk.models.config import TEMPLATE_VARIABLES

    assert set(site_variables(DEMO_SITES[0])) == TEMPLATE_VARIABLES
    assert string.Template("$site_name").is_valid()


# ------------------------------------------------------------------ tier policy
def _prediction(intent, confidence, alternatives, rule):
    if rule is not None:  # the lexicon fired: it names a Tier-3 intent, with certainty
        intent, confidence = (
            (Intent.MENTAL_HEALTH_CRISIS if rule == "suicide" else Intent.MEDICAL_EMERGENCY),
            1.0,
        )
    return Prediction(
        intent=intent,
        confidence=confidence,
        alternatives=(Alternative(intent=intent, confidence=confidence), *alternatives),
        safety_rule=rule,
        model_version="t",
    )


predictions = st.builds(
    _prediction,
    st.sampled_from(sorted(INTENT_SPECS)),
    st.floats(min_value=0, max_value=1),
    st.lists(
        st.builds(
            Alternative,
            intent=st.sampled_from(sorted(INTENT_SPECS)),
            confidence=st.floats(min_value=0, max_value=1),
        ),
        max_size=3,
    ),
    st.none() | st.sampled_from(["cardiac", "suicide", "bleeding"]),
)


@SETTINGS
@given(
    predictions,
    st.sampled_from(DEMO_SITES),
    st.floats(min_value=0.5, max_value=0.99),
    st.floats(min_value=0, max_value=1),
)
def test_the_tier_policy_never_auto_answers_unsafely(prediction, site, default, floor):
    threshold = effective_threshold(site, default=default, model_floor=floor)
    decision = decide(prediction, site, threshold=threshold)

    assert threshold >= default or site.confidence_threshold is not None
    if prediction.safety_rule:
        assert decision.action is Action.ESCALATE
        assert decision.tier is Tier.SENSITIVE
    if prediction.intent in TIER3_INTENTS:
        assert decision.action is not Action.AUTO_ANSWER
    if decision.action is Action.AUTO_ANSWER:
        assert INTENT_SPECS[decision.intent].tier is Tier.NO_PHI
        assert prediction.confidence >= threshold
