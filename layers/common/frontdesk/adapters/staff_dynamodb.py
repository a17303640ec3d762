"""DynamoDB for desk work: the DeskQueue index and the staff transitions (conditional writes)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from frontdesk.adapters.dynamodb import from_item, to_item
from frontdesk.domain.lifecycle import MessageStatus
from frontdesk.errors import TransitionRejected
from frontdesk.models.messages import MessageRecord, StoredText
from frontdesk.models.staff import QueueItem

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
else:
    DynamoDBClient = Any

QUEUE_INDEX = "DeskQueue"
_ROUTED, _ESCALATED = MessageStatus.ROUTED.value, MessageStatus.ESCALATED.value
_CLAIMED, _RESOLVED = MessageStatus.CLAIMED.value, MessageStatus.RESOLVED.value
_UNCLAIMED = "#s IN (:routed, :escalated)"
_MINE = "(#s = :claimed AND claimed_by = :sub)"


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


class DynamoStaffMessages:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def get(self, message_id: str) -> MessageRecord | None:
        item = self._client.get_item(
            TableName=self._table, Key={"message_id": {"S": message_id}}, ConsistentRead=True
        ).get("Item")
        return MessageRecord.model_validate(from_item(item)) if item else None

    def page(
        self,
        queue_key: str,
        statuses: frozenset[MessageStatus],
        limit: int,
        start: dict[str, str] | None,
    ) -> tuple[list[QueueItem], dict[str, str] | None]:
        """Up to `limit` items in index order; reads on past filtered-out items (bounded)."""
        names = {f":st{i}": {"S": s.value} for i, s in enumerate(sorted(statuses))}
        items: list[QueueItem] = []
        last: dict[str, str] | None = start
        for _ in range(10):  # at most ten index pages per API page
            request: dict[str, Any] = {
                "TableName": self._table,
                "IndexName": QUEUE_INDEX,
                "KeyConditionExpression": "queue_key = :qk",
                "FilterExpression": f"#s IN ({', '.join(names)})",
                "ExpressionAttributeNames": {"#s": "status"},
                "ExpressionAttributeValues": {":qk": {"S": queue_key}, **names},
                "Limit": limit - len(items),
                "ScanIndexForward": True,
            }
            if last:
                request["ExclusiveStartKey"] = {k: {"S": v} for k, v in last.items()}
            response = self._client.query(**request)
            items += [_queue_item(from_item(i)) for i in response.get("Items", [])]
            raw_last = response.get("LastEvaluatedKey")
            last = {k: v["S"] for k, v in raw_last.items()} if raw_last else None
            if last is None or len(items) >= limit:
                break
        return items, last

    def claim(self, message_id: str, sub: str, now: datetime) -> MessageRecord:
        return self._update(
            message_id,
            "SET #s = :claimed, claimed_by = :sub, claimed_at = :now, updated_at = :now",
            _UNCLAIMED,
            {":sub": sub, ":now": _iso(now)},
            expected="routed|escalated",
        )

    def resolve(self, message_id: str, sub: str, outcome: str, now: datetime) -> MessageRecord:
        return self._update(
            message_id,
            "SET #s = :resolved, resolved_by = :sub, resolved_at = :now, outcome = :outcome, "
            "claimed_by = if_not_exists(claimed_by, :sub), "
            "claimed_at = if_not_exists(claimed_at, :now), updated_at = :now",
            f"{_UNCLAIMED} OR {_MINE}",
            {":sub": sub, ":now": _iso(now), ":outcome": outcome},
            expected="claimed-by-caller",
        )

    def reply(self, message_id: str, sub: str, text: str, now: datetime) -> MessageRecord:
        return self._update(
            message_id,
            "SET #s = :claimed, claimed_by = :sub, "
            "claimed_at = if_not_exists(claimed_at, :now), staff_reply_text = :text, "
            "staff_reply_by = :sub, staff_reply_at = :now, updated_at = :now",
            f"({_UNCLAIMED} OR {_MINE}) AND attribute_not_exists(staff_reply_text)",
            {":sub": sub, ":now": _iso(now), ":text": text},
            expected="claimed-by-caller",
        )

    def mark_reply_delivered(self, message_id: str, now: datetime) -> MessageRecord | None:
        try:
            return self._update(
                message_id,
                "SET staff_reply_delivered_at = :now, updated_at = :now",
                "attribute_exists(staff_reply_text) "
                "AND attribute_not_exists(staff_reply_delivered_at)",
                {":now": _iso(now)},
                expected="reply-pending",
                status_names=False,
            )
        except TransitionRejected:
            return None

    def _update(
        self,
        message_id: str,
        expression: str,
        condition: str,
        values: dict[str, str],
        *,
        expected: str,
        status_names: bool = True,
    ) -> MessageRecord:
        all_values = dict(values)
        if status_names:
            all_values.update({":routed": _ROUTED, ":escalated": _ESCALATED, ":claimed": _CLAIMED})
            if ":resolved" in expression:
                all_values[":resolved"] = _RESOLVED
        used = {k: v for k, v in all_values.items() if k in expression or k in condition}
        request: dict[str, Any] = {
            "TableName": self._table,
            "Key": {"message_id": {"S": message_id}},
            "UpdateExpression": expression,
            "ConditionExpression": f"attribute_exists(message_id) AND ({condition})",
            "ExpressionAttributeValues": to_item(used),
            "ReturnValues": "ALL_NEW",
        }
        if "#s" in expression or "#s" in condition:
            request["ExpressionAttributeNames"] = {"#s": "status"}
        try:
            response = self._client.update_item(**request)
        except self._client.exceptions.ConditionalCheckFailedException as exc:
            raise TransitionRejected(message_id, expected) from exc
        return MessageRecord.model_validate(from_item(response["Attributes"]))


def _queue_item(item: dict[str, Any]) -> QueueItem:
    return QueueItem(
        message_id=item["message_id"],
        site_id=item["site_id"],
        desk=item["desk"],
        status=item["status"],
        channel=item["channel"],
        intent=item.get("intent"),
        tier=item.get("tier"),
        confidence=item.get("confidence"),
        received_at=item["received_at"],
        claimed_by=item.get("claimed_by"),
        claimed_at=item.get("claimed_at"),
        resolved_at=item.get("resolved_at"),
        outcome=item.get("outcome"),
        replied_at=item.get("staff_reply_at"),
    )


class DynamoTextReader:
    """One message's text, for an audited staff view."""

    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def get_one(self, message_id: str) -> StoredText | None:
        item = self._client.get_item(
            TableName=self._table, Key={"message_id": {"S": message_id}}, ConsistentRead=True
        ).get("Item")
        if not item:
            return None
        return StoredText(
            message_id=message_id,
            text=item["text"]["S"],
            expires_at=int(item["expires_at"]["N"]),
        )
