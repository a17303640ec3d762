"""Steps the staff-console browser tests share (issue 9): sign-in, patient posts, audit reads."""

from __future__ import annotations

import json
import time
from typing import Any

import requests

TERMINAL = {"answered", "routed", "escalated"}


def sign_in(page: Any, web_stack: Any, role: str, *, path: str = "") -> None:
    """Password, then the role's current TOTP code, as a person would type them."""
    account = web_stack.users[role]
    page.goto(web_stack.console_url + path)
    page.get_by_label("User name").fill(account.username)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Continue").click()
    code = page.get_by_label("Authentication code")
    code.wait_for()
    code.fill(fresh_totp(web_stack, role))
    page.get_by_role("button", name="Sign in").click()
    page.locator("#sign-out").wait_for()


def fresh_totp(web_stack: Any, role: str) -> str:
    """A code that stays valid for a few seconds more (no step change mid-request)."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.2)
    return web_stack.totp(role)


def wait_for_queue(page: Any) -> None:
    page.locator("#updated-at[data-updated]").wait_for()


def post_message(web_stack: Any, text: str, site_id: str = "riverside-main",
                 timeout_s: float = 60) -> dict[str, Any]:
    """A patient message through the real API, waited for until the pipeline placed it."""
    key = web_stack.site_key(site_id)
    base = web_stack.base_url
    accepted = requests.post(f"{base}/v1/messages", timeout=30,
                             json={"site_id": site_id, "channel": "web", "text": text},
                             headers={"x-api-key": key})
    assert accepted.status_code == 202, accepted.text
    message_id = accepted.json()["message_id"]
    deadline = time.monotonic() + timeout_s
    while True:
        view = patient_view(web_stack, message_id, site_id)
        if view["status"] in TERMINAL:
            return view
        assert time.monotonic() < deadline, view
        time.sleep(0.2)


def patient_view(web_stack: Any, message_id: str, site_id: str = "riverside-main") -> dict:
    response = requests.get(f"{web_stack.base_url}/v1/messages/{message_id}", timeout=30,
                            headers={"x-api-key": web_stack.site_key(site_id)})
    assert response.status_code == 200, response.text
    return dict(response.json())


def session_token(page: Any) -> dict[str, Any]:
    raw = page.evaluate("() => sessionStorage.getItem('frontdesk.console.session')")
    return json.loads(raw) if raw else {}


def api_json(page: Any, path: str) -> Any:
    """A GET of the API with the page's own token, from inside the page."""
    return page.evaluate(
        """async (path) => {
            const s = JSON.parse(sessionStorage.getItem('frontdesk.console.session'));
            const cfg = await (await fetch('config.json')).json();
            const r = await fetch(cfg.apiBase + path, {headers: {Authorization: s.idToken}});
            return {status: r.status, body: await r.json()};
        }""", path)
