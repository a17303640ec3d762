"""The four stages of a message's life, written against ports (no AWS here).

Delivery is at-least-once: every stage moves the record forward with a
conditional write and, when it finds the record already moved by an earlier
delivery, resumes from there instead of failing or doing the work twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from frontdesk.domain.classification import Prediction
from frontdesk.domain.desk_queue import queue_placement
from frontdesk.domain.intents import INTENT_SPECS, Action, Intent
from frontdesk.domain.lifecycle import MessageStatus, is_at_or_past
from frontdesk.domain.policy import (
    DecisionReason,
    RoutingDecision,
    decide_at_site,
)
from frontdesk.domain.replies import Reply, render_reply
from frontdesk.domain.spend import SpendAccounting, accrual_for
from frontdesk.errors import AlreadyStored, MissingMessage, NotFound, TransitionRejected
from frontdesk.models.api import SubmitMessage
from frontdesk.models.config import ApiKeyBinding, Site
from frontdesk.models.messages import MessageRecord, StageMessage, StoredText
from frontdesk.ports import ConfigRepository, MessageRepository, StageQueue, TextVault

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Outcome:
    """What a stage did with one message: the record as the stage left it."""

    record: MessageRecord
    resumed: bool = False  # an earlier delivery had already done this stage's write

    @property
    def message_id(self) -> str:
        return self.record.message_id

    @property
    def status(self) -> MessageStatus:
        return self.record.status


# ------------------------------------------------------------------ ingest
def accept_message(
    request: SubmitMessage,
    binding: ApiKeyBinding,
    *,
    new_id: Callable[[], str],
    messages: MessageRepository,
    texts: TextVault,
    config: ConfigRepository,
    next_stage: StageQueue,
    retention_days: int,
    clock: Clock = utc_now,
) -> MessageRecord:
    if request.site_id != binding.site_id or config.site(request.site_id) is None:
        # A key of site A naming site B learns nothing about B: same answer as no site.
        raise NotFound("No such site for this API key.")
    now = clock()
    record = MessageRecord(
        message_id=new_id(),
        org_id=binding.org_id,
        site_id=binding.site_id,
        channel=request.channel,
        status=MessageStatus.RECEIVED,
        received_at=now,
        updated_at=now,
        text_length=len(request.text),
        client_ref=request.client_ref,
    )
    expires = int((now + timedelta(days=retention_days)).timestamp())
    # With an Idempotency-Key the id is derived from it, so a retry after a failure half
    # way through lands here again: it finds what the first attempt stored and resumes.
    with suppress(AlreadyStored):
        texts.put(StoredText(message_id=record.message_id, text=request.text, expires_at=expires))
    try:
        messages.create(record)
    except AlreadyStored:
        existing = messages.get(record.message_id)
        if existing is None or existing.site_id != record.site_id:
            raise
        record = existing
    if record.status is MessageStatus.RECEIVED:
        next_stage.send(_stage_message(record))
    return record


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def submission_message_id(site_id: str, idempotency_key: str) -> str:
    """The message id of a keyed submission: 128 bits of SHA-256 in ULID's alphabet."""
    digest = hashlib.sha256(f"{site_id}\x00{idempotency_key}".encode()).digest()
    number = int.from_bytes(digest[:16], "big")
    return "".join(_CROCKFORD[(number >> (5 * i)) & 31] for i in reversed(range(26)))


def read_message(
    message_id: str, binding: ApiKeyBinding, messages: MessageRepository
) -> MessageRecord:
    record = messages.get(message_id)
    if record is None or record.site_id != binding.site_id:
        raise NotFound("No such message for this API key.")
    return record


# ---------------------------------------------------------------- classify
def record_classification(
    item: StageMessage,
    prediction: Prediction,
    *,
    auto_answer_floor: float,
    messages: MessageRepository,
    next_stage: StageQueue,
    clock: Clock = utc_now,
    model_ms: int | None = None,
) -> Outcome:
    changes = {
        "intent": prediction.intent,
        "confidence": prediction.confidence,
        "alternatives": prediction.alternatives,
        "safety_rule": prediction.safety_rule,
        "clause_requests": prediction.clause_requests,
        "model_version": prediction.model_version,
        "auto_answer_floor": auto_answer_floor,
        "model_ms": model_ms,
        "updated_at": clock(),
    }
    return _advance_then_forward(item, MessageStatus.CLASSIFIED, changes, messages, next_stage)


# ------------------------------------------------------------------- route
def route_message(
    item: StageMessage,
    *,
    messages: MessageRepository,
    config: ConfigRepository,
    next_stage: StageQueue,
    default_threshold: float,
    clock: Clock = utc_now,
) -> Outcome:
    record = _require(messages, item.message_id)
    if is_at_or_past(record.status, MessageStatus.DECIDED):
        return _forward_if_at(record, MessageStatus.DECIDED, item, next_stage)
    site = _require_site(config, record.site_id)
    decision = decide_for(record, site, default_threshold=default_threshold)
    changes: dict[str, object] = {
        "tier": decision.tier,
        "action": decision.action,
        "desk": decision.desk,
        "decision_reason": decision.reason,
        "decided_intent": decision.intent,
        "updated_at": clock(),
    }
    return _advance_then_forward(item, MessageStatus.DECIDED, changes, messages, next_stage)


