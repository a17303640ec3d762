from datetime import UTC, datetime

import pytest

from frontdesk.domain.audit_chain import (
    GENESIS,
    ChainBroken,
    ChainHead,
    build_object,
    verify_chain,
)
from frontdesk.models.audit import Actor, AuditAction, AuditEvent, Outcome, Resource

T = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _event(i: int) -> AuditEvent:
    return AuditEvent(
        event_id=f"01JD{i:022d}:received",
        time=T,
        actor=Actor(kind="function", id="ingest"),
        action=AuditAction.RECEIVED,
        resource=Resource(type="message", id=f"01JD{i:022d}", org_id="o", site_id="s"),
        reason="patient_submitted",
        outcome=Outcome.SUCCESS,
    )


def _log(n_objects: int = 4, per_object: int = 3):
    head = ChainHead(-1, GENESIS)
    log = []
    for n in range(n_objects):
        obj = build_object([_event(n * 10 + i) for i in range(per_object)], head)
        log.append((obj.key, obj.body))
        head = ChainHead(obj.seq, obj.sha256)
    return log, head


def test_an_intact_log_verifies_against_its_head():
    log, head = _log()
    report = verify_chain(log, head=head)
    assert (report.objects, report.events, report.last) == (4, 12, head)


def test_one_altered_line_names_its_object():
    log, head = _log()
    key, body = log[2]
    log[2] = (key, body.replace(b"patient_submitted", b"patient_submittee", 1))
    with pytest.raises(ChainBroken) as broken:
        verify_chain(log, head=head)
    assert broken.value.key == "audit/000000000002.jsonl"


def test_a_rewritten_object_is_caught_by_the_next_one():
    log, head = _log()
    forged = build_object([_event(99)], ChainHead(0, verify_chain(log[:1]).last.sha256))
    log[1] = (log[1][0], forged.body)
    with pytest.raises(ChainBroken) as broken:
        verify_chain(log, head=head)
    assert broken.value.key == "audit/000000000002.jsonl"


def test_a_removed_object_names_the_missing_key():
    log, head = _log()
    del log[1]
    with pytest.raises(ChainBroken) as broken:
        verify_chain(log, head=head)
    assert broken.value.key == "audit/000000000001.jsonl"
    assert "missing" in str(broken.value)


def test_a_removed_last_object_is_caught_by_the_head():
    log, head = _log()
    with pytest.raises(ChainBroken) as broken:
        verify_chain(log[:-1], head=head)
    assert broken.value.key == "audit/000000000003.jsonl"


def test_a_rewritten_last_object_is_caught_by_the_head():
    log, head = _log()
    prev = verify_chain(log[:-1]).last
    log[-1] = (log[-1][0], build_object([_event(77)], prev).body)
    with pytest.raises(ChainBroken) as broken:
        verify_chain(log, head=head)
    assert broken.value.key == "audit/000000000003.jsonl"


def test_audit_events_cannot_carry_free_text():
    with pytest.raises(ValueError):
        _event(1).model_copy(update={}).model_validate(
            {**_event(1).model_dump(), "reason": "patient said: my chest hurts"}
        )
