"""The staff console's finance and admin pages in a real browser (issue 9)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from tests.browser.console_flow import api_json, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.local_stack]


def test_finance_charts_and_a_csv_that_sums_to_the_json_totals(page, web_stack,
                                                               assert_accessible, shot):
    sign_in(page, web_stack, "finance")
    page.locator("#chart-intent svg").wait_for()
    page.locator("#month-cards").wait_for()
    assert page.title().startswith("Finance")
    assert page.locator("#nav a").all_inner_texts() == ["Finance"]

    by_site = api_json(page, "/v1/finance/spend?group_by=site")
    assert by_site["status"] == 200
    totals = by_site["body"]["totals"]
    assert totals["messages"] >= len(web_stack.demo_messages)
    # each chart: one bar per line, values equal to the API's, an accessible name, a table
    for group in ("day", "site", "intent"):
        report = api_json(page, f"/v1/finance/spend?group_by={group}")["body"]
        bars = page.locator(f"#chart-{group} rect.bar")
        assert bars.count() == len(report["lines"])
        values = [int(bars.nth(i).get_attribute("data-value")) for i in range(bars.count())]
        assert sum(values) == report["totals"]["charge_micros"] == totals["charge_micros"]
        svg = page.locator(f"#chart-{group} svg")
        assert svg.get_attribute("role") == "img" and svg.get_attribute("aria-labelledby")
        assert page.locator(f"#table-{group} tbody tr").count() == len(report["lines"])
    assert page.locator("#total-messages .value").inner_text() == f"{totals['messages']:,}"
    month = api_json(page, "/v1/finance/month")["body"]
    assert page.locator("#month-messages .value").inner_text() == f"{month['messages']:,}"
    assert "budget used" in page.locator("#budget-text").inner_text()
    assert_accessible(page, "console-finance")
    shot(page, "console-finance")

    # the CSV download: one line per group, columns summing to the JSON totals
    for group in ("site", "intent"):
        page.get_by_label("Group the CSV by").select_option(group)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download CSV").click()
        saved = download.value
        assert saved.suggested_filename.endswith(f"-by-{group}.csv")
        rows = list(csv.DictReader(io.StringIO(open(saved.path(), encoding="utf-8").read())))
        report = api_json(page, f"/v1/finance/spend?group_by={group}")["body"]
        assert len(rows) == len(report["lines"])
        assert sum(int(r["messages"]) for r in rows) == report["totals"]["messages"]
        assert sum(int(r["tier_3"]) for r in rows) == report["totals"]["tier_3"]
        charge = sum(Decimal(r["charge_usd"]) for r in rows)
        assert charge * 1_000_000 == report["totals"]["charge_micros"]
    assert "Downloaded" in page.locator("#csv-status").inner_text()


def test_admin_sees_sites_previews_a_template_live_and_manages_a_key(page, web_stack,
                                                                     assert_accessible, shot):
    sign_in(page, web_stack, "admin")
    page.locator("#sites-table").wait_for()
    assert page.locator("#nav a").all_inner_texts() == ["Administration"]
    # the organisation: its name and the text retention, saved with If-Match
    retention = page.get_by_label("Keep message text for (days)")
    assert int(retention.input_value()) >= 1
    assert page.get_by_label("Organisation name").input_value()
    page.get_by_role("button", name="Save organisation").click()
    page.locator("#org-status", has_text="Organisation saved.").wait_for()
    sites = page.locator("#sites-table tbody").inner_text()
    assert "riverside-main" in sites and "riverside-lakeside" in sites

    page.get_by_label("Site to edit").select_option("riverside-main")
    page.locator("#site-title", has_text="Main Street").wait_for()
    # a live preview of a draft template, rendered by the API with the site's values
    page.get_by_label("Template", exact=True).select_option("office_hours")
    page.get_by_role("button", name="Override this template").click()
    draft = page.get_by_label("Text of office_hours for this site")
    draft.fill("Hello from $site_name: call $phone.")
    preview = page.locator(".template[data-template='office_hours'] output.preview")
    preview.filter(has_text="Hello from Riverside Family Medicine - Main Street: call").wait_for()
    assert "$" not in preview.inner_text()
    current = page.locator(".template[data-template='office_hours'] p.muted").inner_text()
    assert current.startswith("Patients get now:") and "Main Street" in current
    draft.fill("Hello $nobody")
    preview.filter(has_text="Cannot render").wait_for()
    draft.fill("Open $hours.")
    preview.filter(has_text="Open Mon").wait_for()
    assert_accessible(page, "console-admin")
    shot(page, "console-admin")

    # saving uses the ETag (If-Match): details saved unchanged bump the version
    version = page.locator("#site-area p.muted").first.inner_text()
    page.get_by_role("button", name="Save details").click()
    page.locator("#details-status", has_text="Details saved.").wait_for()
    assert page.locator("#site-area p.muted").first.inner_text() != version

    # someone else saves the site meanwhile: this page's ETag is stale, the API answers 412
    page.evaluate("""async () => {
        const s = JSON.parse(sessionStorage.getItem('frontdesk.console.session'));
        const cfg = await (await fetch('config.json')).json();
        const url = cfg.apiBase + '/v1/admin/sites/riverside-main';
        const auth = {Authorization: s.idToken};
        const read = await fetch(url, {headers: auth});
        const site = await read.json();
        const headers = {...auth, 'Content-Type': 'application/json',
                         'If-Match': read.headers.get('ETag')};
        const body = JSON.stringify({phone: site.phone});
        const saved = await fetch(url, {method: 'PATCH', body, headers});
        if (saved.status !== 200) throw new Error('PATCH ' + saved.status);
    }""")
    page.get_by_role("button", name="Save details").click()
    stale = page.locator("#admin-error")
    stale.filter(has_text="Someone else changed this first").wait_for()
    before = page.locator("#site-area p.muted").first.inner_text()
    stale.get_by_role("button", name="Reload the site").click()
    page.locator("#site-area p.muted").first.filter(has_not_text=before).wait_for()
    page.get_by_role("button", name="Save details").click()
    page.locator("#details-status", has_text="Details saved.").wait_for()

    # an API key: created, its value shown once, then revoked
    page.get_by_label("Name of the new key").fill("browser-test")
    page.get_by_role("button", name="Create key").click()
    value = page.locator("#new-key-value")
    value.wait_for()
    assert len(value.inner_text()) >= 20
    row = page.locator("#keys-table tr", has_text="browser-test")
    row.wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Revoke key riverside-main-browser-test").click()
    page.locator("#keys-table tr", has_text="browser-test").filter(has_text="Revoked").wait_for()


def test_finance_and_admin_fit_a_phone(phone_page, web_stack, assert_accessible, shot):
    page = phone_page
    sign_in(page, web_stack, "finance")
    page.locator("#chart-intent svg").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "console-finance-phone")
    shot(page, "console-finance-phone")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("User name").wait_for()

    sign_in(page, web_stack, "admin")
    page.locator("#keys-table").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "console-admin-phone")
    shot(page, "console-admin-phone")
