"""Reading the local stack's audit log (bucket + chain head) from tests."""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager

from frontdesk.adapters.dynamodb import DynamoConfigRepository
from frontdesk.cli.audit import main as audit_cli
from frontdesk.models.config import ApiKeyBinding
from tests.e2e.conftest import Patient


def own_patient(stack, name: str, site_id: str = "riverside-main", org_id: str = "riverside"):
    """A patient channel with a key of its own, so no other test's key changes affect it."""
    key_id, key_value = stack.create_api_key(name)
    DynamoConfigRepository(
        stack.client("dynamodb"), stack.physical_id("ConfigTable")
    ).put_api_key_binding(ApiKeyBinding(api_key_id=key_id, site_id=site_id, org_id=org_id))
    return Patient(stack.base_url, site_id, key_value)


def audit_objects(stack) -> list[tuple[str, bytes]]:
    s3 = stack.client("s3")
    bucket = stack.physical_id("AuditBucket")
    keys = sorted(
        o["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="audit/")
        for o in page.get("Contents", [])
    )
    return [(k, s3.get_object(Bucket=bucket, Key=k)["Body"].read()) for k in keys]


def audit_events(stack) -> list[dict]:
    return [json.loads(line) for _, body in audit_objects(stack) for line in body.splitlines()[1:]]


def wait_for_audit_event(stack, message_id: str, action: str, timeout_s: float = 40) -> dict:
    """The first `action` event about `message_id` (the audit writer batches for a few s)."""
    deadline = time.monotonic() + timeout_s
    while True:
        for event in audit_events(stack):
            if event["action"] == action and event["resource"]["id"] == message_id:
                return event
        assert time.monotonic() < deadline, f"no {action} audit event for {message_id}"
        time.sleep(0.5)


def wait_for_events(stack, wanted: set[str], timeout_s: float = 40) -> list[dict]:
    """Wait until every event id in `wanted` is in the log; return the whole log."""
    deadline = time.monotonic() + timeout_s
    while True:
        events = audit_events(stack)
        missing = wanted - {e["event_id"] for e in events}
        if not missing:
            return events
        if time.monotonic() > deadline:
            raise AssertionError(f"audit events never written: {sorted(missing)}")
        time.sleep(0.5)


@contextmanager
def aws_env(stack):
    """The CLI's AWS environment pointed at the local stack."""
    saved = dict(os.environ)
    os.environ.update(
        AWS_ENDPOINT_URL=stack.endpoint_url,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
    )
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_cli(stack, capsys, *args: str) -> tuple[int, str]:
    with aws_env(stack):
        code = audit_cli(list(args))
    return code, capsys.readouterr().out
