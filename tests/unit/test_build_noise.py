"""benchmarks/build_noise.py: the comparison of two builds' decisions (no model needed)."""

from __future__ import annotations

from benchmarks.build_noise import Decided, compare
from frontdesk.domain.intents import Action, Intent

HOURS, BOOK, CHANGE, EMERGENCY = (
    Intent.OFFICE_HOURS,
    Intent.SCHEDULE_APPOINTMENT,
    Intent.APPOINTMENT_CHANGE,
    Intent.MEDICAL_EMERGENCY,
)


def answered(intent: Intent) -> Decided:
    return Decided(intent=intent, action=Action.AUTO_ANSWER, answered_as=intent)


def routed(intent: Intent) -> Decided:
    return Decided(intent=intent, action=Action.ROUTE, answered_as=intent)


def test_two_builds_are_compared_message_by_message_and_counted_each():
    gold = [HOURS, CHANGE, EMERGENCY, BOOK]
    build = [answered(HOURS), answered(BOOK), Decided(EMERGENCY, Action.ESCALATE, EMERGENCY),
             answered(BOOK)]  # fmt: skip
    other = [answered(HOURS), routed(CHANGE), routed(CHANGE), Decided(BOOK, Action.FRONT_DESK,
             BOOK)]  # fmt: skip

    result = compare(gold, build, other)

    assert (result["top_intent_differs"], result["auto_answer_differs"]) == (2, 2)
    assert result["action_differs"] == 3
    assert result["build"] == {
        "right": 3,
        "auto_answers": 3,
        "wrong_auto_answers": 1,
        "unsafe_automations": 1,  # the appointment change answered as how to book
        "tier3_missed": 0,
    }
    assert result["other_build"] == {
        "right": 3,
        "auto_answers": 1,
        "wrong_auto_answers": 0,
        "unsafe_automations": 0,
        "tier3_missed": 1,  # the emergency routed, not escalated
    }


def test_identical_builds_differ_nowhere():
    gold = [HOURS, CHANGE]
    same = [answered(HOURS), routed(CHANGE)]
    result = compare(gold, same, list(same))
    assert result["top_intent_differs"] == result["action_differs"] == 0
    assert result["build"] == result["other_build"]


def test_the_sealed_and_reserved_sets_are_never_read():
    from benchmarks.build_noise import SETS
    from tests.eval.run_eval import RESERVED, SEALED

    assert SEALED not in SETS and not set(RESERVED) & set(SETS)
