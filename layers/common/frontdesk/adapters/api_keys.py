"""API Gateway keys of the sites' usage plan (the admin API's create and revoke)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_apigateway import APIGatewayClient
else:
    APIGatewayClient = Any


class UsagePlanNotFound(RuntimeError):
    pass


class ApiGatewayKeys:
    def __init__(self, client: APIGatewayClient, usage_plan_name: str) -> None:
        self._client = client
        self._plan_name = usage_plan_name
        self._plan_id: str | None = None

    def create(self, name: str) -> tuple[str, str, datetime | None]:
        key = self._client.create_api_key(name=name, enabled=True)
        self._client.create_usage_plan_key(
            usagePlanId=self._usage_plan_id(), keyId=key["id"], keyType="API_KEY"
        )
        return key["id"], key["value"], key.get("createdDate")

    def describe(self, key_id: str) -> tuple[str, bool, datetime | None] | None:
        try:
            key = self._client.get_api_key(apiKey=key_id, includeValue=False)
        except self._client.exceptions.NotFoundException:
            return None
        return key.get("name", ""), bool(key.get("enabled")), key.get("createdDate")

    def disable(self, key_id: str) -> None:
        self._client.update_api_key(
            apiKey=key_id, patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}]
        )

    def _usage_plan_id(self) -> str:
        if self._plan_id is None:
            paginator = self._client.get_paginator("get_usage_plans")
            for page in paginator.paginate():
                for plan in page.get("items", []):
                    if plan.get("name") == self._plan_name:
                        self._plan_id = plan["id"]
                        return self._plan_id
            raise UsagePlanNotFound(self._plan_name)
        return self._plan_id
