"""Staff and admin over HTTP through the template's Cognito authorizer (issue 6): the
endpoint x role matrix, organisation isolation, and a lab-results message from the
patient to the results desk and back."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import RSAKey
from moto.utilities.utils import load_resource

from frontdesk.adapters.dynamodb import DynamoConfigRepository
from frontdesk.models.config import ApiKeyBinding, Organization
from infra.local.seed import DEMO_SITES
from infra.local.staff_users import ROLES, username_for
from tests.e2e.audit_log import wait_for_audit_event
from tests.e2e.conftest import Patient

DESK_ROLES = [r for r in ROLES if r not in ("finance", "admin")]
NO_DESK = ["finance", "admin"]
PROBLEM = "application/problem+json"


class Staff:
    """Signed-in users of the demo pool, by username; tokens cached for their lifetime."""

    def __init__(self, stack) -> None:
        self.stack, self.directory, self.tokens = stack, stack.demo.staff, {}

    def token(self, username: str) -> str:
        if username not in self.tokens:
            self.tokens[username] = self.directory.id_token(username)
        return self.tokens[username]

    def call(self, username: str | None, method: str, path: str, **kwargs) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if username:
            headers["Authorization"] = self.token(username)
        return requests.request(method, f"{self.stack.base_url}{path}", headers=headers,
                                timeout=30, **kwargs)


@pytest.fixture(scope="module")
def staff(stack) -> Staff:
    return Staff(stack)


@pytest.fixture(scope="module")
def harbor(stack, staff):
    """A second organisation with one site, a site key and two users of its own."""
    config = DynamoConfigRepository(stack.client("dynamodb"), stack.physical_id("ConfigTable"))
    config.put_organization(Organization(org_id="harbor", name="Harbor Dental"))
    site = DEMO_SITES[0].model_copy(update={"site_id": "harbor-main", "org_id": "harbor",
                                            "name": "Harbor Dental"})
    config.put_site(site)
    key_id, key_value = stack.create_api_key("harbor-main-web")
    config.put_api_key_binding(ApiKeyBinding(api_key_id=key_id, site_id="harbor-main",
                                             org_id="harbor"))
    for role in ("results", "admin"):
        staff.directory.create(username_for("harbor", role), "harbor", [role])
    return Patient(stack.base_url, "harbor-main", key_value)


def routed(patient: Patient, text: str) -> dict:
    view = patient.send_and_wait(text)
    assert view["status"] in ("routed", "escalated"), view
    return view


@pytest.fixture(scope="module")
def lab(main_site) -> dict:
    view = routed(main_site, "are my blood test results back yet?")
    assert (view["intent"], view["desk"], view["tier"]) == ("lab_results", "results", 2)
    return view


def riverside(role: str) -> str:
    return username_for("riverside", role)


# ------------------------------------------------------------- authorizer
def test_no_token_a_forged_one_and_an_expired_one_get_401(stack, staff):
    token = staff.token(riverside("results"))
    header, payload, signature = token.split(".")
    forged_payload = json.loads(_b64d(payload)) | {"custom:org_id": "harbor"}
    forged = ".".join([header, _b64e(json.dumps(forged_payload)), signature])
    expired = _expired_token_signed_by_the_pool(stack, json.loads(_b64d(payload)))
    for bad in (None, "", "not-a-jwt", forged, expired, token[:-4] + "AAAA"):
        headers = {} if bad is None else {"Authorization": bad}
        response = requests.get(f"{stack.base_url}/v1/staff/me", headers=headers, timeout=30)
        assert response.status_code == 401, bad
        assert response.headers["Content-Type"] == PROBLEM
        assert response.json()["type"] == "urn:frontdesk:problem:unauthorized"
    ok = staff.call(riverside("results"), "GET", "/v1/staff/me")
    assert ok.status_code == 200 and ok.json()["desks"] == ["results"]


def test_a_site_api_key_opens_no_staff_route(stack, main_site):
    response = requests.get(f"{stack.base_url}/v1/staff/me",
                            headers={"x-api-key": main_site.api_key}, timeout=30)
    assert response.status_code == 401


# ------------------------------------------------------------- role matrix
def _matrix_cases(message_id: str):
    """(method, path, body, {role: status}) for every staff and admin route."""
    mid = f"/v1/staff/messages/{message_id}"
    desk_roles_404 = {r: 404 for r in DESK_ROLES} | {"results": None} | dict.fromkeys(NO_DESK, 403)
    queue = {r: 403 for r in ROLES} | {"results": 200}
    admin_only = {r: 403 for r in ROLES}
    return [
        ("GET", "/v1/staff/me", None, dict.fromkeys(ROLES, 200)),
        ("GET", "/v1/staff/queue?site=riverside-main&desk=results", None, queue),
        ("GET", mid, None, desk_roles_404 | {"results": 200}),
        ("POST", f"{mid}/view-text", {"reason": "quality_review"},
         desk_roles_404 | {"results": 200}),
        ("POST", f"{mid}/claim", None, desk_roles_404),
        ("POST", f"{mid}/resolve", {"outcome": "duplicate"}, desk_roles_404),
        ("POST", f"{mid}/reply", {"text": "hello"}, desk_roles_404),
        ("GET", "/v1/admin/organization", None, admin_only | {"admin": 200}),
        ("PUT", "/v1/admin/organization", {"name": "x"}, admin_only | {"admin": 428}),
        ("GET", "/v1/admin/sites", None, admin_only | {"admin": 200}),
        ("POST", "/v1/admin/sites", {"site_id": "x"}, admin_only | {"admin": 422}),
        ("GET", "/v1/admin/sites/riverside-main", None, admin_only | {"admin": 200}),
        ("PATCH", "/v1/admin/sites/riverside-main", {"phone": "1"}, admin_only | {"admin": 428}),
        ("POST", "/v1/admin/sites/riverside-main/templates/preview", {"name": "office_hours"},
         admin_only | {"admin": 200}),
        ("GET", "/v1/admin/sites/riverside-main/api-keys", None, admin_only | {"admin": 200}),
        ("POST", "/v1/admin/sites/riverside-main/api-keys", {"name": "bad name!"},
         admin_only | {"admin": 422}),
        ("DELETE", "/v1/admin/sites/riverside-main/api-keys/nosuchkey", None,
         admin_only | {"admin": 404}),
    ]


def test_every_staff_and_admin_route_for_every_role(stack, staff, lab):
    cases = _matrix_cases(lab["message_id"])
    routes = {(r.method, r.resource) for r in stack.routes
              if r.resource.startswith(("/v1/staff/", "/v1/admin/"))}
    assert len(routes) == len(cases)  # the matrix covers every route of the template
    failures = []
    for method, path, body, expected in cases:
        for role in ROLES:
            want = expected[role]
            if want is None:
                continue  # the results clerk's own claim/resolve/reply: the journey test
            response = staff.call(riverside(role), method, path,
                                  json=body if body is not None else None)
            if response.status_code != want:
                failures.append((role, method, path, response.status_code, want))
            elif want >= 400:
                assert response.headers["Content-Type"] == PROBLEM, (role, path)
            if response.status_code < 300 and role != "results" and "view-text" in path:
                failures.append(("text leaked", role, path))
    assert failures == []


def test_finance_and_admin_never_see_text(staff, lab):
    for role in NO_DESK:
        response = staff.call(riverside(role), "POST",
                              f"/v1/staff/messages/{lab['message_id']}/view-text",
                              json={"reason": "quality_review"})
        assert response.status_code == 403
        assert "blood" not in response.text


# ------------------------------------------------------- organisation isolation
def test_nothing_of_another_organisation_is_reachable(staff, harbor, lab, main_site):
    theirs = username_for("harbor", "results")
    mid = f"/v1/staff/messages/{lab['message_id']}"
    for method, path, body in [
        ("GET", mid, None),
        ("POST", f"{mid}/view-text", {"reason": "clinical_review"}),
        ("POST", f"{mid}/claim", None),
        ("POST", f"{mid}/resolve", {"outcome": "duplicate"}),
        ("POST", f"{mid}/reply", {"text": "hi"}),
        ("GET", "/v1/staff/queue?site=riverside-main&desk=results", None),
    ]:
        response = staff.call(theirs, method, path, json=body)
        assert response.status_code == 404, (method, path, response.text)
        assert "blood" not in response.text
    their_admin = username_for("harbor", "admin")
    for method, path, body in [
        ("GET", "/v1/admin/sites/riverside-main", None),
        ("PATCH", "/v1/admin/sites/riverside-main", {"phone": "(555) 000-0000"}),
        ("POST", "/v1/admin/sites/riverside-main/templates/preview", {"name": "office_hours"}),
        ("GET", "/v1/admin/sites/riverside-main/api-keys", None),
        ("POST", "/v1/admin/sites/riverside-main/api-keys", {"name": "stolen"}),
    ]:
        headers = {"If-Match": '"1"'} if method == "PATCH" else {}
        response = staff.call(their_admin, method, path, json=body, headers=headers)
        assert response.status_code == 404, (method, path, response.text)
    sites = staff.call(their_admin, "GET", "/v1/admin/sites").json()["items"]
    assert [s["site_id"] for s in sites] == ["harbor-main"]
    assert staff.call(their_admin, "GET", "/v1/admin/organization").json()["org_id"] == "harbor"
    # and their own queue does not show riverside's message
    queue = staff.call(theirs, "GET", "/v1/staff/queue?site=harbor-main&desk=results").json()
    assert lab["message_id"] not in {i["message_id"] for i in queue["items"]}
    # a harbor patient's message is not in riverside's queues
    harbor_lab = routed(harbor, "are my lab results in?")
    ours = staff.call(riverside("results"), "GET",
                      "/v1/staff/queue?site=riverside-main&desk=results&status=all").json()
    assert harbor_lab["message_id"] not in {i["message_id"] for i in ours["items"]}
    assert staff.call(riverside("results"), "GET",
                      f"/v1/staff/messages/{harbor_lab['message_id']}").status_code == 404


# ----------------------------------------------------------- the journey
def test_lab_results_message_from_patient_to_results_desk_and_back(
    stack, staff, main_site, lakeside
):
    # GIVEN a patient's Tier-2 lab-results question at the main site
    view = routed(main_site, "did my cholesterol results come back from the lab?")
    message_id = view["message_id"]
    assert (view["tier"], view["desk"]) == (2, "results")
    clerk = riverside("results")

    # THEN it is in the results queue of that site only, without its text
    def queue(site, desk="results", user=clerk):
        response = staff.call(user, "GET", f"/v1/staff/queue?site={site}&desk={desk}")
        assert response.status_code == 200, response.text
        return response.json()

    main_queue = queue("riverside-main")
    item = next(i for i in main_queue["items"] if i["message_id"] == message_id)
    assert (item["intent"], item["tier"], item["channel"], item["status"]) == (
        "lab_results", 2, "web", "routed")
    assert "cholesterol" not in json.dumps(main_queue)
    assert message_id not in {i["message_id"] for i in queue("riverside-lakeside")["items"]}
    billing = queue("riverside-main", "billing", riverside("billing"))
    assert message_id not in {i["message_id"] for i in billing["items"]}

    # WHEN the results clerk reads it with a reason
    shown = staff.call(clerk, "POST", f"/v1/staff/messages/{message_id}/view-text",
                       json={"reason": "respond_to_patient"})
    assert shown.status_code == 200 and "cholesterol" in shown.json()["text"]
    assert shown.headers["Cache-Control"] == "no-store"
    # THEN an audit event says who read it and why, without the text
    event = wait_for_audit_event(stack, message_id, "message.text_viewed")
    assert event["reason"] == "respond_to_patient" and event["actor"]["kind"] == "staff"
    assert "cholesterol" not in json.dumps(event)

    # WHEN the clerk replies, and the respond stage delivers it
    reply = staff.call(clerk, "POST", f"/v1/staff/messages/{message_id}/reply",
                       json={"text": "Your cholesterol results are in; all normal."})
    assert reply.status_code == 202, reply.text
    deadline = time.monotonic() + 30
    while (patient := main_site.get(message_id).json()).get("staff_reply") is None:
        assert time.monotonic() < deadline, patient
        time.sleep(0.2)
    # THEN the patient's GET shows the reply
    assert patient["staff_reply"] == "Your cholesterol results are in; all normal."
    assert patient["status"] == "claimed"
    assert staff.call(clerk, "POST", f"/v1/staff/messages/{message_id}/reply",
                      json={"text": "again"}).status_code == 409

    # AND the clerk resolves it; it leaves the active queue and can never go back
    done = staff.call(clerk, "POST", f"/v1/staff/messages/{message_id}/resolve",
                      json={"outcome": "replied"})
    assert done.status_code == 200 and done.json()["status"] == "resolved"
    assert message_id not in {i["message_id"] for i in queue("riverside-main")["items"]}
    assert staff.call(clerk, "POST",
                      f"/v1/staff/messages/{message_id}/claim").status_code == 409


def test_bad_input_is_problem_json_never_5xx(staff, lab):
    clerk, mid = riverside("results"), f"/v1/staff/messages/{lab['message_id']}"
    cases = [
        ("GET", "/v1/staff/queue", None, 422),
        ("GET", "/v1/staff/queue?site=riverside-main&desk=cafeteria", None, 422),
        ("GET", "/v1/staff/queue?site=riverside-main&desk=results&limit=0", None, 422),
        ("GET", "/v1/staff/queue?site=riverside-main&desk=results&cursor=bm9wZQ", None, 400),
        ("GET", "/v1/staff/queue?site=nowhere&desk=results", None, 404),
        ("GET", "/v1/staff/queue?site=riverside-main&desk=results&evil=1", None, 422),
        ("GET", "/v1/staff/messages/not-a-ulid", None, 404),
        ("POST", f"{mid}/view-text", {"reason": "curiosity"}, 422),
        ("POST", f"{mid}/view-text", {}, 422),
        ("POST", f"{mid}/resolve", {"outcome": "replied", "extra": 1}, 422),
        ("POST", f"{mid}/reply", {"text": ""}, 422),
        ("POST", f"{mid}/reply", {"text": "x" * 2001}, 422),
    ]
    for method, path, body, want in cases:
        response = staff.call(clerk, method, path, json=body)
        assert response.status_code == want, (path, body, response.text)
        assert response.headers["Content-Type"] == PROBLEM
    raw = staff.call(clerk, "POST", f"{mid}/reply", data="{not json",
                     headers={"content-type": "application/json"})
    assert raw.status_code == 400


# --------------------------------------------------------------- admin
def test_two_admins_cannot_overwrite_each_other(staff):
    admin = riverside("admin")
    first = staff.call(admin, "GET", "/v1/admin/sites/riverside-lakeside")
    etag = first.headers["ETag"]
    ok = staff.call(admin, "PATCH", "/v1/admin/sites/riverside-lakeside",
                    json={"confidence_threshold": 0.75}, headers={"If-Match": etag})
    assert ok.status_code == 200, ok.text
    assert ok.json()["confidence_threshold"] == 0.75 and ok.headers["ETag"] != etag
    stale = staff.call(admin, "PATCH", "/v1/admin/sites/riverside-lakeside",
                       json={"emergency_number": "112"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    unknown = staff.call(admin, "PATCH", "/v1/admin/sites/riverside-lakeside",
                         json={"templates": {"office_hours": "Open $sometimes"}},
                         headers={"If-Match": ok.headers["ETag"]})
    assert unknown.status_code == 422
    preview = staff.call(admin, "POST", "/v1/admin/sites/riverside-lakeside/templates/preview",
                         json={"text": "Call $phone, desk: $desk_name", "desk": "billing"})
    assert preview.status_code == 200
    assert preview.json()["text"] == "Call (555) 010-3000, desk: our billing office"


def test_organisation_put_needs_the_current_etag(staff):
    admin = riverside("admin")
    current = staff.call(admin, "GET", "/v1/admin/organization")
    body = {"name": current.json()["name"], "message_text_retention_days": 45}
    ok = staff.call(admin, "PUT", "/v1/admin/organization", json=body,
                    headers={"If-Match": current.headers["ETag"]})
    assert ok.status_code == 200 and ok.json()["message_text_retention_days"] == 45
    again = staff.call(admin, "PUT", "/v1/admin/organization", json=body,
                       headers={"If-Match": current.headers["ETag"]})
    assert again.status_code == 412


def test_admin_creates_a_site_key_that_works_and_revokes_it(stack, staff):
    admin = riverside("admin")
    created = staff.call(admin, "POST", "/v1/admin/sites/riverside-lakeside/api-keys",
                         json={"name": "sms-gateway"})
    assert created.status_code == 201, created.text
    key = created.json()
    patient = Patient(stack.base_url, "riverside-lakeside", key["value"])
    deadline = time.monotonic() + 20
    while (response := patient.post("do you take medicare?")).status_code != 202:
        assert time.monotonic() < deadline, response.text
        time.sleep(0.5)
    listed = staff.call(admin, "GET", "/v1/admin/sites/riverside-lakeside/api-keys").json()
    assert key["key_id"] in {k["key_id"] for k in listed["items"]}
    assert "value" not in json.dumps(listed)
    revoked = staff.call(admin, "DELETE",
                         f"/v1/admin/sites/riverside-lakeside/api-keys/{key['key_id']}")
    assert revoked.status_code == 204
    deadline = time.monotonic() + 20
    while (response := patient.post("do you take medicare?")).status_code != 403:
        assert time.monotonic() < deadline, response.text
        time.sleep(0.5)


def test_the_openapi_document_is_served(stack):
    response = requests.get(f"{stack.base_url}/v1/openapi.json", timeout=30)
    assert response.status_code == 200
    assert "/v1/staff/queue" in response.json()["paths"]


# ---------------------------------------------------------------- helpers
def _b64d(segment: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _b64e(text: str) -> str:
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _expired_token_signed_by_the_pool(stack, claims: dict) -> str:
    """A token with the pool's own signature (moto's key) that expired a minute ago."""
    key = RSAKey.import_key(load_resource("cognitoidp/resources/jwks-private.json"))
    past = int((datetime.now(UTC) - timedelta(hours=2)).timestamp())
    payload = claims | {"iat": past, "auth_time": past, "exp": past + 3600}
    return jwt.encode({"alg": "RS256", "kid": "dummy"}, payload, key)
