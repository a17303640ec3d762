import pytest
from pydantic import ValidationError

from frontdesk.domain.intents import Intent
from infra.local.seed import DEMO_SITES

SITE = DEMO_SITES[0]


def _with(**changes):
    data = SITE.model_dump()
    data.update(changes)
    return type(SITE).model_validate(data)


@pytest.mark.parametrize("intent", [Intent.MEDICAL_EMERGENCY, Intent.UNKNOWN])
def test_tier3_and_unknown_desks_cannot_be_reconfigured(intent):
    with pytest.raises(ValidationError, match="fixed"):
        _with(intent_desks={intent: "front_desk"})


def test_a_site_must_have_every_desk():
    desks = dict(SITE.desks)
    desks.pop("nurse")
    with pytest.raises(ValidationError, match="nurse"):
        _with(desks=desks)


def test_unknown_fields_are_rejected():
    with pytest.raises(ValidationError):
        _with(favourite_colour="blue")


def test_threshold_below_half_is_rejected():
    with pytest.raises(ValidationError):
        _with(confidence_threshold=0.3)


def test_intent_desk_must_name_a_known_desk():
    with pytest.raises(ValidationError, match="unknown desk"):
        _with(intent_desks={Intent.REFILL_PROCESS: "bakery"})
