"""The template's REST API (v1) on 127.0.0.1: routes, API keys, gateway responses, proxy events."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from infra.local.cognito import CognitoAuthorizer
from infra.local.workers import Invocation

MAX_BODY_BYTES = 10 * 1024 * 1024
_KEY_CACHE_S = 2.0
_FUNCTION_IN_URI = re.compile(r"functions/\$\{(\w+)\.Arn\}/invocations")

# API Gateway's own answers when the template defines no GatewayResponse for the type.
_DEFAULT_RESPONSES = {
    "MISSING_AUTHENTICATION_TOKEN": (403, "Missing Authentication Token",
                                     "MissingAuthenticationTokenException"),
    "INVALID_API_KEY": (403, "Forbidden", "ForbiddenException"),
    "UNAUTHORIZED": (401, "Unauthorized", "UnauthorizedException"),
    "REQUEST_TOO_LARGE": (413, "Request Too Long", "RequestTooLongException"),
    "INTEGRATION_FAILURE": (502, "Internal server error", "InternalServerErrorException"),
}


@dataclass(frozen=True)
class Route:
    resource: str  # e.g. /messages/{id}
    method: str  # GET, POST, ..., or ANY
    function: str  # logical id of the integrated function
    api_key_required: bool
    authorizer: str | None = None  # a Cognito user-pool authorizer named in the route's security

    def match(self, path: str) -> dict[str, str] | None:
        want = [p for p in self.resource.split("/") if p]
        have = [p for p in path.split("/") if p]
        params: dict[str, str] = {}
        for i, part in enumerate(want):
            if part.startswith("{") and part.endswith("+}"):
                if i >= len(have):
                    return None
                params[part[1:-2]] = "/".join(have[i:])
                return params
            if i >= len(have):
                return None
            if part.startswith("{"):
                params[part[1:-1]] = have[i]
            elif part != have[i]:
                return None
        return params if len(want) == len(have) else None

    @property
    def specificity(self) -> tuple[int, int]:
        parts = [p for p in self.resource.split("/") if p]
        return (sum(not p.startswith("{") for p in parts), len(parts))


@dataclass
class ApiDefinition:
    logical_id: str
    rest_api_id: str
    stage: str
    routes: list[Route]
    gateway_responses: dict[str, dict[str, Any]]
    binary_media_types: list[str]
    stage_variables: dict[str, str] | None = None
    usage_plan_ids: list[str] = field(default_factory=list)
    # securityDefinitions of type cognito_user_pools: name -> providerARNs (as in the Body)
    cognito_authorizers: dict[str, list[Any]] = field(default_factory=dict)
    # issue 9: MOCK integrations (SAM's CORS preflights), answered by the gateway itself
    mocks: list[MockRoute] = field(default_factory=list)


@dataclass(frozen=True)
class MockRoute:
    """A MOCK integration: API Gateway answers with the integration's default response."""

    route: Route
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


def read_api(logical_id: str, rest_api: dict[str, Any], rest_api_id: str, stage: str,
             stage_variables: dict[str, str] | None) -> ApiDefinition:
    """Routes and gateway responses from the OpenAPI body SAM generated for the Api."""
    body = rest_api["Properties"].get("Body", {})
    cognito = {name: scheme.get("x-amazon-apigateway-authorizer", {}).get("providerARNs", [])
               for name, scheme in body.get("securityDefinitions", {}).items()
               if scheme.get("x-amazon-apigateway-authtype") == "cognito_user_pools"}
    routes = []
    mocks = []
    for path, operations in body.get("paths", {}).items():
        for method, operation in operations.items():
            integration = operation.get("x-amazon-apigateway-integration", {})
            if integration.get("type") == "mock":  # issue 9: CORS preflight
                mocks.append(_mock_route(path, method, operation, integration))
                continue
            uri = integration.get("uri", {})
            text = uri.get("Fn::Sub") if isinstance(uri, dict) else uri
            found = _FUNCTION_IN_URI.search(text if isinstance(text, str) else json.dumps(text))
            if not found:
                continue
            routes.append(Route(
                resource=path,
                method="ANY" if method == "x-amazon-apigateway-any-method" else method.upper(),
                function=found.group(1),
                api_key_required=any("api_key" in s for s in operation.get("security", [])),
                authorizer=next((name for s in operation.get("security", []) for name in s
                                 if name in cognito), None),
            ))
    binary = body.get("x-amazon-apigateway-binary-media-types", []) or [
        t.replace("~1", "/") for t in rest_api["Properties"].get("BinaryMediaTypes", [])]
    return ApiDefinition(logical_id, rest_api_id, stage, routes,
                         body.get("x-amazon-apigateway-gateway-responses", {}), binary,
                         stage_variables or None, cognito_authorizers=cognito, mocks=mocks)


