"""Redrive of dead-letter queues on the local stack: the local stand-in for a message move task.

In AWS, `aws sqs start-message-move-task --source-arn <DLQ arn>` moves a dead-letter queue's
messages back to the queue they came from. moto 5.2 does not implement message move tasks,
so locally the same move is done by hand: receive from the dead-letter queue, send the body
and attributes to the source queue, delete from the dead-letter queue.

    python -m infra.local.redrive --endpoint http://127.0.0.1:<moto port>   # every DLQ
    python -m infra.local.redrive --endpoint ... --queue <DLQ name> --dry-run

(`make run` prints the moto endpoint as `Moto:`.)
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DeadLetterQueue:
    name: str
    url: str
    arn: str
    source_urls: tuple[str, ...]  # the queues whose RedrivePolicy points here

    def depth(self, sqs: Any) -> int:
        attributes = sqs.get_queue_attributes(
            QueueUrl=self.url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return sum(int(v) for v in attributes.values())


def dead_letter_queues(sqs: Any) -> list[DeadLetterQueue]:
    """Every queue that some queue's RedrivePolicy names as its dead-letter target."""
    urls = sqs.list_queues().get("QueueUrls", [])
    arns: dict[str, str] = {}
    sources: dict[str, list[str]] = {}
    for url in urls:
        attributes = sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["QueueArn", "RedrivePolicy"]
        )["Attributes"]
        arns[attributes["QueueArn"]] = url
        policy = attributes.get("RedrivePolicy")
        if policy:
            target = json.loads(policy)["deadLetterTargetArn"]
            sources.setdefault(target, []).append(url)
    return [
        DeadLetterQueue(arn.rsplit(":", 1)[-1], arns[arn], arn, tuple(sources[arn]))
        for arn in sorted(sources)
        if arn in arns
    ]


def redrive(sqs: Any, dlq: DeadLetterQueue, *, dry_run: bool = False) -> int:
    """Move every message of `dlq` back to its source queue; returns how many moved."""
    if len(dlq.source_urls) != 1:
        raise ValueError(
            f"{dlq.name} is the dead-letter queue of {len(dlq.source_urls)} queues; "
            "name the destination (as DestinationArn does for a message move task)"
        )
    if dry_run:
        return dlq.depth(sqs)
    destination = dlq.source_urls[0]
    moved = 0
    empty_receives = 0
    while empty_receives < 2:
        messages = sqs.receive_message(
            QueueUrl=dlq.url,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=0,
            VisibilityTimeout=60,
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            empty_receives += 1
            continue
        empty_receives = 0
        entries = []
        for i, message in enumerate(messages):
            entry: dict[str, Any] = {"Id": str(i), "MessageBody": message["Body"]}
            if message.get("MessageAttributes"):
                entry["MessageAttributes"] = message["MessageAttributes"]
            entries.append(entry)
        sent = sqs.send_message_batch(QueueUrl=destination, Entries=entries)
        ok = {s["Id"] for s in sent.get("Successful", [])}
        done = [
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
            for i, m in enumerate(messages)
            if str(i) in ok
        ]
        if done:
            sqs.delete_message_batch(QueueUrl=dlq.url, Entries=done)
        moved += len(done)
    return moved


def redrive_all(sqs: Any, *, dry_run: bool = False) -> dict[str, int]:
    return {dlq.name: redrive(sqs, dlq, dry_run=dry_run) for dlq in dead_letter_queues(sqs)}


def main(argv: list[str] | None = None) -> int:
    import boto3

    parser = argparse.ArgumentParser(prog="python -m infra.local.redrive", description=__doc__)
    parser.add_argument("--endpoint", required=True, help="the local stack's moto endpoint")
    parser.add_argument("--queue", help="one dead-letter queue (name); default: all")
    parser.add_argument("--dry-run", action="store_true", help="only count what would move")
    args = parser.parse_args(argv)
    sqs = boto3.client(
        "sqs",
        endpoint_url=args.endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - moto's fake credentials
    )
    for dlq in dead_letter_queues(sqs):
        if args.queue and dlq.name != args.queue:
            continue
        count = redrive(sqs, dlq, dry_run=args.dry_run)
        verb = "would move" if args.dry_run else "moved"
        print(f"{dlq.name}: {verb} {count} message(s) to {dlq.source_urls[0].rsplit('/', 1)[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