def prediction_of(record: MessageRecord) -> Prediction:
    """The classification stored on a record, as the classifier returned it."""
    if record.intent is None or record.confidence is None:
        raise MissingMessage(record.message_id, "classification")
    return Prediction(
        intent=record.intent,
        confidence=record.confidence,
        alternatives=record.alternatives,
        clause_requests=record.clause_requests,
        safety_rule=record.safety_rule,
        model_version=record.model_version or "unknown",
    )


def decided_reading(record: MessageRecord) -> tuple[Intent | None, float | None]:
    """The intent the decision acted on and the confidence behind it: a governing second
    intent's (rule 3) once routed, else the classification's. What patients and staff see."""
    intent = record.decided_intent or record.intent
    if intent is None or record.intent is None or record.confidence is None:
        return intent, record.confidence
    return intent, prediction_of(record).confidence_of(intent)


def decide_for(record: MessageRecord, site: Site, *, default_threshold: float) -> RoutingDecision:
    return decide_at_site(
        prediction_of(record),
        site,
        default_threshold=default_threshold,
        model_floor=record.auto_answer_floor or 0.0,
    )


# ----------------------------------------------------------------- respond
_TERMINAL_FOR_ACTION = {
    Action.AUTO_ANSWER: MessageStatus.ANSWERED,
    Action.ROUTE: MessageStatus.ROUTED,
    Action.FRONT_DESK: MessageStatus.ROUTED,
    Action.ESCALATE: MessageStatus.ESCALATED,
}


def respond_to_message(
    item: StageMessage,
    *,
    messages: MessageRepository,
    config: ConfigRepository,
    spend: SpendAccounting | None = None,
    clock: Clock = utc_now,
) -> Outcome:
    record = _require(messages, item.message_id)
    if is_at_or_past(record.status, MessageStatus.ANSWERED):
        return Outcome(record, resumed=True)  # never reply twice
    site = _require_site(config, record.site_id)
    org = config.organization(record.org_id)
    if org is None:
        raise MissingMessage(record.message_id, "organisation config")
    intent = record.decided_intent or record.intent  # records routed before it was kept
    if record.action is None or intent is None:
        raise MissingMessage(record.message_id, "routing decision")
    decision = RoutingDecision(
        intent=intent,
        tier=record.tier,
        action=record.action,
        desk=record.desk,
        template=INTENT_SPECS[intent].template
        if record.action is Action.AUTO_ANSWER
        else None,
        reason=record.decision_reason or DecisionReason.POLICY,
        threshold=record.auto_answer_floor or 0.0,
    )
    reply: Reply = render_reply(decision, site, org)
    now = clock()
    terminal = _TERMINAL_FOR_ACTION[record.action]
    changes = {
        "reply_text": reply.text,
        "reply_template": reply.template,
        "urgent_contact": reply.urgent_contact,
        "answered_at": now,
        "updated_at": now,
        **queue_placement(record, terminal),  # routed/escalated enter their desk's queue
    }
    try:
        if spend is None:
            return Outcome(messages.advance(item.message_id, terminal, changes))
        # The spend is accrued in the same atomic write as the terminal transition, which
        # happens once per message: duplicates and retried batches add nothing.
        accrual = accrual_for(
            record,
            terminal,
            tariff=spend.tariffs.tariff(record.org_id),
            aws_cost_nanos_per_message=spend.aws_cost_nanos_per_message,
            at=now,
        )
        return Outcome(spend.ledger.finish(record, terminal, changes, accrual))
    except TransitionRejected:
        return Outcome(_require(messages, item.message_id), resumed=True)


# ----------------------------------------------------------------- helpers
def _advance_then_forward(
    item: StageMessage,
    to: MessageStatus,
    changes: dict[str, object],
    messages: MessageRepository,
    next_stage: StageQueue,
) -> Outcome:
    try:
        updated = messages.advance(item.message_id, to, changes)
    except TransitionRejected:
        record = _require(messages, item.message_id)
        if not is_at_or_past(record.status, to):
            raise  # behind us: an earlier stage has not finished; retry later
        return _forward_if_at(record, to, item, next_stage)
    next_stage.send(item)
    return Outcome(updated)


def _forward_if_at(
    record: MessageRecord, status: MessageStatus, item: StageMessage, next_stage: StageQueue
) -> Outcome:
    # The earlier delivery wrote the record but may have died before sending it
    # on: send again (the next stage is idempotent). Past this stage: nothing to do.
    if record.status == status:
        next_stage.send(item)
    return Outcome(record, resumed=True)


def _require(messages: MessageRepository, message_id: str) -> MessageRecord:
    record = messages.get(message_id)
    if record is None:
        raise MissingMessage(message_id, "record")
    return record


def _require_site(config: ConfigRepository, site_id: str) -> Site:
    site = config.site(site_id)
    if site is None:
        raise MissingMessage(site_id, "site config")
    return site


def _stage_message(record: MessageRecord) -> StageMessage:
    return StageMessage(message_id=record.message_id, site_id=record.site_id, org_id=record.org_id)
