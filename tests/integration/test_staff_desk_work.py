"""Desk work against moto: the DeskQueue index and the staff transitions as template.yaml
shapes the messages table (issue 6)."""

from datetime import UTC, datetime, timedelta

import pytest

from frontdesk.adapters.dynamodb import DynamoMessageRepository, DynamoTextVault
from frontdesk.adapters.staff_dynamodb import DynamoStaffMessages, DynamoTextReader
from frontdesk.domain.access import Principal, Role
from frontdesk.domain.desk_queue import queue_placement
from frontdesk.domain.intents import Intent, Tier
from frontdesk.domain.lifecycle import MessageStatus
from frontdesk.domain.staff import (
    Gone,
    InvalidCursor,
    claim_message,
    deliver_staff_reply,
    list_queue,
    reply_to_patient,
    resolve_message,
    view_text,
    visible_record,
)
from frontdesk.errors import Conflict, Forbidden, NotFound
from frontdesk.models.audit import AuditAction
from frontdesk.models.messages import Channel, MessageRecord, StoredText
from frontdesk.models.staff import Outcome, QueueQuery, QueueStatus, ViewReason
from infra.local.seed import DEMO_ORGANIZATION, DEMO_SITES
from tests.fakes import InMemoryConfig, RecordingQueue
from tests.integration.conftest import template_resources

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ULIDS = iter(f"01JF{n:022d}" for n in range(1, 10_000))


class Audit:
    def __init__(self, fail: bool = False) -> None:
        self.events, self.fail = [], fail

    def send(self, events):
        if self.fail:
            raise RuntimeError("audit queue unavailable")
        self.events += list(events)


