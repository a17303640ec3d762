"""Buffered sends against moto: ten per SendMessageBatch, nothing before the flush."""

import boto3
import pytest

from frontdesk.adapters.send_buffer import BufferedSink, BufferedStageQueue, SendFailed
from frontdesk.models.messages import StageMessage


@pytest.fixture
def sqs(aws):
    return boto3.client("sqs", region_name="us-east-1")


def _drain(sqs, url):
    bodies = []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not got:
            return bodies
        bodies += [m["Body"] for m in got]
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)
            ],
        )


def _message(n):
    return StageMessage(message_id=f"01JD{n:022d}", site_id="riverside-main", org_id="riverside")


def test_stage_sends_wait_for_the_flush_and_leave_ten_per_call(sqs):
    url = sqs.create_queue(QueueName="route")["QueueUrl"]
    calls = []
    sqs.meta.events.register("after-call.sqs.SendMessageBatch", lambda **kw: calls.append(1))
    queue = BufferedStageQueue(sqs, url)
    for n in range(23):
        queue.send(_message(n))
    queue.send(_message(0))  # the same forward twice in one batch leaves once
    assert _drain(sqs, url) == []
    queue.flush()
    bodies = _drain(sqs, url)
    assert len(bodies) == 23 and len(calls) == 3
    assert {StageMessage.model_validate_json(b).message_id for b in bodies} == {
        _message(n).message_id for n in range(23)
    }
    queue.flush()  # nothing pending: no call
    assert len(calls) == 3


def test_a_refused_entry_fails_the_flush(sqs, monkeypatch):
    url = sqs.create_queue(QueueName="route")["QueueUrl"]
    queue = BufferedStageQueue(sqs, url)
    queue.send(_message(1))
    monkeypatch.setattr(
        sqs, "send_message_batch", lambda **kw: {"Successful": [], "Failed": [{"Id": "0"}]}
    )
    with pytest.raises(SendFailed):
        queue.flush()


def test_buffered_sink_hands_everything_over_in_one_call():
    class Sink:
        def __init__(self):
            self.calls = []

        def send(self, events):
            self.calls.append(list(events))

    inner = Sink()
    sink = BufferedSink(inner)
    sink.send(["a"])
    sink.send(["b", "c"])
    assert inner.calls == []
    sink.flush()
    sink.flush()
    assert inner.calls == [["a", "b", "c"]]
