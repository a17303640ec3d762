"""The staff and admin operations of GET /v1/openapi.json, fuzzed by schemathesis with real
Cognito ID tokens (issue 6): whatever a signed-in results clerk or administrator sends,
the answer is never a 5xx or a stack trace, and every error is a problem document.

(The patient-side fuzz test sends no token, so it reaches only the authorizer's 401.)
"""

from __future__ import annotations

import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.fuzz.problem_check import check_response

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))  # per operation and mode


@pytest.fixture(scope="module")
def staff_schema(fuzz_stack):
    document = requests.get(f"{fuzz_stack.base_url}/v1/openapi.json", timeout=30).json()
    return schemathesis.openapi.from_dict(document)


def _fuzz(operation, mode, base_url: str, token: str, session, calls: list) -> None:
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case) -> None:
        headers = {
            k: v
            for k, v in (case.headers or {}).items()
            if k.lower() not in ("authorization", "x-api-key")
        }
        case.headers = {**headers, "Authorization": token}
        response = case.call(base_url=base_url, session=session, timeout=60)
        calls.append(response.status_code)
        check_response(response, f"{case.method} {case.formatted_path} ({mode.value})")

    try:
        fuzz()
    except Unsatisfiable:
        pass  # nothing invalid to generate for an operation without inputs


@pytest.mark.e2e
@pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"]
)
def test_signed_in_staff_and_admins_get_no_5xx(mode, fuzz_stack, staff_schema):
    directory = fuzz_stack.demo.staff
    tokens = {
        "staff": directory.id_token("riverside-results"),
        "admin": directory.id_token("riverside-admin"),
    }
    session, calls = requests.Session(), []
    for result in staff_schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(("/v1/staff/", "/v1/admin/")):
            continue
        token = tokens["admin" if operation.path.startswith("/v1/admin/") else "staff"]
        _fuzz(operation, mode, fuzz_stack.base_url, token, session, calls)
    assert calls
    print(f"{len(calls)} calls, statuses {sorted(set(calls))}")
