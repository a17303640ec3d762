"""GET /v1/openapi.json: the OpenAPI 3.1 document of the whole API (no key, no data)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdesk.openapi import openapi_document


def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json", "Cache-Control": "public, max-age=300"},
        "body": json.dumps(openapi_document(), separators=(",", ":")),
    }
