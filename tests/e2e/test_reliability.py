"""Reliability over HTTP and through the real template: invisible characters and homoglyphs
still escalate, bad bodies are a 4xx problem, a poison record goes to its dead-letter queue
(with the alarm that watches it) while the rest of its batch is processed."""

from __future__ import annotations

import json
import time

import pytest
import requests
from ulid import ULID

from frontdesk.adapters.dynamodb import (
    DynamoConfigRepository,
    DynamoMessageRepository,
    DynamoTextVault,
)
from frontdesk.domain.stages import accept_message
from frontdesk.models.api import SubmitMessage
from frontdesk.models.config import ApiKeyBinding

pytestmark = pytest.mark.e2e

EMERGENCY = [
    "ch\u200best pain",  # zero-width space
    "chest pa\u00adin and sweating",  # soft hyphen
    "\u0441hest pain",  # Cyrillic es
    "\u0441\u04bbest \u0440ain",  # Cyrillic es, shha, er
    "\uff43\uff48\uff45\uff53\uff54 \uff50\uff41\uff49\uff4e",  # fullwidth
    "\u202echest pain\u202c",  # bidi override around it
    "CHEST\u2060PAIN since this morning \U0001f622",
]
CRISIS = ["i want to k\u200dill myself", "I w\u0430nt to die"]  # zero-width joiner, Cyrillic a


@pytest.mark.parametrize("text", EMERGENCY, ids=range(len(EMERGENCY)))
def test_an_emergency_hidden_by_invisible_characters_or_homoglyphs_escalates(main_site, text):
    view = main_site.send_and_wait(text)

    assert view["status"] == "escalated", view
    assert view["intent"] == "medical_emergency" and view["tier"] == 3
    assert view["reply"].startswith("911")
    assert view["urgent_contact"]["kind"] == "emergency"


@pytest.mark.parametrize("text", CRISIS, ids=range(len(CRISIS)))
def test_a_crisis_hidden_by_invisible_characters_or_homoglyphs_escalates(main_site, text):
    view = main_site.send_and_wait(text)

    assert view["status"] == "escalated", view
    assert view["intent"] == "mental_health_crisis"
    assert view["reply"].startswith("988")


def test_the_synchronous_classifier_reads_through_them_too(stack, main_site):
    for text in EMERGENCY[:3] + CRISIS[:1]:
        result = requests.post(
            f"{stack.base_url}/v1/classify",
            json={"text": text},
            headers={"x-api-key": main_site.api_key},
            timeout=30,
        ).json()
        assert result["tier"] == 3 and result["action"] == "escalate", result


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b"[" * 8000 + b"]" * 8000, "application/json", 400, "invalid-json"),
        (b"\xff\xfe{not utf-8", "application/json", 400, "invalid-json"),
        (
            b'{"site_id": "riverside-main", "channel": "web", "text": ""}',
            "application/json",
            422,
            "validation-failed",
        ),
        (
            json.dumps(
                {"site_id": "riverside-main", "channel": "web", "text": "x" * 2001}
            ).encode(),
            "application/json",
            422,
            "validation-failed",
        ),
        (
            json.dumps({"site_id": "riverside-main", "channel": "web", "text": 7}).encode(),
            "application/json",
            422,
            "validation-failed",
        ),
        (
            b'{"site_id": "riverside-main", "channel": "web", "text": "\\ud800"}',
            "application/json",
            422,
            "validation-failed",
        ),
        (b"{}", "text/plain", 415, "unsupported-media-type"),
        (b"x" * 20_000, "application/json", 413, "payload-too-large"),
    ],
    ids=[
        "nested",
        "not-utf8",
        "empty",
        "2001-chars",
        "wrong-type",
        "lone-surrogate",
        "media-type",
        "too-large",
    ],
)
def test_bad_bodies_are_a_4xx_problem_never_a_5xx(
    stack, main_site, body, content_type, status, code
):
    for path in ("/v1/messages", "/v1/classify"):
        response = requests.post(
            f"{stack.base_url}{path}",
            data=body,
            headers={"x-api-key": main_site.api_key, "Content-Type": content_type},
            timeout=30,
        )
        assert response.status_code == status, (path, response.text[:200])
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.json()["type"] == f"urn:frontdesk:problem:{code}"
        assert "Traceback" not in response.text


