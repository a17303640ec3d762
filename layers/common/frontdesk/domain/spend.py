"""The spend ledger: what one classification adds, and what finance reads back. No AWS here.

A message is accrued once, when it reaches its terminal status (answered, routed or
escalated): the respond stage writes that transition and the ledger's counters in one
transaction, so a duplicate delivery or a retried batch, whose transition is rejected,
adds nothing.

Two amounts per message, kept apart:
- AWS cost: the measured pipeline cost of one message (`make cost`, from counted AWS
  calls at a dated price table), in nano-dollars, accrued in whole micro-dollars with
  rounding keyed by the message id (unbiased, and the same on every retry);
- charge: the organisation's tariff price per classification. The free allowance and the
  cap are monthly, so they are applied to the month's totals (`month_statement`).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from frontdesk.domain.intents import Tier
from frontdesk.domain.lifecycle import MessageStatus
from frontdesk.models.finance import (
    COUNTER_NAMES,
    GroupBy,
    MonthStatement,
    SpendCounters,
    SpendLine,
    SpendReport,
    SpendRow,
    Tariff,
)
from frontdesk.models.messages import MessageRecord

NANOS_PER_MICRO = 1000
_OUTCOME_COUNTER = {
    MessageStatus.ANSWERED: "auto_answered",
    MessageStatus.ROUTED: "routed",
    MessageStatus.ESCALATED: "escalated",
}


@dataclass(frozen=True)
class SpendKey:
    org_id: str
    day: date
    site_id: str
    intent: str
    tier: str  # "1", "2", "3" or "none"

    @property
    def sort_key(self) -> str:
        return (
            f"DAY#{self.day.isoformat()}#SITE#{self.site_id}#INTENT#{self.intent}#TIER#{self.tier}"
        )


@dataclass(frozen=True)
class Accrual:
    """What one message adds to one ledger row (all counters are ADDed atomically)."""

    message_id: str
    key: SpendKey
    counters: dict[str, int]


class SpendLedger(Protocol):
    def finish(
        self,
        record: MessageRecord,
        to: MessageStatus,
        changes: Mapping[str, Any],
        accrual: Accrual,
    ) -> MessageRecord:
        """The terminal transition of `record` and its spend, in one atomic write.
        Raises TransitionRejected (and adds nothing) when the message is already past."""
        ...


class TariffBook(Protocol):
    def tariff(self, org_id: str) -> Tariff | None: ...


@dataclass(frozen=True)
class SpendAccounting:
    """What the respond stage needs to accrue a message's spend."""

    ledger: SpendLedger
    tariffs: TariffBook
    aws_cost_nanos_per_message: int = 0


def tier_label(tier: Tier | None) -> str:
    return "none" if tier is None else str(int(tier))


def accrual_for(
    record: MessageRecord,
    terminal: MessageStatus,
    *,
    tariff: Tariff | None,
    aws_cost_nanos_per_message: int,
    at: datetime,
) -> Accrual:
    """The counters one classified message adds. `record` is the record at DECIDED."""
    if terminal not in _OUTCOME_COUNTER:
        raise ValueError(f"{terminal} is not a terminal status")
    tier = tier_label(record.tier)
    counters = {
        "messages": 1,
        f"tier_{tier}": 1,
        _OUTCOME_COUNTER[terminal]: 1,
        "model_ms": max(0, record.model_ms or 0),
        "aws_cost_micros": micros_from_nanos(aws_cost_nanos_per_message, record.message_id),
        "charge_micros": tariff.price_per_classification_micros if tariff else 0,
    }
    key = SpendKey(
        org_id=record.org_id,
        day=at.astimezone(UTC).date(),
        site_id=record.site_id,
        intent=str(record.intent or "unknown"),
        tier=tier,
    )
    return Accrual(record.message_id, key, {k: v for k, v in counters.items() if v})


def micros_from_nanos(nanos: int, message_id: str) -> int:
    """Whole micro-dollars for one message: the remainder rounds up for that fraction of
    message ids (by a hash of the id), so sums stay unbiased and a retry gives the same."""
    whole, remainder = divmod(max(0, nanos), NANOS_PER_MICRO)
    if remainder == 0:
        return whole
    digest = hashlib.blake2b(message_id.encode(), digest_size=4).digest()
    return whole + (int.from_bytes(digest, "big") % NANOS_PER_MICRO < remainder)


