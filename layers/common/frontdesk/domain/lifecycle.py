"""A message's life: it only ever moves forward."""

from __future__ import annotations

from enum import StrEnum


class MessageStatus(StrEnum):
    RECEIVED = "received"
    CLASSIFIED = "classified"
    DECIDED = "decided"
    # Terminal: the patient has a reply (an answer, or who will answer, or what to do now).
    ANSWERED = "answered"
    ROUTED = "routed"
    ESCALATED = "escalated"
    # Staff states (issue 6), after routed/escalated: a desk member took it, then closed it.
    CLAIMED = "claimed"
    RESOLVED = "resolved"


TERMINAL_STATUSES = frozenset(
    {MessageStatus.ANSWERED, MessageStatus.ROUTED, MessageStatus.ESCALATED}
)

_ORDER = {
    MessageStatus.RECEIVED: 0,
    MessageStatus.CLASSIFIED: 1,
    MessageStatus.DECIDED: 2,
    MessageStatus.ANSWERED: 3,
    MessageStatus.ROUTED: 3,
    MessageStatus.ESCALATED: 3,
    MessageStatus.CLAIMED: 4,
    MessageStatus.RESOLVED: 5,
}

# In a desk queue, waiting for a staff member (issue 6).
UNCLAIMED_STATUSES = frozenset({MessageStatus.ROUTED, MessageStatus.ESCALATED})


def predecessor_of(status: MessageStatus) -> MessageStatus:
    """The one status a message must be in to move to `status`."""
    if status in TERMINAL_STATUSES:
        return MessageStatus.DECIDED
    previous = {
        MessageStatus.CLASSIFIED: MessageStatus.RECEIVED,
        MessageStatus.DECIDED: MessageStatus.CLASSIFIED,
    }
    if status not in previous:
        raise ValueError(f"no transition leads to {status}")
    return previous[status]


def is_at_or_past(current: MessageStatus, status: MessageStatus) -> bool:
    return _ORDER[current] >= _ORDER[status]
