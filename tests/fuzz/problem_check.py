"""What every fuzzed response must be: no 5xx, no stack trace, errors as problem+json."""

from __future__ import annotations

import re

TRACE = re.compile(r'Traceback \(most recent call last\)|File "[^"]+", line \d+|stackTrace')
PROBLEM = "application/problem+json"


def check_response(response, what: str) -> None:
    """`response`: schemathesis' Response (headers lower-cased, each a list of values)."""
    assert response.status_code < 500, f"{what}: {response.status_code} {response.text[:300]}"
    assert not TRACE.search(response.text), f"{what}: a stack trace in the body"
    if response.status_code >= 400 and response.content:
        content_type = (response.headers.get("content-type") or [""])[0]
        assert content_type.startswith(PROBLEM), f"{what}: {content_type}"
        problem = response.json()
        assert problem["status"] == response.status_code, what
        assert str(problem["type"]).startswith("urn:frontdesk:problem:"), what
