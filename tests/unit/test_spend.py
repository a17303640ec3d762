"""The spend ledger's domain: exactly-once accrual, reports, CSV, the month against the tariff."""

import csv
import io
from collections.abc import Mapping
from datetime import date
from itertools import count
from typing import Any

import pytest
from pydantic import ValidationError
from pydantic_core import to_jsonable_python

from frontdesk.domain.intents import Intent
from frontdesk.domain.lifecycle import MessageStatus, predecessor_of
from frontdesk.domain.spend import (
    Accrual,
    SpendAccounting,
    micros_from_nanos,
    month_statement,
    report_csv,
    spend_report,
)
from frontdesk.errors import TransitionRejected
from frontdesk.models.finance import COUNTER_NAMES, GroupBy, SpendQuery, SpendRow, Tariff
from frontdesk.models.messages import MessageRecord
from tests.fakes import prediction
from tests.unit.test_stages import NOW, Pipeline

ORG = "riverside"
TARIFF = Tariff(org_id=ORG, price_per_classification_micros=200_000)


class InMemoryLedger:
    """The transaction of the Dynamo adapter: transition and counters, both or neither."""

    def __init__(self, messages) -> None:
        self.messages = messages
        self.rows: dict[tuple, dict[str, int]] = {}

    def finish(
        self,
        record: MessageRecord,
        to: MessageStatus,
        changes: Mapping[str, Any],
        accrual: Accrual,
    ) -> MessageRecord:
        current = self.messages.records[record.message_id]
        if current.status != predecessor_of(to):
            raise TransitionRejected(record.message_id, predecessor_of(to).value)
        data = current.model_dump(mode="json")
        data.update({k: to_jsonable_python(v) for k, v in changes.items()})
        data["status"] = to.value
        self.messages.records[record.message_id] = MessageRecord.model_validate(data)
        k = accrual.key
        row = self.rows.setdefault((k.org_id, k.day, k.site_id, k.intent, k.tier), {})
        for name, value in accrual.counters.items():
            row[name] = row.get(name, 0) + value
        return self.messages.records[record.message_id]

    def spend_rows(self) -> list[SpendRow]:
        return [
            SpendRow(org_id=o, day=d, site_id=s, intent=i, tier=t, **counters)
            for (o, d, s, i, t), counters in self.rows.items()
        ]


class Tariffs:
    def __init__(self, *tariffs: Tariff) -> None:
        self.by_org = {t.org_id: t for t in tariffs}

    def tariff(self, org_id: str) -> Tariff | None:
        return self.by_org.get(org_id)


class LedgeredPipeline(Pipeline):
    def __init__(self, tariff: Tariff | None = TARIFF, nanos: int = 27_400):
        super().__init__()
        self.ledger = InMemoryLedger(self.messages)
        self.spend = SpendAccounting(self.ledger, Tariffs(*([tariff] if tariff else [])), nanos)

    def respond(self, item):
        from frontdesk.domain.stages import respond_to_message

        return respond_to_message(
            item, messages=self.messages, config=self.config, spend=self.spend, clock=lambda: NOW
        )

    def through(self, text, p, *, model_ms=12):
        from frontdesk.domain.stages import record_classification

        self.accept(text)
        item = self.to_classify.sent[-1]
        record_classification(
            item,
            p,
            auto_answer_floor=0.6,
            messages=self.messages,
            next_stage=self.to_route,
            model_ms=model_ms,
        )
        self.route(item)
        return item


def test_a_message_accrues_once_in_its_row():
    pipeline = LedgeredPipeline()
    item = pipeline.through("open saturday?", prediction(Intent.OFFICE_HOURS, 0.97))
    first = pipeline.respond(item)
    assert first.status is MessageStatus.ANSWERED and not first.resumed
    (row,) = pipeline.ledger.spend_rows()
    assert (row.day, row.site_id, row.intent, row.tier) == (
        NOW.date(),
        "riverside-main",
        "office_hours",
        "1",
    )
    assert (row.messages, row.tier_1, row.auto_answered, row.model_ms) == (1, 1, 1, 12)
    assert row.charge_micros == 200_000 and row.aws_cost_micros in (27, 28)


def test_duplicate_deliveries_and_retried_batches_add_nothing():
    pipeline = LedgeredPipeline()
    items = [
        pipeline.through("chest pain", prediction(Intent.MEDICAL_EMERGENCY, 1.0, safety_rule="c")),
        pipeline.through("move my appt", prediction(Intent.APPOINTMENT_CHANGE, 0.9)),
        pipeline.through("hi", prediction(Intent.SMALL_TALK, 0.99)),
    ]
    for _ in range(3):  # the batch, then two redeliveries of all of it
        for item in items:
            pipeline.respond(item)
    totals = {name: 0 for name in COUNTER_NAMES}
    for row in pipeline.ledger.spend_rows():
        for name in COUNTER_NAMES:
            totals[name] += getattr(row, name)
    assert totals["messages"] == 3
    assert (totals["escalated"], totals["routed"], totals["auto_answered"]) == (1, 1, 1)
    assert (totals["tier_1"], totals["tier_2"], totals["tier_3"]) == (1, 1, 1)
    assert totals["charge_micros"] == 600_000


