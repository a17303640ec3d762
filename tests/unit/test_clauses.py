"""Rule 3 for auto-answer candidates: a Tier-2 request in another clause is not answered away."""

from collections.abc import Sequence

import pytest

from frontdesk.domain.classification import Prediction
from frontdesk.domain.clauses import CLAUSE_REQUEST_MIN_CONFIDENCE, MAX_CLAUSES, split_clauses
from frontdesk.domain.intents import Intent
from frontdesk.domain.triage import TriagingClassifier
from tests.fakes import prediction


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        (
            "what time do you open saturday? also need to push my sons appt back a week",
            ["what time do you open saturday", "need to push my sons appt back a week"],
        ),
        (
            "Where do I park and also is it ok for him to go to school with a temp",
            ["Where do I park", "is it ok for him to go to school with a temp"],
        ),
        ("how do refills work. I need one asap!", ["how do refills work", "I need one asap"]),
        ("do you take aetna, but my card is new", ["do you take aetna", "my card is new"]),
        ("line one here\nline two here", ["line one here", "line two here"]),
        ("do you take aetna", ["do you take aetna"]),
        ("hi. thanks!", []),  # one-word clauses are not requests
    ],
)
def test_split_clauses(text, clauses):
    assert split_clauses(text) == clauses


def test_split_clauses_is_bounded():
    text = ". ".join(f"clause number {i}" for i in range(20))
    assert len(split_clauses(text)) == MAX_CLAUSES


class ScriptedModel:
    """Reads each text from a script; counts the texts it was asked about."""

    version = "scripted"
    auto_answer_floor = 0.8

    def __init__(self, script: dict[str, tuple[Intent, float]]) -> None:
        self.script = script
        self.seen: list[str] = []

    def classify(self, texts: Sequence[str]) -> list[Prediction]:
        self.seen.extend(texts)
        return [prediction(*self.script[t]) for t in texts]


TWO_REQUESTS = "what time do you open saturday? also need to move my appt"
SCRIPT = {
    TWO_REQUESTS: (Intent.OFFICE_HOURS, 0.97),
    "what time do you open saturday": (Intent.OFFICE_HOURS, 0.99),
    "need to move my appt": (Intent.APPOINTMENT_CHANGE, 0.95),
}


def test_a_tier2_clause_of_an_auto_answer_candidate_is_reported():
    (p,) = TriagingClassifier(ScriptedModel(SCRIPT)).classify([TWO_REQUESTS])
    assert p.intent is Intent.OFFICE_HOURS
    assert [(a.intent, a.confidence) for a in p.clause_requests] == [
        (Intent.APPOINTMENT_CHANGE, 0.95)
    ]


def test_an_unsure_tier2_clause_is_not_reported():
    script = {**SCRIPT, "need to move my appt": (Intent.APPOINTMENT_CHANGE, 0.79)}
    assert CLAUSE_REQUEST_MIN_CONFIDENCE == 0.8
    (p,) = TriagingClassifier(ScriptedModel(script)).classify([TWO_REQUESTS])
    assert p.clause_requests == ()


def test_a_clause_is_weighed_by_its_probability_not_by_the_answer_confidence():
    # A model whose confidence needs two views (docs/model.md) can be less sure of an answer
    # than of the reading: rule 3 withholds an answer on the reading's probability, 0.9 here.
    class TwoViewModel(ScriptedModel):
        def classify(self, texts):
            return [
                p.model_copy(update={"confidence": 0.5}) if p.intent.value == "appointment_change"
                else p
                for p in super().classify(texts)
            ]  # fmt: skip

    script = {**SCRIPT, "need to move my appt": (Intent.APPOINTMENT_CHANGE, 0.9)}
    (p,) = TriagingClassifier(TwoViewModel(script)).classify([TWO_REQUESTS])
    assert [(a.intent, a.confidence) for a in p.clause_requests] == [
        (Intent.APPOINTMENT_CHANGE, 0.9)
    ]


def test_a_tier3_reading_of_a_bare_clause_is_not_reported():
    # fragments scatter to Tier-3 labels ("My mother is 82" -> medical_emergency 0.98)
    script = {**SCRIPT, "need to move my appt": (Intent.MEDICAL_EMERGENCY, 0.99)}
    (p,) = TriagingClassifier(ScriptedModel(script)).classify([TWO_REQUESTS])
    assert p.clause_requests == ()


@pytest.mark.parametrize(
    "whole",
    [
        (Intent.OFFICE_HOURS, 0.79),  # below the model's floor: never auto-answered anyway
        (Intent.APPOINTMENT_CHANGE, 0.97),  # already a desk's work
    ],
)
def test_only_auto_answer_candidates_are_read_clause_by_clause(whole):
    model = ScriptedModel({**SCRIPT, TWO_REQUESTS: whole})
    (p,) = TriagingClassifier(model).classify([TWO_REQUESTS])
    assert model.seen == [TWO_REQUESTS]
    assert p.clause_requests == ()


def test_a_one_clause_message_costs_one_model_run():
    model = ScriptedModel({"do you take aetna": (Intent.INSURANCE_ACCEPTED, 0.99)})
    (p,) = TriagingClassifier(model).classify(["do you take aetna"])
    assert model.seen == ["do you take aetna"]
    assert p.clause_requests == ()


def test_clause_requests_are_matched_to_their_own_message_in_a_batch():
    model = ScriptedModel({**SCRIPT, "do you take aetna": (Intent.INSURANCE_ACCEPTED, 0.99)})
    one, two, three = TriagingClassifier(model).classify(
        ["do you take aetna", TWO_REQUESTS, "do you take aetna"]
    )
    assert one.clause_requests == three.clause_requests == ()
    assert [a.intent for a in two.clause_requests] == [Intent.APPOINTMENT_CHANGE]
