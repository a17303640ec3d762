"""The staff console's desk work in a real browser against the local stack (issue 9).

A nurse signs in with password and TOTP code, sees Tier 3 first, opens a message, reads its
text for a stated reason (audited), replies and resolves; a billing clerk cannot open a
lab-results message; sign-out and idle sign-out end the session."""

from __future__ import annotations

import json
import re
import time

import pytest
import requests

from tests.browser.conftest import wait_until
from tests.browser.console_flow import (
    fresh_totp,
    patient_view,
    post_message,
    session_token,
    sign_in,
    wait_for_queue,
)
from tests.e2e.audit_log import wait_for_audit_event

pytestmark = [pytest.mark.browser, pytest.mark.local_stack]

EMERGENCY = "I have crushing chest pain and I can't breathe properly"


def test_nurse_sees_tier3_first_reads_the_text_with_a_reason_replies_and_resolves(
        page, web_stack, assert_accessible, shot):
    mine = post_message(web_stack, EMERGENCY)
    assert (mine["tier"], mine["status"], mine["desk"]) == (3, "escalated", "on_call")
    message_id = mine["message_id"]

    # sign-in page, then the code step
    page.goto(web_stack.console_url)
    page.get_by_label("User name").wait_for()
    assert page.title().startswith("Sign in")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page, "console-signin")
    shot(page, "console-signin")
    account = web_stack.users["nurse"]
    page.get_by_label("User name").fill(account.username)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Authentication code").fill(fresh_totp(web_stack, "nurse"))
    page.get_by_role("button", name="Sign in").click()

    # the queue: Tier 3 first, red, with the time waiting; no text in the list
    wait_for_queue(page)
    assert re.match(r"\(\d+ urgent\) Desk queue - ", page.title()), page.title()
    header = page.locator("#who").inner_text()
    assert account.username in header and "Nurse" in header and "riverside" in header
    assert page.locator("#nav a").all_inner_texts() == ["Desk queue"]
    rows = page.locator("#queue-table tbody tr")
    tiers = [rows.nth(i).get_attribute("data-tier") for i in range(rows.count())]
    assert tiers[0] == "3", tiers
    assert tiers == sorted(tiers, key=lambda t: 0 if t == "3" else 1), tiers
    row = page.locator(f'#queue-table tr[data-message-id="{message_id}"]')
    assert "EMERGENCY" in row.locator(".badge").inner_text()
    assert row.locator(".wait-urgent").inner_text().strip()  # the time waiting
    assert page.locator("tr.tier-3 .badge.tier-3").first.evaluate(
        "el => getComputedStyle(el).backgroundColor") == "rgb(176, 0, 32)"
    assert "crushing" not in page.content()
    assert re.search(r"Updated at \d\d:\d\d:\d\d", page.locator("#updated-at").inner_text())
    assert_accessible(page, "console-queue")
    shot(page, "console-queue")

    # the message: metadata and an urgent banner, no text until asked for
    row.get_by_role("link").click()
    page.locator("#message-meta").wait_for()
    assert "Medical emergency" in page.locator("#urgent-banner").inner_text()
    assert "crushing" not in page.content()

    # "Show text" asks for a reason first (a required, labelled field)
    page.get_by_role("button", name="Show text").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert_accessible(page, "console-reason-dialog")
    dialog.get_by_role("button", name="Show text").click()
    assert "Choose a reason" in page.locator("#reason-error").inner_text()
    dialog.get_by_label("Reason for viewing").select_option("respond_to_patient")
    with page.expect_response(re.compile(r"/view-text$")) as viewed:
        dialog.get_by_role("button", name="Show text").click()
    response = viewed.value
    assert response.status == 200 and response.headers["cache-control"] == "no-store"
    assert page.locator("#patient-text").inner_text() == EMERGENCY
    # the audited call: the audit trail has who read it and why, never the text
    event = wait_for_audit_event(web_stack.stack, message_id, "message.text_viewed")
    assert event["reason"] == "respond_to_patient" and event["actor"]["kind"] == "staff"
    assert "crushing" not in str(event)
    assert_accessible(page, "console-message")
    shot(page, "console-message")

    # claim, then reply from a template, then resolve with an outcome
    page.get_by_role("button", name="Claim this message").click()
    page.locator("#action-result").wait_for()
    assert "You claimed" in page.locator("#action-result").inner_text()
    assert page.locator("#patient-text").inner_text() == EMERGENCY  # still there while here
    page.get_by_label("Start from a template").select_option("call_back")
    reply = page.get_by_label("Reply", exact=True)
    assert "call you back" in reply.input_value()
    reply.fill(reply.input_value() + " If the pain gets worse, call 911 now.")
    page.get_by_role("button", name="Send reply").click()
    page.locator("#action-result", has_text="Your reply is queued").wait_for()
    delivered = wait_until(lambda: patient_view(web_stack, message_id).get("staff_reply"), 30)
    assert delivered and delivered.endswith("call 911 now.")
    page.get_by_label("Outcome").select_option("replied")
    page.get_by_role("button", name="Resolve").click()
    page.locator("#action-result", has_text="The message is resolved.").wait_for()
    assert "Resolved" in page.locator("#message-meta").inner_text()
    assert page.get_by_role("button", name="Resolve").count() == 0

    # back in the queue, the resolved message has left the open list, and the text is gone
    page.get_by_role("link", name="Back to the queue").click()
    wait_for_queue(page)
    assert page.locator(f'tr[data-message-id="{message_id}"]').count() == 0
    assert "crushing" not in page.content()
    page.go_back()
    page.locator("#message-meta").wait_for()
    assert page.get_by_role("button", name="Show text").is_visible()
    assert "crushing" not in page.content()  # shown once: a new view asks again


