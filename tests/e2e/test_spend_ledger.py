"""The spend ledger over the whole local stack: exact totals, also with duplicate deliveries.

A practice of its own (so other tests' messages do not count): messages over HTTP, then
the same messages delivered again to every stage queue and a whole batch retried, then the
finance API's totals, in JSON and CSV.
"""

import csv
import hashlib
import io
import json
import time

import pytest
import requests

from frontdesk.adapters.dynamodb import DynamoConfigRepository
from frontdesk.adapters.ledger import DynamoTariffBook
from frontdesk.models.config import ApiKeyBinding, Organization
from frontdesk.models.finance import COUNTER_NAMES, Tariff
from infra.local.pollers import lambda_record
from infra.local.seed import DEMO_SITES
from infra.local.staff_users import username_for
from tests.e2e.conftest import TERMINAL, Patient

ORG = "harbor-dental"
SITE = "harbor-main"
PRICE = 200_000  # $0.20 per classification, the anchor
TEXTS = [
    "what time do you open on saturday",  # tier 1
    "do you take aetna",  # tier 1
    "where do I park",  # tier 1
    "I need to move my appointment on Thursday",  # tier 2
    "are my lab results back",  # tier 2
    "I have crushing chest pain",  # tier 3 (lexicon)
    "?!?... !!",  # no tier: front desk
]
N = 35  # 5 of each


@pytest.fixture(scope="module")
def harbor(stack):
    config = DynamoConfigRepository(stack.client("dynamodb"), stack.physical_id("ConfigTable"))
    config.put_organization(Organization(org_id=ORG, name="Harbor Dental"))
    site = DEMO_SITES[0].model_copy(update={"site_id": SITE, "org_id": ORG, "name": "Harbor"})
    config.put_site(site)
    key_id, key = stack.create_api_key(f"{SITE}-web")
    config.put_api_key_binding(ApiKeyBinding(api_key_id=key_id, site_id=SITE, org_id=ORG))
    DynamoTariffBook(stack.client("dynamodb"), stack.physical_id("ConfigTable")).put_tariff(
        Tariff(
            org_id=ORG,
            price_per_classification_micros=PRICE,
            free_monthly_allowance=5,
            monthly_budget_micros=1_000_000,  # $1: crossed by this test on purpose
            budget_alert_percent=80,
        )
    )
    for role in ("finance", "billing"):
        stack.demo.staff.create(username_for(ORG, role), ORG, [role])
    return Patient(stack.base_url, SITE, key)


def _wait_all(patient, ids, timeout_s=90):
    deadline = time.monotonic() + timeout_s
    pending = set(ids)
    while pending and time.monotonic() < deadline:
        for message_id in list(pending):
            if patient.get(message_id).json()["status"] in TERMINAL:
                pending.discard(message_id)
        time.sleep(0.2)
    assert not pending, f"{len(pending)} messages not finished"


def _finance(stack, patient, path, role="finance", **headers):
    """A staff member of the practice, signed in (Cognito ID token), calls the finance API."""
    token = stack.demo.staff.id_token(username_for(ORG, role))
    return requests.get(
        f"{stack.base_url}{path}", headers={"Authorization": token, **headers}, timeout=30
    )


def _queue_url(stack, logical_id):
    return stack.physical_id(logical_id)


