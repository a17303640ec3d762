"""Stage outcomes -> audit events, the chain writer under crashes, and the PHI log filter."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime

import pytest

from frontdesk.domain.audit_chain import GENESIS, AuditObject, ChainHead, verify_chain
from frontdesk.domain.audit_events import (
    classified,
    dead_lettered,
    function_actor,
    received,
    responded,
    routed,
)
from frontdesk.domain.audit_log import ChainConflict, HeadMoved, append_events
from frontdesk.domain.intents import Action, Intent, Tier
from frontdesk.domain.lifecycle import MessageStatus
from frontdesk.domain.policy import DecisionReason
from frontdesk.domain.stages import Outcome
from frontdesk.models.messages import Channel, MessageRecord, StageMessage
from frontdesk.observability import PhiFilter, logger, scrub

T = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MID = "01JD0000000000000000000001"
ACTOR = function_actor("frontdesk-dev-RouteFunction-abc")


def _record(**changes) -> MessageRecord:
    base = dict(
        message_id=MID,
        org_id="riverside",
        site_id="riverside-main",
        channel=Channel.WEB,
        status=MessageStatus.RECEIVED,
        received_at=T,
        updated_at=T,
        text_length=42,
    )
    return MessageRecord(**{**base, **changes})


def test_each_stage_maps_to_its_action_with_a_deterministic_id():
    rec = _record(
        status=MessageStatus.CLASSIFIED,
        intent=Intent.OFFICE_HOURS,
        confidence=0.91,
        model_version="m1",
    )
    assert received(_record(), ACTOR, T).event_id == f"{MID}:message.received"
    event = classified(Outcome(rec), ACTOR, T)
    assert (event.event_id, event.reason) == (f"{MID}:message.classified", "model")
    assert event.labels == {"intent": "office_hours", "confidence": "0.910", "model_version": "m1"}
    decided = rec.model_copy(
        update={
            "status": MessageStatus.DECIDED,
            "tier": Tier.NO_PHI,
            "action": Action.AUTO_ANSWER,
            "decision_reason": DecisionReason.POLICY,
            "decided_intent": Intent.OFFICE_HOURS,
        }
    )
    assert routed(Outcome(decided, resumed=True), ACTOR, T).labels == {
        "intent": "office_hours",
        "tier": "1",
        "action": "auto_answer",
        "resumed": "true",
    }
    for status, action in (
        (MessageStatus.ANSWERED, "message.answered"),
        (MessageStatus.ROUTED, "message.queued_for_desk"),
        (MessageStatus.ESCALATED, "message.escalated"),
    ):
        done = responded(Outcome(decided.model_copy(update={"status": status})), ACTOR, T)
        assert done.event_id == f"{MID}:{action}" and done.outcome == "success"


def test_a_redelivery_makes_the_same_event_id():
    rec = _record(status=MessageStatus.CLASSIFIED, intent=Intent.OFFICE_HOURS, confidence=0.9)
    first = classified(Outcome(rec), ACTOR, T)
    again = classified(Outcome(rec, resumed=True), ACTOR, T)
    assert first.event_id == again.event_id


def test_dead_lettered_carries_the_error_type_only():
    item = StageMessage(message_id=MID, site_id="riverside-main", org_id="riverside")
    event = dead_lettered(item, ACTOR, T, stage="route", error_type="MissingMessage")
    assert event.outcome == "failure" and event.reason == "MissingMessage"
    assert event.event_id == f"{MID}:message.dead_lettered:route"


def test_respond_never_audits_a_non_terminal_record():
    with pytest.raises(ValueError):
        responded(Outcome(_record(status=MessageStatus.DECIDED)), ACTOR, T)


# ---------------------------------------------------------------- the writer
class Heads:
    def __init__(self) -> None:
        self.head = ChainHead(-1, GENESIS)

    def read(self) -> ChainHead:
        return self.head

    def advance(self, old: ChainHead, new: ChainHead) -> None:
        if old != self.head:
            raise HeadMoved("moved")
        self.head = new


class Objects:
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def put_new(self, obj: AuditObject) -> bool:
        if obj.key in self.store:
            return False
        self.store[obj.key] = obj.body
        return True

    def get(self, key: str) -> bytes | None:
        return self.store.get(key)


def _events(n: int, offset: int = 0):
    return [received(_record(message_id=f"01JD{i + offset:022d}"), ACTOR, T) for i in range(n)]


def test_batches_extend_one_verifiable_chain_and_repeats_are_dropped():
    heads, objects = Heads(), Objects()
    batch = _events(3)
    written = append_events(batch + batch[:1], heads=heads, objects=objects)
    assert written is not None and written.body.count(b"\n") == 4  # header + 3 events
    append_events(_events(2, 10), heads=heads, objects=objects)
    assert append_events([], heads=heads, objects=objects) is None
    report = verify_chain(sorted(objects.store.items()), head=heads.head)
    assert (report.objects, report.events) == (2, 5)


def test_an_object_written_before_a_crash_is_adopted_not_overwritten():
    heads, objects = Heads(), Objects()
    append_events(_events(1), heads=heads, objects=objects)
    # GIVEN a run that stored object 1 and died before moving the head
    before = heads.head
    append_events(_events(2, 5), heads=heads, objects=objects)
    orphan = objects.store["audit/000000000001.jsonl"]
    heads.head = before
    # WHEN the batch is redelivered
    append_events(_events(2, 5), heads=heads, objects=objects)
    # THEN object 1 stays as it was, the head adopts it, and the batch goes to object 2
    assert objects.store["audit/000000000001.jsonl"] == orphan
    assert heads.head.seq == 2
    verify_chain(sorted(objects.store.items()), head=heads.head)


def test_a_foreign_object_at_the_next_key_stops_the_writer():
    heads, objects = Heads(), Objects()
    objects.store["audit/000000000000.jsonl"] = b'{"seq": 0, "prev_sha256": "f00"}\n'
    with pytest.raises(ChainConflict) as conflict:
        append_events(_events(1), heads=heads, objects=objects)
    assert conflict.value.key == "audit/000000000000.jsonl"
    assert heads.head.seq == -1


def test_a_moved_head_fails_the_write():
    _heads, objects = Heads(), Objects()

    class Racing(Heads):
        def advance(self, old, new):
            raise HeadMoved("another writer")

    with pytest.raises(HeadMoved):
        append_events(_events(1), heads=Racing(), objects=objects)


# ---------------------------------------------------------------- PHI filter
def _capture(log) -> list[dict]:
    lines: list[str] = []

    class Sink(logging.Handler):
        def emit(self, record):
            lines.append(log.registered_handler.format(record))

    sink = Sink()
    for f in log.registered_handler.filters:
        sink.addFilter(f)
    log.addHandler(sink)
    return lines  # type: ignore[return-value]


def test_only_allow_listed_keys_and_no_exception_text_reach_the_log():
    log = logger(service="unit-phi")
    lines = _capture(log)
    log.info("accepted", extra={"message_id": MID, "patient_name": "Jane Roe", "chars": 12})
    try:
        raise ValueError("my name is Jane Roe, born 03/14/1962")
    except ValueError:
        log.exception("failed")
    out = "\n".join(lines)
    assert "Jane" not in out and "1962" not in out
    first, second = (json.loads(x) for x in lines)
    assert first["message_id"] == MID and first["redacted_keys"] == ["patient_name"]
    assert second["error_type"] == "ValueError" and "exception" not in second


@pytest.mark.parametrize(
    "text",
    [
        "jane.roe@example.com",
        "(555) 123-4567",
        "+1 555 123 4567",
        "555-123-4567",
        "03/14/1962",
        "1962-03-14",
        "14.03.62",
    ],
)
def test_phi_shaped_strings_are_masked(text):
    assert text not in scrub(f"note: {text} end")


@pytest.mark.parametrize(
    "text", ["2026-11-25T12:00:00+00:00", "confidence 0.973", "version 0.1.0", MID, "batch 16"]
)
def test_ids_times_and_numbers_are_kept(text):
    assert scrub(text) == text


def test_the_filter_passes_every_record():
    record = logging.makeLogRecord({"msg": "x %s", "args": ("a@b.co",)})
    assert PhiFilter().filter(record) and record.msg == "x [email]"


def test_hash_of_a_written_object_is_its_sha256():
    heads, objects = Heads(), Objects()
    written = append_events(_events(1), heads=heads, objects=objects)
    assert heads.head.sha256 == hashlib.sha256(written.body).hexdigest()
