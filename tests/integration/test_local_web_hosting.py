"""Issue 9: the local stand-in for CloudFront (infra/local/web.py) over a moto S3 bucket
filled by infra/deploy_web.upload_web, with the headers read from template.yaml."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import boto3
import pytest
from moto import mock_aws

from infra.deploy_web import CONFIG_KEY, console_config, upload_web
from infra.local.template import load_template
from infra.local.web import COGNITO_PATH, WebHosting, read_distribution

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:3999"
REST_API_ID = "abc123defg"


@pytest.fixture(scope="module")
def hosting():
    with pytest.MonkeyPatch.context() as env, mock_aws():
        for name, value in (("AWS_DEFAULT_REGION", "us-east-1"),
                            ("AWS_ACCESS_KEY_ID", "testing"),
                            ("AWS_SECRET_ACCESS_KEY", "testing")):
            env.setenv(name, value)
        yield _hosting()


def _hosting() -> WebHosting:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="web-bucket")
    sam = load_template(ROOT / "template.yaml")
    stack = SimpleNamespace(
        deployment=SimpleNamespace(sam_template=sam, parameters={"Stage": "dev"},
                                   physical_ids={"FrontdeskApi": REST_API_ID,
                                                 "WebBucket": "web-bucket"}),
        physical_id=lambda logical_id: {"WebBucket": "web-bucket"}[logical_id],
    )
    distribution = read_distribution(stack, api_base=BASE,
                                     cognito_endpoint=f"{BASE}{COGNITO_PATH}")
    config = console_config(api_base=BASE, region="us-east-1", user_pool_id="us-east-1_x",
                            client_id="client", cognito_endpoint=f"{BASE}{COGNITO_PATH}")
    upload_web(s3, "web-bucket", config)
    return WebHosting(s3, distribution, {"console", "widget", "errors"}, "http://unused/")


def _get(hosting, path, method="GET"):
    reply = hosting(method, path, [], b"")
    assert reply is not None, path
    return reply.status, {k.lower(): v for k, v in reply.headers}, reply.body


def test_the_template_csp_with_local_urls_on_every_file(hosting):
    status, headers, _ = _get(hosting, "/widget/frontdesk-widget.js")
    assert status == 200
    csp = headers["content-security-policy"]
    assert csp.startswith("default-src 'none'; script-src 'self'; style-src 'self';")
    assert f"connect-src 'self' {BASE} {BASE}/_cognito/;" in csp
    assert "execute-api" not in csp and "cognito-idp" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["strict-transport-security"] == "max-age=63072000; includeSubDomains"
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(("path", "expected"), [
    ("/widget/frontdesk-widget.js", "text/javascript; charset=utf-8"),
    ("/widget/frontdesk-widget.css", "text/css; charset=utf-8"),
    ("/widget/demo.html", "text/html; charset=utf-8"),
    ("/console/config.json", "application/json"),
])
def test_content_types_come_from_the_upload(hosting, path, expected):
    status, headers, _ = _get(hosting, path)
    assert (status, headers["content-type"]) == (200, expected)


def test_the_config_names_the_api_and_cognito_and_is_not_stored(hosting):
    status, headers, body = _get(hosting, f"/{CONFIG_KEY}")
    assert status == 200 and headers["cache-control"] == "no-store"
    config = json.loads(body)
    assert config == {"apiBase": BASE, "idleMinutes": 15, "cognito": {
        "endpoint": f"{BASE}/_cognito/", "region": "us-east-1", "userPoolId": "us-east-1_x",
        "clientId": "client"}}


def test_directories_serve_their_index_and_bare_names_redirect(hosting):
    status, headers, body = _get(hosting, "/console/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert body == (ROOT / "web/console/index.html").read_bytes()
    status, headers, _ = _get(hosting, "/console")
    assert (status, headers["location"]) == (301, "/console/")
    assert _get(hosting, "/")[2] == body  # DefaultRootObject


def test_a_missing_file_is_404_problem_json_with_the_headers(hosting):
    status, headers, body = _get(hosting, "/widget/nothing-here.js")
    assert status == 404
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body)["type"] == "urn:frontdesk:problem:not-found"
    assert "content-security-policy" in headers


@pytest.mark.parametrize("path", [
    "/console/../template.yaml", "/console/%2e%2e/template.yaml", "/widget/..%2f..%2fMakefile",
    "/console/./index.html", "/widget/..%5c..%5cMakefile",
])
def test_path_traversal_is_refused(hosting, path):
    status, headers, body = _get(hosting, path)
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    assert b"Makefile" not in body and b"AWSTemplateFormatVersion" not in body


def test_other_paths_and_methods_go_on_to_the_api(hosting):
    assert hosting("GET", "/v1/health", [], b"") is None
    assert hosting("POST", "/console/", [], b"{}") is None
    assert hosting("GET", "/template.yaml", [], b"") is None  # not a web folder: the API's 403


def test_the_cognito_passage_refuses_admin_operations_and_answers_preflights(hosting):
    reply = hosting("POST", COGNITO_PATH, [
        ("X-Amz-Target", "AWSCognitoIdentityProviderService.AdminGetUser"),
        ("Content-Type", "application/x-amz-json-1.1")], b"{}")
    assert reply.status == 400 and b"UnknownOperationException" in reply.body
    preflight = hosting("OPTIONS", COGNITO_PATH, [], b"")
    headers = dict(preflight.headers)
    assert preflight.status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    assert "x-amz-target" in headers["Access-Control-Allow-Headers"]
