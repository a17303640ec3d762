"""A patient message as stored and as passed between stages (ids only, never text)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from aws_lambda_powertools.utilities.parser.models import SqsRecordModel
from pydantic import BaseModel, ConfigDict, Field, Json, StringConstraints

from frontdesk.domain.classification import Alternative
from frontdesk.domain.intents import Action, Intent, Tier
from frontdesk.domain.lifecycle import MessageStatus
from frontdesk.domain.policy import DecisionReason
from frontdesk.domain.replies import UrgentContact

MessageId = Annotated[str, StringConstraints(pattern=r"^[0-9A-HJKMNP-TV-Z]{26}$")]


class Channel(StrEnum):
    WEB = "web"
    SMS = "sms"
    EMAIL = "email"


class StageMessage(BaseModel):
    """The body of every stage queue message."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    message_id: MessageId
    site_id: str
    org_id: str


class MessageRecord(BaseModel):
    """The record that stays after the text's TTL: labels, route and times, no PHI."""

    model_config = ConfigDict(extra="forbid")

    message_id: MessageId
    org_id: str
    site_id: str
    channel: Channel
    status: MessageStatus
    received_at: datetime
    updated_at: datetime
    text_length: int
    client_ref: str | None = None
    # classify
    intent: Intent | None = None
    confidence: float | None = None
    alternatives: tuple[Alternative, ...] = ()
    safety_rule: str | None = None
    clause_requests: tuple[Alternative, ...] = ()
    model_version: str | None = None
    auto_answer_floor: float | None = None
    model_ms: int | None = None  # this message's share of its batch's model time
    # route
    tier: Tier | None = None
    action: Action | None = None
    desk: str | None = None
    decision_reason: DecisionReason | None = None
    # the intent the decision acted on: a second intent of a higher tier when one governed
    # (rule 3), else the classified intent
    decided_intent: Intent | None = None
    # respond
    reply_text: str | None = None
    reply_template: str | None = None
    urgent_contact: UrgentContact | None = None
    answered_at: datetime | None = None
    # staff (issue 6): the desk queue index, claim, resolution, and the staff reply (PHI,
    # in this KMS-encrypted table; delivered by respond, shown to the patient once delivered)
    queue_key: str | None = None
    queue_sort: str | None = None
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    outcome: str | None = None
    staff_reply_text: str | None = Field(default=None, repr=False)
    staff_reply_by: str | None = None
    staff_reply_at: datetime | None = None
    staff_reply_delivered_at: datetime | None = None


class StoredText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    message_id: MessageId
    text: str = Field(repr=False)  # PHI: keep it out of reprs, logs and tracebacks
    expires_at: int  # epoch seconds, DynamoDB TTL


class StageRecord(SqsRecordModel):
    """An SQS record of a stage queue, as powertools' parser reads it."""

    body: Json[StageMessage]  # type: ignore[assignment]