def _mock_route(path: str, method: str, operation: dict[str, Any],
                integration: dict[str, Any]) -> MockRoute:
    default = integration.get("responses", {}).get("default", {})
    headers = tuple(
        (name.removeprefix("method.response.header."), str(value).strip("'"))
        for name, value in default.get("responseParameters", {}).items()
        if name.startswith("method.response.header."))
    template = next(iter(default.get("responseTemplates", {}).values()), "")
    route = Route(resource=path, method=method.upper(), function="",
                  api_key_required=any("api_key" in s for s in operation.get("security", [])))
    return MockRoute(route, int(default.get("statusCode", 200)),
                     (*headers, ("Content-Type", "application/json")), template.encode())


class ApiKeys:
    """Valid keys: enabled and in a usage plan that covers this API's stage (cached briefly)."""

    def __init__(self, apigateway: Any, rest_api_id: str, stage: str) -> None:
        self._apigateway = apigateway
        self._stage = {"apiId": rest_api_id, "stage": stage}
        self._lock = threading.Lock()
        self._cache: dict[str, str] = {}
        self._loaded_at = 0.0

    def key_id(self, value: str | None) -> str | None:
        if not value:
            return None
        with self._lock:
            if time.monotonic() - self._loaded_at > _KEY_CACHE_S:
                self._cache = self._load()
                self._loaded_at = time.monotonic()
            return self._cache.get(value)

    def invalidate(self) -> None:
        with self._lock:
            self._loaded_at = 0.0

    def _load(self) -> dict[str, str]:
        plans = [p["id"] for p in self._apigateway.get_usage_plans(limit=500)["items"]
                 if any(s.get("apiId") == self._stage["apiId"]
                        and s.get("stage") == self._stage["stage"]
                        for s in p.get("apiStages", []))]
        in_plan = {key["id"] for plan in plans for key in
                   self._apigateway.get_usage_plan_keys(usagePlanId=plan, limit=500)["items"]}
        keys = self._apigateway.get_api_keys(includeValues=True, limit=500)["items"]
        return {k["value"]: k["id"] for k in keys if k.get("enabled") and k["id"] in in_plan}


Invoke = Callable[[str, dict[str, Any]], Invocation]


@dataclass
class _Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


Reply = _Reply  # issue 9: what a mount answers
# (method, raw path, headers, body) -> a reply, or None to pass the request on to the API
Mount = Callable[[str, str, list[tuple[str, str]], bytes], "_Reply | None"]


