"""Appending a batch of audit events to the hash chain, safely under crashes and retries.

One writer (the audit function runs with reserved concurrency 1) extends the chain:
read the head, build object head.seq + 1, store it write-once, then move the head
with a conditional write. If an earlier run stored an object and died before moving
the head, the write-once put finds the key taken: the object is adopted only if it
chains onto the head (its prev_sha256 is the head's hash); anything else is a
conflict that stops the writer, so the chain is never forked or overwritten.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from frontdesk.domain.audit_chain import AuditObject, ChainHead, build_object
from frontdesk.domain.audit_events import unique_events
from frontdesk.models.audit import AuditEvent
from frontdesk.ports import AuditChainHeads, AuditObjects

MAX_ADOPTIONS = 100  # orphaned objects (written, head not moved) adopted per run


class HeadMoved(Exception):
    """The chain head changed under the writer (a second writer, or a stale read)."""


class ChainConflict(Exception):
    """An object exists at the next key but does not chain onto the head."""

    def __init__(self, key: str) -> None:
        super().__init__(f"{key}: exists but does not chain onto the head")
        self.key = key


def append_events(
    events: Sequence[AuditEvent],
    *,
    heads: AuditChainHeads,
    objects: AuditObjects,
    prefix: str = "audit/",
) -> AuditObject | None:
    """Write `events` as the next object of the chain; None if there is nothing to write."""
    batch = unique_events(events)
    if not batch:
        return None
    head = heads.read()
    for _ in range(MAX_ADOPTIONS + 1):
        obj = build_object(batch, head, prefix)
        if objects.put_new(obj):
            heads.advance(head, ChainHead(obj.seq, obj.sha256))
            return obj
        head = _adopt(obj.key, obj.seq, head, heads, objects)
    raise ChainConflict(f"{prefix}: more than {MAX_ADOPTIONS} orphaned objects")


def _adopt(
    key: str, seq: int, head: ChainHead, heads: AuditChainHeads, objects: AuditObjects
) -> ChainHead:
    body = objects.get(key)
    if body is None:
        raise ChainConflict(key)
    header_line, _, _ = body.partition(b"\n")
    try:
        header = json.loads(header_line)
    except json.JSONDecodeError:
        raise ChainConflict(key) from None
    if header.get("seq") != seq or header.get("prev_sha256") != head.sha256:
        raise ChainConflict(key)
    adopted = ChainHead(seq, hashlib.sha256(body).hexdigest())
    heads.advance(head, adopted)
    return adopted
