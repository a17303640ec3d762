"""Audit events: who did what to which resource, when, why, with what outcome. No PHI."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Label = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:#@/-]{1,128}$")]


class AuditAction(StrEnum):
    RECEIVED = "message.received"
    CLASSIFIED = "message.classified"
    ROUTED = "message.routed"
    ANSWERED = "message.answered"
    QUEUED_FOR_DESK = "message.queued_for_desk"
    ESCALATED = "message.escalated"
    DEAD_LETTERED = "message.dead_lettered"
    REDRIVEN = "message.redriven"  # an operator moved a dead-lettered message back
    TEXT_VIEWED = "message.text_viewed"
    CLAIMED = "message.claimed"
    RESOLVED = "message.resolved"
    STAFF_REPLIED = "message.staff_replied"  # issue 6: a desk member wrote to the patient
    REPLY_DELIVERED = "message.reply_delivered"  # issue 6: respond delivered that reply
    CONFIG_CHANGED = "config.changed"
    EXPORTED = "data.exported"


class Outcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"
    FAILURE = "failure"


class Actor(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Annotated[str, StringConstraints(pattern=r"^(function|staff|system)$")]
    id: Label  # function name or staff principal id (a Cognito sub), never a person's name


class Resource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Label
    id: Label
    org_id: Label | None = None
    site_id: Label | None = None


class AuditEvent(BaseModel):
    """Every field is an id, a code or a time: an audit event cannot carry free text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: Label  # deterministic for pipeline events, so a redelivery is recognisable
    time: datetime
    actor: Actor
    action: AuditAction
    resource: Resource
    reason: Label
    outcome: Outcome
    labels: dict[Label, Label] = {}
