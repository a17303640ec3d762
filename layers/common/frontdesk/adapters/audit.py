"""Audit adapters: the audit queue, the chain head, the locked bucket."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from frontdesk.domain.audit_chain import CHAIN, GENESIS, AuditObject, ChainHead
from frontdesk.domain.audit_log import HeadMoved
from frontdesk.models.audit import AuditEvent

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_sqs import SQSClient
else:
    DynamoDBClient = S3Client = SQSClient = Any


class AuditSendFailed(Exception):
    def __init__(self, failed: int) -> None:
        super().__init__(f"{failed} audit event(s) were not accepted by the audit queue")
        self.failed = failed


class SqsAuditSink:
    """Sends events to the audit queue, ten per call; raises if any is not accepted."""

    def __init__(self, client: SQSClient, queue_url: str) -> None:
        self._client = client
        self._url = queue_url

    def send(self, events: Sequence[AuditEvent]) -> None:
        for start in range(0, len(events), 10):
            chunk = events[start : start + 10]
            response = self._client.send_message_batch(
                QueueUrl=self._url,
                Entries=[
                    {"Id": str(i), "MessageBody": e.model_dump_json()} for i, e in enumerate(chunk)
                ],
            )
            if response.get("Failed"):
                raise AuditSendFailed(len(response["Failed"]))


class DynamoChainHeads:
    """The chain head item {pk: "chain#audit", seq, sha256}, moved by conditional writes."""

    def __init__(self, client: DynamoDBClient, table_name: str, chain: str = CHAIN) -> None:
        self._client = client
        self._table = table_name
        self._pk = f"chain#{chain}"

    def read(self) -> ChainHead:
        item = self._client.get_item(
            TableName=self._table, Key={"pk": {"S": self._pk}}, ConsistentRead=True
        ).get("Item")
        if not item:
            return ChainHead(-1, GENESIS)
        return ChainHead(int(item["seq"]["N"]), item["sha256"]["S"])

    def advance(self, old: ChainHead, new: ChainHead) -> None:
        if old.seq < 0:
            condition = "attribute_not_exists(pk)"
            values: dict[str, Any] = {}
        else:
            condition = "seq = :old_seq AND sha256 = :old_sha"
            values = {":old_seq": {"N": str(old.seq)}, ":old_sha": {"S": old.sha256}}
        try:
            self._client.put_item(
                TableName=self._table,
                Item={
                    "pk": {"S": self._pk},
                    "seq": {"N": str(new.seq)},
                    "sha256": {"S": new.sha256},
                },
                ConditionExpression=condition,
                **({"ExpressionAttributeValues": values} if values else {}),
            )
        except self._client.exceptions.ConditionalCheckFailedException:
            raise HeadMoved(f"chain head is no longer at seq {old.seq}") from None


class S3AuditObjects:
    """Write-once JSONL objects in the Object Lock bucket (the bucket's default retention
    locks each version; If-None-Match makes the write refuse an existing key)."""

    def __init__(self, client: S3Client, bucket: str) -> None:
        self._client = client
        self._bucket = bucket

    def put_new(self, obj: AuditObject) -> bool:
        digest = base64.b64encode(hashlib.sha256(obj.body).digest()).decode()
        try:
            self._client.put_object(
                Bucket=self._bucket,
                Key=obj.key,
                Body=obj.body,
                IfNoneMatch="*",
                ChecksumAlgorithm="SHA256",
                ChecksumSHA256=digest,
                ContentType="application/x-ndjson",
                Metadata={"chain-seq": str(obj.seq), "sha256": obj.sha256},
            )
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code in ("PreconditionFailed", "ConditionalRequestConflict"):
                return False
            raise
        return True

    def get(self, key: str) -> bytes | None:
        try:
            response = self._client.get_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise
        body: bytes = response["Body"].read()
        return body

    def keys(self, prefix: str = "audit/", start_after: str = "") -> Iterator[str]:
        paginator = self._client.get_paginator("list_objects_v2")
        kwargs: dict[str, Any] = {"Bucket": self._bucket, "Prefix": prefix}
        if start_after:
            kwargs["StartAfter"] = start_after
        for page in paginator.paginate(**kwargs):
            for item in page.get("Contents", []):
                yield item["Key"]
