import pytest

from frontdesk.domain.intents import INTENT_SPECS, TIER1_INTENTS, Action, Intent
from frontdesk.domain.policy import decide
from frontdesk.domain.replies import DEFAULT_TEMPLATES, format_hours, render_reply
from infra.local.seed import DEMO_ORGANIZATION, DEMO_SITES
from tests.fakes import prediction

MAIN, LAKESIDE = DEMO_SITES


def _reply(intent, site=MAIN, confidence=0.95, **kw):
    return render_reply(
        decide(prediction(intent, confidence, **kw), site, threshold=0.6), site, DEMO_ORGANIZATION
    )


def test_hours_are_grouped_and_closed_days_named():
    assert format_hours(MAIN) == "Mon-Thu 08:00-18:00, Fri 08:00-17:00, Sat 09:00-13:00; closed Sun"
    assert format_hours(LAKESIDE) == (
        "Mon-Tue 07:30-16:00, Wed 10:00-19:00, Thu-Fri 07:30-16:00; closed Sat, Sun"
    )


def test_office_hours_reply_uses_the_sites_own_hours():
    assert "Sat 09:00-13:00" in _reply(Intent.OFFICE_HOURS, MAIN).text
    assert "closed Sat, Sun" in _reply(Intent.OFFICE_HOURS, LAKESIDE).text


@pytest.mark.parametrize("intent", sorted(TIER1_INTENTS))
def test_every_tier1_template_renders_for_every_site(intent):
    for site in DEMO_SITES:
        reply = _reply(intent, site)
        assert reply.template == INTENT_SPECS[intent].template
        assert "$" not in reply.text


def test_emergency_reply_starts_with_the_emergency_number():
    reply = _reply(Intent.MEDICAL_EMERGENCY, safety_rule="cardiac", confidence=1.0)
    assert reply.text.startswith("911")
    assert reply.urgent_contact is not None and reply.urgent_contact.kind == "emergency"


def test_crisis_reply_starts_with_the_crisis_line():
    reply = _reply(Intent.MENTAL_HEALTH_CRISIS, safety_rule="suicide", confidence=1.0)
    assert reply.text.startswith("988")
    assert reply.urgent_contact is not None and reply.urgent_contact.number == "988"


def test_routed_reply_names_the_desk_and_its_promise():
    reply = _reply(Intent.APPOINTMENT_CHANGE)
    assert "our scheduling team" in reply.text and "by the end of today" in reply.text
    assert reply.urgent_contact is None


def test_site_template_overrides_org_which_overrides_default():
    org = DEMO_ORGANIZATION.model_copy(
        update={"templates": {"greeting": "Org hello from $site_name"}}
    )
    site = MAIN.model_copy(update={"templates": {"location": "Site says: $address"}})
    greeting = render_reply(
        decide(prediction(Intent.SMALL_TALK, 0.9), site, threshold=0.6), site, org
    )
    location = render_reply(
        decide(prediction(Intent.LOCATION_DIRECTIONS, 0.9), site, threshold=0.6), site, org
    )
    assert greeting.text == f"Org hello from {MAIN.name}"
    assert location.text == f"Site says: {MAIN.address}"


def test_every_default_template_renders():
    decision = decide(prediction(Intent.OFFICE_HOURS, 0.9), MAIN, threshold=0.6)
    assert decision.action is Action.AUTO_ANSWER
    from frontdesk.domain.replies import render_template

    for template in DEFAULT_TEMPLATES.values():
        assert "$" not in render_template(template, MAIN)