def test_billing_clerk_cannot_open_a_lab_results_message(page, web_stack, assert_accessible,
                                                         shot):
    lab = next(m for m in web_stack.demo_messages if m.get("intent") == "lab_results")
    sign_in(page, web_stack, "billing")
    wait_for_queue(page)
    assert page.locator("#nav a").all_inner_texts() == ["Desk queue"]
    assert page.locator(f'tr[data-message-id="{lab["message_id"]}"]').count() == 0

    page.goto(f"{web_stack.console_url}#/message/{lab['message_id']}")
    alert = page.locator("#message-error")
    alert.wait_for()
    assert "You don't have access to this message" in alert.inner_text()
    assert page.get_by_role("button", name="Show text").count() == 0
    assert_accessible(page, "console-message-denied")
    shot(page, "console-message-denied")

    # pages of other roles: a clear message (and the API refuses anyway)
    page.goto(f"{web_stack.console_url}#/finance")
    page.get_by_role("alert").filter(has_text="You don't have access to this page").wait_for()
    token = session_token(page)["idToken"]
    refused = requests.get(f"{web_stack.base_url}/v1/finance/month", timeout=30,
                           headers={"Authorization": token})
    assert refused.status_code == 403


def test_sign_out_revokes_the_session(page, web_stack):
    sign_in(page, web_stack, "front_desk")
    wait_for_queue(page)
    tokens = session_token(page)
    page.get_by_role("button", name="Sign out").click()
    page.locator("#signin-note", has_text="You have signed out.").wait_for()
    assert page.get_by_label("User name").is_visible()
    assert session_token(page) == {}
    assert page.locator("#nav").is_hidden()
    # GlobalSignOut revoked the access token at Cognito
    answer = requests.post(f"{web_stack.base_url}/_cognito/", timeout=30,
                           data=json.dumps({"AccessToken": tokens["accessToken"]}),
                           headers={"Content-Type": "application/x-amz-json-1.1",
                                    "X-Amz-Target": "AWSCognitoIdentityProviderService.GetUser"})
    assert answer.status_code == 400 and "NotAuthorized" in answer.text


