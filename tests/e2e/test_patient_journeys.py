"""What a patient sees, over HTTP, through all four stages of the real template."""

import pytest
import requests


def test_tier1_question_is_answered_with_that_sites_hours(main_site, lakeside):
    main = main_site.send_and_wait("what time do you open on saturday")
    assert (main["status"], main["tier"], main["action"]) == ("answered", 1, "auto_answer")
    assert main["intent"] == "office_hours"
    assert "Sat 09:00-13:00" in main["reply"]
    lake = lakeside.send_and_wait("what time do you open on saturday")
    assert lake["status"] == "answered" and "closed Sat, Sun" in lake["reply"]


def test_tier2_goes_to_the_scheduling_desk(main_site):
    view = main_site.send_and_wait("I need to move my appointment on Thursday")
    assert (view["status"], view["tier"], view["desk"]) == ("routed", 2, "scheduling")
    assert view["intent"] == "appointment_change"
    assert "our scheduling team" in view["reply"]


def test_a_second_request_in_another_clause_is_not_answered_away(main_site):
    # the whole message reads office_hours, sure enough to be answered; its second clause is
    # a scheduling request (rule 3). The models since session 8 read most such messages as the
    # scheduling request outright, or is too unsure of the hours to answer (next test).
    view = main_site.send_and_wait(
        "what time do you open saturday? btw push my wife's visit from tuesday to thursday"
    )
    assert (view["status"], view["tier"], view["desk"]) == ("routed", 2, "scheduling")
    assert "our scheduling team" in view["reply"]
    # the view shows the intent the decision acted on, with its clause's confidence
    assert view["intent"] == "appointment_change" and view["confidence"] >= 0.8


def test_a_two_request_message_is_never_answered_with_the_hours_alone(main_site):
    # whichever reading wins, a person sees it: the scheduling desk or the front desk
    view = main_site.send_and_wait(
        "what time do you open saturday? also need to push my sons tuesday appt back a week"
    )
    assert view["status"] == "routed" and view["desk"] in {"scheduling", "front_desk"}


def test_someone_elses_results_go_to_compliance(main_site):
    view = main_site.send_and_wait("I got someone else's lab results in my portal")
    assert (view["status"], view["tier"], view["intent"]) == (
        "escalated",
        3,
        "records_legal_request",
    )
    assert view["desk"] == "compliance"


def test_emergency_reply_starts_with_the_emergency_number(main_site):
    view = main_site.send_and_wait("I have crushing chest pain")
    assert (view["status"], view["tier"], view["intent"]) == ("escalated", 3, "medical_emergency")
    assert view["reply"].startswith("911")
    assert view["urgent_contact"] == {"kind": "emergency", "number": "911"}


def test_crisis_reply_starts_with_the_crisis_line(main_site):
    view = main_site.send_and_wait("i dont want to live anymore")
    assert (view["status"], view["intent"]) == ("escalated", "mental_health_crisis")
    assert view["reply"].startswith("988")


def test_only_punctuation_goes_to_the_front_desk_unanswered(main_site):
    view = main_site.send_and_wait("?!?... !!")
    assert (view["status"], view["action"], view["desk"]) == ("routed", "front_desk", "front_desk")
    assert view["tier"] is None


def test_accepted_message_reply_never_echoes_the_text(main_site):
    text = "hi there, my name is Zebulon Quagmire, do you take Aetna?"
    view = main_site.send_and_wait(text)
    assert "Zebulon" not in str(view) and "text" not in view


def test_idempotency_key_returns_the_same_message(main_site):
    first = main_site.post("how do I cancel an appointment", **{"Idempotency-Key": "retry-0001"})
    again = main_site.post("how do I cancel an appointment", **{"Idempotency-Key": "retry-0001"})
    assert first.status_code == again.status_code == 202
    assert first.json()["message_id"] == again.json()["message_id"]
    other = main_site.post("something else entirely", **{"Idempotency-Key": "retry-0001"})
    assert other.status_code == 422
    assert other.json()["type"] == "urn:frontdesk:problem:idempotency-key-reused"


def test_synchronous_classify_returns_labels_only(stack, main_site):
    response = requests.post(
        f"{stack.base_url}/v1/classify",
        json={"text": "do you take Cigna"},
        headers={"x-api-key": main_site.api_key},
        timeout=10,
    )
    body = response.json()
    assert response.status_code == 200, body
    assert body["intent"] == "insurance_accepted" and body["tier"] == 1
    assert body["action"] == "auto_answer"
    assert 1 <= len(body["alternatives"]) <= 3
    assert "Cigna" not in response.text


def test_health_needs_no_key(stack):
    response = requests.get(f"{stack.base_url}/v1/health", timeout=10)
    assert response.status_code == 200 and response.json()["status"] == "ok"


@pytest.mark.parametrize(
    ("make_request", "status", "problem"),
    [
        (lambda p: p.post("hi", **{"x-api-key": ""}), 403, "invalid-api-key"),
        (lambda p: p.post("hi", **{"x-api-key": "not-a-key"}), 403, "invalid-api-key"),
        (lambda p: p.get("01JD0000000000000000000000"), 404, "not-found"),
        (lambda p: p.get("not-an-id"), 404, "not-found"),
        (lambda p: p.post(""), 422, "validation-failed"),
        (lambda p: p.post("x" * 2001), 422, "validation-failed"),
    ],
)
def test_bad_requests_get_problem_json(main_site, make_request, status, problem):
    response = make_request(main_site)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == f"urn:frontdesk:problem:{problem}"
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("body", "content_type", "status", "problem"),
    [
        ("{not json", "application/json", 400, "invalid-json"),
        (
            '{"site_id": "riverside-main", "channel": "web", "text": "hi"}',
            "text/plain",
            415,
            "unsupported-media-type",
        ),
        (
            '{"site_id": "riverside-main", "channel": "fax", "text": "hi"}',
            "application/json",
            422,
            "validation-failed",
        ),
        (
            '{"site_id": "riverside-main", "channel": "web", "text": "hi", "dob": "1990-01-01"}',
            "application/json",
            422,
            "validation-failed",
        ),
        ("[1, 2, 3]", "application/json", 422, "validation-failed"),
        (
            '{"site_id": "riverside-main", "channel": "web", "text": "' + "a" * 20000 + '"}',
            "application/json",
            413,
            "payload-too-large",
        ),
        (
            '{"site_id": "riverside-lakeside", "channel": "web", "text": "hi"}',
            "application/json",
            404,
            "not-found",
        ),
        (
            '{"site_id": "nowhere", "channel": "web", "text": "hi"}',
            "application/json",
            404,
            "not-found",
        ),
    ],
)
def test_malformed_bodies_get_problem_json(stack, main_site, body, content_type, status, problem):
    response = requests.post(
        f"{stack.base_url}/v1/messages",
        data=body.encode(),
        headers={"x-api-key": main_site.api_key, "content-type": content_type},
        timeout=10,
    )
    assert response.status_code == status, response.text
    document = response.json()
    assert document["type"] == f"urn:frontdesk:problem:{problem}"
    assert document["status"] == status
    assert "1990-01-01" not in response.text


def test_a_sites_key_cannot_read_another_sites_message(main_site, lakeside):
    accepted = main_site.post("where do I park").json()
    assert lakeside.get(accepted["message_id"]).status_code == 404
    assert main_site.get(accepted["message_id"]).status_code == 200
