"""Audit events survive an audit-writer outage: retried, dead-lettered, redriven, none lost.

The outage is real: the chain-head table disappears (as if deleted or unreachable), so
every write fails. The events wait in the audit DLQ; after the table is back (here empty,
as after a botched restore: the writer re-adopts the chain from the bucket) the operator
redrives them with `frontdesk-audit redrive`, and the log verifies, complete.
"""

from __future__ import annotations

import json
import time

from tests.e2e.audit_log import own_patient, run_cli, wait_for_events
from tests.integration.conftest import template_resources

TERMINAL = {"answered": "answered", "routed": "queued_for_desk", "escalated": "escalated"}


def _depth(sqs, url: str) -> int:
    attributes = sqs.get_queue_attributes(
        QueueUrl=url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return sum(int(v) for v in attributes.values())


def _event_ids(view: dict) -> set[str]:
    mid = view["message_id"]
    return {
        f"{mid}:message.{a}" for a in ("received", "classified", "routed", TERMINAL[view["status"]])
    }


def test_events_survive_a_writer_outage_through_dlq_and_redrive(stack, capsys):
    main_site = own_patient(stack, "audit-redrive-web")
    dynamodb, sqs = stack.client("dynamodb"), stack.client("sqs")
    table = stack.physical_id("AuditChainTable")
    audit_queue = stack.physical_id("AuditQueue")
    audit_dlq = stack.physical_id("AuditDeadLetterQueue")
    # GIVEN a healthy writer
    before = main_site.send_and_wait("do you take Aetna")
    wait_for_events(stack, _event_ids(before))
    errors_before = sum("[ERROR]" in line for line in stack.log_lines("AuditFunction"))

    # WHEN the chain-head table goes away, every audit write fails
    dynamodb.update_table(TableName=table, DeletionProtectionEnabled=False)
    dynamodb.delete_table(TableName=table)
    try:
        views = [
            main_site.send_and_wait(text)
            for text in ("where do I park", "I need to move my appointment on Thursday")
        ]
        wanted = set().union(*(_event_ids(v) for v in views))
        # THEN the writer retries (10 receives each), and the events land in the audit DLQ
        deadline = time.monotonic() + 180
        while _depth(sqs, audit_dlq) < len(wanted) or _depth(sqs, audit_queue):
            assert time.monotonic() < deadline, (_depth(sqs, audit_dlq), _depth(sqs, audit_queue))
            time.sleep(1)
        errors = sum("[ERROR]" in line for line in stack.log_lines("AuditFunction"))
        assert errors - errors_before >= 10
    finally:
        props = template_resources()["AuditChainTable"]["Properties"]
        dynamodb.create_table(
            TableName=table,
            KeySchema=props["KeySchema"],
            AttributeDefinitions=props["AttributeDefinitions"],
            BillingMode=props["BillingMode"],
        )

    # AND the operator redrives the DLQ once the cause is fixed
    code, out = run_cli(
        stack,
        capsys,
        "redrive",
        "--dlq-url",
        audit_dlq,
        "--queue-url",
        audit_queue,
        "--stage",
        "audit",
        "--principal",
        "operator-runbook-test",
    )
    assert code == 0 and json.loads(out)["moved"] >= len(wanted)
    events = wait_for_events(stack, wanted, timeout_s=120)
    assert wanted <= {e["event_id"] for e in events}  # none lost
    assert _depth(sqs, audit_dlq) == 0

    # AND the chain is whole, head re-adopted from the bucket and moved on
    assert stack.drain(60)
    code, out = run_cli(
        stack, capsys, "verify", "--bucket", stack.physical_id("AuditBucket"), "--head-table", table
    )
    assert code == 0, out
    assert json.loads(out)["head_checked"]
