"""Settings of the spend ledger and the finance functions, read from the environment once."""

from __future__ import annotations

import os
from functools import cache

from pydantic import BaseModel, ConfigDict, Field


class LedgerSettings(BaseModel):
    """What the respond stage needs to accrue spend (template.yaml sets these)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    ledger_table: str = Field(alias="LEDGER_TABLE")
    # The measured AWS cost of one message through the pipeline (`make cost`), in nano-dollars.
    aws_cost_nanos_per_message: int = Field(default=0, alias="AWS_COST_NANOS_PER_MESSAGE", ge=0)


class FinanceSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    ledger_table: str = Field(alias="LEDGER_TABLE")
    config_table: str = Field(alias="CONFIG_TABLE")
    metrics_namespace: str = Field(default="frontdesk", alias="POWERTOOLS_METRICS_NAMESPACE")


@cache
def ledger_settings() -> LedgerSettings:
    return LedgerSettings.model_validate(dict(os.environ))


@cache
def finance_settings() -> FinanceSettings:
    return FinanceSettings.model_validate(dict(os.environ))
