"""What checkov cannot see in template.yaml, asserted over the parsed template."""

from __future__ import annotations

from pathlib import Path

import pytest
from samtranslator.yaml_helper import yaml_parse

TEMPLATE = yaml_parse((Path(__file__).resolve().parents[2] / "template.yaml").read_text())
RESOURCES = TEMPLATE["Resources"]


def _of(kind: str) -> dict:
    return {k: r for k, r in RESOURCES.items() if r["Type"] == kind}


@pytest.mark.parametrize("bucket", ["AuditBucket", "TrailBucket"])
def test_log_buckets_are_locked_for_six_calendar_years_and_retained(bucket):
    resource = RESOURCES[bucket]
    props = resource["Properties"]
    assert resource["DeletionPolicy"] == resource["UpdateReplacePolicy"] == "Retain"
    assert props["ObjectLockEnabled"] is True
    assert props["ObjectLockConfiguration"]["Rule"]["DefaultRetention"] == {
        "Mode": "COMPLIANCE",
        "Years": 6,
    }
    assert props["VersioningConfiguration"]["Status"] == "Enabled"
    sse = props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert sse["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert sse["BucketKeyEnabled"] is True


def test_every_bucket_blocks_public_access_and_denies_plain_http():
    policies = {p["Properties"]["Bucket"]["Ref"]: p for p in _of("AWS::S3::BucketPolicy").values()}
    for name, bucket in _of("AWS::S3::Bucket").items():
        assert all(bucket["Properties"]["PublicAccessBlockConfiguration"].values()), name
        statements = policies[name]["Properties"]["PolicyDocument"]["Statement"]
        assert any(
            s["Effect"] == "Deny" and s["Condition"]["Bool"]["aws:SecureTransport"] == "false"
            for s in statements
            if "Bool" in s.get("Condition", {})
        ), name


def test_the_trail_validates_encrypts_and_records_the_data_that_matters():
    props = RESOURCES["Trail"]["Properties"]
    assert props["EnableLogFileValidation"] and props["IsMultiRegionTrail"] and props["IsLogging"]
    assert props["KMSKeyId"] == {"Fn::GetAtt": ["DataKey", "Arn"]}
    resources = str(props["AdvancedEventSelectors"])
    for needed in ("MessagesTable", "MessageTextTable", "AuditBucket", "AWS::Lambda::Function"):
        assert needed in resources
    # Every read of a message's text (the PHI) is recorded: its selector has no readOnly filter.
    text_selectors = [
        {f["Field"]: f for f in selector["FieldSelectors"]}
        for selector in props["AdvancedEventSelectors"]
        if "MessageTextTable" in str(selector)
    ]
    assert text_selectors and all("readOnly" not in fields for fields in text_selectors)


def test_one_key_with_rotation_and_no_data_use_for_the_whole_account():
    keys = _of("AWS::KMS::Key")
    assert list(keys) == ["DataKey"]
    key = keys["DataKey"]["Properties"]
    assert key["EnableKeyRotation"] is True
    for statement in key["KeyPolicy"]["Statement"]:
        actions = (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
        assert "kms:*" not in actions, statement["Sid"]
        if (
            any(a in ("kms:Decrypt", "kms:Encrypt") for a in actions)
            and "AWS" in statement["Principal"]
        ):
            assert "Condition" in statement, statement["Sid"]


def test_every_function_can_audit_and_every_log_group_is_encrypted():
    for name, fn in _of("AWS::Serverless::Function").items():
        assert {"Ref": "FunctionBaselinePolicy"} in fn["Properties"].get("Policies", []), name
        for skip in fn.get("Metadata", {}).get("checkov", {}).get("skip", []):
            assert len(skip["comment"]) > 40, (name, skip["id"])  # a written reason
    for name, group in _of("AWS::Logs::LogGroup").items():
        assert group["Properties"]["KmsKeyId"] == {"Fn::GetAtt": ["DataKey", "Arn"]}, name


def test_dead_lettered_audit_event_uses_the_stage_queues_max_receive_count():
    env = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    for queue in ("ClassifyQueue", "RouteQueue", "RespondQueue"):
        redrive = RESOURCES[queue]["Properties"]["RedrivePolicy"]
        assert str(redrive["maxReceiveCount"]) == env["MAX_RECEIVE_COUNT"], queue


def test_one_audit_writer():
    props = RESOURCES["AuditFunction"]["Properties"]
    assert props["ReservedConcurrentExecutions"] == 1
    assert props["Events"]["AuditEvents"]["Properties"]["FunctionResponseTypes"] == [
        "ReportBatchItemFailures"
    ]
