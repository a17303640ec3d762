"""Bodies of the staff API (Cognito). Queue items carry labels and times, never text."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from frontdesk.domain.access import DeskName, Role
from frontdesk.domain.intents import Intent, Tier
from frontdesk.domain.lifecycle import MessageStatus
from frontdesk.models.messages import Channel

MAX_REPLY_CHARS = 2000


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class QueueStatus(StrEnum):
    ACTIVE = "active"  # unclaimed and claimed
    UNCLAIMED = "unclaimed"
    CLAIMED = "claimed"
    RESOLVED = "resolved"
    ALL = "all"


QUEUE_STATUSES: dict[QueueStatus, frozenset[MessageStatus]] = {
    QueueStatus.ACTIVE: frozenset(
        {MessageStatus.ROUTED, MessageStatus.ESCALATED, MessageStatus.CLAIMED}
    ),
    QueueStatus.UNCLAIMED: frozenset({MessageStatus.ROUTED, MessageStatus.ESCALATED}),
    QueueStatus.CLAIMED: frozenset({MessageStatus.CLAIMED}),
    QueueStatus.RESOLVED: frozenset({MessageStatus.RESOLVED}),
    QueueStatus.ALL: frozenset(
        {
            MessageStatus.ROUTED,
            MessageStatus.ESCALATED,
            MessageStatus.CLAIMED,
            MessageStatus.RESOLVED,
        }
    ),
}

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")]
Cursor = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,2048}$")]


class QueueQuery(_Body):
    """GET /v1/staff/queue query parameters."""

    site: Slug
    desk: DeskName
    status: QueueStatus = QueueStatus.ACTIVE
    limit: int = Field(default=25, ge=1, le=100)
    cursor: Cursor | None = None


class QueueItem(_Body):
    message_id: str
    site_id: str
    desk: str
    status: MessageStatus
    channel: Channel
    intent: Intent | None = None
    tier: Tier | None = None
    confidence: float | None = None
    received_at: datetime
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    resolved_at: datetime | None = None
    outcome: str | None = None
    replied_at: datetime | None = None


class QueuePage(_Body):
    site_id: str
    desk: DeskName
    status: QueueStatus
    items: tuple[QueueItem, ...]
    next_cursor: str | None = None


class ViewReason(StrEnum):
    """Why a staff member reads a message's text (the audit event's reason code)."""

    RESPOND_TO_PATIENT = "respond_to_patient"
    CLINICAL_REVIEW = "clinical_review"
    CARE_COORDINATION = "care_coordination"
    PATIENT_REQUEST = "patient_request"
    QUALITY_REVIEW = "quality_review"
    COMPLIANCE_REVIEW = "compliance_review"


class ViewTextRequest(_Body):
    reason: ViewReason


class TextView(_Body):
    """The one response that carries a patient's text: sent with Cache-Control: no-store."""

    message_id: str
    text: str = Field(repr=False)
    reason: ViewReason
    viewed_at: datetime


class Outcome(StrEnum):
    REPLIED = "replied"
    CALLED_PATIENT = "called_patient"
    APPOINTMENT_BOOKED = "appointment_booked"
    FORWARDED_TO_CLINICIAN = "forwarded_to_clinician"
    NO_ACTION_NEEDED = "no_action_needed"
    DUPLICATE = "duplicate"


class ResolveRequest(_Body):
    outcome: Outcome


StaffReplyText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_REPLY_CHARS, strip_whitespace=True),
    Field(repr=False),
]


class ReplyRequest(_Body):
    text: StaffReplyText


class ReplyAccepted(_Body):
    message_id: str
    status: MessageStatus
    replied_at: datetime
    delivery: str = "queued"  # the respond stage delivers it to the patient's channel


class StaffSite(_Body):
    """A site of the caller's organisation, as the staff console lists it (no PHI)."""

    site_id: str
    name: str


class Me(_Body):
    sub: str
    org_id: str
    roles: tuple[Role, ...]
    desks: tuple[DeskName, ...]
    sites: tuple[StaffSite, ...] = ()  # the organisation's sites: the queues' `site` values
