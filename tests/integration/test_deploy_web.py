"""Issue 9: infra/deploy_web.py against a CloudFormation stack in moto, as `make deploy`
runs it after `sam deploy`."""

from __future__ import annotations

import json

import boto3
import pytest

from infra import deploy_web

STACK_TEMPLATE = {
    "Resources": {"WebBucket": {"Type": "AWS::S3::Bucket"}},
    "Outputs": {
        "ApiUrl": {"Value": "https://abc123.execute-api.us-east-1.amazonaws.com/dev"},
        "WebBucketName": {"Value": {"Ref": "WebBucket"}},
        "StaffUserPoolId": {"Value": "us-east-1_pool"},
        "StaffConsoleClientId": {"Value": "console-client"},
        "ConsoleUrl": {"Value": "https://d111.cloudfront.net/console/"},
    },
}


@pytest.fixture
def stack(aws):
    cloudformation = boto3.client("cloudformation", region_name="us-east-1")
    cloudformation.create_stack(StackName="frontdesk-test",
                                TemplateBody=json.dumps(STACK_TEMPLATE))
    outputs = deploy_web.stack_outputs(cloudformation, "frontdesk-test")
    return outputs["WebBucketName"]


def test_uploads_web_with_types_and_writes_the_config_from_the_outputs(stack, capsys):
    assert deploy_web.main(["--stack-name", "frontdesk-test", "--region", "us-east-1"]) == 0
    s3 = boto3.client("s3", region_name="us-east-1")
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=stack)["Contents"]}
    assert set(deploy_web.web_files()) | {deploy_web.CONFIG_KEY} == keys
    widget = s3.get_object(Bucket=stack, Key="widget/frontdesk-widget.js")
    assert widget["ContentType"] == "text/javascript; charset=utf-8"
    assert widget["CacheControl"] == "public, max-age=300"
    config_object = s3.get_object(Bucket=stack, Key=deploy_web.CONFIG_KEY)
    assert config_object["CacheControl"] == "no-store"
    assert json.loads(config_object["Body"].read()) == {
        "apiBase": "https://abc123.execute-api.us-east-1.amazonaws.com/dev",
        "cognito": {"endpoint": "https://cognito-idp.us-east-1.amazonaws.com/",
                    "region": "us-east-1", "userPoolId": "us-east-1_pool",
                    "clientId": "console-client"},
        "idleMinutes": 15,
    }
    assert "https://d111.cloudfront.net/console/" in capsys.readouterr().out


def test_a_stack_without_the_web_outputs_is_refused(aws, capsys):
    cloudformation = boto3.client("cloudformation", region_name="us-east-1")
    cloudformation.create_stack(StackName="old-stack", TemplateBody=json.dumps(
        {"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}))
    assert deploy_web.main(["--stack-name", "old-stack", "--region", "us-east-1"]) == 2
    assert "WebBucketName" in capsys.readouterr().err
