"""What the domain needs from the outside world. Adapters implement these."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from frontdesk.domain.lifecycle import MessageStatus
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
