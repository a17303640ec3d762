"""The staff console and patient widget on the local stack: CloudFront played locally (issue 9).

At start-up the files of web/ go into the template's web bucket in moto with the same
`infra.deploy_web.upload_web` a deploy uses, plus a /console/config.json with local values.
The stack's HTTP server then answers, before the API:

- GET/HEAD of the bucket's top-level folders (/console/, /widget/, ...) and of /: the object,
  with its stored Content-Type and the headers of the template's ResponseHeadersPolicy (CSP,
  HSTS, nosniff, referrer policy, ...), the API and Cognito URLs in the CSP replaced by local
  ones; the viewer-request function's rewrite (`/x/` -> `/x/index.html`, `/x` -> 301 `/x/`);
  a missing file answered with the distribution's CustomErrorResponses page (404
  problem+json); a path with `.`/`..` segments refused (400).
- POST /_cognito/: the Cognito Identity Provider JSON protocol (X-Amz-Target), passed on to
  moto's cognito-idp for the client-side operations a browser may call (AWS answers these
  unsigned, with CORS); moto's server is not reachable by the browser otherwise.

Differences from AWS are listed in docs/web.md.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from infra.deploy_web import console_config, put_json, upload_web, web_files
from infra.local.api_gateway import Reply
from infra.local.deploy import REGION
from infra.local.staff_users import StaffAccount, totp_code, username_for
from infra.local.template import resolve

if TYPE_CHECKING:
    from infra.local.seed import DemoPractice
    from infra.local.stack import LocalStack

COGNITO_PATH = "/_cognito/"
DEMO_CONFIG_KEY = "widget/demo-config.json"
WIDGET_DEMO_PATH = "/widget/demo.html"
# What a browser may ask Cognito without AWS credentials; moto would also answer the Admin*
# operations unsigned, which AWS never does, so nothing else is passed on.
COGNITO_CLIENT_OPERATIONS = frozenset({
    "InitiateAuth", "RespondToAuthChallenge", "GlobalSignOut", "RevokeToken", "GetUser",
    "AssociateSoftwareToken", "VerifySoftwareToken", "SetUserMFAPreference", "ChangePassword",
})
_COGNITO_TARGET_PREFIX = "AWSCognitoIdentityProviderService."
_PROBLEM = "application/problem+json"

_SECURITY_HEADERS = {  # SecurityHeadersConfig member -> (header, value of its config)
    "ContentSecurityPolicy": ("Content-Security-Policy",
                              lambda c: c["ContentSecurityPolicy"]),
    "ContentTypeOptions": ("X-Content-Type-Options", lambda c: "nosniff"),
    "ReferrerPolicy": ("Referrer-Policy", lambda c: c["ReferrerPolicy"]),
    "FrameOptions": ("X-Frame-Options", lambda c: c["FrameOption"]),
    "StrictTransportSecurity": ("Strict-Transport-Security", lambda c: "; ".join(
        [f"max-age={int(c['AccessControlMaxAgeSec'])}"]
        + (["includeSubDomains"] if _true(c.get("IncludeSubdomains")) else [])
        + (["preload"] if _true(c.get("Preload")) else []))),
}


def _true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


@dataclass(frozen=True)
class Distribution:
    """What the local server takes from the template's CloudFront resources."""

    bucket: str
    headers: tuple[tuple[str, str], ...]
    default_root_object: str
    error_pages: dict[int, tuple[int, str]]  # origin status -> (status, page path)