def test_ledger_totals_equal_messages_sent_despite_duplicates(stack, harbor):
    ids = []
    for i in range(N):
        response = harbor.post(TEXTS[i % len(TEXTS)])
        assert response.status_code == 202, response.text
        ids.append(response.json()["message_id"])
    # GIVEN duplicate deliveries of every stage's queue message, some while still in flight
    sqs = stack.client("sqs")
    bodies = [json.dumps({"message_id": m, "site_id": SITE, "org_id": ORG}) for m in ids]
    for queue in ("ClassifyQueue", "RouteQueue", "RespondQueue", "RespondQueue"):
        url = _queue_url(stack, queue)
        for start in range(0, N, 10):
            sqs.send_message_batch(
                QueueUrl=url,
                Entries=[
                    {"Id": str(j), "MessageBody": body}
                    for j, body in enumerate(bodies[start : start + 10])
                ],
            )
    _wait_all(harbor, ids)
    assert stack.drain(60)
    # AND a whole batch of finished messages retried by hand, as Lambda would after a timeout
    now_ms = str(int(time.time() * 1000))
    attributes = {
        "ApproximateReceiveCount": "2",
        "SentTimestamp": now_ms,
        "SenderId": "AIDAEXAMPLE",
        "ApproximateFirstReceiveTimestamp": now_ms,
    }
    records = [
        lambda_record(
            {
                "MessageId": f"00000000-0000-0000-0000-{j:012d}",
                "ReceiptHandle": f"retry-{j}",
                "Body": body,
                "Attributes": attributes,
                "MD5OfBody": hashlib.md5(body.encode()).hexdigest(),
            },
            f"arn:aws:sqs:us-east-1:123456789012:{SITE}-respond",
            "us-east-1",
        )
        for j, body in enumerate(bodies[:10])
    ]
    retried = stack.invoke("RespondFunction", {"Records": records})
    assert retried.ok and retried.payload == {"batchItemFailures": []}

    response = _finance(stack, harbor, "/v1/finance/spend?group_by=tier")
    assert response.status_code == 200, response.text
    report = response.json()
    totals = report["totals"]
    # THEN every message counts exactly once
    assert totals["messages"] == N
    assert totals["auto_answered"] + totals["routed"] + totals["escalated"] == N
    assert totals["tier_1"] + totals["tier_2"] + totals["tier_3"] + totals["tier_none"] == N
    assert totals["tier_3"] == 5 and totals["escalated"] == 5
    assert totals["charge_micros"] == N * PRICE
    assert totals["aws_cost_micros"] > 0 and totals["model_ms"] >= 0
    assert sum(line["messages"] for line in report["lines"]) == N

    # AND the CSV export opens with the csv module and sums to the JSON totals
    exported = _finance(stack, harbor, "/v1/finance/spend?group_by=tier", accept="text/csv")
    assert exported.status_code == 200
    assert exported.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    for name in COUNTER_NAMES:
        assert sum(int(r[name]) for r in rows) == totals[name], name

    # AND the month against the tariff: 5 free, the rest at the price, over the $1 budget
    month = _finance(stack, harbor, "/v1/finance/month").json()
    assert month["messages"] == N and month["billable_messages"] == N - 5
    assert month["charge_micros"] == (N - 5) * PRICE and month["over_alert_threshold"]

    # AND the hourly budget check counts this organisation as over its threshold
    checked = stack.invoke("FinanceBudgetFunction", {"source": "aws.events"})
    assert checked.ok and checked.payload["over_threshold"] >= 1
    metric_lines = [
        line
        for line in stack.log_lines("FinanceBudgetFunction")
        if "OrganizationsOverBudgetThreshold" in line
    ]
    assert metric_lines, "the budget metric was not emitted"


@pytest.mark.parametrize("group_by", ["site", "day", "intent", "tier"])
def test_finance_never_sees_message_text(stack, harbor, group_by):
    secret = "Zebulon Quagmire wants to know if you take Aetna"
    message_id = harbor.post(secret).json()["message_id"]
    _wait_all(harbor, [message_id])
    for accept in ("application/json", "text/csv"):
        body = _finance(stack, harbor, f"/v1/finance/spend?group_by={group_by}", accept=accept)
        assert body.status_code == 200
        assert "Zebulon" not in body.text and "Aetna" not in body.text


def test_finance_roles_cannot_read_messages(stack):
    template = stack.deployment.template["Resources"]
    for function in ("FinanceApiFunction", "FinanceBudgetFunction"):
        role = template[template[function]["Properties"]["Role"]["Fn::GetAtt"][0]]
        policies = json.dumps(role["Properties"].get("Policies", []))
        assert "MessageTextTable" not in policies and "MessagesTable" not in policies
        assert "LedgerTable" in policies


def test_bad_queries_are_problems(stack, harbor):
    bad = _finance(stack, harbor, "/v1/finance/spend?from=2026-11-30&to=2026-11-01")
    assert bad.status_code == 422
    assert bad.json()["type"] == "urn:frontdesk:problem:validation-failed"
    assert _finance(stack, harbor, "/v1/finance/spend?group_by=text").status_code == 422
    no_token = requests.get(f"{stack.base_url}/v1/finance/spend", timeout=10)
    assert no_token.status_code == 401
    site_key = requests.get(
        f"{stack.base_url}/v1/finance/spend", headers={"x-api-key": harbor.api_key}, timeout=10
    )
    assert site_key.status_code == 401  # a patient channel's key opens no finance route
    billing = _finance(stack, harbor, "/v1/finance/spend", role="billing")
    assert billing.status_code == 403
    other_org = _finance(stack, harbor, "/v1/finance/month").json()
    assert other_org["org_id"] == ORG  # the token's organisation, never a parameter
