"""Issue 9: the web hosting resources of template.yaml and the files under web/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from samtranslator.yaml_helper import yaml_parse

from infra.deploy_web import content_type, web_files

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = yaml_parse((ROOT / "template.yaml").read_text())
RESOURCES = TEMPLATE["Resources"]
DISTRIBUTION = RESOURCES["WebDistribution"]["Properties"]["DistributionConfig"]
POLICY = RESOURCES["WebResponseHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
SECURITY = POLICY["SecurityHeadersConfig"]


def _csp() -> dict[str, list[str]]:
    text = SECURITY["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    directives = {}
    for part in text.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def _behaviors() -> list[dict]:
    return [DISTRIBUTION["DefaultCacheBehavior"], *DISTRIBUTION.get("CacheBehaviors", [])]


def test_the_web_bucket_is_private_versioned_encrypted_and_logged():
    props = RESOURCES["WebBucket"]["Properties"]
    assert all(props["PublicAccessBlockConfiguration"].values())
    assert props["VersioningConfiguration"]["Status"] == "Enabled"
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0][
        "ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert props["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert props["LoggingConfiguration"]["DestinationBucketName"] == {"Ref": "AccessLogBucket"}
    assert "WebsiteConfiguration" not in props  # never a public website endpoint


def test_only_this_distribution_may_read_the_bucket_and_only_objects():
    statements = RESOURCES["WebBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    allows = [s for s in statements if s["Effect"] == "Allow"]
    assert len(allows) == 1
    (allow,) = allows
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert allow["Action"] == "s3:GetObject"
    source = allow["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    assert source.endswith(":distribution/${WebDistribution}")


def test_the_distribution_uses_origin_access_control_and_https_only():
    (origin,) = DISTRIBUTION["Origins"]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["WebOriginAccessControl", "Id"]}
    assert origin["S3OriginConfig"]["OriginAccessIdentity"] == ""  # no legacy OAI
    oac = RESOURCES["WebOriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
    assert oac["SigningBehavior"] == "always" and oac["SigningProtocol"] == "sigv4"
    for behavior in _behaviors():
        assert behavior["ViewerProtocolPolicy"] == "https-only"
        assert behavior["AllowedMethods"] == ["GET", "HEAD"]
        assert behavior["ResponseHeadersPolicyId"] == {"Ref": "WebResponseHeadersPolicy"}


def test_the_config_is_never_cached_and_a_missing_file_is_a_404():
    config = next(b for b in DISTRIBUTION["CacheBehaviors"]
                  if b["PathPattern"] == "/console/config.json")
    assert config["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    errors = {e["ErrorCode"]: e for e in DISTRIBUTION["CustomErrorResponses"]}
    assert {403, 404} <= set(errors)
    for error in errors.values():
        assert error["ResponseCode"] == 404
        page = error["ResponsePagePath"].lstrip("/")
        assert page in web_files() and content_type(page) == "application/problem+json"


def test_the_content_security_policy_is_strict():
    csp = _csp()
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["connect-src"] == [
        "'self'",
        "https://${FrontdeskApi}.execute-api.${AWS::Region}.amazonaws.com",
        "https://cognito-idp.${AWS::Region}.amazonaws.com",
    ]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    flat = " ".join(s for sources in csp.values() for s in sources)
    assert "unsafe" not in flat and "*" not in flat.replace("${", "")
    assert SECURITY["ContentSecurityPolicy"]["Override"] is True


def test_hsts_nosniff_no_referrer_and_no_framing():
    hsts = SECURITY["StrictTransportSecurity"]
    assert hsts["AccessControlMaxAgeSec"] >= 31_536_000 and hsts["IncludeSubdomains"] is True
    assert SECURITY["ContentTypeOptions"]["Override"] is True
    assert SECURITY["ReferrerPolicy"]["ReferrerPolicy"] == "no-referrer"
    assert SECURITY["FrameOptions"]["FrameOption"] == "DENY"


def test_the_console_client_is_public_short_lived_and_without_srp_or_admin_flows():
    props = RESOURCES["StaffConsoleClient"]["Properties"]
    assert props["UserPoolId"] == {"Ref": "StaffUserPool"}
    assert props["GenerateSecret"] is False
    assert sorted(props["ExplicitAuthFlows"]) == ["ALLOW_REFRESH_TOKEN_AUTH",
                                                  "ALLOW_USER_PASSWORD_AUTH"]
    assert props["IdTokenValidity"] == props["AccessTokenValidity"] == 15
    assert props["TokenValidityUnits"]["IdToken"] == "minutes"
    assert props["EnableTokenRevocation"] is True
    assert props["PreventUserExistenceErrors"] == "ENABLED"
    assert "custom:org_id" not in props["WriteAttributes"]


def test_the_api_answers_preflights_without_a_key_and_allows_no_cookies():
    props = RESOURCES["FrontdeskApi"]["Properties"]
    cors = props["Cors"]
    assert cors["AllowOrigin"] == "'*'"
    assert "AllowCredentials" not in cors
    for header in ("x-api-key", "content-type", "authorization", "idempotency-key"):
        assert header in cors["AllowHeaders"]
    assert props["Auth"]["AddApiKeyRequiredToCorsPreflight"] is False


def test_the_outputs_name_the_console_and_the_bucket():
    outputs = TEMPLATE["Outputs"]
    assert outputs["ConsoleUrl"]["Value"]["Fn::Sub"].startswith("https://${WebDistribution.")
    assert outputs["WebBucketName"]["Value"] == {"Ref": "WebBucket"}
    assert outputs["StaffConsoleClientId"]["Value"] == {"Ref": "StaffConsoleClient"}


# ---- the files themselves must run under that CSP ------------------------------------------

WEB_FILES = web_files()
HTML = [k for k in WEB_FILES if k.endswith(".html")]
SCRIPTS = [k for k in WEB_FILES if k.endswith((".js", ".mjs"))]


@pytest.mark.parametrize("key", sorted(WEB_FILES))
def test_every_web_file_has_a_known_content_type(key):
    assert content_type(key) != "application/octet-stream", key


@pytest.mark.parametrize("key", HTML)
def test_no_inline_script_style_or_handler_in_html(key):
    html = WEB_FILES[key].read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", html, flags=re.I):
        assert "src=" in tag, (key, tag)
    assert not re.search(r"<style\b", html, flags=re.I), key
    assert not re.search(r"\sstyle\s*=", html, flags=re.I), key
    assert not re.search(r"\son[a-z]+\s*=", html, flags=re.I), key


@pytest.mark.parametrize("key", [k for k in SCRIPTS if k.startswith("widget/")])
def test_the_widget_never_parses_text_as_html(key):
    source = WEB_FILES[key].read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", ".style."):
        assert sink not in source, (key, sink)
