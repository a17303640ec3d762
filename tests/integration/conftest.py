"""Adapters against moto, with tables shaped exactly as template.yaml declares them."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest
from moto import mock_aws
from samtranslator.yaml_helper import yaml_parse

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"


def template_resources() -> dict:
    return yaml_parse(TEMPLATE.read_text())["Resources"]


@pytest.fixture
def aws(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        yield


@pytest.fixture
def dynamodb(aws):
    return boto3.client("dynamodb", region_name="us-east-1")


@pytest.fixture
def make_table(dynamodb):
    """Create the table of a template logical id with its key schema; return its name."""

    def create(logical_id: str) -> str:
        props = template_resources()[logical_id]["Properties"]
        indexes = {"GlobalSecondaryIndexes": props["GlobalSecondaryIndexes"]} if (
            "GlobalSecondaryIndexes" in props) else {}  # e.g. MessagesTable's DeskQueue
        dynamodb.create_table(
            TableName=logical_id,
            KeySchema=props["KeySchema"],
            AttributeDefinitions=props["AttributeDefinitions"],
            BillingMode=props["BillingMode"],
            **indexes,
        )
        return logical_id

    return create
