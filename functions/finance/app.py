"""Finance: spend reports (JSON or CSV), the month against the budget, the hourly budget check.

Finance reads the spend ledger and the tariffs only: counts and money, never a message's text
or record (this function's role has no access to the message tables). Callers are staff of
the finance role (Cognito), and see their own organisation only.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from frontdesk.adapters.clients import aws_client
from frontdesk.adapters.ledger import DynamoSpendReader, DynamoTariffBook
from frontdesk.domain.access import Role, principal_from_claims
from frontdesk.domain.spend import month_bounds, month_statement, report_csv, spend_report
from frontdesk.errors import ValidationFailed
from frontdesk.finance_config import finance_settings
from frontdesk.http_api import browser_cors, json_response, register_problem_handlers, safe_errors
from frontdesk.models.finance import SpendQuery

logger = Logger()
tracer = Tracer()
metrics = Metrics()
api = APIGatewayRestResolver(cors=browser_cors())  # issue 9: widget and console
register_problem_handlers(api, logger)

CSV_TYPE = "text/csv"


@cache
def _reader() -> DynamoSpendReader:
    return DynamoSpendReader(aws_client("dynamodb"), finance_settings().ledger_table)


@cache
def _tariffs() -> DynamoTariffBook:
    return DynamoTariffBook(aws_client("dynamodb"), finance_settings().config_table)


def _today() -> date:
    return datetime.now(UTC).date()


def _org_of_caller() -> str:
    """The organisation whose spend the caller may read: a staff member's Cognito ID token
    (claims passed on by the API's authorizer) in the finance group names it."""
    principal = principal_from_claims(api.current_event.request_context.authorizer.claims)
    principal.require_role(Role.FINANCE)
    return principal.org_id


def _wants_csv() -> bool:
    headers = api.current_event.headers
    accept = headers.get("accept") or headers.get("Accept") or ""
    return CSV_TYPE in accept.lower()


@api.get("/v1/finance/spend")
def get_spend() -> Response:
    org_id = _org_of_caller()
    try:
        query = SpendQuery.model_validate(api.current_event.query_string_parameters or {})
    except ValidationError as exc:
        raise ValidationFailed(
            "The query does not match the schema.", errors=safe_errors(exc)
        ) from None
    first, today = month_bounds(_today())
    from_day, to_day = query.from_day or first, query.to_day or today
    if query.from_day and not query.to_day and from_day > today:
        to_day = from_day
    if from_day > to_day:
        raise ValidationFailed("from must not be after to")
    report = spend_report(
        org_id,
        _reader().rows(org_id, from_day, to_day),
        from_day=from_day,
        to_day=to_day,
        group_by=query.group_by,
    )
    logger.info(
        "spend report",
        extra={"org_id": org_id, "count": len(report.lines), "outcome": query.group_by.value},
    )
    if _wants_csv():
        filename = f"spend-{org_id}-{from_day}-{to_day}-by-{query.group_by.value}.csv"
        return Response(
            200,
            f"{CSV_TYPE}; charset=utf-8",
            report_csv(report),
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return json_response(200, report.model_dump(mode="json", by_alias=True))


@api.get("/v1/finance/month")
def get_month() -> Response:
    org_id = _org_of_caller()
    today = _today()
    statement = month_statement(
        org_id, _reader().rows(org_id, *month_bounds(today)), _tariffs().tariff(org_id), as_of=today
    )
    return json_response(200, statement)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def api_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return api.resolve(event, context)


# ------------------------------------------------------------ hourly budget check
@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def budget_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Month to date of every organisation with a budget; the alarm watches the count over."""
    today = _today()
    checked, over = 0, 0
    for tariff in _tariffs().all_tariffs():
        if tariff.monthly_budget_micros is None:
            continue
        rows = _reader().rows(tariff.org_id, *month_bounds(today))
        statement = month_statement(tariff.org_id, rows, tariff, as_of=today)
        checked += 1
        if statement.over_alert_threshold:
            over += 1
            logger.warning(
                "budget threshold crossed",
                extra={"org_id": tariff.org_id, "micro_usd": statement.charge_micros},
            )
    metrics.add_metric(name="OrganizationsOverBudgetThreshold", unit=MetricUnit.Count, value=over)
    metrics.add_metric(name="OrganizationsWithBudget", unit=MetricUnit.Count, value=checked)
    return {"checked": checked, "over_threshold": over, "as_of": today.isoformat()}
