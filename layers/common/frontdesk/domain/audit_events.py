"""What each stage did, as audit events: ids, codes and times only, never text.

Pipeline event ids are deterministic (`<message_id>:<action>`), so a redelivered
message that re-emits its event is recognisable as the same event in the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from frontdesk.domain.lifecycle import MessageStatus
from frontdesk.domain.stages import Outcome
from frontdesk.models.audit import Actor, AuditAction, AuditEvent, Resource
from frontdesk.models.audit import Outcome as AuditOutcome
from frontdesk.models.messages import MessageRecord, StageMessage

_TERMINAL_ACTIONS = {
    MessageStatus.ANSWERED: AuditAction.ANSWERED,
    MessageStatus.ROUTED: AuditAction.QUEUED_FOR_DESK,
    MessageStatus.ESCALATED: AuditAction.ESCALATED,
}


def function_actor(function_name: str) -> Actor:
    return Actor(kind="function", id=function_name)


def message_resource(record: MessageRecord | StageMessage) -> Resource:
    return Resource(
        type="message", id=record.message_id, org_id=record.org_id, site_id=record.site_id
    )


def _event(
    record: MessageRecord | StageMessage,
    action: AuditAction,
    actor: Actor,
    now: datetime,
    reason: str,
    labels: dict[str, str],
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
) -> AuditEvent:
    return AuditEvent(
        event_id=f"{record.message_id}:{action.value}",
        time=now,
        actor=actor,
        action=action,
        resource=message_resource(record),
        reason=reason,
        outcome=outcome,
        labels={k: v for k, v in labels.items() if v},
    )


def received(record: MessageRecord, actor: Actor, now: datetime) -> AuditEvent:
    return _event(
        record,
        AuditAction.RECEIVED,
        actor,
        now,
        reason="patient_submitted",
        labels={"channel": record.channel.value, "chars": str(record.text_length)},
    )


def classified(outcome: Outcome, actor: Actor, now: datetime) -> AuditEvent:
    record = outcome.record
    return _event(
        record,
        AuditAction.CLASSIFIED,
        actor,
        now,
        reason="safety_lexicon" if record.safety_rule else "model",
        labels={
            "intent": record.intent.value if record.intent else "",
            "confidence": f"{record.confidence:.3f}" if record.confidence is not None else "",
            "safety_rule": record.safety_rule or "",
            "model_version": record.model_version or "",
            **_resumed(outcome),
        },
    )


def routed(outcome: Outcome, actor: Actor, now: datetime) -> AuditEvent:
    record = outcome.record
    return _event(
        record,
        AuditAction.ROUTED,
        actor,
        now,
        reason=record.decision_reason.value if record.decision_reason else "policy",
        labels={
            "intent": record.decided_intent.value if record.decided_intent else "",
            "tier": str(int(record.tier)) if record.tier is not None else "",
            "action": record.action.value if record.action else "",
            "desk": record.desk or "",
            **_resumed(outcome),
        },
    )


def responded(outcome: Outcome, actor: Actor, now: datetime) -> AuditEvent:
    """answered (tier 1), queued for a desk (tier 2, front desk) or escalated (tier 3)."""
    record = outcome.record
    action = _TERMINAL_ACTIONS.get(record.status)
    if action is None:
        raise ValueError(f"respond left message {record.message_id} in {record.status}")
    return _event(
        record,
        action,
        actor,
        now,
        reason=record.decision_reason.value if record.decision_reason else "policy",
        labels={
            "template": record.reply_template or "",
            "desk": record.desk or "",
            "urgent_contact": record.urgent_contact.kind if record.urgent_contact else "",
            **_resumed(outcome),
        },
    )


def dead_lettered(
    item: StageMessage, actor: Actor, now: datetime, *, stage: str, error_type: str
) -> AuditEvent:
    """The last allowed attempt of a stage failed: SQS moves the message to the stage's DLQ."""
    return AuditEvent(
        event_id=f"{item.message_id}:{AuditAction.DEAD_LETTERED.value}:{stage}",
        time=now,
        actor=actor,
        action=AuditAction.DEAD_LETTERED,
        resource=message_resource(item),
        reason=_label(error_type),
        outcome=AuditOutcome.FAILURE,
        labels={"stage": stage},
    )


def redriven(
    item: StageMessage, actor: Actor, now: datetime, *, source_queue: str, move_id: str
) -> AuditEvent:
    """An operator moved a dead-lettered message back to its stage queue."""
    return AuditEvent(
        event_id=f"{item.message_id}:{AuditAction.REDRIVEN.value}:{move_id}",
        time=now,
        actor=actor,
        action=AuditAction.REDRIVEN,
        resource=message_resource(item),
        reason="operator_redrive",
        outcome=AuditOutcome.SUCCESS,
        labels={"queue": _label(source_queue)},
    )


def unique_events(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """Drop repeats of an event id (a redelivery), keeping the first."""
    seen: set[str] = set()
    kept: list[AuditEvent] = []
    for event in events:
        if event.event_id not in seen:
            seen.add(event.event_id)
            kept.append(event)
    return kept


def event_ids(events: Sequence[AuditEvent]) -> set[str]:
    return {e.event_id for e in events}


def _resumed(outcome: Outcome) -> dict[str, str]:
    return {"resumed": "true"} if outcome.resumed else {}


def _label(value: str) -> str:
    """A code-shaped label (letters, digits, _.:-), at most 128 characters."""
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "_.:-") else "_" for c in value)
    return cleaned[:128] or "unknown"
