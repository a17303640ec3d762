"""What the patient's channel shows of a staff reply (issue 6): only once delivered."""

from __future__ import annotations

from typing import Any

from frontdesk.models.messages import MessageRecord


def delivered_staff_reply(record: MessageRecord) -> dict[str, Any]:
    if record.staff_reply_text is None or record.staff_reply_delivered_at is None:
        return {}
    return {
        "staff_reply": record.staff_reply_text,
        "staff_replied_at": record.staff_reply_delivered_at,
    }
