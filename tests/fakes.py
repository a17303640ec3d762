"""In-memory stand-ins for the ports, for domain tests without AWS."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic_core import to_jsonable_python

from frontdesk.domain.classification import Alternative, Prediction
from frontdesk.domain.intents import Intent
from frontdesk.domain.lifecycle import MessageStatus, predecessor_of
from frontdesk.errors import AlreadyStored, TransitionRejected
from frontdesk.models.config import ApiKeyBinding, Organization, Site
from frontdesk.models.messages import MessageRecord, StageMessage, StoredText


class InMemoryMessages:
    def __init__(self) -> None:
        self.records: dict[str, MessageRecord] = {}
        self.advance_calls = 0

    def create(self, record: MessageRecord) -> None:
        if record.message_id in self.records:
            raise AlreadyStored(record.message_id)
        self.records[record.message_id] = record

    def get(self, message_id: str) -> MessageRecord | None:
        return self.records.get(message_id)

    def advance(
        self, message_id: str, to: MessageStatus, changes: Mapping[str, Any]
    ) -> MessageRecord:
        self.advance_calls += 1
        current = self.records.get(message_id)
        if current is None or current.status != predecessor_of(to):
            raise TransitionRejected(message_id, predecessor_of(to).value)
        data = current.model_dump(mode="json")
        data.update({k: to_jsonable_python(v) for k, v in changes.items()})
        data["status"] = to.value
        self.records[message_id] = MessageRecord.model_validate(data)
        return self.records[message_id]


class InMemoryTexts:
    def __init__(self) -> None:
        self.texts: dict[str, StoredText] = {}

    def put(self, text: StoredText) -> None:
        if text.message_id in self.texts:
            raise AlreadyStored(text.message_id)
        self.texts[text.message_id] = text

    def get_many(self, message_ids: Sequence[str]) -> dict[str, str]:
        return {m: self.texts[m].text for m in message_ids if m in self.texts}


class InMemoryConfig:
    def __init__(
        self,
        sites: Sequence[Site] = (),
        orgs: Sequence[Organization] = (),
        bindings: Sequence[ApiKeyBinding] = (),
    ) -> None:
        self.sites = {s.site_id: s for s in sites}
        self.orgs = {o.org_id: o for o in orgs}
        self.bindings = {b.api_key_id: b for b in bindings}

    def site(self, site_id: str) -> Site | None:
        return self.sites.get(site_id)

    def organization(self, org_id: str) -> Organization | None:
        return self.orgs.get(org_id)

    def api_key_binding(self, api_key_id: str) -> ApiKeyBinding | None:
        return self.bindings.get(api_key_id)


class RecordingQueue:
    def __init__(self) -> None:
        self.sent: list[StageMessage] = []

    def send(self, message: StageMessage) -> None:
        self.sent.append(message)


def prediction(
    intent: Intent,
    confidence: float,
    *others: tuple[Intent, float],
    safety_rule: str | None = None,
) -> Prediction:
    alternatives = (
        Alternative(intent=intent, confidence=confidence),
        *tuple(Alternative(intent=i, confidence=c) for i, c in others),
    )
    return Prediction(
        intent=intent,
        confidence=confidence,
        alternatives=alternatives,
        safety_rule=safety_rule,
        model_version="test",
    )
