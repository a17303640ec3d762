"""Bodies of the patient API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from frontdesk.domain.classification import Alternative
from frontdesk.domain.intents import Action, Intent, Tier
from frontdesk.domain.lifecycle import MessageStatus
from frontdesk.domain.replies import UrgentContact
from frontdesk.models.messages import Channel

MAX_TEXT_CHARS = 2000


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


PatientText = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS), Field(repr=False)
]


class SubmitMessage(_Body):
    site_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    channel: Channel
    text: PatientText
    client_ref: Annotated[str, StringConstraints(min_length=1, max_length=128)] | None = None


class Links(_Body):
    self: str


class MessageAccepted(_Body):
    message_id: str
    status: MessageStatus
    links: Links


class MessageView(_Body):
    """What a patient's channel may read: never the original text."""

    message_id: str
    site_id: str
    channel: Channel
    status: MessageStatus
    received_at: datetime
    client_ref: str | None = None
    intent: Intent | None = None
    confidence: float | None = None
    tier: Tier | None = None
    action: Action | None = None
    desk: str | None = None
    reply: str | None = None
    urgent_contact: UrgentContact | None = None
    answered_at: datetime | None = None
    # issue 6: a desk member's reply, once the respond stage has delivered it
    staff_reply: str | None = None
    staff_replied_at: datetime | None = None


class ClassifyText(_Body):
    text: PatientText


class ClassifyResult(_Body):
    intent: Intent
    confidence: float
    tier: Tier | None
    action: Action
    alternatives: tuple[Alternative, ...]
    model_version: str


class Health(_Body):
    status: str
    version: str
