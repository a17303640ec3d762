"""What the domain needs from the outside world. Adapters implement these."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from frontdesk.domain.audit_chain import AuditObject, ChainHead
from frontdesk.domain.lifecycle import MessageStatus
from frontdesk.models.audit import AuditEvent
from frontdesk.models.config import ApiKeyBinding, Organization, Site
from frontdesk.models.messages import MessageRecord, StageMessage, StoredText


class MessageRepository(Protocol):
    def create(self, record: MessageRecord) -> None: ...

    def get(self, message_id: str) -> MessageRecord | None: ...

    def advance(
        self, message_id: str, to: MessageStatus, changes: Mapping[str, Any]
    ) -> MessageRecord:
        """Conditional write: only from the status that precedes `to`.
        Raises TransitionRejected otherwise."""
        ...


class TextVault(Protocol):
    """The only store of message text (PHI)."""

    def put(self, text: StoredText) -> None: ...

    def get_many(self, message_ids: Sequence[str]) -> dict[str, str]: ...


class ConfigRepository(Protocol):
    def site(self, site_id: str) -> Site | None: ...

    def organization(self, org_id: str) -> Organization | None: ...

    def api_key_binding(self, api_key_id: str) -> ApiKeyBinding | None: ...


class StageQueue(Protocol):
    def send(self, message: StageMessage) -> None: ...


class AuditSink(Protocol):
    """Where functions hand their audit events (the audit queue)."""

    def send(self, events: Sequence[AuditEvent]) -> None: ...


class AuditChainHeads(Protocol):
    """The newest object of the audit chain, kept outside the log (seq -1: empty chain)."""

    def read(self) -> ChainHead: ...

    def advance(self, old: ChainHead, new: ChainHead) -> None:
        """Conditional write from `old` to `new`; raises HeadMoved if `old` is stale."""
        ...


class AuditObjects(Protocol):
    """Write-once storage of the audit log's objects."""

    def put_new(self, obj: AuditObject) -> bool:
        """Store under obj.key only if no object has that key; False if one has."""
        ...

    def get(self, key: str) -> bytes | None: ...
