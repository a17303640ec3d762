"""Issue 9, over HTTP against the shared web stack: the console's config, the Cognito
passage with the console's app client, CORS of the patient API, the demo queue."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import requests

COGNITO = "AWSCognitoIdentityProviderService."


def _cognito(web_stack, operation: str, body: dict) -> requests.Response:
    config = requests.get(f"{web_stack.console_url}config.json", timeout=30).json()
    return requests.post(config["cognito"]["endpoint"], data=json.dumps(body), timeout=30,
                         headers={"Content-Type": "application/x-amz-json-1.1",
                                  "X-Amz-Target": COGNITO + operation})


def test_the_console_config_points_at_this_stack(web_stack):
    response = requests.get(f"{web_stack.console_url}config.json", timeout=30)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    config = response.json()
    stack = web_stack.stack
    assert config["apiBase"] == web_stack.base_url
    assert config["cognito"] == {
        "endpoint": f"{web_stack.base_url}/_cognito/", "region": "us-east-1",
        "userPoolId": stack.physical_id("StaffUserPool"),
        "clientId": stack.physical_id("StaffConsoleClient")}
    assert config["idleMinutes"] == 15


def test_a_browser_signs_in_with_password_and_totp_and_signs_out(web_stack):
    config = requests.get(f"{web_stack.console_url}config.json", timeout=30).json()
    nurse = web_stack.users["nurse"]
    first = _cognito(web_stack, "InitiateAuth", {
        "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": config["cognito"]["clientId"],
        "AuthParameters": {"USERNAME": nurse.username, "PASSWORD": nurse.password}})
    assert first.status_code == 200, first.text
    assert first.json()["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    second = _cognito(web_stack, "RespondToAuthChallenge", {
        "ChallengeName": "SOFTWARE_TOKEN_MFA", "ClientId": config["cognito"]["clientId"],
        "Session": first.json()["Session"],
        "ChallengeResponses": {"USERNAME": nurse.username,
                               "SOFTWARE_TOKEN_MFA_CODE": web_stack.totp("nurse")}})
    assert second.status_code == 200, second.text
    tokens = second.json()["AuthenticationResult"]
    me = requests.get(f"{web_stack.base_url}/v1/staff/me", timeout=30,
                      headers={"Authorization": tokens["IdToken"]})
    assert me.status_code == 200 and "nurse" in me.json()["roles"]
    out = _cognito(web_stack, "GlobalSignOut", {"AccessToken": tokens["AccessToken"]})
    assert out.status_code == 200


def test_a_wrong_password_is_refused(web_stack):
    config = requests.get(f"{web_stack.console_url}config.json", timeout=30).json()
    answer = _cognito(web_stack, "InitiateAuth", {
        "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": config["cognito"]["clientId"],
        "AuthParameters": {"USERNAME": web_stack.users["nurse"].username,
                           "PASSWORD": "not-the-password-1A!"}})
    assert answer.status_code == 400 and "NotAuthorized" in answer.text


def test_the_patient_api_answers_a_cross_origin_widget(web_stack):
    origin = "https://www.riverside-practice.example"
    preflight = requests.options(f"{web_stack.base_url}/v1/messages", timeout=30, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-api-key"})
    assert preflight.status_code == 200  # no key needed for a preflight
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "x-api-key" in preflight.headers["Access-Control-Allow-Headers"]
    key = web_stack.site_key("riverside-main")
    posted = requests.post(f"{web_stack.base_url}/v1/messages", timeout=30, headers={
        "Origin": origin, "x-api-key": key},
        json={"site_id": "riverside-main", "channel": "web", "text": "do you take aetna?"})
    assert posted.status_code == 202
    assert posted.headers["Access-Control-Allow-Origin"] == "*"
    view = requests.get(f"{web_stack.base_url}/v1/messages/{posted.json()['message_id']}",
                        timeout=30, headers={"Origin": origin, "x-api-key": key})
    assert view.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in view.headers
    # the gateway's own problems are readable too (a wrong key: the widget can say so)
    refused = requests.post(f"{web_stack.base_url}/v1/messages", timeout=30, headers={
        "Origin": origin, "x-api-key": "not-a-key"}, json={})
    assert refused.status_code == 403
    assert refused.headers["Access-Control-Allow-Origin"] == "*"


def test_the_demo_queue_has_an_emergency_a_crisis_and_tier_2_work(web_stack):
    items = web_stack.demo_messages
    assert all(item["status"] in ("answered", "routed", "escalated") for item in items), items
    intents = {item["intent"] for item in items if item.get("tier") == 3}
    assert {"medical_emergency", "mental_health_crisis"} <= intents
    assert sum(item.get("tier") == 2 for item in items) >= 3
    assert any(item.get("desk") == "results" for item in items)


def test_raw_traversal_paths_are_refused_by_the_server(web_stack):
    host, port = urlsplit(web_stack.base_url).netloc.split(":")
    for path in ("/console/../template.yaml", "/widget/%2e%2e/%2e%2e/Makefile"):
        with socket.create_connection((host, int(port)), timeout=30) as conn:
            conn.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
        assert b"application/problem+json" in answer