class ApiGateway:
    """Turns HTTP requests into proxy events for the workers, and their results into HTTP."""

    def __init__(self, api: ApiDefinition, keys: ApiKeys, invoke: Invoke, account_id: str,
                 authorizers: dict[str, CognitoAuthorizer] | None = None) -> None:
        self.api = api
        self.keys = keys
        self._invoke = invoke
        self._account_id = account_id
        self._authorizers = authorizers or {}

    def handle(self, method: str, raw_path: str, headers: list[tuple[str, str]], body: bytes,
               source_ip: str) -> _Reply:
        request_id = str(uuid.uuid4())
        split = urlsplit(raw_path)
        path = split.path or "/"
        if len(body) > MAX_BODY_BYTES:
            return self._gateway_response("REQUEST_TOO_LARGE", request_id)
        route, params = self._route(method, path)
        if route is None:
            mock = self._mock(method, path)  # issue 9: CORS preflight
            if mock is not None:
                return _Reply(mock.status, [*mock.headers, ("x-amzn-RequestId", request_id)],
                              mock.body)
            return self._gateway_response("MISSING_AUTHENTICATION_TOKEN", request_id)
        header_map = {k.lower(): v for k, v in headers}
        api_key = header_map.get("x-api-key")
        key_id = self.keys.key_id(api_key)
        if route.api_key_required and key_id is None:
            return self._gateway_response("INVALID_API_KEY", request_id)
        claims = None
        if route.authorizer is not None:
            authorizer = self._authorizers.get(route.authorizer)
            claims = authorizer.claims(header_map.get("authorization")) if authorizer else None
            if claims is None:
                return self._gateway_response("UNAUTHORIZED", request_id)
        event = self._event(route, method, path, split.query, headers, body, params,
                            request_id, source_ip, api_key if key_id else None, key_id)
        if claims is not None:
            event["requestContext"]["authorizer"] = {"claims": claims}
        result = self._invoke(route.function, event)
        if not result.ok:  # a function error or timeout: 502, as API Gateway answers
            return self._gateway_response("INTEGRATION_FAILURE", request_id)
        return self._proxy_reply(result.payload, request_id)

    def _mock(self, method: str, path: str) -> MockRoute | None:
        found = [m for m in self.api.mocks
                 if m.route.method == method and m.route.match(path) is not None]
        return max(found, key=lambda m: m.route.specificity) if found else None

    def _route(self, method: str, path: str) -> tuple[Route | None, dict[str, str]]:
        candidates = []
        for route in self.api.routes:
            params = route.match(path)
            if params is not None and route.method in (method, "ANY"):
                candidates.append((route.specificity, route.method != "ANY", route, params))
        if not candidates:
            return None, {}
        *_, route, params = max(candidates, key=lambda c: (c[0], c[1]))
        return route, params

    def _event(self, route: Route, method: str, path: str, query: str,
               headers: list[tuple[str, str]], body: bytes, params: dict[str, str],
               request_id: str, source_ip: str, api_key: str | None,
               key_id: str | None) -> dict[str, Any]:
        now = datetime.now(UTC)
        single_headers: dict[str, str] = {}
        multi_headers: dict[str, list[str]] = {}
        for name, value in headers:
            single_headers[name] = value
            multi_headers.setdefault(name, []).append(value)
        pairs = parse_qsl(query, keep_blank_values=True)
        multi_query: dict[str, list[str]] = {}
        for name, value in pairs:
            multi_query.setdefault(name, []).append(value)
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        encoded, text = self._body(body, content_type)
        return {
            "resource": route.resource,
            "path": path,
            "httpMethod": method,
            "headers": single_headers or None,
            "multiValueHeaders": multi_headers or None,
            "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
            "multiValueQueryStringParameters": multi_query or None,
            "pathParameters": params or None,
            "stageVariables": self.api.stage_variables,
            "requestContext": {
                "resourceId": uuid.uuid5(uuid.NAMESPACE_URL, route.resource).hex[:6],
                "resourcePath": route.resource,
                "httpMethod": method,
                "extendedRequestId": request_id,
                "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
                "path": f"/{self.api.stage}{path}",
                "accountId": self._account_id,
                "protocol": "HTTP/1.1",
                "stage": self.api.stage,
                "domainPrefix": self.api.rest_api_id,
                "requestTimeEpoch": int(now.timestamp() * 1000),
                "requestId": request_id,
                "identity": {
                    "cognitoIdentityPoolId": None, "accountId": None, "cognitoIdentityId": None,
                    "caller": None, "sourceIp": source_ip, "principalOrgId": None,
                    "accessKey": None, "cognitoAuthenticationType": None,
                    "cognitoAuthenticationProvider": None, "userArn": None,
                    "userAgent": next((v for k, v in headers if k.lower() == "user-agent"), None),
                    "user": None, "apiKey": api_key, "apiKeyId": key_id,
                },
                "domainName": f"{self.api.rest_api_id}.execute-api.us-east-1.amazonaws.com",
                "apiId": self.api.rest_api_id,
            },
            "body": text,
            "isBase64Encoded": encoded,
        }

    def _body(self, body: bytes, content_type: str) -> tuple[bool, str | None]:
        if not body:
            return False, None
        media = content_type.split(";")[0].strip().lower()
        binary = any(_media_matches(media, t) for t in self.api.binary_media_types)
        if not binary:
            try:
                return False, body.decode("utf-8")
            except UnicodeDecodeError:
                pass  # not text: API Gateway would mangle it; hand it over intact instead
        return True, base64.b64encode(body).decode("ascii")

    def _proxy_reply(self, result: Any, request_id: str) -> _Reply:
        if not isinstance(result, dict) or not isinstance(result.get("statusCode"), int):
            return self._gateway_response("INTEGRATION_FAILURE", request_id)
        headers = [(k, str(v)) for k, v in (result.get("headers") or {}).items()]
        for name, values in (result.get("multiValueHeaders") or {}).items():
            headers.extend((name, str(v)) for v in values)
        headers.append(("x-amzn-RequestId", request_id))
        body = result.get("body") or ""
        raw = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode()
        if not any(k.lower() == "content-type" for k, _ in headers):
            headers.append(("Content-Type", "application/json"))
        return _Reply(result["statusCode"], headers, raw)

    def _gateway_response(self, response_type: str, request_id: str) -> _Reply:
        status, message, error_type = _DEFAULT_RESPONSES[response_type]
        family = "DEFAULT_5XX" if status >= 500 else "DEFAULT_4XX"
        custom = (self.api.gateway_responses.get(response_type)
                  or self.api.gateway_responses.get(family))
        headers = [("x-amzn-RequestId", request_id), ("x-amzn-ErrorType", error_type)]
        template = '{"message":$context.error.messageString}'
        content_type = "application/json"
        if custom:
            status = int(custom.get("statusCode", status))
            for name, value in custom.get("responseParameters", {}).items():
                if name.startswith("gatewayresponse.header."):
                    header = name.removeprefix("gatewayresponse.header.")
                    if header.lower() == "content-type":
                        content_type = value.strip("'")
                    else:
                        headers.append((header, value.strip("'")))
            templates = custom.get("responseTemplates", {})
            template = templates.get("application/json") or next(iter(templates.values()), template)
        substitutions = {
            "$context.error.messageString": json.dumps(message),
            "$context.error.message": message,
            "$context.error.responseType": response_type,
            "$context.requestId": request_id,
            "$context.extendedRequestId": request_id,
            "$context.stage": self.api.stage,
            "$context.apiId": self.api.rest_api_id,
        }
        body = template
        for placeholder, value in substitutions.items():  # longest first: messageString
            body = body.replace(placeholder, value)
        headers.append(("Content-Type", content_type))
        return _Reply(status, headers, body.encode())


