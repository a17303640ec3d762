"""SQS adapter for the stage queues."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from frontdesk.models.messages import StageMessage

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient
else:
    SQSClient = Any


class SqsStageQueue:
    def __init__(self, client: SQSClient, queue_url: str) -> None:
        self._client = client
        self._url = queue_url

    def send(self, message: StageMessage) -> None:
        self._client.send_message(QueueUrl=self._url, MessageBody=message.model_dump_json())
