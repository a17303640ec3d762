"""The OpenAPI document is valid and describes exactly the routes template.yaml serves."""

from pathlib import Path

from openapi_spec_validator import validate
from samtranslator.yaml_helper import yaml_parse

from frontdesk.openapi import openapi_document

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"


def template_routes() -> dict[tuple[str, str], str]:
    """(method, path) -> "site_key" | "staff" | "none", from the functions' Api events."""
    template = yaml_parse(TEMPLATE.read_text())
    api_auth = template["Resources"]["FrontdeskApi"]["Properties"].get("Auth", {})
    default_key = api_auth.get("ApiKeyRequired", False)
    routes = {}
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event in resource["Properties"].get("Events", {}).values():
            if event["Type"] != "Api":
                continue
            props = event["Properties"]
            auth = props.get("Auth", {})
            if auth.get("Authorizer") not in (None, "NONE"):
                security = "staff"
            elif auth.get("ApiKeyRequired", default_key):
                security = "site_key"
            else:
                security = "none"
            routes[(props["Method"].lower(), props["Path"])] = security
    return routes


def document_routes() -> dict[tuple[str, str], str]:
    scheme = {"siteApiKey": "site_key", "staffIdToken": "staff"}
    routes = {}
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            names = [n for requirement in operation["security"] for n in requirement]
            routes[(method, path)] = scheme[names[0]] if names else "none"
    return routes


def test_the_document_is_valid_openapi_3_1():
    document = openapi_document()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_the_document_has_exactly_the_templates_routes_with_their_security():
    assert document_routes() == template_routes()


def test_every_operation_documents_its_errors_as_problem_json():
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            assert operation["operationId"], (method, path)
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert "application/problem+json" in response["content"], (method, path)


def test_bodies_and_path_parameters_are_described():
    paths = openapi_document()["paths"]
    reply = paths["/v1/staff/messages/{message_id}/reply"]["post"]
    assert reply["requestBody"]["required"] is True
    assert [p["name"] for p in reply["parameters"]] == ["message_id"]
    queue = paths["/v1/staff/queue"]["get"]
    assert {p["name"]: p["required"] for p in queue["parameters"]} == {
        "site": True, "desk": True, "status": False, "limit": False, "cursor": False}
    patch = paths["/v1/admin/sites/{site_id}"]["patch"]
    assert any(p["name"] == "If-Match" for p in patch["parameters"])


def test_queue_items_and_views_never_carry_text():
    schemas = openapi_document()["components"]["schemas"]
    for name in ("QueueItem", "QueuePage", "MessageView", "Me"):
        assert "text" not in schemas[name].get("properties", {}), name
    assert "text" in schemas["TextView"]["properties"]  # the one audited view
