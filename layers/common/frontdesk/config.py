"""Each function's settings, read from its environment in one place (template.yaml sets them)."""

from __future__ import annotations

import os
from functools import cache
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field


class _Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    messages_table: str = Field(alias="MESSAGES_TABLE")
    config_table: str = Field(alias="CONFIG_TABLE")
    default_confidence_threshold: float = Field(
        default=0.6, alias="DEFAULT_CONFIDENCE_THRESHOLD", ge=0.5, le=0.99
    )
    # Audit (issue 5): every function hands its audit events to this queue.
    audit_queue_url: str = Field(alias="AUDIT_QUEUE_URL")
    # The stage queues' RedrivePolicy.maxReceiveCount: the attempt that is the last one.
    max_receive_count: int = Field(default=5, alias="MAX_RECEIVE_COUNT", ge=1)
    function_name: str = Field(default="unknown", alias="AWS_LAMBDA_FUNCTION_NAME")


class IngestSettings(_Settings):
    message_text_table: str = Field(alias="MESSAGE_TEXT_TABLE")
    idempotency_table: str = Field(alias="IDEMPOTENCY_TABLE")
    classify_queue_url: str = Field(alias="CLASSIFY_QUEUE_URL")
    message_text_retention_days: int = Field(default=30, alias="MESSAGE_TEXT_RETENTION_DAYS", ge=1)


class ClassifySettings(_Settings):
    message_text_table: str = Field(alias="MESSAGE_TEXT_TABLE")
    route_queue_url: str = Field(alias="ROUTE_QUEUE_URL")
    model_dir: str = Field(alias="MODEL_DIR")


class ClassifyApiSettings(_Settings):
    model_dir: str = Field(alias="MODEL_DIR")


class RouteSettings(_Settings):
    respond_queue_url: str = Field(alias="RESPOND_QUEUE_URL")


class RespondSettings(_Settings):
    pass


class AuditSettings(_Settings):
    audit_bucket: str = Field(alias="AUDIT_BUCKET")
    audit_chain_table: str = Field(alias="AUDIT_CHAIN_TABLE")


class StaffSettings(_Settings):  # issue 6
    message_text_table: str = Field(alias="MESSAGE_TEXT_TABLE")
    respond_queue_url: str = Field(alias="RESPOND_QUEUE_URL")


class AdminSettings(_Settings):  # issue 6
    usage_plan_name: str = Field(alias="USAGE_PLAN_NAME")


FunctionSettings = _Settings  # what every function's settings share

S = TypeVar("S", bound=_Settings)


@cache
def load_settings(kind: type[S]) -> S:
    return kind.model_validate(dict(os.environ))
