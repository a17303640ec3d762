"""infra/local/faults.py: the fault switch of the local runtime (never of the functions)."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from infra.local import faults as faults_module
from infra.local.faults import DeliveryFaults, FaultConfig, install_worker_faults


def _records(n: int) -> list[dict]:
    return [{"messageId": f"m{i}", "body": "{}"} for i in range(n)]


def test_a_spec_string_and_the_preset_parse():
    config = FaultConfig.parse("handler_error=0.1,throttle=0.02,seed=3,functions=A+B")

    assert config.handler_error == 0.1 and config.throttle == 0.02 and config.seed == 3
    assert config.functions == ("A", "B")
    assert config.applies_to("A") and not config.applies_to("C")
    assert FaultConfig.parse("chaos").active and not FaultConfig.parse("none").active
    assert FaultConfig.parse("chaos").to_dict()["functions"] == []


@pytest.mark.parametrize("spec", ["nonsense=1", "throttle", "throttle=1.5", "timeout=-0.1"])
def test_a_bad_spec_is_refused(spec):
    with pytest.raises(ValueError):
        FaultConfig.parse(spec)


def test_failing_records_are_withheld_or_reported_after_the_handler_ran():
    seen: list[str] = []

    def handler(event, context):
        seen.extend(r["messageId"] for r in event["Records"])
        return {"batchItemFailures": []}

    config = FaultConfig(handler_error=1.0, seed=1).to_dict()
    wrapped = install_worker_faults(config, "RouteFunction", handler)
    result = wrapped({"Records": _records(20)}, None)

    failed = {f["itemIdentifier"] for f in result["batchItemFailures"]}
    assert failed == {f"m{i}" for i in range(20)}
    # Some failed before the handler saw them, the others after it had done its work.
    assert 0 < len(seen) < 20


def test_without_records_or_outside_the_listed_functions_the_handler_is_untouched():
    def handler(event, context):
        return "same"

    config = FaultConfig(handler_error=1.0, functions=("RouteFunction",)).to_dict()
    assert install_worker_faults(config, "IngestFunction", handler) is handler
    wrapped = install_worker_faults(config, "RouteFunction", handler)
    assert wrapped({"httpMethod": "GET"}, None) == "same"


def test_throttling_raises_the_services_own_error_code(monkeypatch):
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", boto3.Session(region_name="us-east-1"))
    install_worker_faults(FaultConfig(throttle=1.0).to_dict(), "RouteFunction", lambda e, c: e)
    credentials = {"aws_access_key_id": "x", "aws_secret_access_key": "y"}
    dynamodb = boto3.client("dynamodb", endpoint_url="http://127.0.0.1:9", **credentials)
    sqs = boto3.client("sqs", endpoint_url="http://127.0.0.1:9", **credentials)

    with pytest.raises(ClientError) as throttled_table:
        dynamodb.get_item(TableName="t", Key={"k": {"S": "v"}})
    with pytest.raises(ClientError) as throttled_queue:
        sqs.send_message(QueueUrl="http://127.0.0.1:9/1/q", MessageBody="{}")

    code = throttled_table.value.response["Error"]["Code"]
    assert code == "ProvisionedThroughputExceededException"
    assert throttled_queue.value.response["Error"]["Code"] == "ThrottlingException"


def test_delivery_faults_reorder_hold_back_lose_deletes_and_time_out():
    messages = [{"MessageId": str(i)} for i in range(40)]
    delivery = DeliveryFaults(FaultConfig(reorder=1.0, duplicate=0.5, timeout=1.0, seed=5), "F")

    deliver, held = delivery.arrange(list(messages))
    delete, again = delivery.lose_deletes(deliver)
    cut = delivery.timeout_cut(len(deliver))

    assert held and sorted(deliver + held, key=lambda m: int(m["MessageId"])) == messages
    assert [m["MessageId"] for m in deliver] != sorted((m["MessageId"] for m in deliver), key=int)
    assert delete and again and len(delete) + len(again) == len(deliver)
    assert cut is not None and 0 <= cut <= len(deliver)
    assert delivery.counts["batches_timed_out"] == 1


def test_worker_fault_lines_are_counted():
    lines = [
        "[local-fault] throttle dynamodb.GetItem",
        "START x",
        "[local-fault] handler_error before=2 after=1",
        "[local-fault] handler_error before=0 after=3",
    ]

    counts = faults_module.worker_fault_counts(lines)

    assert counts == {"calls_throttled": 1, "records_failed_before": 2, "records_failed_after": 4}