def read_distribution(stack: LocalStack, distribution_id: str = "WebDistribution",
                      *, api_base: str, cognito_endpoint: str) -> Distribution:
    """The distribution's bucket origin, response headers and error pages, with the
    execute-api and Cognito URLs replaced by the local ones."""
    deployment = stack.deployment
    resources = deployment.sam_template["Resources"]
    config = resources[distribution_id]["Properties"]["DistributionConfig"]
    origin = config["Origins"][0]
    bucket_id = origin["DomainName"]["Fn::GetAtt"][0]

    def lookup(name: str) -> str:
        pseudo = {"AWS::Region": REGION, "AWS::AccountId": "123456789012",
                  "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
        if name in pseudo:
            return pseudo[name]
        if name in deployment.parameters:
            return deployment.parameters[name]
        return deployment.physical_ids[name.split(".")[0]]

    policy_id = config["DefaultCacheBehavior"]["ResponseHeadersPolicyId"]["Ref"]
    policy = resolve(resources[policy_id]["Properties"]["ResponseHeadersPolicyConfig"], lookup)
    rest_api_id = stack.deployment.physical_ids.get("FrontdeskApi", "")
    local_urls = {
        f"https://{rest_api_id}.execute-api.{REGION}.amazonaws.com": api_base.rstrip("/"),
        f"https://cognito-idp.{REGION}.amazonaws.com": cognito_endpoint,
    }
    headers: list[tuple[str, str]] = []
    for member, value in policy.get("SecurityHeadersConfig", {}).items():
        if member in _SECURITY_HEADERS:
            name, render = _SECURITY_HEADERS[member]
            text = str(render(value))
            for aws_url, local_url in local_urls.items():
                text = text.replace(aws_url, local_url)
            headers.append((name, text))
    for item in policy.get("CustomHeadersConfig", {}).get("Items", []):
        headers.append((item["Header"], str(item["Value"])))
    error_pages = {int(e["ErrorCode"]): (int(e.get("ResponseCode", e["ErrorCode"])),
                                         str(e["ResponsePagePath"]))
                   for e in config.get("CustomErrorResponses", []) if "ResponsePagePath" in e}
    return Distribution(stack.physical_id(bucket_id), tuple(headers),
                        str(config.get("DefaultRootObject", "")), error_pages)


class WebHosting:
    """A mount of the local HTTP server: the web bucket as CloudFront serves it, and the
    Cognito passage. Answers None for anything else, which then goes to the API."""

    def __init__(self, s3: Any, distribution: Distribution, prefixes: set[str],
                 cognito_url: str) -> None:
        self._s3 = s3
        self.distribution = distribution
        self._prefixes = frozenset(prefixes)
        self._cognito_url = cognito_url

    def __call__(self, method: str, raw_path: str, headers: list[tuple[str, str]],
                 body: bytes) -> Reply | None:
        path = urlsplit(raw_path).path or "/"
        if path == COGNITO_PATH:
            return self._cognito(method, headers, body)
        first = path.split("/")[1] if path.count("/") >= 1 else ""
        if method not in ("GET", "HEAD") or (path != "/" and unquote(first) not in self._prefixes):
            return None
        return self._static(path)

    # -- CloudFront + S3 ---------------------------------------------------------------

    def _static(self, path: str) -> Reply:
        segments = unquote(path).split("/")
        if any(s in (".", "..") or "\\" in s or "\x00" in s for s in segments):
            return self._problem(400, "invalid-path", "Bad Request",
                                 "The path has '.' or '..' segments.")
        key = unquote(path).lstrip("/")
        if not key:
            key = self.distribution.default_root_object
        elif key.endswith("/"):  # the viewer-request function (WebIndexFunction)
            key += "index.html"
        elif "." not in key.rsplit("/", 1)[-1]:
            return Reply(301, [("Location", path + "/"), *self.distribution.headers,
                               ("Content-Type", "text/plain; charset=utf-8")], b"")
        found = self._object(key)
        if found is not None:
            return self._served(200, found)
        status, page = self.distribution.error_pages.get(403, (404, ""))  # S3 with OAC: 403
        error_page = self._object(page.lstrip("/")) if page else None
        if error_page is not None:
            return self._served(status, error_page)
        return self._problem(404, "not-found", "Not Found", "No such page or file.")

    def _object(self, key: str) -> dict[str, Any] | None:
        try:
            found = self._s3.get_object(Bucket=self.distribution.bucket, Key=key)
        except self._s3.exceptions.NoSuchKey:
            return None
        return {"body": found["Body"].read(), "type": found.get("ContentType"),
                "cache": found.get("CacheControl"), "etag": found.get("ETag")}

    def _served(self, status: int, found: dict[str, Any]) -> Reply:
        headers = [("Content-Type", found["type"] or "application/octet-stream")]
        if found["cache"]:
            headers.append(("Cache-Control", found["cache"]))
        if found["etag"]:
            headers.append(("ETag", found["etag"]))
        return Reply(status, [*headers, *self.distribution.headers], found["body"])

    def _problem(self, status: int, code: str, title: str, detail: str) -> Reply:
        body = json.dumps({"type": f"urn:frontdesk:problem:{code}", "title": title,
                           "status": status, "detail": detail}).encode()
        return Reply(status, [("Content-Type", _PROBLEM), *self.distribution.headers], body)

    # -- Cognito -----------------------------------------------------------------------

    def _cognito(self, method: str, headers: list[tuple[str, str]], body: bytes) -> Reply:
        cors = [("Access-Control-Allow-Origin", "*")]
        if method == "OPTIONS":  # Cognito answers browsers' preflights
            return Reply(200, [*cors, ("Access-Control-Allow-Methods", "POST"),
                               ("Access-Control-Allow-Headers",
                                "content-type,x-amz-target,x-amz-user-agent"),
                               ("Access-Control-Max-Age", "600")], b"")
        header_map = {k.lower(): v for k, v in headers}
        target = header_map.get("x-amz-target", "")
        operation = target.removeprefix(_COGNITO_TARGET_PREFIX)
        if method != "POST" or not target.startswith(_COGNITO_TARGET_PREFIX) \
                or operation not in COGNITO_CLIENT_OPERATIONS:
            error = {"__type": "UnknownOperationException",
                     "message": "not a client-side Cognito operation"}
            return Reply(400, [*cors, ("Content-Type", "application/x-amz-json-1.1")],
                         json.dumps(error).encode())
        request = urllib.request.Request(  # noqa: S310 - our loopback moto
            self._cognito_url, data=body, method="POST",
            headers={"Content-Type": header_map.get("content-type",
                                                    "application/x-amz-json-1.1"),
                     "X-Amz-Target": target})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                status, payload = response.status, response.read()
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as failed:
            status, payload = failed.code, failed.read()
            content_type = failed.headers.get("Content-Type", "")
        return Reply(status, [*cors, ("Content-Type",
                                      content_type or "application/x-amz-json-1.1")], payload)


@dataclass
class WebDemo:
    """The web side of the running demo: URLs, demo staff users, site keys."""

    base_url: str
    practice: DemoPractice
    org_id: str = "riverside"
    demo_messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def console_url(self) -> str:
        return f"{self.base_url}/console/"

    @property
    def widget_demo_url(self) -> str:
        return f"{self.base_url}{WIDGET_DEMO_PATH}"

    @property
    def users(self) -> dict[str, StaffAccount]:
        """role -> account (.username, .password, .totp_secret)."""
        staff = self.practice.staff
        if staff is None:
            return {}
        return {account.roles[0]: account for account in staff.accounts.values()}

    def totp(self, role: str, min_valid_s: float = 0) -> str:
        return totp_code(self.users[role].totp_secret, min_valid_s=min_valid_s)

    def site_key(self, site_id: str) -> str:
        return self.practice.api_keys[site_id]

    def __str__(self) -> str:
        lines = [
            "Staff console and patient widget (issue 9):",
            f"  console:     {self.console_url}",
            f"  widget demo: {self.widget_demo_url}",
            "  demo staff: sign in with the password, then the 6-digit code that",
            "  `make totp ROLE=<role>` prints (`make totp ROLE=<role> URI=1`: an otpauth://",
            "  URI for an authenticator app)",
            f"    {'role':<18} {'username':<28} password",
        ]
        for role, account in sorted(self.users.items()):
            lines.append(f"    {role:<18} {account.username:<28} {account.password}")
        if self.demo_messages:
            lines.append(f"  demo queue: {len(self.demo_messages)} messages posted through "
                         "the API (the nurse works on_call and behavioral_health):")
            for item in self.demo_messages:
                lines.append(f"    tier {item.get('tier')} {item.get('status', '?'):<9} "
                             f"{item.get('intent', '?'):<22} -> {item.get('desk') or '-'}")
        return "\n".join(lines)


def publish_web(stack: LocalStack, practice: DemoPractice, *,
                site_id: str = "riverside-main") -> str:
    """Upload web/ into the template's web bucket, with local config; return the bucket."""
    base_url = stack.base_url
    cognito_endpoint = f"{base_url}{COGNITO_PATH}"
    config = console_config(api_base=base_url, region=REGION,
                            user_pool_id=stack.physical_id("StaffUserPool"),
                            client_id=stack.physical_id("StaffConsoleClient"),
                            cognito_endpoint=cognito_endpoint)
    distribution = read_distribution(stack, api_base=base_url,
                                     cognito_endpoint=cognito_endpoint)
    s3 = stack.client("s3")
    upload_web(s3, distribution.bucket, config)
    put_json(s3, distribution.bucket, DEMO_CONFIG_KEY, {
        "siteId": site_id, "siteKey": practice.api_keys[site_id], "apiBase": base_url})
    prefixes = {key.split("/", 1)[0] for key in web_files() if "/" in key}
    stack.mount(WebHosting(s3, distribution, prefixes | {"console", "widget"},
                           f"{stack.endpoint_url}/"))
    return distribution.bucket


def start_web_demo(stack: LocalStack, practice: DemoPractice,
                   *, post_demo_queue: bool = True) -> WebDemo:
    """What `make run` and the browser tests both do after seeding the demo practice."""
    from infra.local.demo_queue import post_demo_messages

    publish_web(stack, practice)
    demo = WebDemo(stack.base_url, practice)
    if post_demo_queue:
        demo.demo_messages = post_demo_messages(stack.base_url, practice.api_keys)
    return demo


def otpauth_uri(account: StaffAccount, issuer: str = "frontdesk-local") -> str:
    return (f"otpauth://totp/{issuer}:{account.username}?secret={account.totp_secret}"
            f"&issuer={issuer}&algorithm=SHA1&digits=6&period=30")


__all__ = ["WebDemo", "WebHosting", "otpauth_uri", "publish_web", "start_web_demo",
           "username_for"]
