"""Seeds the demo practice into the local stack: "Riverside Family Medicine", two sites.

Uses the same adapter the functions use to read config, and API keys made the
way an administrator makes them (API Gateway key on the template's usage plan,
bound to one site in the config table).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from frontdesk.adapters.dynamodb import DynamoConfigRepository
from frontdesk.adapters.ledger import DynamoTariffBook
from frontdesk.models.config import ApiKeyBinding, Desk, OpeningHours, Organization, Site
from frontdesk.models.finance import Tariff
from infra.local.staff_users import StaffDirectory, seed_staff

if TYPE_CHECKING:
    from infra.local.stack import LocalStack

ORG_ID = "riverside"


def _hours(spec: dict[str, tuple[str, str]]) -> tuple[OpeningHours, ...]:
    return tuple(OpeningHours(day=d, opens=o, closes=c) for d, (o, c) in spec.items())


def _desks() -> dict[str, Desk]:
    business_day = "within one business day"
    return {
        "front_desk": Desk(name="our front desk team", callback_promise=business_day),
        "scheduling": Desk(name="our scheduling team", callback_promise="by the end of today"),
        "pharmacy": Desk(name="our nurse and pharmacy line", callback_promise=business_day),
        "nurse": Desk(name="our nurse line", callback_promise="within four hours"),
        "results": Desk(name="our results line", callback_promise="within two business days"),
        "billing": Desk(name="our billing office", callback_promise="within two business days"),
        "on_call": Desk(name="our on-call clinician", callback_promise="as soon as possible"),
        "behavioral_health": Desk(
            name="our behavioral health team", callback_promise="as soon as possible"
        ),
        "patient_relations": Desk(
            name="our patient relations manager", callback_promise="within one business day"
        ),
        "compliance": Desk(
            name="our privacy and compliance officer", callback_promise="within three business days"
        ),
    }


DEMO_ORGANIZATION = Organization(
    org_id=ORG_ID, name="Riverside Family Medicine", message_text_retention_days=30
)

DEMO_SITES = (
    Site(
        site_id="riverside-main",
        org_id=ORG_ID,
        name="Riverside Family Medicine - Main Street",
        phone="(555) 010-2000",
        address="120 Main Street, Riverside, NY 10001",
        parking="Free parking behind the building; enter from Elm Street.",
        hours=_hours(
            {
                "mon": ("08:00", "18:00"),
                "tue": ("08:00", "18:00"),
                "wed": ("08:00", "18:00"),
                "thu": ("08:00", "18:00"),
                "fri": ("08:00", "17:00"),
                "sat": ("09:00", "13:00"),
            }
        ),
        insurance_plans=(
            "Aetna",
            "Blue Cross Blue Shield",
            "Cigna",
            "Medicare",
            "UnitedHealthcare",
        ),
        services=("primary care", "pediatrics", "vaccinations", "allergy testing", "lab draws"),
        portal_url="https://portal.riverside.example/main",
        scheduling_url="https://portal.riverside.example/main/book",
        billing_url="https://portal.riverside.example/pay",
        desks=_desks(),
    ),
    Site(
        site_id="riverside-lakeside",
        org_id=ORG_ID,
        name="Riverside Family Medicine - Lakeside",
        phone="(555) 010-3000",
        address="8 Lakeshore Drive, Riverside, NY 10002",
        parking="Street parking on Lakeshore Drive; bus 14 stops at the door.",
        hours=_hours(
            {
                "mon": ("07:30", "16:00"),
                "tue": ("07:30", "16:00"),
                "wed": ("10:00", "19:00"),
                "thu": ("07:30", "16:00"),
                "fri": ("07:30", "16:00"),
            }
        ),
        insurance_plans=("Aetna", "Medicaid", "Medicare", "Oscar"),
        services=("primary care", "women's health", "physical therapy", "lab draws"),
        portal_url="https://portal.riverside.example/lakeside",
        scheduling_url="https://portal.riverside.example/lakeside/book",
        billing_url="https://portal.riverside.example/pay",
        confidence_threshold=0.7,
        desks=_desks(),
    ),
)


# The anchor price, 50 free a month, a $100 cap, and a $60 budget that alerts at 80 %.
DEMO_TARIFF = Tariff(
    org_id=ORG_ID,
    price_per_classification_micros=200_000,
    free_monthly_allowance=50,
    monthly_cap_micros=100_000_000,
    monthly_budget_micros=60_000_000,
    budget_alert_percent=80,
)


@dataclass
class DemoPractice:
    base_url: str
    api_keys: dict[str, str] = field(default_factory=dict)  # site_id -> key value
    staff: StaffDirectory | None = None  # issue 6: one Cognito user per role

    def __str__(self) -> str:
        main_key = self.api_keys["riverside-main"]
        lines = [
            f"Demo practice: {DEMO_ORGANIZATION.name} ({len(DEMO_SITES)} sites)",
            *(f"  site {site_id:<20} x-api-key: {key}" for site_id, key in self.api_keys.items()),
            "",
            "Try it:",
            f"  curl -s -X POST {self.base_url}/v1/messages \\",
            f"    -H 'x-api-key: {main_key}' -H 'content-type: application/json' \\",
            """    -d '{"site_id": "riverside-main", "channel": "web", """
            """"text": "what time do you open on saturday?"}'""",
            f"  curl -s {self.base_url}/v1/messages/<message_id> -H 'x-api-key: {main_key}'",
        ]
        if self.staff is not None:  # issue 6
            lines += [
                "",
                f"Staff (Cognito, MFA): {', '.join(sorted(self.staff.accounts))}",
                "  TOKEN=$(.venv/bin/python -m infra.local.login --role results)",
                f"  curl -s '{self.base_url}/v1/staff/queue?site=riverside-main&desk=results' "
                "-H \"Authorization: $TOKEN\"",
                f"  OpenAPI: {self.base_url}/v1/openapi.json",
            ]
        return "\n".join(lines)


def seed_demo_practice(stack: LocalStack) -> DemoPractice:
    config = DynamoConfigRepository(stack.client("dynamodb"), stack.physical_id("ConfigTable"))
    config.put_organization(DEMO_ORGANIZATION)
    practice = DemoPractice(base_url=stack.base_url)
    for site in DEMO_SITES:
        config.put_site(site)
        key_id, key_value = stack.create_api_key(f"{site.site_id}-web")
        config.put_api_key_binding(
            ApiKeyBinding(api_key_id=key_id, site_id=site.site_id, org_id=site.org_id)
        )
        practice.api_keys[site.site_id] = key_value
    practice.staff = seed_staff(stack, ORG_ID)  # issue 6
    DynamoTariffBook(stack.client("dynamodb"), stack.physical_id("ConfigTable")).put_tariff(
        DEMO_TARIFF
    )  # issue 7
    return practice
