"""boto3 clients, built once per container on first use (never at import time)."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from botocore.config import Config

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 5}, connect_timeout=2, read_timeout=5)


@cache
def aws_client(service: str) -> Any:
    return boto3.client(service, config=_CONFIG)
