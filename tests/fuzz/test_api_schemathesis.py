"""Every operation of the API, fuzzed by schemathesis from its OpenAPI document, over HTTP.

Valid and invalid bodies, parameters and headers (schemathesis' positive and negative
modes), each sent three times: with the right credential (the site's key, or for staff,
admin and finance routes a staff ID token of one of several roles), with none, and with a
wrong one.
Whatever arrives, the answer is never a 5xx, never carries a stack trace, and an error is
an RFC 9457 problem document. Afterwards the pipeline has swallowed every accepted message:
no worker died, no poller stopped, nothing sits in a dead-letter queue.

The document is the API's own GET /v1/openapi.json. A stack without that route is fuzzed
against a document built here from the patient API's pydantic models.
"""

from __future__ import annotations

import json
import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from frontdesk.models.api import ClassifyText, SubmitMessage
from tests.fuzz.problem_check import check_response

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))  # per operation and mode


def patient_api_document() -> dict:
    """The patient API as it stood before GET /v1/openapi.json (routes of template.yaml)."""

    def body(model) -> dict:
        return {
            "required": True,
            "content": {"application/json": {"schema": model.model_json_schema()}},
        }

    key = [{"site_key": []}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "frontdesk patient API (test fallback)", "version": "0"},
        "components": {
            "securitySchemes": {"site_key": {"type": "apiKey", "in": "header", "name": "x-api-key"}}
        },
        "paths": {
            "/v1/messages": {
                "post": {
                    "operationId": "submitMessage",
                    "security": key,
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": False,
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": body(SubmitMessage),
                    "responses": {"202": {"description": ""}},
                }
            },
            "/v1/messages/{message_id}": {
                "get": {
                    "operationId": "getMessage",
                    "security": key,
                    "parameters": [
                        {
                            "name": "message_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {"200": {"description": ""}},
                }
            },
            "/v1/classify": {
                "post": {
                    "operationId": "classifyText",
                    "security": key,
                    "requestBody": body(ClassifyText),
                    "responses": {"200": {"description": ""}},
                }
            },
            "/v1/health": {
                "get": {"operationId": "health", "responses": {"200": {"description": ""}}}
            },
        },
    }


@pytest.fixture(scope="session")
def api_document(fuzz_stack) -> dict:
    response = requests.get(f"{fuzz_stack.base_url}/v1/openapi.json", timeout=30)
    if response.status_code == 200:
        return response.json()
    return patient_api_document()


@pytest.fixture(scope="session")
def api_schema(api_document):
    return schemathesis.openapi.from_dict(api_document)


ACCEPTED: list[tuple[str, str]] = []
CALLS: dict[str, int] = {}
SKIPPED: list[str] = []


STAFF_PATHS = ("/v1/staff", "/v1/admin", "/v1/finance")
STAFF_ROLES = ("admin", "front_desk", "finance", "nurse")


def _credentials(path: str, site_key: str, staff_tokens: dict[str, str], n: int):
    """Three tries per case: the right kind of credential, none, and a wrong one."""
    if path.startswith(STAFF_PATHS) and staff_tokens:
        role = STAFF_ROLES[n % len(STAFF_ROLES)]
        right = (f"{role} token", "Authorization", staff_tokens[role])
        wrong = ("wrong token", "Authorization", "eyJhbGciOiJub25lIn0.e30.")
    else:
        right = ("site key", "x-api-key", site_key)
        wrong = ("wrong key", "x-api-key", "not-a-key-" + "x" * 20)
    return (right, ("no key", None, None), wrong)


def _fuzz(
    operation, mode: GenerationMode, base_url: str, site_key: str, staff_tokens: dict[str, str]
) -> None:
    session = requests.Session()
    examples = iter(range(10**9))

    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case) -> None:
        n = next(examples)
        for label, header, value in _credentials(case.path, site_key, staff_tokens, n):
            headers = {
                k: v
                for k, v in (case.headers or {}).items()
                if k.lower() not in ("x-api-key", "authorization")
            }
            if header:
                headers[header] = value
            case.headers = headers
            response = case.call(base_url=base_url, session=session, timeout=60)
            CALLS[operation.label] = CALLS.get(operation.label, 0) + 1
            check_response(response, f"{case.method} {case.formatted_path} ({label}, {mode.value})")
            if response.status_code == 202 and case.path == "/v1/messages":
                ACCEPTED.append((response.json()["message_id"], label))

    try:
        fuzz()
    except Unsatisfiable:
        # Nothing to get wrong here (e.g. invalid inputs for an operation with no inputs).
        SKIPPED.append(f"{operation.label} ({mode.value})")


def _staff_tokens(stack) -> dict[str, str]:
    """ID tokens of the demo practice's staff, when the stack has staff (Cognito) at all."""
    directory = getattr(stack.demo, "staff", None)
    if directory is None:
        return {}
    from infra.local.staff_users import username_for

    return {role: directory.id_token(username_for("riverside", role)) for role in STAFF_ROLES}


@pytest.mark.e2e
@pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"]
)
def test_no_input_gets_a_5xx_or_a_stack_trace(mode, fuzz_stack, api_schema):
    staff_tokens = _staff_tokens(fuzz_stack)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert operations
    for operation in operations:
        _fuzz(
            operation,
            mode,
            fuzz_stack.base_url,
            fuzz_stack.demo.api_keys["riverside-main"],
            staff_tokens,
        )
    print(f"{sum(CALLS.values())} calls: {CALLS}; nothing to generate: {SKIPPED}")


@pytest.mark.e2e
def test_the_pipeline_swallowed_every_fuzzed_message(fuzz_stack):
    """Runs after the fuzzing (same module): no dead worker, poller or dead letter."""
    assert fuzz_stack.drain(120)
    for logical_id, worker in fuzz_stack.workers.items():
        assert worker.restarts == 0, f"{logical_id} died"
    sqs = fuzz_stack.client("sqs")
    for logical_id in fuzz_stack.deployment.resources_of_type("AWS::SQS::Queue"):
        if "DeadLetter" in logical_id:
            attributes = sqs.get_queue_attributes(
                QueueUrl=fuzz_stack.physical_id(logical_id),
                AttributeNames=["ApproximateNumberOfMessages"],
            )["Attributes"]
            assert attributes["ApproximateNumberOfMessages"] == "0", logical_id
    key = fuzz_stack.demo.api_keys["riverside-main"]
    for message_id, _ in ACCEPTED:
        view = requests.get(
            f"{fuzz_stack.base_url}/v1/messages/{message_id}",
            headers={"x-api-key": key},
            timeout=30,
        ).json()
        assert view["status"] in ("answered", "routed", "escalated"), json.dumps(view)
