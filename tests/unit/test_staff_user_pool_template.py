"""What checkov cannot see in the staff user pool and its authorizer (SECURITY.md)."""

from pathlib import Path

from samtranslator.yaml_helper import yaml_parse

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"
RESOURCES = yaml_parse(TEMPLATE.read_text())["Resources"]
ROLES = {"front_desk", "scheduling", "nurse", "pharmacy", "results", "billing",
         "patient_relations", "compliance", "finance", "admin"}


def test_pool_requires_mfa_strong_passwords_and_admin_created_users():
    pool = RESOURCES["StaffUserPool"]
    props = pool["Properties"]
    assert props["MfaConfiguration"] == "ON"
    assert props["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert props["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert props["DeletionProtection"] == "ACTIVE"
    assert pool["DeletionPolicy"] == "Retain"
    policy = props["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] >= 14
    assert all(policy[k] for k in ("RequireLowercase", "RequireUppercase", "RequireNumbers",
                                   "RequireSymbols"))
    org = next(a for a in props["Schema"] if a["Name"] == "org_id")
    assert org["Mutable"] is False


def test_client_revokes_tokens_hides_users_and_keeps_tokens_short():
    props = RESOURCES["StaffUserPoolClient"]["Properties"]
    assert props["PreventUserExistenceErrors"] == "ENABLED"
    assert props["EnableTokenRevocation"] is True
    assert props["GenerateSecret"] is False
    units = props["TokenValidityUnits"]
    assert units["IdToken"] == units["AccessToken"] == "minutes"
    assert props["IdTokenValidity"] <= 60 and props["AccessTokenValidity"] <= 60
    assert "custom:org_id" not in props["WriteAttributes"]  # users cannot change their org
    assert "custom:org_id" in props["ReadAttributes"]


def test_one_group_per_role():
    groups = {r["Properties"]["GroupName"] for r in RESOURCES.values()
              if r["Type"] == "AWS::Cognito::UserPoolGroup"}
    assert groups == ROLES


def test_every_staff_and_admin_route_names_the_cognito_authorizer_and_no_key():
    seen = 0
    for resource in RESOURCES.values():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event in resource["Properties"].get("Events", {}).values():
            path = event.get("Properties", {}).get("Path", "")
            if path.startswith(("/v1/staff/", "/v1/admin/")):
                seen += 1
                assert event["Properties"]["Auth"] == {
                    "Authorizer": "StaffCognito", "ApiKeyRequired": False}, path
    assert seen >= 17
    authorizer = RESOURCES["FrontdeskApi"]["Properties"]["Auth"]["Authorizers"]["StaffCognito"]
    assert authorizer["UserPoolArn"] == {"Fn::GetAtt": ["StaffUserPool", "Arn"]}


def test_the_desk_queue_index_projects_no_text():
    table = RESOURCES["MessagesTable"]["Properties"]
    index = next(i for i in table["GlobalSecondaryIndexes"] if i["IndexName"] == "DeskQueue")
    projected = set(index["Projection"]["NonKeyAttributes"])
    assert index["Projection"]["ProjectionType"] == "INCLUDE"
    assert not {"reply_text", "staff_reply_text", "text"} & projected


def test_only_the_staff_function_of_the_api_functions_reads_message_text():
    readers = set()
    for logical_id, resource in RESOURCES.items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for policy in resource["Properties"].get("Policies", []):
            if isinstance(policy, dict):
                for statement in policy.values():
                    if isinstance(statement, dict) and statement.get("TableName") == {
                            "Ref": "MessageTextTable"}:
                        readers.add(logical_id)
    assert "StaffFunction" in readers
    assert not {"AdminFunction", "ApiDocsFunction"} & readers
