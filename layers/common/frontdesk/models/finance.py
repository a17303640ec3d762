"""Finance: tariffs, spend-ledger rows and reports. Counts and money only, never text.

Money is in integer micro-dollars (1 USD = 1_000_000), days are UTC ISO dates.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from frontdesk.models.config import Slug

Micros = Annotated[int, Field(ge=0)]
MAX_REPORT_DAYS = 366


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tariff(_Strict):
    """What an organisation pays per classification (one message that reached a terminal status).

    The allowance and the cap are monthly (UTC calendar month): the first
    `free_monthly_allowance` classifications of a month cost nothing, and a month's charge
    never exceeds `monthly_cap_micros`. The budget is the finance team's own limit; crossing
    `budget_alert_percent` of it raises the budget alarm.
    """

    org_id: Slug
    price_per_classification_micros: Micros
    free_monthly_allowance: int = Field(default=0, ge=0)
    monthly_cap_micros: Micros | None = None
    monthly_budget_micros: Micros | None = None
    budget_alert_percent: int = Field(default=80, ge=1, le=1000)
    version: int = 1


class GroupBy(StrEnum):
    SITE = "site"
    DAY = "day"
    INTENT = "intent"
    TIER = "tier"


class SpendCounters(_Strict):
    """The ledger's atomic counters: one row per org / day / site / intent / tier."""

    messages: int = 0
    tier_1: int = 0
    tier_2: int = 0
    tier_3: int = 0
    tier_none: int = 0  # unreadable or unknown: no tier, front desk
    auto_answered: int = 0
    routed: int = 0
    escalated: int = 0
    model_ms: int = 0
    aws_cost_micros: int = 0
    charge_micros: int = 0


COUNTER_NAMES: tuple[str, ...] = tuple(SpendCounters.model_fields)


class SpendRow(SpendCounters):
    org_id: Slug
    day: date
    site_id: Slug
    intent: str
    tier: str  # "1", "2", "3" or "none"


class SpendQuery(_Strict):
    """GET /v1/finance/spend query string."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_day: date | None = Field(default=None, alias="from")
    to_day: date | None = Field(default=None, alias="to")
    group_by: GroupBy = GroupBy.DAY

    @model_validator(mode="after")
    def _ordered_and_bounded(self) -> SpendQuery:
        if self.from_day and self.to_day:
            if self.from_day > self.to_day:
                raise ValueError("from must not be after to")
            if (self.to_day - self.from_day).days >= MAX_REPORT_DAYS:
                raise ValueError(f"at most {MAX_REPORT_DAYS} days per report")
        return self


class SpendLine(SpendCounters):
    key: str  # the group's value: a day, a site id, an intent or a tier


class SpendReport(_Strict):
    org_id: str
    from_day: date = Field(serialization_alias="from")
    to_day: date = Field(serialization_alias="to")
    group_by: GroupBy
    currency: str = "USD"
    lines: tuple[SpendLine, ...]
    totals: SpendCounters


class MonthStatement(_Strict):
    """Month to date: what the tariff makes of the month's classifications, against the budget."""

    org_id: str
    month: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")]
    as_of: date
    currency: str = "USD"
    messages: int
    free_allowance: int
    billable_messages: int
    list_charge_micros: int  # what the ledger accrued at the tariff's price
    allowance_credit_micros: int
    cap_credit_micros: int
    charge_micros: int  # list - allowance credit - cap credit
    aws_cost_micros: int
    monthly_cap_micros: int | None
    budget_micros: int | None
    budget_used_percent: float | None
    budget_alert_percent: int | None
    over_alert_threshold: bool
