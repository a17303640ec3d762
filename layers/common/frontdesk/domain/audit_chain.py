"""The audit log as a hash chain of JSONL objects.

Object n is a header line, then one event per line:
    {"chain": "audit", "seq": n, "prev_sha256": <sha256 of object n-1's bytes>,
     "events": k, "body_sha256": <sha256 of the k event lines>}
Changing a line breaks that object's body hash; rewriting a whole object
(header too) breaks the next object's prev_sha256; removing an object leaves a
gap in seq. The newest object's hash is kept outside the log (the chain head),
so rewriting the last object is caught too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from frontdesk.models.audit import AuditEvent

GENESIS = "0" * 64
CHAIN = "audit"


@dataclass(frozen=True)
class ChainHead:
    seq: int  # seq of the newest object; -1 when the chain is empty
    sha256: str


@dataclass(frozen=True)
class AuditObject:
    key: str
    seq: int
    body: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def object_key(seq: int, prefix: str = "audit/") -> str:
    return f"{prefix}{seq:012d}.jsonl"


def build_object(
    events: Sequence[AuditEvent], head: ChainHead, prefix: str = "audit/"
) -> AuditObject:
    lines = [e.model_dump_json() for e in events]
    body = "".join(line + "\n" for line in lines).encode()
    seq = head.seq + 1
    header = {
        "chain": CHAIN,
        "seq": seq,
        "prev_sha256": head.sha256,
        "events": len(lines),
        "body_sha256": hashlib.sha256(body).hexdigest(),
    }
    return AuditObject(object_key(seq, prefix), seq, (json.dumps(header) + "\n").encode() + body)


class ChainBroken(Exception):
    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


@dataclass(frozen=True)
class VerifyReport:
    objects: int
    events: int
    last: ChainHead


def verify_chain(
    objects: Iterable[tuple[str, bytes]],
    *,
    start: ChainHead | None = None,
    head: ChainHead | None = None,
    prefix: str = "audit/",
) -> VerifyReport:
    """Walk objects in key order. Raise ChainBroken naming the first bad or missing object."""
    previous = start or ChainHead(seq=-1, sha256=GENESIS)
    count = events = 0
    hashes: dict[int, str] = {}
    for key, body in objects:
        expected_key = object_key(previous.seq + 1, prefix)
        if key != expected_key:
            raise ChainBroken(expected_key, f"missing (next object found is {key})")
        header_line, _, rest = body.partition(b"\n")
        try:
            header = json.loads(header_line)
        except json.JSONDecodeError:
            raise ChainBroken(key, "header is not JSON") from None
        if header.get("seq") != previous.seq + 1:
            raise ChainBroken(key, f"header seq {header.get('seq')} != {previous.seq + 1}")
        if header.get("prev_sha256") != previous.sha256:
            raise ChainBroken(
                key, "prev_sha256 does not match the previous object (it was altered)"
            )
        if header.get("body_sha256") != hashlib.sha256(rest).hexdigest():
            raise ChainBroken(key, "body does not match its body_sha256 (a line was altered)")
        lines = rest.splitlines()
        if header.get("events") != len(lines):
            raise ChainBroken(key, "event count does not match")
        for line in lines:
            AuditEvent.model_validate_json(line)
        previous = ChainHead(seq=previous.seq + 1, sha256=hashlib.sha256(body).hexdigest())
        hashes[previous.seq] = previous.sha256
        count += 1
        events += len(lines)
    if head is not None:
        if head.seq > previous.seq:
            raise ChainBroken(
                object_key(previous.seq + 1, prefix),
                f"missing: the chain head says the log runs to seq {head.seq}",
            )
        # The head may trail by an object written just before a crash; it must still match.
        if hashes.get(head.seq, GENESIS) != head.sha256:
            raise ChainBroken(object_key(head.seq, prefix), "does not match the chain head")
    return VerifyReport(objects=count, events=events, last=previous)
