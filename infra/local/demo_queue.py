"""A few patient messages posted through the real API at start-up, so the desk queues of
the demo are not empty (issue 9): a Tier-3 emergency, a crisis, Tier-2 work for several
desks and one Tier-1 question. Invented text; no real patient."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

DEMO_MESSAGES = (  # (site, text)
    ("riverside-main", "I have crushing chest pain and my left arm is numb"),
    ("riverside-main", "I don't want to be alive anymore, I keep thinking about ending it"),
    ("riverside-main", "Are my blood test results back yet? I had them drawn on Monday"),
    ("riverside-main", "Can you tell me what my cholesterol lab results showed?"),
    ("riverside-main", "I need a refill of my lisinopril, I only have two pills left"),
    ("riverside-main", "I need to reschedule my appointment next Tuesday"),
    ("riverside-main", "Why was I charged twice for my visit in October?"),
    ("riverside-main", "what time do you open on saturday?"),
)
_TERMINAL = {"answered", "routed", "escalated"}


def _call(method: str, url: str, key: str, body: dict[str, Any] | None = None) -> Any:
    request = urllib.request.Request(  # noqa: S310 - the local API on loopback
        url, method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"x-api-key": key, "content-type": "application/json"})
    # A function's first call imports its packages: seconds, more on a loaded machine.
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return json.load(response)


def post_demo_messages(base_url: str, api_keys: dict[str, str],
                       timeout_s: float = 90.0) -> list[dict[str, Any]]:
    """Post DEMO_MESSAGES and wait until each is answered, routed or escalated; return the
    views (status, tier, intent, desk; never text)."""
    posted = []
    for site_id, text in DEMO_MESSAGES:
        accepted = _call("POST", f"{base_url}/v1/messages", api_keys[site_id],
                         {"site_id": site_id, "channel": "web", "text": text})
        posted.append((site_id, accepted["message_id"]))
    views: dict[str, dict[str, Any]] = {}
    deadline = time.monotonic() + timeout_s
    while len(views) < len(posted) and time.monotonic() < deadline:
        for site_id, message_id in posted:
            if message_id not in views:
                view = _call("GET", f"{base_url}/v1/messages/{message_id}", api_keys[site_id])
                if view.get("status") in _TERMINAL:
                    views[message_id] = view
        time.sleep(0.2)
    return [views.get(message_id, {"message_id": message_id, "status": "pending"})
            for _, message_id in posted]
