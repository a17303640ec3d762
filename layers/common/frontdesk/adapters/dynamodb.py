"""DynamoDB adapters for messages, message text and configuration."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from frontdesk.adapters.clients import aws_client
from frontdesk.domain.lifecycle import MessageStatus, predecessor_of
from frontdesk.errors import AlreadyStored, TransitionRejected
from frontdesk.models.config import ApiKeyBinding, Organization, Site
from frontdesk.models.messages import MessageRecord, StoredText

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
else:
    DynamoDBClient = Any

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def to_item(values: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-able values to DynamoDB attributes (floats as Decimal, None dropped)."""
    plain = json.loads(json.dumps(values, default=_json_default), parse_float=Decimal)
    return {k: _serializer.serialize(v) for k, v in plain.items() if v is not None}


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _plain(_deserializer.deserialize(v)) for k, v in item.items()}


def _json_default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot store {type(value).__name__}")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class DynamoMessageRepository:
    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def create(self, record: MessageRecord) -> None:
        try:
            self._client.put_item(
                TableName=self._table,
                Item=to_item(record.model_dump(mode="json")),
                ConditionExpression="attribute_not_exists(message_id)",
            )
        except self._client.exceptions.ConditionalCheckFailedException as exc:
            raise AlreadyStored(record.message_id) from exc

    def get(self, message_id: str) -> MessageRecord | None:
        response = self._client.get_item(
            TableName=self._table, Key={"message_id": {"S": message_id}}, ConsistentRead=True
        )
        item = response.get("Item")
        return MessageRecord.model_validate(from_item(item)) if item else None

    def advance(
        self, message_id: str, to: MessageStatus, changes: Mapping[str, Any]
    ) -> MessageRecord:
        values = to_item({**_jsonable(changes), "status": to.value})
        names = {f"#a{i}": name for i, name in enumerate(values)}
        expression_values = {f":v{i}": value for i, value in enumerate(values.values())}
        assignments = ", ".join(f"#a{i} = :v{i}" for i in range(len(values)))
        try:
            response = self._client.update_item(
                TableName=self._table,
                Key={"message_id": {"S": message_id}},
                UpdateExpression=f"SET {assignments}",
                ConditionExpression="#status_now = :from",
                ExpressionAttributeNames={**names, "#status_now": "status"},
                ExpressionAttributeValues={
                    **expression_values,
                    ":from": {"S": predecessor_of(to).value},
                },
                ReturnValues="ALL_NEW",
            )
        except self._client.exceptions.ConditionalCheckFailedException as exc:
            raise TransitionRejected(message_id, predecessor_of(to).value) from exc
        return MessageRecord.model_validate(from_item(response["Attributes"]))


def _jsonable(changes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: to_jsonable_python(v) for k, v in changes.items()}


class DynamoTextVault:
    """Message text (PHI): written once by ingest, read by classify, deleted by TTL."""

    _BATCH = 100  # BatchGetItem limit

    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def put(self, text: StoredText) -> None:
        try:
            self._client.put_item(
                TableName=self._table,
                Item={
                    "message_id": {"S": text.message_id},
                    "text": {"S": text.text},
                    "expires_at": {"N": str(text.expires_at)},
                },
                ConditionExpression="attribute_not_exists(message_id)",
            )
        except self._client.exceptions.ConditionalCheckFailedException as exc:
            raise AlreadyStored(text.message_id) from exc

    def get_many(self, message_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(message_ids))
        for start in range(0, len(unique), self._BATCH):
            keys = [{"message_id": {"S": m}} for m in unique[start : start + self._BATCH]]
            request: dict[str, Any] = {
                self._table: {
                    "Keys": keys,
                    "ConsistentRead": True,
                    "ProjectionExpression": "message_id, #t",
                    "ExpressionAttributeNames": {"#t": "text"},
                }
            }
            for attempt in range(5):
                response = self._client.batch_get_item(RequestItems=request)
                for item in response["Responses"].get(self._table, []):
                    found[item["message_id"]["S"]] = item["text"]["S"]
                request = response.get("UnprocessedKeys") or {}
                if not request:
                    break
                time.sleep(0.05 * 2**attempt)
        return found


class DynamoConfigRepository:
    """Sites, organisations and API-key bindings, cached briefly per container.

    Config changes reach running functions within `cache_seconds`.
    """

    def __init__(
        self, client: DynamoDBClient, table_name: str, *, cache_seconds: float = 60
    ) -> None:
        self._client = client
        self._table = table_name
        self._ttl = cache_seconds
        self._cache: dict[tuple[str, str], tuple[float, dict[str, Any] | None]] = {}

    def site(self, site_id: str) -> Site | None:
        doc = self._get(f"SITE#{site_id}", "CONFIG")
        return Site.model_validate(doc) if doc else None

    def organization(self, org_id: str) -> Organization | None:
        doc = self._get(f"ORG#{org_id}", "CONFIG")
        return Organization.model_validate(doc) if doc else None

    def api_key_binding(self, api_key_id: str) -> ApiKeyBinding | None:
        doc = self._get(f"APIKEY#{api_key_id}", "BINDING")
        return ApiKeyBinding.model_validate(doc) if doc else None

    def put_site(self, site: Site) -> None:
        self._put(f"SITE#{site.site_id}", "CONFIG", site)

    def put_organization(self, org: Organization) -> None:
        self._put(f"ORG#{org.org_id}", "CONFIG", org)

    def put_api_key_binding(self, binding: ApiKeyBinding) -> None:
        self._put(f"APIKEY#{binding.api_key_id}", "BINDING", binding)

    def _put(self, pk: str, sk: str, model: BaseModel) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "pk": {"S": pk},
                "sk": {"S": sk},
                **to_item({"doc": model.model_dump(mode="json")}),
            },
        )
        self._cache.pop((pk, sk), None)

    def _get(self, pk: str, sk: str) -> dict[str, Any] | None:
        now = time.monotonic()
        cached = self._cache.get((pk, sk))
        if cached and now - cached[0] < self._ttl:
            return cached[1]
        response = self._client.get_item(
            TableName=self._table, Key={"pk": {"S": pk}, "sk": {"S": sk}}
        )
        item = response.get("Item")
        doc = from_item(item)["doc"] if item else None
        self._cache[(pk, sk)] = (now, doc)
        return doc


@cache
def cached_config_repository(table_name: str) -> DynamoConfigRepository:
    """One per container, so the config cache survives warm invocations."""
    return DynamoConfigRepository(aws_client("dynamodb"), table_name)
