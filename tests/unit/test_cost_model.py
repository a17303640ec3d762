"""The cost harness's arithmetic: DynamoDB item sizes and units, SQS chunks, the report."""

import json
from types import SimpleNamespace

import pytest

from benchmarks.cost import PRICES, cost_report, message_texts
from infra.local.metering import CallMeter, item_size, read_units, write_units

PRICE_TABLE = json.loads(PRICES.read_text())


def test_item_size_follows_dynamodb_rules():
    assert item_size({"pk": {"S": "abc"}}) == 2 + 3
    assert item_size({"n": {"N": "12345"}}) == 1 + 4  # 5 digits -> 3 bytes + 1
    assert item_size({"m": {"M": {"a": {"S": "xy"}}}}) == 1 + 3 + (1 + 2 + 1)
    assert item_size({"l": {"L": [{"BOOL": True}, {"NULL": True}]}}) == 1 + 3 + 2 + 2
    assert write_units(0) == 1 and write_units(1024) == 1 and write_units(1025) == 2
    assert read_units(4096, consistent=True) == 1 and read_units(4097, consistent=False) == 1


def _model(service, name):
    return SimpleNamespace(service_model=SimpleNamespace(endpoint_prefix=service), name=name)


def test_the_meter_counts_units_per_table_and_transactions_double():
    meter = CallMeter(probe=lambda table, key: 1500)
    for op, params, parsed in [
        ("PutItem", {"TableName": "t", "Item": {"pk": {"S": "x" * 2000}}}, {}),
        ("GetItem", {"TableName": "t", "ConsistentRead": True}, {"Item": {"pk": {"S": "x"}}}),
        (
            "TransactWriteItems",
            {
                "TransactItems": [
                    {"Update": {"TableName": "t", "Key": {"pk": {"S": "x"}}}},
                    {"Update": {"TableName": "ledger", "Key": {"pk": {"S": "y"}}}},
                ]
            },
            {},
        ),
    ]:
        context = {}
        meter.remember_params(params=params, context=context)
        meter.after_call(
            http_response=SimpleNamespace(status_code=200),
            parsed=parsed,
            model=_model("dynamodb", op),
            context=context,
        )
    meter.remember_params(params={"MessageBody": "x"}, context=(c := {}))
    meter.after_call(http_response=None, parsed={}, model=_model("sqs", "SendMessage"), context=c)
    calls, units, _, _ = meter.take()
    assert calls == {
        "dynamodb.PutItem": 1,
        "dynamodb.GetItem": 1,
        "dynamodb.TransactWriteItems": 1,
        "sqs.SendMessage": 1,
    }
    assert units["dynamodb.wru.t"] == 2 + 2 * 2  # a 2 KB put, a 1.5 KB transactional update
    assert units["dynamodb.wru.ledger"] == 2 * 2
    assert units["dynamodb.rru.t"] == 1 and units["sqs.requests"] == 1
    assert units["dynamodb.calls.t"] == 3 and units["dynamodb.calls.ledger"] == 1
    assert units["dynamodb.reads.t"] == 1 and "dynamodb.reads.ledger" not in units  # GetItem
    assert meter.take()[0] == {}  # taken: reset


def test_the_report_prices_counted_calls_per_million_messages():
    invocation = {
        "function": "RespondFunction",
        "memory_mb": 256,
        "ok": True,
        "records": 10,
        "wall_ms": 900.0,
        "cpu_ms": 40.0,
        "aws_ms": 850.0,
        "calls": {"dynamodb.GetItem": 10, "dynamodb.TransactWriteItems": 10},
        "units": {
            "dynamodb.wru.messages": 40,
            "dynamodb.rru.messages": 10,
            "dynamodb.calls.messages": 20,
            "dynamodb.reads.messages": 10,
        },
    }
    measured = {
        "messages_finished": 10,
        "messages_posted": 10,
        "seconds": 1.0,
        "http_statuses": {"202": 10},
        "api_requests": {"POST /v1/messages": 10},
        "invocations": [invocation],
        "poller_calls": {"ReceiveMessage": 1, "DeleteMessageBatch": 1},
        "log_bytes": {"RespondFunction": 1000},
        "log_lines": {"RespondFunction": 10},
        "trail": {"trail": "Trail", "tables": ["messages"], "buckets": [], "functions": True},
        "function_names": {},
        "fixed": {
            "alarms": 1,
            "kms_keys": 1,
            "tables": ["messages"],
            "event_sources": 1,
            "emf_metrics": [],
            "memory_mb": {"RespondFunction": 256},
        },
    }
    report = cost_report(measured, PRICE_TABLE)
    per_m = report["usd_per_million_messages"]["by_service"]
    assert per_m["API Gateway (REST)"] == pytest.approx(3.50)  # one request per message
    assert per_m["DynamoDB writes"] == pytest.approx(4 * 0.625)
    assert per_m["DynamoDB reads"] == pytest.approx(1 * 0.125)
    assert per_m["SQS"] == pytest.approx(0.2 * 0.40)
    assert per_m["CloudTrail data events"] == pytest.approx(2.1 * 1.0)  # 20 calls + 1 invoke
    # 40 ms CPU at 256 MB (x 6.91) + 10 reads x 5 ms + 10 transactions x 12 ms
    billed_ms = 40 * 1769 / 256 + 10 * 5 + 10 * 12
    assert per_m["Lambda duration (arm64)"] == pytest.approx(
        round(billed_ms + 0.5) / 1000 * 0.25 * 0.0000133334 * 1e5, rel=1e-3
    )
    assert report["usd_per_million_messages"]["total"] == pytest.approx(
        sum(per_m.values()), abs=1e-3
    )

    # A trail that records only the writes on the table skips its 10 reads.
    measured["trail"] = {**measured["trail"], "writes_only": ["messages"]}
    writes_only = cost_report(measured, PRICE_TABLE)["usd_per_million_messages"]["by_service"]
    assert writes_only["CloudTrail data events"] == pytest.approx(1.1 * 1.0)  # 10 writes + 1


def test_the_traffic_is_a_practices_mix_of_our_own_templates():
    traffic = message_texts(5000)
    share = {t: sum(1 for tier, _ in traffic if tier == t) / 5000 for t in ("1", "2", "3")}
    assert 0.57 < share["1"] < 0.63 and 0.25 < share["2"] < 0.31 and 0.05 < share["3"] < 0.09
    assert message_texts(50) == message_texts(50)  # seeded: the same run every time