def test_idle_sign_out_after_the_configured_minutes(page, web_stack):
    page.clock.install()
    sign_in(page, web_stack, "scheduling")
    wait_for_queue(page)
    idle_ms = 60_000 * page.evaluate(
        "async () => (await (await fetch('config.json')).json()).idleMinutes")
    page.clock.fast_forward(idle_ms - 60_000)  # a minute short of the limit: still signed in
    page.keyboard.press("Shift")  # input resets the idle timer
    page.clock.fast_forward(idle_ms - 60_000)
    assert page.locator("#sign-out").is_visible()
    page.clock.fast_forward(70_000)  # now the limit has passed without input
    page.locator("#signin-note", has_text="signed out because the console was not used").wait_for()
    assert page.get_by_label("User name").is_visible()
    assert session_token(page) == {}


def is_token_renewal(response) -> bool:
    request = response.request
    return (request.headers.get("x-amz-target", "").endswith(".InitiateAuth")
            and "REFRESH_TOKEN_AUTH" in (request.post_data or ""))


def test_an_active_session_renews_its_tokens_before_they_expire(page, web_stack):
    page.clock.install()
    sign_in(page, web_stack, "pharmacy")
    wait_for_queue(page)
    first = session_token(page)
    # Busy all along (a key pressed every 14 minutes) until 90 s before the tokens expire.
    # The console renews in the check of the session that finds under 2 minutes left: the
    # last jump or the one after it. Wait for that call itself, however long Cognito takes on
    # a loaded machine, rather than for a fixed time.
    with page.expect_response(is_token_renewal, timeout=60_000) as renewal:
        remaining_ms = int(first["expiresAt"] - time.time() * 1000) - 90_000
        while remaining_ms > 0:
            step = min(remaining_ms, 14 * 60_000)
            page.clock.fast_forward(step)
            page.keyboard.press("Shift")
            remaining_ms -= step
        page.clock.fast_forward(6_000)  # the next check of the session
    assert renewal.value.status == 200, renewal.value.text()
    renewed = wait_until(lambda: session_token(page).get("idToken") != first["idToken"]
                         and session_token(page), 10)
    assert renewed and renewed["expiresAt"] > first["expiresAt"] + 50 * 60_000
    assert page.locator("#sign-out").is_visible()
    # A queue refresh the clock jump started before the renewal may still be answered with
    # the old token: wait for the refresh the click makes, which must carry the new one.
    with page.expect_response(
        lambda r: "/v1/staff/queue?" in r.url
        and r.request.headers.get("authorization") == renewed["idToken"],
        timeout=30_000,
    ) as listed:
        page.get_by_role("button", name="Refresh now").click()
    assert listed.value.status == 200


def test_keyboard_only_sign_in_open_and_read_a_message(page, web_stack):
    account = web_stack.users["nurse"]
    page.goto(web_stack.console_url)
    page.get_by_label("User name").wait_for()
    page.keyboard.type(account.username)  # the user name field has the focus
    page.keyboard.press("Tab")
    page.keyboard.type(account.password)
    page.keyboard.press("Enter")
    page.get_by_label("Authentication code").wait_for()
    page.keyboard.type(fresh_totp(web_stack, "nurse"))
    page.keyboard.press("Enter")
    wait_for_queue(page)

    def tab_to(selector: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"no visible focus on {selector}"
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("a.skip-link")
    page.keyboard.press("Enter")  # skip to the page's heading, not a new route
    assert page.evaluate("document.activeElement.tagName") == "H1"
    tab_to("#queue-table a.open-message")
    page.keyboard.press("Enter")
    page.locator("#message-meta").wait_for()
    tab_to("#show-text")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "view-reason"
    page.keyboard.press("ArrowDown")  # the first reason
    tab_to("#confirm-show")
    page.keyboard.press("Enter")
    page.locator("#patient-text").wait_for()
    assert page.evaluate("document.activeElement.id") == "patient-text"
    page.keyboard.press("Escape")
    assert page.get_by_role("dialog").count() == 0


def test_queue_and_message_on_a_phone(phone_page, web_stack, assert_accessible, shot):
    page = phone_page
    sign_in(page, web_stack, "nurse")
    wait_for_queue(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator("#queue-table tbody tr").first
    assert first.get_attribute("data-tier") == "3"
    assert_accessible(page, "console-queue-phone")
    shot(page, "console-queue-phone")
    first.get_by_role("link").click()
    page.locator("#message-meta").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "console-message-phone")
