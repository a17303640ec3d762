"""infra/local/redrive.py: the local stand-in for `aws sqs start-message-move-task`."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from infra.local.redrive import dead_letter_queues, redrive_all


@pytest.fixture
def sqs():
    with mock_aws():
        yield boto3.client("sqs", region_name="us-east-1")


def test_every_dead_letter_queue_is_moved_back_to_its_source(sqs):
    dlq = sqs.create_queue(QueueName="work-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    work = sqs.create_queue(
        QueueName="work",
        Attributes={
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5})
        },
    )["QueueUrl"]
    sqs.create_queue(QueueName="unrelated")
    for i in range(13):
        sqs.send_message(
            QueueUrl=dlq,
            MessageBody=json.dumps({"message_id": str(i)}),
            MessageAttributes={"n": {"DataType": "Number", "StringValue": str(i)}},
        )

    (found,) = dead_letter_queues(sqs)
    moved = redrive_all(sqs)

    assert found.name == "work-dlq" and found.source_urls == (work,)
    assert moved == {"work-dlq": 13}
    bodies = []
    while batch := sqs.receive_message(
        QueueUrl=work, MaxNumberOfMessages=10, MessageAttributeNames=["All"]
    ).get("Messages"):
        for m in batch:
            assert m["MessageAttributes"]["n"]["StringValue"] == json.loads(m["Body"])["message_id"]
            bodies.append(json.loads(m["Body"])["message_id"])
            sqs.delete_message(QueueUrl=work, ReceiptHandle=m["ReceiptHandle"])
    assert sorted(bodies, key=int) == [str(i) for i in range(13)]
    assert found.depth(sqs) == 0