def _media_matches(media: str, pattern: str) -> bool:
    pattern = pattern.lower()
    if pattern == "*/*":
        return True
    if pattern.endswith("/*"):
        return media.startswith(pattern[:-1])
    return media == pattern


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._drain(length)
            reply = self.server.gateway._gateway_response("REQUEST_TOO_LARGE", str(uuid.uuid4()))
        else:
            body = self.rfile.read(length) if length else b""
            headers = [(k, v) for k, v in self.headers.items()]
            reply = None
            for mount in self.server.mounts:  # issue 9: CloudFront's static files, ...
                reply = mount(self.command, self.path, headers, body)
                if reply is not None:
                    break
            if reply is None:
                reply = self.server.gateway.handle(self.command, self.path, headers, body,
                                                   self.client_address[0])
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def _drain(self, length: int) -> None:
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                break
            remaining -= len(chunk)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

    def log_message(self, format: str, *args: Any) -> None:
        pass  # access logs would carry paths; the workers' logs are what we keep


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], gateway: ApiGateway) -> None:
        self.gateway = gateway
        self.mounts: list[Mount] = []
        super().__init__(address, _Handler)


class HttpApi:
    """Owns the listening socket and its serving thread."""

    def __init__(self, gateway: ApiGateway, port: int) -> None:
        self._server = _Server(("127.0.0.1", port), gateway)
        self._thread = threading.Thread(target=self._server.serve_forever, name="http-api",
                                        daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread.start()

    def mount(self, handler: Mount) -> None:
        """Serve some requests before the API: `handler` answers them, or returns None."""
        self._server.mounts.append(handler)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
