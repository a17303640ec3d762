"""DynamoDB for the admin API: config documents written with a version condition (ETag)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from frontdesk.adapters.dynamodb import from_item, to_item
from frontdesk.domain.admin import StaleVersion
from frontdesk.models.config import ApiKeyBinding, Organization, Site

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
else:
    DynamoDBClient = Any


class DynamoConfigAdmin:
    """Same items as DynamoConfigRepository ({pk, sk, doc}), read uncached, written
    conditionally on doc.version. Functions see a change within their config cache time."""

    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def organization(self, org_id: str) -> Organization | None:
        doc = self._get(f"ORG#{org_id}", "CONFIG")
        return Organization.model_validate(doc) if doc else None

    def put_organization(self, org: Organization, expected_version: int | None) -> None:
        self._put(f"ORG#{org.org_id}", "CONFIG", org, expected_version)

    def site(self, site_id: str) -> Site | None:
        doc = self._get(f"SITE#{site_id}", "CONFIG")
        return Site.model_validate(doc) if doc else None

    def put_site(self, site: Site, expected_version: int | None) -> None:
        self._put(f"SITE#{site.site_id}", "CONFIG", site, expected_version)

    def sites_of(self, org_id: str) -> list[Site]:
        return [Site.model_validate(doc) for doc in self._scan("SITE#", "org_id", org_id)]

    def bindings_of(self, site_id: str) -> list[ApiKeyBinding]:
        return [ApiKeyBinding.model_validate(d) for d in self._scan("APIKEY#", "site_id", site_id)]

    def binding(self, api_key_id: str) -> ApiKeyBinding | None:
        doc = self._get(f"APIKEY#{api_key_id}", "BINDING")
        return ApiKeyBinding.model_validate(doc) if doc else None

    def put_binding(self, binding: ApiKeyBinding) -> None:
        self._put(
            f"APIKEY#{binding.api_key_id}",
            "BINDING",
            binding,
            expected_version=None,
            conditional=False,
        )

    def _get(self, pk: str, sk: str) -> dict[str, Any] | None:
        item = self._client.get_item(
            TableName=self._table, Key={"pk": {"S": pk}, "sk": {"S": sk}}, ConsistentRead=True
        ).get("Item")
        return from_item(item)["doc"] if item else None

    def _put(
        self,
        pk: str,
        sk: str,
        model: BaseModel,
        expected_version: int | None,
        *,
        conditional: bool = True,
    ) -> None:
        request: dict[str, Any] = {
            "TableName": self._table,
            "Item": {
                "pk": {"S": pk},
                "sk": {"S": sk},
                **to_item({"doc": model.model_dump(mode="json")}),
            },
        }
        if conditional and expected_version is None:
            request["ConditionExpression"] = "attribute_not_exists(pk)"
        elif conditional:
            request["ConditionExpression"] = "#d.#v = :v"
            request["ExpressionAttributeNames"] = {"#d": "doc", "#v": "version"}
            request["ExpressionAttributeValues"] = {":v": {"N": str(expected_version)}}
        try:
            self._client.put_item(**request)
        except self._client.exceptions.ConditionalCheckFailedException as exc:
            raise StaleVersion(pk) from exc

    def _scan(self, prefix: str, field: str, value: str) -> Iterator[dict[str, Any]]:
        """The config table is small (orgs, sites, keys): a filtered scan lists them."""
        request: dict[str, Any] = {
            "TableName": self._table,
            "FilterExpression": "begins_with(pk, :p) AND #d.#f = :val",
            "ExpressionAttributeNames": {"#d": "doc", "#f": field},
            "ExpressionAttributeValues": {":p": {"S": prefix}, ":val": {"S": value}},
            "ConsistentRead": True,
        }
        while True:
            response = self._client.scan(**request)
            for item in response.get("Items", []):
                yield from_item(item)["doc"]
            if "LastEvaluatedKey" not in response:
                return
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
