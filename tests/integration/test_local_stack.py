"""The embedded local stack runs the fixture template: routes, keys, SQS semantics, shutdown."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from infra.local import LocalStack

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "local_stack"
LAMBDA_SQS_RECORD_KEYS = {"messageId", "receiptHandle", "body", "attributes", "messageAttributes",
                          "md5OfBody", "eventSource", "eventSourceARN", "awsRegion"}


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return False
    return "State:\tZ" not in status.read_text()


def _all_gone(pids: list[int], grace_s: float = 3.0) -> bool:
    """True once none of the pids is alive (an orphan may take a moment to be reaped)."""
    deadline = time.monotonic() + grace_s
    while any(_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with LocalStack(FIXTURE / "template.yaml", state_dir=tmp_path_factory.mktemp("state")) as s:
        yield s


@pytest.fixture(scope="module")
def api_key(stack) -> str:
    return stack.create_api_key("test-key")[1]


def _records_seen(stack, queue_message_id: str | None = None) -> list[dict]:
    table = stack.physical_id("RecordsTable")
    items = stack.client("dynamodb").scan(TableName=table)["Items"]
    records = [json.loads(i["record"]["S"]) | {"_batch": int(i["batch_size"]["N"])} for i in items]
    if queue_message_id:
        records = [r for r in records if r["messageId"] == queue_message_id]
    return records


def test_proxy_event_and_context_are_api_gateway_and_lambda_shaped(stack, api_key):
    reply = requests.post(f"{stack.base_url}/echo/ada?x=1&x=2", data='{"a":1}',
                          headers={"x-api-key": api_key, "Content-Type": "application/json"},
                          timeout=10)

    assert reply.status_code == 201
    assert reply.headers["X-Echo"] == "1"
    body = reply.json()
    event = body["event"]
    assert event["resource"] == "/echo/{name}"
    assert event["path"] == "/echo/ada"
    assert event["httpMethod"] == "POST"
    assert event["pathParameters"] == {"name": "ada"}
    assert event["queryStringParameters"] == {"x": "2"}
    assert event["multiValueQueryStringParameters"] == {"x": ["1", "2"]}
    assert event["headers"]["x-api-key"] == api_key
    assert event["body"] == '{"a":1}' and event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["resourcePath"] == "/echo/{name}" and context["stage"] == "local"
    assert context["identity"]["apiKey"] == api_key and context["identity"]["apiKeyId"]
    assert {"requestId", "requestTime", "requestTimeEpoch", "accountId", "apiId"} <= set(context)
    assert body["env"] == {"GREETING": "hello", "STAGE": "local",
                           "TABLE_NAME": stack.physical_id("RecordsTable"),
                           "MODEL_DIR": str(FIXTURE / ".build" / "model")}
    assert body["context"]["memory_limit_in_mb"] == 256
    assert 0 < body["context"]["remaining_ms"] <= 10_000
    assert body["layer"] == "stackfixture"


def test_api_key_is_enforced_with_the_templates_gateway_responses(stack, api_key):
    missing = requests.get(f"{stack.base_url}/echo/ada", timeout=10)
    wrong = requests.get(f"{stack.base_url}/echo/ada", headers={"x-api-key": "nope"}, timeout=10)
    unknown = requests.get(f"{stack.base_url}/nowhere", headers={"x-api-key": api_key}, timeout=10)
    open_route = requests.get(f"{stack.base_url}/health", timeout=10)

    for reply in (missing, wrong):
        assert reply.status_code == 403
        assert reply.headers["Content-Type"] == "application/problem+json"
        assert reply.json()["detail"] == "Forbidden"
        assert reply.json()["requestId"] == reply.headers["x-amzn-RequestId"]
    assert unknown.status_code == 404 and unknown.json()["title"] == "Not Found"
    assert open_route.status_code == 200


def test_handler_error_is_502_and_a_crashed_worker_comes_back(stack, api_key):
    headers = {"x-api-key": api_key}
    boom = requests.get(f"{stack.base_url}/echo/boom", headers=headers, timeout=20)
    crash = requests.get(f"{stack.base_url}/echo/crash", headers=headers, timeout=20)
    after = requests.get(f"{stack.base_url}/echo/binary", headers=headers, timeout=20)

    assert boom.status_code == 502 and boom.json() == {"message": "Internal server error"}
    assert crash.status_code == 502
    assert after.status_code == 200 and after.content == b"\x00\x01\x02"
    assert any("RuntimeError: boom requested" in line for line in stack.log_lines("EchoFunction"))


def test_sqs_event_is_lambda_shaped(stack):
    sqs = stack.client("sqs")
    sent = sqs.send_message(
        QueueUrl=stack.physical_id("WorkQueue"), MessageBody="hello",
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "greeting"}})

    assert stack.drain(15)
    (record,) = _records_seen(stack, sent["MessageId"])
    assert set(record) - {"_batch"} == LAMBDA_SQS_RECORD_KEYS
    assert record["eventSource"] == "aws:sqs" and record["awsRegion"] == "us-east-1"
    assert record["eventSourceARN"].endswith(stack.physical_id("WorkQueue").rsplit("/", 1)[1])
    assert record["md5OfBody"] == sent["MD5OfMessageBody"]
    assert {"ApproximateReceiveCount", "SentTimestamp", "SenderId",
            "ApproximateFirstReceiveTimestamp"} <= set(record["attributes"])
    assert record["messageAttributes"] == {"kind": {
        "stringValue": "greeting", "stringListValues": [], "binaryListValues": [],
        "dataType": "String"}}


def test_partial_batch_failure_deletes_successes_and_poison_lands_in_the_dlq(stack):
    sqs = stack.client("sqs")
    queue, dlq = stack.physical_id("WorkQueue"), stack.physical_id("WorkDLQ")
    good = [sqs.send_message(QueueUrl=queue, MessageBody=f"fine {i}")["MessageId"]
            for i in range(3)]
    poison = sqs.send_message(QueueUrl=queue, MessageBody="poison pill")["MessageId"]

    assert stack.drain(20)
    for message_id in good:
        assert len(_records_seen(stack, message_id)) == 1  # deleted after its first success
    poison_seen = _records_seen(stack, poison)
    assert sorted(r["attributes"]["ApproximateReceiveCount"] for r in poison_seen) == ["1", "2"]
    dead = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)["Messages"]
    assert [m["MessageId"] for m in dead] == [poison]


def test_a_route_added_to_the_template_is_served_and_stop_leaves_no_worker(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "app")
    template = tmp_path / "app" / "template.yaml"
    added = """        Added:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /added/{id}
            Method: delete
            Auth:
              ApiKeyRequired: false
        Health:
"""
    template.write_text(template.read_text().replace("        Health:\n", added, 1))

    with LocalStack(template, state_dir=tmp_path / "state") as stack:
        reply = requests.delete(f"{stack.base_url}/added/7", timeout=20)
        pids = [w.pid for w in stack.workers.values()]
        assert any(r.resource == "/added/{id}" and r.method == "DELETE" for r in stack.routes)

    assert reply.status_code == 200 and reply.json()["event"]["pathParameters"] == {"id": "7"}
    assert pids and not any(_alive(pid) for pid in pids)


def test_runner_stops_cleanly_on_ctrl_c(tmp_path):
    runner = subprocess.Popen(
        [sys.executable, "-m", "infra.local", "--template", str(FIXTURE / "template.yaml"),
         "--port", "0", "--state-dir", str(tmp_path), "--no-seed"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    lines = []
    deadline = time.monotonic() + 30
    assert runner.stdout is not None
    while time.monotonic() < deadline:
        line = runner.stdout.readline()
        lines.append(line)
        if "Ready in" in line or not line:
            break
    children = [int(p) for p in Path(f"/proc/{runner.pid}/task/{runner.pid}/children")
                .read_text().split()]

    runner.send_signal(signal.SIGINT)
    output, _ = runner.communicate(timeout=20)

    assert runner.returncode == 0, "".join(lines) + output
    assert any("Poller:" in line for line in lines)
    assert children and _all_gone(children)
