"""The stages against in-memory ports: forward-only, resumable, never twice."""

import re
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from frontdesk.domain.classification import Alternative
from frontdesk.domain.intents import Intent
from frontdesk.domain.lifecycle import MessageStatus
from frontdesk.domain.stages import (
    accept_message,
    decided_reading,
    read_message,
    record_classification,
    respond_to_message,
    route_message,
    submission_message_id,
)
from frontdesk.errors import MissingMessage, NotFound
from frontdesk.models.api import SubmitMessage
from frontdesk.models.config import ApiKeyBinding
from infra.local.seed import DEMO_ORGANIZATION, DEMO_SITES
from tests.fakes import InMemoryConfig, InMemoryMessages, InMemoryTexts, RecordingQueue, prediction

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MAIN, LAKESIDE = DEMO_SITES
MAIN_KEY = ApiKeyBinding(api_key_id="k-main", site_id=MAIN.site_id, org_id=MAIN.org_id)
LAKE_KEY = ApiKeyBinding(api_key_id="k-lake", site_id=LAKESIDE.site_id, org_id=LAKESIDE.org_id)


class Pipeline:
    def __init__(self):
        self.messages = InMemoryMessages()
        self.texts = InMemoryTexts()
        self.config = InMemoryConfig(DEMO_SITES, [DEMO_ORGANIZATION], [MAIN_KEY, LAKE_KEY])
        self.to_classify, self.to_route, self.to_respond = (RecordingQueue() for _ in range(3))
        ids = count()
        self.new_id = lambda: f"01JD{next(ids):022d}"

    def accept(self, text, binding=MAIN_KEY, site_id=None):
        return accept_message(
            SubmitMessage(site_id=site_id or binding.site_id, channel="sms", text=text),
            binding,
            new_id=self.new_id,
            messages=self.messages,
            texts=self.texts,
            config=self.config,
            next_stage=self.to_classify,
            retention_days=30,
            clock=lambda: NOW,
        )

    def classify(self, item, p):
        return record_classification(
            item, p, auto_answer_floor=0.6, messages=self.messages, next_stage=self.to_route
        )

    def route(self, item):
        return route_message(
            item,
            messages=self.messages,
            config=self.config,
            next_stage=self.to_respond,
            default_threshold=0.6,
        )

    def respond(self, item):
        return respond_to_message(item, messages=self.messages, config=self.config)


@pytest.fixture
def pipeline():
    return Pipeline()


def test_accept_stores_text_apart_with_its_expiry_and_queues_only_ids(pipeline):
    record = pipeline.accept("are you open saturday?")
    stored = pipeline.texts.texts[record.message_id]
    assert stored.text == "are you open saturday?"
    assert stored.expires_at == int((NOW + timedelta(days=30)).timestamp())
    assert record.status is MessageStatus.RECEIVED and record.text_length == 22
    (queued,) = pipeline.to_classify.sent
    assert "saturday" not in queued.model_dump_json()
    assert queued.message_id == record.message_id


def test_a_key_cannot_post_for_another_site(pipeline):
    with pytest.raises(NotFound):
        pipeline.accept("hello", binding=MAIN_KEY, site_id=LAKESIDE.site_id)
    assert pipeline.messages.records == {} and pipeline.texts.texts == {}


def test_a_key_cannot_read_another_sites_message(pipeline):
    record = pipeline.accept("hello")
    assert read_message(record.message_id, MAIN_KEY, pipeline.messages) == record
    with pytest.raises(NotFound):
        read_message(record.message_id, LAKE_KEY, pipeline.messages)


def test_the_whole_path_of_a_tier1_message(pipeline):
    record = pipeline.accept("are you open saturday?")
    item = pipeline.to_classify.sent[0]
    pipeline.classify(item, prediction(Intent.OFFICE_HOURS, 0.97))
    pipeline.route(pipeline.to_route.sent[0])
    outcome = pipeline.respond(pipeline.to_respond.sent[0])
    final = pipeline.messages.get(record.message_id)
    assert outcome.status is MessageStatus.ANSWERED
    assert final.status is MessageStatus.ANSWERED and "Sat 09:00-13:00" in final.reply_text
    assert final.tier == 1 and final.action == "auto_answer"


def test_a_governing_second_intent_decides_the_reply_too(pipeline):
    # "what time do you open, and my chest hurts" read by the model alone: office hours on
    # top, an emergency second (rule 3). The reply must be the emergency one, 911 first.
    record = pipeline.accept("are you open saturday? my chest feels weird")
    pipeline.classify(
        pipeline.to_classify.sent[0],
        prediction(Intent.OFFICE_HOURS, 0.62, (Intent.MEDICAL_EMERGENCY, 0.3)),
    )
    pipeline.route(pipeline.to_route.sent[0])
    pipeline.respond(pipeline.to_respond.sent[0])
    final = pipeline.messages.get(record.message_id)
    assert (final.status, final.desk) == (MessageStatus.ESCALATED, "on_call")
    assert final.decided_intent is Intent.MEDICAL_EMERGENCY
    assert final.intent is Intent.OFFICE_HOURS  # the classification stays as it was read
    assert final.urgent_contact is not None and final.urgent_contact.kind == "emergency"
    assert final.reply_text.startswith("911")


