"""DynamoDB adapters of the spend ledger and the tariffs.

The ledger table: pk `ORG#<org_id>`, sk `DAY#<yyyy-mm-dd>#SITE#<site>#INTENT#<intent>#TIER#<t>`,
numeric counters only (no text of any message ever reaches it). Tariffs live in the config
table beside the organisation: pk `ORG#<org_id>`, sk `TARIFF`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic_core import to_jsonable_python

from frontdesk.adapters.dynamodb import from_item, to_item
from frontdesk.domain.lifecycle import MessageStatus, predecessor_of
from frontdesk.domain.spend import Accrual
from frontdesk.errors import TransitionRejected
from frontdesk.models.finance import COUNTER_NAMES, SpendRow, Tariff
from frontdesk.models.messages import MessageRecord

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
else:
    DynamoDBClient = Any

TARIFF_SK = "TARIFF"


def org_pk(org_id: str) -> str:
    return f"ORG#{org_id}"


class DynamoSpendLedger:
    """Accrues a message's spend in the same transaction as its terminal transition."""

    def __init__(self, client: DynamoDBClient, messages_table: str, ledger_table: str) -> None:
        self._client = client
        self._messages = messages_table
        self._ledger = ledger_table

    def finish(
        self,
        record: MessageRecord,
        to: MessageStatus,
        changes: Mapping[str, Any],
        accrual: Accrual,
    ) -> MessageRecord:
        """Move `record` (read at its predecessor status) to `to` and add `accrual`, atomically.

        Raises TransitionRejected when the message is no longer where `record` says: an
        earlier delivery finished it, and its spend is already counted.
        """
        if accrual.message_id != record.message_id:
            raise ValueError("the accrual belongs to another message")
        plain = {k: to_jsonable_python(v) for k, v in changes.items()}
        items = [
            {"Update": self._transition(record.message_id, to, plain)},
            {"Update": self._accrue(accrual)},
        ]
        try:
            self._client.transact_write_items(TransactItems=items)
        except self._client.exceptions.TransactionCanceledException as exc:
            reasons = exc.response.get("CancellationReasons") or []
            if reasons and reasons[0].get("Code") == "ConditionalCheckFailed":
                raise TransitionRejected(record.message_id, predecessor_of(to).value) from exc
            raise  # a conflict or throttle: the batch item fails and is retried
        merged = {**record.model_dump(mode="json"), **plain, "status": to.value}
        return MessageRecord.model_validate(merged)

    def _transition(
        self, message_id: str, to: MessageStatus, changes: dict[str, Any]
    ) -> dict[str, Any]:
        values = to_item({**changes, "status": to.value})
        names = {f"#a{i}": name for i, name in enumerate(values)}
        expression_values = {f":v{i}": value for i, value in enumerate(values.values())}
        assignments = ", ".join(f"#a{i} = :v{i}" for i in range(len(values)))
        return {
            "TableName": self._messages,
            "Key": {"message_id": {"S": message_id}},
            "UpdateExpression": f"SET {assignments}",
            "ConditionExpression": "#status_now = :from",
            "ExpressionAttributeNames": {**names, "#status_now": "status"},
            "ExpressionAttributeValues": {
                **expression_values,
                ":from": {"S": predecessor_of(to).value},
            },
        }

    def _accrue(self, accrual: Accrual) -> dict[str, Any]:
        key = accrual.key
        labels = {
            "org_id": key.org_id,
            "day": key.day.isoformat(),
            "site_id": key.site_id,
            "intent": key.intent,
            "tier": key.tier,
        }
        counters = {k: v for k, v in accrual.counters.items() if k in COUNTER_NAMES}
        unknown = set(accrual.counters) - set(counters)
        if unknown:
            raise ValueError(f"not ledger counters: {sorted(unknown)}")
        names = {f"#l{i}": n for i, n in enumerate(labels)} | {
            f"#c{i}": n for i, n in enumerate(counters)
        }
        values = {f":l{i}": {"S": v} for i, v in enumerate(labels.values())} | {
            f":c{i}": {"N": str(v)} for i, v in enumerate(counters.values())
        }
        sets = ", ".join(f"#l{i} = :l{i}" for i in range(len(labels)))
        adds = ", ".join(f"#c{i} :c{i}" for i in range(len(counters)))
        return {
            "TableName": self._ledger,
            "Key": {"pk": {"S": org_pk(key.org_id)}, "sk": {"S": key.sort_key}},
            "UpdateExpression": f"SET {sets} ADD {adds}",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }


class DynamoSpendReader:
    """Reads ledger rows of one organisation and day range (eventually consistent)."""

    def __init__(self, client: DynamoDBClient, ledger_table: str) -> None:
        self._client = client
        self._ledger = ledger_table

    def rows(self, org_id: str, from_day: date, to_day: date) -> Iterator[SpendRow]:
        request: dict[str, Any] = {
            "TableName": self._ledger,
            "KeyConditionExpression": "pk = :pk AND sk BETWEEN :lo AND :hi",
            "ExpressionAttributeValues": {
                ":pk": {"S": org_pk(org_id)},
                ":lo": {"S": f"DAY#{from_day.isoformat()}"},
                ":hi": {"S": f"DAY#{to_day.isoformat()}#~"},
            },
        }
        while True:
            response = self._client.query(**request)
            for item in response.get("Items", []):
                plain = from_item(item)
                plain.pop("pk", None)
                plain.pop("sk", None)
                yield SpendRow.model_validate(plain)
            if "LastEvaluatedKey" not in response:
                return
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]


class DynamoTariffBook:
    """Tariffs in the config table, cached briefly per container like the rest of the config."""

    def __init__(
        self, client: DynamoDBClient, config_table: str, *, cache_seconds: float = 60
    ) -> None:
        self._client = client
        self._table = config_table
        self._ttl = cache_seconds
        self._cache: dict[str, tuple[float, Tariff | None]] = {}

    def tariff(self, org_id: str) -> Tariff | None:
        now = time.monotonic()
        cached = self._cache.get(org_id)
        if cached and now - cached[0] < self._ttl:
            return cached[1]
        response = self._client.get_item(
            TableName=self._table, Key={"pk": {"S": org_pk(org_id)}, "sk": {"S": TARIFF_SK}}
        )
        item = response.get("Item")
        tariff = Tariff.model_validate(from_item(item)["doc"]) if item else None
        self._cache[org_id] = (now, tariff)
        return tariff

    def put_tariff(self, tariff: Tariff) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": {"S": org_pk(tariff.org_id)},
                "sk": {"S": TARIFF_SK},
                **to_item({"doc": tariff.model_dump(mode="json")}),
            },
        )
        self._cache.pop(tariff.org_id, None)

    def all_tariffs(self) -> list[Tariff]:
        """Every organisation's tariff (the config table is small: a scan is fine)."""
        request: dict[str, Any] = {
            "TableName": self._table,
            "FilterExpression": "sk = :t",
            "ExpressionAttributeValues": {":t": {"S": TARIFF_SK}},
        }
        tariffs: list[Tariff] = []
        while True:
            response = self._client.scan(**request)
            tariffs += [Tariff.model_validate(from_item(i)["doc"]) for i in response["Items"]]
            if "LastEvaluatedKey" not in response:
                return tariffs
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