# ------------------------------------------------------------------ reports
def _group_value(row: SpendRow, group_by: GroupBy) -> str:
    if group_by is GroupBy.DAY:
        return row.day.isoformat()
    if group_by is GroupBy.SITE:
        return row.site_id
    if group_by is GroupBy.INTENT:
        return row.intent
    return row.tier


def sum_counters(rows: Iterable[SpendCounters]) -> SpendCounters:
    totals = dict.fromkeys(COUNTER_NAMES, 0)
    for row in rows:
        for name in COUNTER_NAMES:
            totals[name] += getattr(row, name)
    return SpendCounters(**totals)


def spend_report(
    org_id: str, rows: Iterable[SpendRow], *, from_day: date, to_day: date, group_by: GroupBy
) -> SpendReport:
    groups: dict[str, list[SpendRow]] = {}
    for row in rows:
        if row.org_id != org_id or not from_day <= row.day <= to_day:
            continue  # the adapter's query is the boundary; this is the domain's own guarantee
        groups.setdefault(_group_value(row, group_by), []).append(row)
    lines = tuple(
        SpendLine(key=key, **sum_counters(members).model_dump())
        for key, members in sorted(groups.items())
    )
    return SpendReport(
        org_id=org_id,
        from_day=from_day,
        to_day=to_day,
        group_by=group_by,
        lines=lines,
        totals=sum_counters(lines),
    )


CSV_MONEY = ("aws_cost_micros", "charge_micros")


def report_csv(report: SpendReport) -> str:
    """One line per group, no totals line (so the columns sum to the JSON totals)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    money_usd = [name.replace("_micros", "_usd") for name in CSV_MONEY]
    writer.writerow([report.group_by.value, *COUNTER_NAMES, *money_usd])
    for line in report.lines:
        writer.writerow(
            [
                line.key,
                *(getattr(line, name) for name in COUNTER_NAMES),
                *(usd(getattr(line, name)) for name in CSV_MONEY),
            ]
        )
    return buffer.getvalue()


def usd(micros: int) -> str:
    sign = "-" if micros < 0 else ""
    whole, fraction = divmod(abs(micros), 1_000_000)
    return f"{sign}{whole}.{fraction:06d}"


def month_statement(
    org_id: str, month_rows: Iterable[SpendRow], tariff: Tariff | None, *, as_of: date
) -> MonthStatement:
    """Month to date, with the tariff's monthly allowance and cap applied to the totals."""
    month = as_of.strftime("%Y-%m")
    totals = sum_counters(
        r for r in month_rows if r.org_id == org_id and r.day.strftime("%Y-%m") == month
    )
    free = tariff.free_monthly_allowance if tariff else 0
    cap = tariff.monthly_cap_micros if tariff else None
    list_charge = totals.charge_micros
    free_used = min(free, totals.messages)
    # The allowance is worth the free messages at the month's average accrued price.
    allowance_credit = list_charge * free_used // totals.messages if totals.messages else 0
    after_allowance = list_charge - allowance_credit
    cap_credit = max(0, after_allowance - cap) if cap is not None else 0
    charge = after_allowance - cap_credit
    budget = tariff.monthly_budget_micros if tariff else None
    alert = tariff.budget_alert_percent if tariff and budget is not None else None
    used = round(100 * charge / budget, 2) if budget else None
    return MonthStatement(
        org_id=org_id,
        month=month,
        as_of=as_of,
        messages=totals.messages,
        free_allowance=free,
        billable_messages=totals.messages - free_used,
        list_charge_micros=list_charge,
        allowance_credit_micros=allowance_credit,
        cap_credit_micros=cap_credit,
        charge_micros=charge,
        aws_cost_micros=totals.aws_cost_micros,
        monthly_cap_micros=cap,
        budget_micros=budget,
        budget_used_percent=used,
        budget_alert_percent=alert,
        over_alert_threshold=used is not None and alert is not None and used >= alert,
    )


def month_bounds(as_of: date) -> tuple[date, date]:
    return as_of.replace(day=1), as_of