def test_what_patients_and_staff_see_is_the_decided_intent_with_its_confidence(pipeline):
    record = pipeline.accept("what time do you open? also need to move my appt")
    clause = Alternative(intent=Intent.APPOINTMENT_CHANGE, confidence=0.93)
    pipeline.classify(
        pipeline.to_classify.sent[0],
        prediction(Intent.OFFICE_HOURS, 0.97).model_copy(update={"clause_requests": (clause,)}),
    )
    read = pipeline.messages.get(record.message_id)
    assert decided_reading(read) == (Intent.OFFICE_HOURS, 0.97)  # not routed yet
    pipeline.route(pipeline.to_route.sent[0])
    routed = pipeline.messages.get(record.message_id)
    assert (routed.desk, routed.decided_intent) == ("scheduling", Intent.APPOINTMENT_CHANGE)
    assert decided_reading(routed) == (Intent.APPOINTMENT_CHANGE, 0.93)


def test_duplicate_deliveries_never_reply_twice(pipeline):
    pipeline.accept("my chest hurts")
    item = pipeline.to_classify.sent[0]
    p = prediction(Intent.MEDICAL_EMERGENCY, 1.0, safety_rule="cardiac")
    pipeline.classify(item, p)
    again = pipeline.classify(item, p)  # duplicate delivery, before routing
    assert again.resumed and len(pipeline.to_route.sent) == 2  # forwarded again: route dedupes
    pipeline.route(item)
    pipeline.route(item)
    assert len(pipeline.to_respond.sent) == 2
    first = pipeline.respond(item)
    second = pipeline.respond(item)
    assert first.status is MessageStatus.ESCALATED and not first.resumed
    assert second.resumed
    assert pipeline.messages.get(item.message_id).reply_text.startswith("911")


def test_a_late_duplicate_is_not_forwarded_again(pipeline):
    pipeline.accept("hi")
    item = pipeline.to_classify.sent[0]
    pipeline.classify(item, prediction(Intent.SMALL_TALK, 0.99))
    pipeline.route(item)
    pipeline.respond(item)
    routed_before = len(pipeline.to_route.sent)
    outcome = pipeline.classify(item, prediction(Intent.SMALL_TALK, 0.99))
    assert outcome.resumed and len(pipeline.to_route.sent) == routed_before
    assert pipeline.messages.get(item.message_id).status is MessageStatus.ANSWERED


def test_routing_before_classification_fails_for_retry(pipeline):
    pipeline.accept("hello")
    with pytest.raises(MissingMessage):
        pipeline.route(pipeline.to_classify.sent[0])


def test_an_unknown_id_fails_for_retry_and_dead_letter(pipeline):
    pipeline.accept("hello")
    ghost = pipeline.to_classify.sent[0].model_copy(update={"message_id": "01JD" + "9" * 22})
    with pytest.raises(MissingMessage):
        pipeline.route(ghost)
    with pytest.raises(MissingMessage):
        pipeline.respond(ghost)


class FailingQueue(RecordingQueue):
    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    def send(self, message):
        if self.failures:
            self.failures -= 1
            raise ConnectionError("queue unavailable")
        super().send(message)


def test_a_keyed_retry_after_a_failure_half_way_resumes_the_same_message(pipeline):
    # GIVEN the first attempt stored text and record, then failed to enqueue
    pipeline.to_classify = FailingQueue(failures=1)
    message_id = submission_message_id(MAIN.site_id, "retry-key-0001")
    pipeline.new_id = lambda: message_id
    with pytest.raises(ConnectionError):
        pipeline.accept("are you open saturday?")
    # WHEN the client retries with the same key
    record = pipeline.accept("are you open saturday?")
    # THEN the same message is resumed and forwarded once; nothing is stored twice
    assert record.message_id == message_id
    assert list(pipeline.messages.records) == [message_id]
    assert [m.message_id for m in pipeline.to_classify.sent] == [message_id]


def test_a_keyed_retry_of_a_message_already_under_way_is_not_forwarded_again(pipeline):
    message_id = submission_message_id(MAIN.site_id, "retry-key-0002")
    pipeline.new_id = lambda: message_id
    pipeline.accept("hi")
    pipeline.classify(pipeline.to_classify.sent[0], prediction(Intent.SMALL_TALK, 0.99))
    again = pipeline.accept("hi")
    assert again.status is MessageStatus.CLASSIFIED
    assert len(pipeline.to_classify.sent) == 1


def test_submission_ids_are_ulid_shaped_and_scoped_to_the_site():
    a = submission_message_id("riverside-main", "k-00000001")
    assert a == submission_message_id("riverside-main", "k-00000001")
    assert a != submission_message_id("riverside-lakeside", "k-00000001")
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", a)
