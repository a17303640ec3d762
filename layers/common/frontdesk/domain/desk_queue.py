"""The DeskQueue index of the messages table (issue 6): which records sit in which desk
queue, in which order. Written by the respond stage when a message enters a desk."""

from __future__ import annotations

from datetime import UTC

from frontdesk.domain.intents import Tier
from frontdesk.domain.lifecycle import UNCLAIMED_STATUSES, MessageStatus
from frontdesk.models.messages import MessageRecord

_TIER_RANK = {Tier.SENSITIVE: "0", Tier.PHI_ADJACENT: "1", None: "1", Tier.NO_PHI: "2"}


def queue_key(site_id: str, desk: str) -> str:
    return f"{site_id}#{desk}"


def queue_placement(record: MessageRecord, status: MessageStatus) -> dict[str, str]:
    """The DeskQueue index keys of a record entering `status` (routed/escalated only).

    Sorted by tier rank (Tier 3 first, then Tier 2 and unknown, then Tier 1 raised to a
    desk by the site), then by arrival: the oldest waits least.
    """
    if status not in UNCLAIMED_STATUSES or not record.desk:
        return {}
    received = record.received_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {
        "queue_key": queue_key(record.site_id, record.desk),
        "queue_sort": f"{_TIER_RANK[record.tier]}#{received}#{record.message_id}",
    }
