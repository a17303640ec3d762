"""Desk work, written against ports (no AWS here): queues, audited text views, claim,
resolve, and the staff reply that the respond stage delivers.

A staff member reaches a message only through its organisation and one of their
role's desks; anything else is "no such message" (404), so ids of other
organisations or desks reveal nothing. Statuses only move forward:
routed/escalated -> claimed -> resolved.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Protocol

from frontdesk.domain.access import Principal
from frontdesk.domain.desk_queue import queue_key
from frontdesk.domain.lifecycle import MessageStatus, is_at_or_past
from frontdesk.domain.stages import decided_reading
from frontdesk.errors import Conflict, Forbidden, NotFound, Problem, TransitionRejected
from frontdesk.models.audit import Actor, AuditAction, AuditEvent, Resource
from frontdesk.models.audit import Outcome as AuditOutcome
from frontdesk.models.messages import MessageRecord, StageMessage, StoredText
from frontdesk.models.staff import (
    QUEUE_STATUSES,
    Outcome,
    QueueItem,
    QueuePage,
    QueueQuery,
    ReplyAccepted,
    TextView,
    ViewReason,
)
from frontdesk.ports import ConfigRepository, StageQueue

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Gone(Problem):
    status, code, title = 410, "text-expired", "Gone"


class InvalidCursor(Problem):
    status, code, title = 400, "invalid-cursor", "Bad Request"


# ------------------------------------------------------------------ ports
class StaffMessages(Protocol):
    """The messages table as desk work sees it (conditional writes; the DeskQueue index)."""

    def get(self, message_id: str) -> MessageRecord | None: ...

    def page(
        self,
        queue_key: str,
        statuses: frozenset[MessageStatus],
        limit: int,
        start: dict[str, str] | None,
    ) -> tuple[list[QueueItem], dict[str, str] | None]: ...

    def claim(self, message_id: str, sub: str, now: datetime) -> MessageRecord:
        """From routed/escalated to claimed by `sub`; TransitionRejected otherwise."""
        ...

    def resolve(self, message_id: str, sub: str, outcome: str, now: datetime) -> MessageRecord:
        """From unclaimed, or claimed by `sub`, to resolved; TransitionRejected otherwise."""
        ...

    def reply(self, message_id: str, sub: str, text: str, now: datetime) -> MessageRecord:
        """Store the one staff reply (claiming an unclaimed message); TransitionRejected if
        claimed by another, resolved, or already replied."""
        ...

    def mark_reply_delivered(self, message_id: str, now: datetime) -> MessageRecord | None:
        """None if there is no undelivered reply (already delivered, or none)."""
        ...


class TextReader(Protocol):
    def get_one(self, message_id: str) -> StoredText | None: ...


class AuditEvents(Protocol):
    """Where audit events go (the audit queue's sink). Raises if they are not accepted."""

    def send(self, events: Sequence[AuditEvent]) -> None: ...


# ------------------------------------------------------------------ cursors
def encode_cursor(key: dict[str, str]) -> str:
    raw = json.dumps(key, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, expected_queue_key: str) -> dict[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise InvalidCursor("The cursor is not one this API returned.") from exc
    if (
        not isinstance(key, dict)
        or set(key) != {"message_id", "queue_key", "queue_sort"}
        or not all(isinstance(v, str) for v in key.values())
        or key["queue_key"] != expected_queue_key
    ):
        raise InvalidCursor("The cursor belongs to another query.")
    return key


# ----------------------------------------------------------------- queries
def list_queue(
    principal: Principal,
    query: QueueQuery,
    *,
    config: ConfigRepository,
    messages: StaffMessages,
) -> QueuePage:
    principal.require_desk_role()
    site = config.site(query.site)
    if site is None or site.org_id != principal.org_id:
        raise NotFound("No such site.")
    if not principal.may_work_desk(query.desk.value):
        raise Forbidden("This role does not work that desk.")
    key = queue_key(site.site_id, query.desk.value)
    start = decode_cursor(query.cursor, key) if query.cursor else None
    items, last = messages.page(key, QUEUE_STATUSES[query.status], query.limit, start)
    return QueuePage(
        site_id=site.site_id,
        desk=query.desk,
        status=query.status,
        items=tuple(items),
        next_cursor=encode_cursor(last) if last else None,
    )


def visible_record(principal: Principal, message_id: str, messages: StaffMessages) -> MessageRecord:
    """The record, if this principal's organisation and desks reach it; else 404."""
    principal.require_desk_role()
    record = messages.get(message_id)
    if (
        record is None
        or record.org_id != principal.org_id
        or not record.queue_key
        or not principal.may_work_desk(record.desk)
    ):
        raise NotFound("No such message in your queues.")
    return record


def queue_item(record: MessageRecord) -> QueueItem:
    intent, confidence = decided_reading(record)
    return QueueItem(
        message_id=record.message_id,
        site_id=record.site_id,
        desk=record.desk or "",
        status=record.status,
        channel=record.channel,
        intent=intent,
        tier=record.tier,
        confidence=confidence,
        received_at=record.received_at,
        claimed_by=record.claimed_by,
        claimed_at=record.claimed_at,
        resolved_at=record.resolved_at,
        outcome=record.outcome,
        replied_at=record.staff_reply_at,
    )


# ------------------------------------------------------------------- acts
def view_text(
    principal: Principal,
    message_id: str,
    reason: ViewReason,
    *,
    messages: StaffMessages,
    texts: TextReader,
    audit: AuditEvents,
    clock: Clock = utc_now,
) -> TextView:
    """The text, once, for a stated reason. The audit event is sent before the text is
    returned: if the audit queue does not take it, the text is not shown. A refused
    attempt (another desk's or organisation's message, or none) is audited as denied."""
    try:
        record = visible_record(principal, message_id, messages)
    except (NotFound, Forbidden):
        audit.send([denied_text_view(principal, message_id, reason, clock())])
        raise
    now = clock()
    stored = texts.get_one(message_id)
    # DynamoDB deletes expired items up to days late: an expired text is gone already.
    expired = stored is None or stored.expires_at <= int(now.timestamp())
    audit.send(
        [
            staff_event(
                principal,
                record,
                AuditAction.TEXT_VIEWED,
                now,
                reason=reason.value,
                outcome=AuditOutcome.FAILURE if expired else AuditOutcome.SUCCESS,
                labels={"result": "expired"} if expired else {},
            )
        ]
    )
    if expired or stored is None:
        raise Gone("The text of this message has passed its retention and was deleted.")
    return TextView(message_id=message_id, text=stored.text, reason=reason, viewed_at=now)


def claim_message(
    principal: Principal,
    message_id: str,
    *,
    messages: StaffMessages,
    audit: AuditEvents,
    clock: Clock = utc_now,
) -> MessageRecord:
    record = visible_record(principal, message_id, messages)
    if record.status is MessageStatus.CLAIMED and record.claimed_by == principal.sub:
        return record  # claiming twice is claiming once
    now = clock()
    try:
        claimed = messages.claim(message_id, principal.sub, now)
    except TransitionRejected:
        raise _conflict(principal, messages.get(message_id) or record) from None
    audit.send([staff_event(principal, claimed, AuditAction.CLAIMED, now, reason="desk_work")])
    return claimed


def resolve_message(
    principal: Principal,
    message_id: str,
    outcome: Outcome,
    *,
    messages: StaffMessages,
    audit: AuditEvents,
    clock: Clock = utc_now,
) -> MessageRecord:
    record = visible_record(principal, message_id, messages)
    now = clock()
    try:
        resolved = messages.resolve(message_id, principal.sub, outcome.value, now)
    except TransitionRejected:
        raise _conflict(principal, messages.get(message_id) or record) from None
    audit.send([staff_event(principal, resolved, AuditAction.RESOLVED, now, reason=outcome.value)])
    return resolved


def reply_to_patient(
    principal: Principal,
    message_id: str,
    text: str,
    *,
    messages: StaffMessages,
    respond_queue: StageQueue,
    audit: AuditEvents,
    clock: Clock = utc_now,
) -> ReplyAccepted:
    """Store the reply on the record (PHI, KMS-encrypted table) and hand the id to the
    respond stage, which delivers it to the patient's channel."""
    record = visible_record(principal, message_id, messages)
    now = clock()
    try:
        replied = messages.reply(message_id, principal.sub, text, now)
    except TransitionRejected:
        current = messages.get(message_id) or record
        if current.staff_reply_text is not None and current.staff_reply_by == principal.sub:
            raise Conflict("This message already has your reply.") from None
        raise _conflict(principal, current) from None
    audit.send(
        [
            staff_event(
                principal,
                replied,
                AuditAction.STAFF_REPLIED,
                now,
                reason="desk_work",
                labels={"chars": str(len(text))},
            )
        ]
    )
    respond_queue.send(
        StageMessage(message_id=message_id, site_id=replied.site_id, org_id=replied.org_id)
    )
    return ReplyAccepted(message_id=message_id, status=replied.status, replied_at=now)


# ------------------------------------------------------- the respond stage
def deliver_staff_reply(
    record: MessageRecord,
    *,
    messages: StaffMessages,
    clock: Clock = utc_now,
) -> tuple[MessageRecord, bool] | None:
    """The respond stage's part in desk work, given the record as respond found it.

    None: the message is not in a staff state, so the pipeline's own reply was due.
    Otherwise (record, delivered now): a pending staff reply is marked delivered (the
    patient's channel shows it from then on), once; a redelivery sends nothing."""
    if not is_at_or_past(record.status, MessageStatus.CLAIMED):
        return None
    if record.staff_reply_text is None or record.staff_reply_delivered_at is not None:
        return record, False
    delivered = messages.mark_reply_delivered(record.message_id, clock())
    if delivered is None:
        return messages.get(record.message_id) or record, False
    return delivered, True


def reply_delivered_event(record: MessageRecord, actor: Actor, now: datetime) -> AuditEvent:
    return AuditEvent(
        event_id=f"{record.message_id}:{AuditAction.REPLY_DELIVERED.value}",
        time=now,
        actor=actor,
        action=AuditAction.REPLY_DELIVERED,
        resource=Resource(
            type="message", id=record.message_id, org_id=record.org_id, site_id=record.site_id
        ),
        reason="staff_reply",
        outcome=AuditOutcome.SUCCESS,
        labels={"channel": record.channel.value, "desk": record.desk or "none"},
    )


# ------------------------------------------------------------------ audit
def staff_actor(principal: Principal) -> Actor:
    return Actor(kind="staff", id=principal.sub)


def staff_event(
    principal: Principal,
    record: MessageRecord,
    action: AuditAction,
    now: datetime,
    *,
    reason: str,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    labels: dict[str, str] | None = None,
) -> AuditEvent:
    return AuditEvent(
        event_id=f"{record.message_id}:{action.value}:{uuid.uuid4().hex}",
        time=now,
        actor=staff_actor(principal),
        action=action,
        resource=Resource(
            type="message", id=record.message_id, org_id=record.org_id, site_id=record.site_id
        ),
        reason=reason,
        outcome=outcome,
        labels={
            k: v
            for k, v in {
                "desk": record.desk or "",
                "roles": ".".join(sorted(principal.roles)),
                **(labels or {}),
            }.items()
            if v
        },
    )


def denied_text_view(
    principal: Principal, message_id: str, reason: ViewReason, now: datetime
) -> AuditEvent:
    """Who tried to read what, refused: the resource as the caller named it, in the
    caller's organisation (nothing about the message, which they may not know of)."""
    return AuditEvent(
        event_id=f"{message_id}:{AuditAction.TEXT_VIEWED.value}:{uuid.uuid4().hex}",
        time=now,
        actor=staff_actor(principal),
        action=AuditAction.TEXT_VIEWED,
        resource=Resource(type="message", id=message_id, org_id=principal.org_id),
        reason=reason.value,
        outcome=AuditOutcome.DENIED,
        labels={"roles": ".".join(sorted(principal.roles))},
    )


def _conflict(principal: Principal, record: MessageRecord) -> Conflict:
    if record.status is MessageStatus.RESOLVED:
        return Conflict("This message is already resolved.")
    if record.status is MessageStatus.CLAIMED and record.claimed_by != principal.sub:
        return Conflict("Another staff member has claimed this message.")
    if record.staff_reply_text is not None:
        return Conflict("This message already has a staff reply.")
    return Conflict("This message is not in a state that allows this.")
