"""Audit adapters against moto: the bucket configured exactly as template.yaml says."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from frontdesk.adapters.audit import DynamoChainHeads, S3AuditObjects, SqsAuditSink
from frontdesk.domain.audit_chain import GENESIS, ChainBroken, ChainHead, verify_chain
from frontdesk.domain.audit_events import function_actor, received
from frontdesk.domain.audit_log import HeadMoved, append_events
from frontdesk.models.audit import AuditEvent
from infra.local.buckets import bucket_settings_calls
from tests.integration.conftest import template_resources
from tests.unit.test_audit_events import T, _record


@pytest.fixture
def bucket(aws):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="audit")
    for method, kwargs in bucket_settings_calls(template_resources()["AuditBucket"]["Properties"]):
        getattr(s3, method)(Bucket="audit", **kwargs)
    return s3


@pytest.fixture
def heads(make_table, dynamodb):
    return DynamoChainHeads(dynamodb, make_table("AuditChainTable"))


def _events(n, offset=0):
    actor = function_actor("ingest")
    return [received(_record(message_id=f"01JD{i + offset:022d}"), actor, T) for i in range(n)]


def test_template_lock_is_compliance_for_six_years(bucket):
    lock = bucket.get_object_lock_configuration(Bucket="audit")["ObjectLockConfiguration"]
    assert lock["Rule"]["DefaultRetention"] == {"Mode": "COMPLIANCE", "Days": 0, "Years": 6}


def test_locked_objects_cannot_be_deleted_or_overwritten(bucket, heads):
    objects = S3AuditObjects(bucket, "audit")
    written = append_events(_events(2), heads=heads, objects=objects)
    version = bucket.head_object(Bucket="audit", Key=written.key)
    assert version["ObjectLockMode"] == "COMPLIANCE"
    with pytest.raises(ClientError) as denied:
        bucket.delete_object(Bucket="audit", Key=written.key, VersionId=version["VersionId"])
    assert denied.value.response["Error"]["Code"] == "AccessDenied"
    # the writer's own PUT refuses an existing key
    assert objects.put_new(written) is False
    # an unconditional PUT (which the template's bucket policy denies in AWS) only adds a
    # version: the locked original stays, and verify names the overwritten object
    bucket.put_object(Bucket="audit", Key=written.key, Body=b"forged\n")
    original = bucket.get_object(Bucket="audit", Key=written.key, VersionId=version["VersionId"])
    assert original["Body"].read() == written.body
    with pytest.raises(ChainBroken) as broken:
        verify_chain([(written.key, objects.get(written.key))], head=heads.read())
    assert broken.value.key == written.key


def test_chain_head_moves_only_from_where_it_is(heads):
    assert heads.read() == ChainHead(-1, GENESIS)
    heads.advance(ChainHead(-1, GENESIS), ChainHead(0, "a" * 64))
    with pytest.raises(HeadMoved):
        heads.advance(ChainHead(-1, GENESIS), ChainHead(0, "b" * 64))
    with pytest.raises(HeadMoved):
        heads.advance(ChainHead(0, "c" * 64), ChainHead(1, "d" * 64))
    heads.advance(ChainHead(0, "a" * 64), ChainHead(1, "d" * 64))
    assert heads.read() == ChainHead(1, "d" * 64)


def test_chain_in_s3_verifies_with_its_head(bucket, heads):
    objects = S3AuditObjects(bucket, "audit")
    for batch in range(3):
        append_events(_events(4, batch * 10), heads=heads, objects=objects)
    log = [(k, objects.get(k)) for k in sorted(objects.keys())]
    report = verify_chain(log, head=heads.read())
    assert (report.objects, report.events) == (3, 12)


def test_sink_sends_events_in_tens(aws):
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="audit")["QueueUrl"]
    SqsAuditSink(sqs, url).send(_events(23))
    got = []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
        got += [AuditEvent.model_validate_json(m["Body"]) for m in batch]
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)
            ],
        )
    assert len({e.event_id for e in got}) == 23