@pytest.fixture
def tables(dynamodb):
    for logical_id in ("MessagesTable", "MessageTextTable"):
        props = template_resources()[logical_id]["Properties"]
        extra = {}
        if "GlobalSecondaryIndexes" in props:
            extra["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
        dynamodb.create_table(TableName=logical_id, KeySchema=props["KeySchema"],
                              AttributeDefinitions=props["AttributeDefinitions"],
                              BillingMode=props["BillingMode"], **extra)
    return dynamodb


@pytest.fixture
def store(tables):
    return DynamoStaffMessages(tables, "MessagesTable")


@pytest.fixture
def put(tables):
    repo = DynamoMessageRepository(tables, "MessagesTable")
    vault = DynamoTextVault(tables, "MessageTextTable")

    def put(desk, tier, *, minutes=0, site="riverside-main", org="riverside",
            status=MessageStatus.ROUTED, text="my results please", expires=None):
        received = T0 + timedelta(minutes=minutes)
        record = MessageRecord(
            message_id=next(ULIDS), org_id=org, site_id=site, channel=Channel.WEB,
            status=status, received_at=received, updated_at=received, text_length=len(text),
            intent=Intent.LAB_RESULTS, confidence=0.93, tier=tier, desk=desk,
        )
        record = record.model_copy(update=queue_placement(record, status))
        repo.create(record)
        vault.put(StoredText(message_id=record.message_id, text=text,
                             expires_at=expires or int((T0 + timedelta(days=30)).timestamp())))
        return record.message_id

    return put


def staff(*roles, org="riverside", sub="11111111-2222-3333-4444-555555555555"):
    return Principal(sub=sub, org_id=org, roles=frozenset(Role(r) for r in roles))


CONFIG = InMemoryConfig(sites=DEMO_SITES, orgs=[DEMO_ORGANIZATION])


def test_tier3_first_then_oldest_first(store, put):
    later_t2 = put("front_desk", Tier.PHI_ADJACENT, minutes=5)
    t1 = put("front_desk", Tier.NO_PHI, minutes=0)
    unknown = put("front_desk", None, minutes=1)
    t3 = put("front_desk", Tier.SENSITIVE, minutes=9)
    early_t2 = put("front_desk", Tier.PHI_ADJACENT, minutes=2)
    page = list_queue(staff("front_desk"), QueueQuery(site="riverside-main", desk="front_desk"),
                      config=CONFIG, messages=store)
    assert [i.message_id for i in page.items] == [t3, unknown, early_t2, later_t2, t1]


def test_pages_follow_the_cursor_and_a_foreign_cursor_is_refused(store, put):
    ids = [put("results", Tier.PHI_ADJACENT, minutes=m) for m in range(5)]
    seen, cursor = [], None
    while True:
        page = list_queue(staff("results"), QueueQuery(site="riverside-main", desk="results",
                                                      limit=2, cursor=cursor),
                          config=CONFIG, messages=store)
        seen += [i.message_id for i in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == ids
    first = list_queue(staff("results"), QueueQuery(site="riverside-main", desk="results",
                                                   limit=1), config=CONFIG, messages=store)
    with pytest.raises(InvalidCursor):  # a cursor of the results queue, used on billing
        list_queue(staff("billing"), QueueQuery(site="riverside-main", desk="billing",
                                               cursor=first.next_cursor),
                   config=CONFIG, messages=store)


def test_queue_of_one_site_only_and_status_filters(store, put):
    main = put("results", Tier.PHI_ADJACENT)
    put("results", Tier.PHI_ADJACENT, site="riverside-lakeside")
    store.claim(main, "someone", T0)
    query = QueueQuery(site="riverside-main", desk="results", status=QueueStatus.UNCLAIMED)
    assert list_queue(staff("results"), query, config=CONFIG, messages=store).items == ()
    query = QueueQuery(site="riverside-main", desk="results", status=QueueStatus.CLAIMED)
    assert [i.message_id for i in list_queue(staff("results"), query, config=CONFIG,
                                             messages=store).items] == [main]


def test_other_desks_other_orgs_and_foreign_sites_are_invisible(store, put):
    lab = put("results", Tier.PHI_ADJACENT)
    other_org = put("results", Tier.PHI_ADJACENT, org="harbor", site="harbor-main")
    with pytest.raises(NotFound):
        visible_record(staff("billing"), lab, store)
    with pytest.raises(NotFound):
        visible_record(staff("results"), other_org, store)
    with pytest.raises(NotFound):
        visible_record(staff("results", org="harbor"), lab, store)
    with pytest.raises(Forbidden):
        list_queue(staff("billing"), QueueQuery(site="riverside-main", desk="results"),
                   config=CONFIG, messages=store)
    with pytest.raises(NotFound):  # a site of another organisation: as if it did not exist
        list_queue(staff("results", org="harbor"),
                   QueueQuery(site="riverside-main", desk="results"),
                   config=CONFIG, messages=store)
    with pytest.raises(Forbidden):
        list_queue(staff("admin"), QueueQuery(site="riverside-main", desk="results"),
                   config=CONFIG, messages=store)


def test_viewing_text_is_audited_with_its_reason_and_fails_closed(store, put, tables):
    message_id = put("results", Tier.PHI_ADJACENT, text="are my potassium results back")
    texts = DynamoTextReader(tables, "MessageTextTable")
    audit = Audit()
    shown = view_text(staff("results"), message_id, ViewReason.RESPOND_TO_PATIENT,
                      messages=store, texts=texts, audit=audit, clock=lambda: T0)
    assert shown.text == "are my potassium results back"
    (event,) = audit.events
    assert (event.action, event.reason, event.actor.kind) == (
        AuditAction.TEXT_VIEWED, "respond_to_patient", "staff")
    assert "potassium" not in event.model_dump_json()
    with pytest.raises(RuntimeError):  # no audit, no text
        view_text(staff("results"), message_id, ViewReason.RESPOND_TO_PATIENT,
                  messages=store, texts=texts, audit=Audit(fail=True), clock=lambda: T0)


def test_expired_text_is_gone_even_before_ttl_deletes_it(store, put, tables):
    message_id = put("results", Tier.PHI_ADJACENT, expires=int(T0.timestamp()) - 1)
    audit = Audit()
    with pytest.raises(Gone):
        view_text(staff("results"), message_id, ViewReason.CLINICAL_REVIEW, messages=store,
                  texts=DynamoTextReader(tables, "MessageTextTable"), audit=audit,
                  clock=lambda: T0)
    assert audit.events[0].labels["result"] == "expired"


def test_claim_resolve_move_forward_only(store, put):
    message_id = put("results", Tier.PHI_ADJACENT)
    alice, bob = staff("results", sub="alice-0001"), staff("results", sub="bob-0002")
    audit = Audit()
    claimed = claim_message(alice, message_id, messages=store, audit=audit)
    assert (claimed.status, claimed.claimed_by) == (MessageStatus.CLAIMED, "alice-0001")
    assert claim_message(alice, message_id, messages=store, audit=audit).claimed_by == "alice-0001"
    with pytest.raises(Conflict):
        claim_message(bob, message_id, messages=store, audit=audit)
    with pytest.raises(Conflict):
        resolve_message(bob, message_id, Outcome.NO_ACTION_NEEDED, messages=store, audit=audit)
    resolved = resolve_message(alice, message_id, Outcome.CALLED_PATIENT, messages=store,
                               audit=audit)
    assert (resolved.status, resolved.outcome) == (MessageStatus.RESOLVED, "called_patient")
    with pytest.raises(Conflict):
        claim_message(alice, message_id, messages=store, audit=audit)
    assert [e.action for e in audit.events] == [AuditAction.CLAIMED, AuditAction.RESOLVED]
    assert store.get(message_id).queue_key == "riverside-main#results"  # still listed


def test_reply_is_stored_once_and_delivered_once(store, put):
    message_id = put("results", Tier.PHI_ADJACENT)
    queue, audit = RecordingQueue(), Audit()
    accepted = reply_to_patient(staff("results"), message_id, "Your results are normal.",
                                messages=store, respond_queue=queue, audit=audit)
    assert accepted.status is MessageStatus.CLAIMED
    assert [m.message_id for m in queue.sent] == [message_id]
    assert "normal" not in audit.events[0].model_dump_json()
    with pytest.raises(Conflict):
        reply_to_patient(staff("results"), message_id, "again", messages=store,
                         respond_queue=queue, audit=audit)
    record, now = deliver_staff_reply(store.get(message_id), messages=store)
    assert now and record.staff_reply_delivered_at is not None
    again = deliver_staff_reply(store.get(message_id), messages=store)
    assert again[1] is False  # a redelivery sends nothing


def test_pipeline_messages_are_left_to_the_respond_stage(store, put):
    message_id = put("results", Tier.PHI_ADJACENT)
    assert deliver_staff_reply(store.get(message_id), messages=store) is None


def test_a_refused_text_view_is_audited_as_denied(store, put, tables):
    message_id = put("results", Tier.PHI_ADJACENT, text="my results please")
    audit = Audit()
    with pytest.raises(NotFound):
        view_text(staff("billing"), message_id, ViewReason.QUALITY_REVIEW, messages=store,
                  texts=DynamoTextReader(tables, "MessageTextTable"), audit=audit)
    (event,) = audit.events
    assert (event.action, event.outcome.value, event.resource.id) == (
        AuditAction.TEXT_VIEWED, "denied", message_id)
    assert event.resource.site_id is None and "results" not in event.model_dump_json()
