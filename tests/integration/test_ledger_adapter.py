"""The spend ledger against moto: one transaction per terminal transition, exactly once."""

from datetime import UTC, date, datetime

import pytest

from frontdesk.adapters.dynamodb import DynamoMessageRepository
from frontdesk.adapters.ledger import DynamoSpendLedger, DynamoSpendReader, DynamoTariffBook
from frontdesk.domain.intents import Action, Intent, Tier
from frontdesk.domain.lifecycle import MessageStatus
from frontdesk.domain.spend import SpendAccounting, spend_report
from frontdesk.domain.stages import respond_to_message
from frontdesk.models.finance import GroupBy, Tariff
from frontdesk.models.messages import MessageRecord, StageMessage
from infra.local.seed import DEMO_ORGANIZATION, DEMO_SITES
from tests.fakes import InMemoryConfig
from tests.integration.conftest import template_resources

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ORG = "riverside"


def _create(dynamodb, logical_id: str) -> str:
    """The table as template.yaml declares it (keys and indexes)."""
    props = template_resources()[logical_id]["Properties"]
    extra = {}
    if props.get("GlobalSecondaryIndexes"):
        extra["GlobalSecondaryIndexes"] = [
            {k: v for k, v in gsi.items() if k in ("IndexName", "KeySchema", "Projection")}
            for gsi in props["GlobalSecondaryIndexes"]
        ]
    dynamodb.create_table(
        TableName=logical_id,
        KeySchema=props["KeySchema"],
        AttributeDefinitions=props["AttributeDefinitions"],
        BillingMode=props["BillingMode"],
        **extra,
    )
    return logical_id


@pytest.fixture
def tables(dynamodb):
    return tuple(_create(dynamodb, t) for t in ("MessagesTable", "LedgerTable", "ConfigTable"))


@pytest.fixture
def messages(dynamodb, tables):
    return DynamoMessageRepository(dynamodb, tables[0])


@pytest.fixture
def spend(dynamodb, tables):
    tariffs = DynamoTariffBook(dynamodb, tables[2])
    tariffs.put_tariff(Tariff(org_id=ORG, price_per_classification_micros=200_000))
    return SpendAccounting(DynamoSpendLedger(dynamodb, tables[0], tables[1]), tariffs, 27_400)


def _decided(messages, n, intent=Intent.OFFICE_HOURS, tier=Tier.NO_PHI, action=Action.AUTO_ANSWER):
    record = MessageRecord(
        message_id=f"01JD{n:022d}",
        org_id=ORG,
        site_id="riverside-main",
        channel="web",
        status=MessageStatus.DECIDED,
        received_at=NOW,
        updated_at=NOW,
        text_length=20,
        intent=intent,
        confidence=0.95,
        tier=tier,
        action=action,
        desk=None if action is Action.AUTO_ANSWER else "scheduling",
        model_ms=9,
    )
    messages.create(record)
    return StageMessage(message_id=record.message_id, site_id=record.site_id, org_id=ORG)


def _respond(item, messages, spend):
    config = InMemoryConfig(DEMO_SITES, [DEMO_ORGANIZATION])
    return respond_to_message(
        item, messages=messages, config=config, spend=spend, clock=lambda: NOW
    )


def test_terminal_transition_and_counters_commit_together_once(messages, spend, dynamodb, tables):
    items = [_decided(messages, n) for n in range(5)]
    items.append(_decided(messages, 9, Intent.APPOINTMENT_CHANGE, Tier.PHI_ADJACENT, Action.ROUTE))
    outcomes = [_respond(i, messages, spend) for i in items]
    assert not any(o.resumed for o in outcomes)
    assert messages.get(items[0].message_id).status is MessageStatus.ANSWERED
    assert outcomes[0].record == messages.get(items[0].message_id)  # merged locally == stored
    # GIVEN every message delivered again, twice (duplicates and a retried batch)
    again = [_respond(i, messages, spend) for i in items * 2]
    assert all(o.resumed for o in again)
    rows = list(DynamoSpendReader(dynamodb, tables[1]).rows(ORG, NOW.date(), NOW.date()))
    report = spend_report(
        ORG, rows, from_day=NOW.date(), to_day=NOW.date(), group_by=GroupBy.INTENT
    )
    assert report.totals.messages == 6
    assert {line.key: line.messages for line in report.lines} == {
        "office_hours": 5,
        "appointment_change": 1,
    }
    assert (report.totals.auto_answered, report.totals.routed) == (5, 1)
    assert (report.totals.tier_1, report.totals.tier_2, report.totals.model_ms) == (5, 1, 54)
    assert report.totals.charge_micros == 6 * 200_000
    assert 6 * 27 <= report.totals.aws_cost_micros <= 6 * 28


def test_a_rejected_transition_adds_nothing(messages, spend, dynamodb, tables):
    item = _decided(messages, 1)
    record = messages.get(item.message_id)
    messages.advance(item.message_id, MessageStatus.ANSWERED, {"updated_at": NOW})  # raced
    outcome = _respond(item, messages, spend)
    assert outcome.resumed
    reader = DynamoSpendReader(dynamodb, tables[1])
    assert list(reader.rows(ORG, date(2026, 1, 1), NOW.date())) == []
    assert record.status is MessageStatus.DECIDED


def test_rows_are_read_by_day_range_and_organisation(messages, spend, dynamodb, tables):
    _respond(_decided(messages, 1), messages, spend)
    reader = DynamoSpendReader(dynamodb, tables[1])
    assert len(list(reader.rows(ORG, NOW.date(), NOW.date()))) == 1
    assert list(reader.rows(ORG, date(2026, 11, 26), date(2026, 11, 30))) == []
    assert list(reader.rows("other-org", NOW.date(), NOW.date())) == []


def test_tariffs_round_trip_and_list(dynamodb, tables):
    book = DynamoTariffBook(dynamodb, tables[2], cache_seconds=0)
    assert book.tariff(ORG) is None
    tariff = Tariff(org_id=ORG, price_per_classification_micros=150_000, monthly_budget_micros=9)
    book.put_tariff(tariff)
    assert book.tariff(ORG) == tariff and book.all_tariffs() == [tariff]
