"""frontdesk-audit: verify, export and redrive the audit trail.

    frontdesk-audit verify --bucket B [--head-table T] [--from SEQ] [--to SEQ]
    frontdesk-audit verify --dir ./audit-copy [--from SEQ] [--to SEQ]
    frontdesk-audit export --bucket B --out DIR [--from SEQ] [--to SEQ]
    frontdesk-audit redrive --dlq-url URL --queue-url URL --audit-queue-url URL --stage S

`verify` walks the hash chain and exits 1 naming the first missing or altered object
(exit 2: bad arguments). Endpoint and credentials come from the usual AWS environment
(AWS_PROFILE, AWS_ENDPOINT_URL, ...).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from frontdesk.domain.audit_chain import GENESIS, ChainBroken, ChainHead, object_key, verify_chain

PREFIX = "audit/"


def _seq_of(key: str, prefix: str) -> int | None:
    name = key[len(prefix) :] if key.startswith(prefix) else ""
    stem = name.removesuffix(".jsonl")
    return int(stem) if stem.isdigit() and name.endswith(".jsonl") else None


class _Source(Protocol):
    def keys(self) -> list[str]: ...  # sorted

    def get(self, key: str) -> bytes | None: ...


class _DirSource:
    """A local copy: <dir>/<key>, e.g. ./copy/audit/000000000001.jsonl."""

    def __init__(self, root: Path, prefix: str) -> None:
        self.root, self.prefix = root, prefix

    def keys(self) -> list[str]:
        base = self.root / self.prefix
        return (
            sorted(f"{self.prefix}{p.name}" for p in base.glob("*.jsonl")) if base.is_dir() else []
        )

    def get(self, key: str) -> bytes | None:
        path = self.root / key
        return path.read_bytes() if path.is_file() else None


class _BucketSource:
    def __init__(self, bucket: str, prefix: str) -> None:
        import boto3

        from frontdesk.adapters.audit import S3AuditObjects

        self.objects = S3AuditObjects(boto3.client("s3"), bucket)
        self.prefix = prefix

    def keys(self) -> list[str]:
        return sorted(self.objects.keys(self.prefix))

    def get(self, key: str) -> bytes | None:
        return self.objects.get(key)


def _source(args: argparse.Namespace) -> _Source:
    if args.dir:
        return _DirSource(Path(args.dir), args.prefix)
    return _BucketSource(args.bucket, args.prefix)


def _selected(source: _Source, args: argparse.Namespace) -> list[str]:
    chosen = []
    for key in source.keys():
        seq = _seq_of(key, args.prefix)
        if seq is None:
            continue
        if args.from_seq is not None and seq < args.from_seq:
            continue
        if args.to_seq is not None and seq > args.to_seq:
            continue
        chosen.append(key)
    return chosen


def _objects(source: _Source, keys: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    for key in keys:
        body = source.get(key)
        if body is None:
            raise ChainBroken(key, "listed but could not be read")
        yield key, body


def _head(args: argparse.Namespace) -> ChainHead | None:
    """The chain head to compare the log's end with: the live table, else a copy's manifest
    (written by `export`), else none (a truncated copy would then look whole)."""
    if not args.head_table:
        manifest = Path(args.dir) / "manifest.json" if args.dir else None
        if manifest is not None and manifest.is_file():
            head = json.loads(manifest.read_text()).get("head")
            if head:
                return ChainHead(int(head["seq"]), str(head["sha256"]))
        return None
    import boto3

    from frontdesk.adapters.audit import DynamoChainHeads

    return DynamoChainHeads(boto3.client("dynamodb"), args.head_table).read()


def verify(args: argparse.Namespace) -> int:
    source = _source(args)
    start = ChainHead(-1, GENESIS)
    if args.from_seq:
        before = object_key(args.from_seq - 1, args.prefix)
        body = source.get(before)
        if body is None:
            print(f"BROKEN {before}: missing (needed as the start of --from {args.from_seq})")
            return 1
        start = ChainHead(args.from_seq - 1, hashlib.sha256(body).hexdigest())
    head = _head(args)
    if head is not None and args.to_seq is not None and head.seq > args.to_seq:
        head = None  # a range that ends before the head: nothing to compare it with
    keys = _selected(source, args)
    event_ids: set[str] = set()
    try:
        report = verify_chain(_objects(source, keys), start=start, head=head, prefix=args.prefix)
        if args.to_seq is not None and report.last.seq < args.to_seq and head is None:
            missing = object_key(report.last.seq + 1, args.prefix)
            raise ChainBroken(missing, f"missing: --to {args.to_seq} asks for it")
    except ChainBroken as broken:
        print(f"BROKEN {broken.key}: {broken.problem}")
        return 1
    for key in keys:
        for line in (source.get(key) or b"").splitlines()[1:]:
            event_ids.add(json.loads(line)["event_id"])
    summary = {
        "ok": True,
        "objects": report.objects,
        "events": report.events,
        "distinct_event_ids": len(event_ids),
        "first": keys[0] if keys else None,
        "last": keys[-1] if keys else None,
        "last_sha256": report.last.sha256,
        "head_checked": head is not None,
    }
    print(json.dumps(summary))
    return 0


def export(args: argparse.Namespace) -> int:
    source = _source(args)
    out = Path(args.out)
    # The head is read before the listing: objects written meanwhile only extend past it.
    head = _head(args) if getattr(args, "head_table", None) else None
    keys = _selected(source, args)
    objects = []
    for key, body in _objects(source, keys):
        target = out / key
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        objects.append({"key": key, "sha256": hashlib.sha256(body).hexdigest()})
    if head is None and objects:
        last = objects[-1]
        head = ChainHead(_seq_of(last["key"], args.prefix) or 0, last["sha256"])
    manifest = {
        "exported_at": datetime.now(UTC).isoformat(),
        "objects": objects,
        "head": {"seq": head.seq, "sha256": head.sha256} if head else None,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(json.dumps({"exported": len(objects), "out": str(out)}))
    return 0


def redrive(args: argparse.Namespace) -> int:
    """Move messages from a dead-letter queue back to its source queue, one by one, and
    audit each move (`message.redriven`). Works on AWS and on the local stack alike."""
    import boto3

    from frontdesk.adapters.audit import SqsAuditSink
    from frontdesk.domain.audit_events import redriven
    from frontdesk.models.audit import Actor
    from frontdesk.models.messages import StageMessage

    sqs = boto3.client("sqs")
    principal = args.principal or _caller()
    actor = Actor(kind="staff", id=principal)
    sink = SqsAuditSink(sqs, args.audit_queue_url) if args.audit_queue_url else None
    move_id = uuid.uuid4().hex[:12]
    moved = 0
    while args.max is None or moved < args.max:
        batch = sqs.receive_message(
            QueueUrl=args.dlq_url, MaxNumberOfMessages=10, WaitTimeSeconds=1
        ).get("Messages", [])
        if not batch:
            break
        for message in batch:
            sqs.send_message(QueueUrl=args.queue_url, MessageBody=message["Body"])
            if sink is not None and args.stage != "audit":
                item = StageMessage.model_validate_json(message["Body"])
                sink.send(
                    [
                        redriven(
                            item, actor, datetime.now(UTC), source_queue=args.stage, move_id=move_id
                        )
                    ]
                )
            sqs.delete_message(QueueUrl=args.dlq_url, ReceiptHandle=message["ReceiptHandle"])
            moved += 1
    print(
        json.dumps(
            {
                "moved": moved,
                "from": args.dlq_url,
                "to": args.queue_url,
                "move_id": move_id,
                "by": principal,
            }
        )
    )
    return 0


def _caller() -> str:
    import boto3

    try:
        arn: str = boto3.client("sts").get_caller_identity()["Arn"]
    except Exception:  # noqa: BLE001 - the principal is a label; the move still proceeds
        return "unknown-operator"
    return arn[-128:]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontdesk-audit",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def chain_args(p: argparse.ArgumentParser) -> None:
        where = p.add_mutually_exclusive_group(required=True)
        where.add_argument("--bucket", help="the audit bucket (stack output AuditBucketName)")
        where.add_argument("--dir", help="a local copy, laid out as <dir>/<key>")
        p.add_argument("--prefix", default=PREFIX)
        p.add_argument("--from", dest="from_seq", type=int, help="first seq to check")
        p.add_argument("--to", dest="to_seq", type=int, help="last seq to check")

    p_verify = commands.add_parser("verify", help="walk the hash chain; exit 1 on a break")
    chain_args(p_verify)
    p_verify.add_argument("--head-table", help="the chain head table (stack output)")
    p_verify.set_defaults(run=verify)

    p_export = commands.add_parser("export", help="copy the log (and a manifest) to a directory")
    chain_args(p_export)
    p_export.add_argument("--out", required=True)
    p_export.add_argument("--head-table", help="record the live chain head in the manifest")
    p_export.set_defaults(run=export)

    p_redrive = commands.add_parser("redrive", help="move a DLQ's messages back, audited")
    p_redrive.add_argument("--dlq-url", required=True)
    p_redrive.add_argument("--queue-url", required=True)
    p_redrive.add_argument(
        "--stage",
        required=True,
        help="classify, route, respond, or audit (audit events: not re-audited)",
    )
    p_redrive.add_argument("--audit-queue-url")
    p_redrive.add_argument("--principal", help="who redrives (default: the caller's IAM ARN)")
    p_redrive.add_argument("--max", type=int)
    p_redrive.set_defaults(run=redrive)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args: Any = _parser().parse_args(argv)
    if getattr(args, "from_seq", None) is not None and args.from_seq < 0:
        print("--from must be >= 0", file=sys.stderr)
        return 2
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
