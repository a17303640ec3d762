"""PHI canary: a fake patient's name, date of birth, MRN, phone and e-mail go through the
whole pipeline (every tier, one message forced into a real failure and the dead-letter
queue) and must appear nowhere but the text table: not in any captured log line or EMF
metric, audit object, ledger or other table item, or dead-letter message.

Traces: X-Ray is off locally (no daemon), so annotations cannot be captured here; the
functions set POWERTOOLS_TRACER_CAPTURE_RESPONSE/ERROR=false and annotate nothing.
"""

from __future__ import annotations

import json
import time

import pytest

from frontdesk.adapters.dynamodb import DynamoConfigRepository
from frontdesk.models.config import ApiKeyBinding
from infra.local.seed import DEMO_SITES
from tests.e2e.audit_log import audit_objects, own_patient, wait_for_events
from tests.e2e.conftest import Patient

NAME = "Zebulon Quagmire"
DOB = "03/14/1962"
MRN = "MRN 58213977"
PHONE = "(555) 867-5309"
EMAIL = "zq.canary@example.org"
# What must never leave the text table, in the shapes a leak would take.
TOKENS = (
    "Zebulon",
    "Quagmire",
    "03/14/1962",
    "1962-03-14",
    "58213977",
    "867-5309",
    "5558675309",
    "zq.canary",
    "canary@example.org",
)

MESSAGES = (
    f"hi this is {NAME}, DOB {DOB}, {MRN}. what time do you open on saturday?",
    f"{NAME} here ({EMAIL}, {PHONE}), I need to move my appointment on Thursday",
    f"I have crushing chest pain. {NAME}, born {DOB}, call {PHONE}",
    f"I need a refill of my lisinopril, {MRN}, reach me at {EMAIL}",
)
FAILING_SITE = "canary-failing"


def _leaks(text: str) -> list[str]:
    return [t for t in TOKENS if t in text]


@pytest.fixture(scope="module")
def canary(stack):
    main_site = own_patient(stack, "phi-canary-web")
    # A site of its own for the forced failure: its config is deleted after acceptance,
    # so route (which reads site config) fails on every attempt and SQS dead-letters it.
    config = DynamoConfigRepository(stack.client("dynamodb"), stack.physical_id("ConfigTable"))
    site = DEMO_SITES[0].model_copy(update={"site_id": FAILING_SITE})
    config.put_site(site)
    key_id, key_value = stack.create_api_key(f"{FAILING_SITE}-web")
    config.put_api_key_binding(
        ApiKeyBinding(api_key_id=key_id, site_id=FAILING_SITE, org_id=site.org_id)
    )
    failing = Patient(stack.base_url, FAILING_SITE, key_value)

    doomed = failing.post(f"{NAME} {DOB} {MRN} {PHONE} {EMAIL}: where do I park?")
    assert doomed.status_code == 202, doomed.text
    stack.client("dynamodb").delete_item(
        TableName=stack.physical_id("ConfigTable"),
        Key={"pk": {"S": f"SITE#{FAILING_SITE}"}, "sk": {"S": "CONFIG"}},
    )
    doomed_id = doomed.json()["message_id"]

    answered = []
    for i, text in enumerate(MESSAGES):
        headers = {"Idempotency-Key": f"canary-{i:04d}-{int(time.time())}"} if i == 0 else {}
        response = main_site.post(text, **headers)
        assert response.status_code == 202, response.text
        answered.append(main_site.wait_for_reply(response.json()["message_id"], timeout_s=60))
    wanted = {f"{v['message_id']}:message.received" for v in answered}
    wanted.add(f"{doomed_id}:message.dead_lettered:route")
    wait_for_events(stack, wanted, timeout_s=90)
    assert stack.drain(60)
    return answered, doomed_id


def test_the_canary_really_went_through_the_pipeline(stack, canary):
    answered, doomed_id = canary
    assert {v["status"] for v in answered} >= {"routed", "escalated"}
    texts = stack.client("dynamodb").scan(TableName=stack.physical_id("MessageTextTable"))
    assert any(NAME in json.dumps(item) for item in texts["Items"])  # PHI did go in
    dlq = stack.client("sqs").get_queue_url(
        QueueName=stack.physical_id("RouteDeadLetterQueue").rsplit("/", 1)[-1]
    )["QueueUrl"]
    bodies = [
        m["Body"]
        for m in stack.client("sqs")
        .receive_message(QueueUrl=dlq, MaxNumberOfMessages=10, VisibilityTimeout=0)
        .get("Messages", [])
    ]
    assert any(doomed_id in b for b in bodies)
    assert any("MissingMessage" in line for line in stack.log_lines("RouteFunction"))


def test_no_log_line_or_metric_carries_phi(stack, canary):
    lines = stack.log_lines()
    assert any('"_aws"' in line for line in lines)  # EMF metrics are log lines too
    leaked = [line for line in lines if _leaks(line)]
    assert not leaked, leaked[:5]


def test_no_audit_object_carries_phi(stack, canary):
    objects = audit_objects(stack)
    assert objects
    leaked = [key for key, body in objects if _leaks(body.decode())]
    assert not leaked, leaked


def test_no_table_but_the_text_table_carries_phi(stack, canary):
    dynamodb = stack.client("dynamodb")
    text_table = stack.physical_id("MessageTextTable")
    scanned = 0
    for table in dynamodb.list_tables()["TableNames"]:
        if table == text_table:
            continue
        for page in dynamodb.get_paginator("scan").paginate(TableName=table):
            for item in page["Items"]:
                scanned += 1
                assert not _leaks(json.dumps(item)), (table, _leaks(json.dumps(item)))
    assert scanned > 0  # messages, config, idempotency, audit chain head, ledger (issue 7)


def test_no_dead_letter_message_carries_phi(stack, canary):
    sqs = stack.client("sqs")
    for url in sqs.list_queues().get("QueueUrls", []):
        messages = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0
        ).get("Messages", [])
        for message in messages:
            assert not _leaks(message["Body"]), url


def test_a_dead_lettered_message_is_redriven_with_an_audit_event(stack, canary, capsys):
    """The runbook: fix the cause (the site's config is back), redrive, audited."""
    from tests.e2e.audit_log import run_cli

    _, doomed_id = canary
    config = DynamoConfigRepository(stack.client("dynamodb"), stack.physical_id("ConfigTable"))
    config.put_site(DEMO_SITES[0].model_copy(update={"site_id": FAILING_SITE}))
    time.sleep(61)  # functions cache config for 60 s: the runbook waits as long before a redrive
    sqs = stack.client("sqs")
    dlq, queue = (
        sqs.get_queue_url(QueueName=stack.physical_id(q).rsplit("/", 1)[-1])["QueueUrl"]
        for q in ("RouteDeadLetterQueue", "RouteQueue")
    )
    code, out = run_cli(
        stack,
        capsys,
        "redrive",
        "--dlq-url",
        dlq,
        "--queue-url",
        queue,
        "--stage",
        "route",
        "--audit-queue-url",
        stack.physical_id("AuditQueue"),
        "--principal",
        "arn:aws:iam::123456789012:role/oncall",
    )
    assert code == 0, out
    move_id = json.loads(out)["move_id"]
    events = wait_for_events(
        stack,
        {f"{doomed_id}:message.redriven:{move_id}", f"{doomed_id}:message.routed"},
        timeout_s=90,
    )
    redriven = next(e for e in events if e["event_id"].endswith(move_id))
    assert redriven["actor"] == {"kind": "staff", "id": "arn:aws:iam::123456789012:role/oncall"}
    assert not _leaks(json.dumps(events))