def test_no_tariff_accrues_counts_and_cost_but_no_charge():
    pipeline = LedgeredPipeline(tariff=None)
    pipeline.respond(pipeline.through("?!", prediction(Intent.UNKNOWN, 1.0)))
    (row,) = pipeline.ledger.spend_rows()
    assert row.messages == 1 and row.charge_micros == 0 and row.tier == "none"
    assert row.routed == 1 and row.tier_none == 1


def test_micro_dollar_rounding_is_deterministic_and_unbiased():
    ids = [f"01JD{i:022d}" for i in range(20_000)]
    assert micros_from_nanos(27_400, ids[0]) == micros_from_nanos(27_400, ids[0])
    assert micros_from_nanos(27_000, ids[0]) == 27
    total = sum(micros_from_nanos(27_400, i) for i in ids)
    assert abs(total - 20_000 * 27.4) < 20_000 * 27.4 * 0.002


def _rows():
    days = [date(2026, 11, d) for d in (1, 2, 2, 3)]
    sites = ["riverside-main", "riverside-main", "riverside-lakeside", "riverside-lakeside"]
    intents = ["office_hours", "lab_results", "office_hours", "medical_emergency"]
    tiers = ["1", "2", "1", "3"]
    n = count(1)
    return [
        SpendRow(
            org_id=ORG,
            day=d,
            site_id=s,
            intent=i,
            tier=t,
            messages=(m := next(n) * 10),
            **{f"tier_{t}": m},
            aws_cost_micros=m * 27 + 3,
            charge_micros=m * 200_000,
            model_ms=m * 11,
        )
        for d, s, i, t in zip(days, sites, intents, tiers, strict=True)
    ]


@pytest.mark.parametrize("group_by", list(GroupBy))
def test_csv_opens_with_the_csv_module_and_sums_to_the_json_totals(group_by):
    report = spend_report(
        ORG, _rows(), from_day=date(2026, 11, 1), to_day=date(2026, 11, 30), group_by=group_by
    )
    parsed = list(csv.DictReader(io.StringIO(report_csv(report))))
    assert len(parsed) == len(report.lines)
    for name in COUNTER_NAMES:
        assert sum(int(r[name]) for r in parsed) == getattr(report.totals, name)
    assert sum(float(r["charge_usd"]) for r in parsed) == pytest.approx(
        report.totals.charge_micros / 1e6
    )
    assert report.totals.messages == 100


def test_report_groups_and_keeps_to_its_org_and_days():
    rows = [*_rows(), _rows()[0].model_copy(update={"org_id": "other-org"})]
    report = spend_report(
        ORG, rows, from_day=date(2026, 11, 2), to_day=date(2026, 11, 2), group_by=GroupBy.SITE
    )
    assert [(line.key, line.messages) for line in report.lines] == [
        ("riverside-lakeside", 30),
        ("riverside-main", 20),
    ]
    by_tier = spend_report(
        ORG, rows, from_day=date(2026, 11, 1), to_day=date(2026, 11, 30), group_by=GroupBy.TIER
    )
    assert {line.key: line.messages for line in by_tier.lines} == {"1": 40, "2": 20, "3": 40}


def test_month_statement_applies_allowance_cap_and_budget():
    tariff = Tariff(
        org_id=ORG,
        price_per_classification_micros=200_000,
        free_monthly_allowance=10,
        monthly_cap_micros=15_000_000,
        monthly_budget_micros=20_000_000,
        budget_alert_percent=70,
    )
    statement = month_statement(ORG, _rows(), tariff, as_of=date(2026, 11, 25))
    assert statement.messages == 100 and statement.billable_messages == 90
    assert statement.list_charge_micros == 20_000_000
    assert statement.allowance_credit_micros == 2_000_000
    assert statement.cap_credit_micros == 3_000_000 and statement.charge_micros == 15_000_000
    assert statement.budget_used_percent == 75.0 and statement.over_alert_threshold
    under = month_statement(ORG, _rows()[:1], tariff, as_of=date(2026, 11, 25))
    assert under.charge_micros == 0 and not under.over_alert_threshold  # within the allowance
    other_month = month_statement(ORG, _rows(), tariff, as_of=date(2026, 12, 1))
    assert other_month.messages == 0 and other_month.charge_micros == 0


def test_spend_query_bounds():
    assert SpendQuery.model_validate({"from": "2026-11-01", "to": "2026-11-30"}).group_by == "day"
    with pytest.raises(ValidationError):
        SpendQuery.model_validate({"from": "2026-11-30", "to": "2026-11-01"})
    with pytest.raises(ValidationError):
        SpendQuery.model_validate({"from": "2025-01-01", "to": "2026-11-01"})
    with pytest.raises(ValidationError):
        SpendQuery.model_validate({"group_by": "text"})