def _stored(stack, binding: ApiKeyBinding, config: DynamoConfigRepository, text: str) -> str:
    """A message stored exactly as ingest stores it, but not yet sent on."""
    sent = []

    class Hold:
        def send(self, message):
            sent.append(message)

    record = accept_message(
        SubmitMessage(site_id=binding.site_id, channel="web", text=text),
        binding,
        new_id=lambda: str(ULID()),
        messages=DynamoMessageRepository(
            stack.client("dynamodb"), stack.physical_id("MessagesTable")
        ),
        texts=DynamoTextVault(stack.client("dynamodb"), stack.physical_id("MessageTextTable")),
        config=config,
        next_stage=Hold(),
        retention_days=1,
    )
    return record.message_id


def test_a_poison_record_lands_in_the_dlq_and_the_rest_of_its_batch_is_answered(stack, main_site):
    config = DynamoConfigRepository(stack.client("dynamodb"), stack.physical_id("ConfigTable"))
    site = config.site("riverside-main")
    binding = ApiKeyBinding(api_key_id="poison-test", site_id=site.site_id, org_id=site.org_id)
    good = [
        _stored(stack, binding, config, t)
        for t in ("are you open saturday?", "do you take aetna?", "I need to move my appointment")
    ]
    poison = "01ARZ3NDEKTSV4RRFFQ69G5FAV"  # a well-formed id with no record and no text
    sqs = stack.client("sqs")
    queue = stack.physical_id("ClassifyQueue")
    dlq = stack.physical_id("ClassifyDeadLetterQueue")
    bodies = [
        {"message_id": m, "site_id": site.site_id, "org_id": site.org_id}
        for m in [*good[:2], poison, *good[2:]]
    ]
    sqs.send_message_batch(
        QueueUrl=queue,
        Entries=[{"Id": str(i), "MessageBody": json.dumps(b)} for i, b in enumerate(bodies)],
    )

    views = [main_site.wait_for_reply(m, timeout_s=60) for m in good]
    deadline = time.monotonic() + 90
    dead = []
    while time.monotonic() < deadline and not dead:
        dead = sqs.receive_message(
            QueueUrl=dlq, MaxNumberOfMessages=10, AttributeNames=["All"]
        ).get("Messages", [])
        time.sleep(0.5)

    assert all(v["status"] in ("answered", "routed", "escalated") for v in views)
    assert [json.loads(m["Body"])["message_id"] for m in dead] == [poison]
    assert int(dead[0]["Attributes"]["ApproximateReceiveCount"]) >= 5
    # Partial batch failure: each good record was classified once, never redelivered.
    classified = [
        json.loads(line)
        for line in stack.log_lines("ClassifyFunction")
        if line.startswith("{") and '"classified"' in line
    ]
    for message_id in good:
        assert [c["resumed"] for c in classified if c.get("message_id") == message_id] == [False]
    # The alarm that watches this queue: > 0 visible messages, to the alarm topic.
    alarms = stack.client("cloudwatch").describe_alarms()["MetricAlarms"]
    dlq_name = dlq.rsplit("/", 1)[-1]
    (alarm,) = [a for a in alarms if {"Name": "QueueName", "Value": dlq_name} in a["Dimensions"]]
    assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert alarm["ComparisonOperator"] == "GreaterThanThreshold" and alarm["Threshold"] == 0
    assert alarm["AlarmActions"] == [stack.physical_id("AlarmTopic")]
    for message in dead:  # leave the shared stack clean for the other tests
        sqs.delete_message(QueueUrl=dlq, ReceiptHandle=message["ReceiptHandle"])
