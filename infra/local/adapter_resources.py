"""Creating, through moto's service APIs, the template resources moto's CloudFormation cannot.

Each creator gets the resource's properties with every intrinsic already resolved and
returns the physical id plus the attributes other resources may ask for with GetAtt.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.client import BaseClient

ClientFactory = Callable[[str], BaseClient]
Props = dict[str, Any]


@dataclass(frozen=True)
class Created:
    physical_id: str
    attributes: dict[str, str] = field(default_factory=dict)


Creator = Callable[[ClientFactory, str, dict[str, Any], str], Created]


def _rest_api(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    apigateway = clients("apigateway")
    api = apigateway.create_rest_api(
        name=props.get("Name") or f"{stack}-{logical_id}",
        description=props.get("Description", ""),
        endpointConfiguration={"types": props.get("EndpointConfiguration", {}).get(
            "Types", ["EDGE"])},
        binaryMediaTypes=[t.replace("~1", "/") for t in props.get("BinaryMediaTypes", [])],
    )
    _add_resources(apigateway, api["id"], api["rootResourceId"], props.get("Body", {}))
    return Created(api["id"], {"RootResourceId": api["rootResourceId"]})


def _add_resources(apigateway: BaseClient, api_id: str, root_id: str, body: dict[str, Any]) -> None:
    """Mirror the OpenAPI paths as moto resources and methods (integrations stay local)."""
    ids = {"/": root_id}
    for path, operations in body.get("paths", {}).items():
        parent = "/"
        for part in [p for p in path.split("/") if p]:
            current = parent.rstrip("/") + "/" + part
            if current not in ids:
                ids[current] = apigateway.create_resource(
                    restApiId=api_id, parentId=ids[parent], pathPart=part)["id"]
            parent = current
        for method, operation in operations.items():
            http_method = "ANY" if method == "x-amazon-apigateway-any-method" else method.upper()
            if http_method not in _HTTP_METHODS:
                continue
            apigateway.put_method(
                restApiId=api_id, resourceId=ids[parent], httpMethod=http_method,
                authorizationType="NONE",
                apiKeyRequired=any("api_key" in s for s in operation.get("security", [])),
            )
            # moto will not deploy a method without an integration; requests never reach
            # moto's copy (the local HTTP adapter invokes the workers), so MOCK is enough.
            apigateway.put_integration(restApiId=api_id, resourceId=ids[parent],
                                       httpMethod=http_method, type="MOCK")


_HTTP_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"}


def _deployment(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    deployment = clients("apigateway").create_deployment(
        restApiId=props["RestApiId"], description=props.get("Description", "")
    )
    return Created(deployment["id"])


def _stage(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    clients("apigateway").create_stage(
        restApiId=props["RestApiId"],
        stageName=props["StageName"],
        deploymentId=props["DeploymentId"],
        variables=props.get("Variables", {}),
    )
    return Created(props["StageName"])


def _usage_plan(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    kwargs: dict[str, Any] = {
        "name": props.get("UsagePlanName") or f"{stack}-{logical_id}",
        "apiStages": [{"apiId": s["ApiId"], "stage": s["Stage"]}
                      for s in props.get("ApiStages", [])],
    }
    if "Throttle" in props:
        kwargs["throttle"] = {"rateLimit": float(props["Throttle"].get("RateLimit", 0)),
                              "burstLimit": int(props["Throttle"].get("BurstLimit", 0))}
    if "Quota" in props:
        kwargs["quota"] = {"limit": int(props["Quota"]["Limit"]),
                           "period": props["Quota"]["Period"],
                           "offset": int(props["Quota"].get("Offset", 0))}
    return Created(clients("apigateway").create_usage_plan(**kwargs)["id"])


def _api_key(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    kwargs: dict[str, Any] = {
        "name": props.get("Name") or f"{stack}-{logical_id}",
        "enabled": bool(props.get("Enabled", False)),
        "stageKeys": [{"restApiId": s["RestApiId"], "stageName": s["StageName"]}
                      for s in props.get("StageKeys", [])],
    }
    if "Value" in props:
        kwargs["value"] = props["Value"]
    return Created(clients("apigateway").create_api_key(**kwargs)["id"])


def _usage_plan_key(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    clients("apigateway").create_usage_plan_key(
        usagePlanId=props["UsagePlanId"], keyId=props["KeyId"], keyType=props["KeyType"]
    )
    return Created(f"{props['UsagePlanId']}:{props['KeyId']}")


_ALARM_KEYS = ("AlarmName", "AlarmDescription", "ActionsEnabled", "OKActions", "AlarmActions",
               "InsufficientDataActions", "MetricName", "Namespace", "Statistic",
               "ExtendedStatistic", "Dimensions", "Period", "Unit", "EvaluationPeriods",
               "DatapointsToAlarm", "Threshold", "ComparisonOperator", "TreatMissingData",
               "EvaluateLowSampleCountPercentile", "Metrics", "ThresholdMetricId")


def _alarm(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    kwargs = {key: props[key] for key in _ALARM_KEYS if key in props}
    kwargs.setdefault("AlarmName", f"{stack}-{logical_id}")
    for number in ("Period", "EvaluationPeriods", "DatapointsToAlarm"):
        if number in kwargs:
            kwargs[number] = int(kwargs[number])
    if "Threshold" in kwargs:
        kwargs["Threshold"] = float(kwargs["Threshold"])
    cloudwatch = clients("cloudwatch")
    cloudwatch.put_metric_alarm(**kwargs)
    alarms = cloudwatch.describe_alarms(AlarmNames=[kwargs["AlarmName"]])["MetricAlarms"]
    arn = alarms[0]["AlarmArn"]
    return Created(kwargs["AlarmName"], {"Arn": arn})


def _trail(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    cloudtrail = clients("cloudtrail")
    kwargs: dict[str, Any] = {"Name": props.get("TrailName") or f"{stack}-{logical_id}",
                              "S3BucketName": props["S3BucketName"]}
    for key in ("S3KeyPrefix", "SnsTopicName", "IncludeGlobalServiceEvents", "IsMultiRegionTrail",
                "EnableLogFileValidation", "CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn",
                "KmsKeyId", "IsOrganizationTrail"):
        if key in props:
            kwargs[key] = props[key]
    if "KMSKeyId" in props:  # CloudFormation's spelling of the API's KmsKeyId
        kwargs["KmsKeyId"] = props["KMSKeyId"]
    for flag in ("IncludeGlobalServiceEvents", "IsMultiRegionTrail", "EnableLogFileValidation",
                 "IsOrganizationTrail"):
        if flag in kwargs:
            kwargs[flag] = str(kwargs[flag]).lower() == "true"
    trail = cloudtrail.create_trail(**kwargs)
    if props.get("EventSelectors"):
        cloudtrail.put_event_selectors(TrailName=kwargs["Name"],
                                       EventSelectors=props["EventSelectors"])
    if props.get("AdvancedEventSelectors"):
        cloudtrail.put_event_selectors(TrailName=kwargs["Name"],
                                       AdvancedEventSelectors=props["AdvancedEventSelectors"])
    if props.get("IsLogging"):
        cloudtrail.start_logging(Name=kwargs["Name"])
    return Created(kwargs["Name"], {"Arn": trail["TrailARN"]})


def _user_pool(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    # EnabledMfas is CloudFormation's; the API sets it with SetUserPoolMfaConfig.
    kwargs = {k: v for k, v in props.items()
              if k not in ("UserPoolName", "UserPoolTags", "EnabledMfas")}
    if "UserPoolTags" in props:
        kwargs["UserPoolTags"] = props["UserPoolTags"]
    cognito = clients("cognito-idp")
    pool = cognito.create_user_pool(
        PoolName=props.get("UserPoolName") or f"{stack}-{logical_id}", **kwargs
    )["UserPool"]
    if props.get("EnabledMfas"):
        cognito.set_user_pool_mfa_config(
            UserPoolId=pool["Id"],
            MfaConfiguration=props.get("MfaConfiguration", "OPTIONAL"),
            SoftwareTokenMfaConfiguration={
                "Enabled": "SOFTWARE_TOKEN_MFA" in props["EnabledMfas"]},
        )
    provider = f"cognito-idp.{pool['Arn'].split(':')[3]}.amazonaws.com/{pool['Id']}"
    return Created(pool["Id"], {"Arn": pool["Arn"], "ProviderName": provider,
                                "ProviderURL": f"https://{provider}"})


def _user_pool_client(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    kwargs = {k: v for k, v in props.items() if k not in ("ClientName",)}
    client = clients("cognito-idp").create_user_pool_client(
        ClientName=props.get("ClientName") or f"{stack}-{logical_id}", **kwargs
    )["UserPoolClient"]
    return Created(client["ClientId"], {"ClientSecret": client.get("ClientSecret", "")})


def _user_pool_group(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    clients("cognito-idp").create_group(**props)
    return Created(props["GroupName"])


def _queue_policy(
    clients: ClientFactory, logical_id: str, props: Props, stack: str
) -> Created:
    sqs = clients("sqs")
    for queue_url in props["Queues"]:
        sqs.set_queue_attributes(QueueUrl=queue_url,
                                 Attributes={"Policy": json.dumps(props["PolicyDocument"])})
    return Created(f"{stack}-{logical_id}")


def _subscription(
    clients: ClientFactory, logical_id: str, props: Props, stack: str
) -> Created:
    kwargs = {"TopicArn": props["TopicArn"], "Protocol": props["Protocol"],
              "ReturnSubscriptionArn": True}
    if "Endpoint" in props:
        kwargs["Endpoint"] = props["Endpoint"]
    arn = clients("sns").subscribe(**kwargs)["SubscriptionArn"]
    return Created(arn)


def _bucket_policy(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    """The template's bucket policy, minus its conditional Deny statements.

    moto evaluates a bucket policy's Deny statements on object requests but ignores their
    Conditions, so `Deny unless aws:SecureTransport` would deny every local request (which
    is plain HTTP on loopback). Those statements are left out locally; AWS enforces them.
    """
    document = dict(props["PolicyDocument"])
    document["Statement"] = [s for s in document.get("Statement", [])
                             if not (s.get("Effect") == "Deny" and s.get("Condition"))]
    if document["Statement"]:
        clients("s3").put_bucket_policy(Bucket=props["Bucket"], Policy=json.dumps(document))
    return Created(f"{stack}-{logical_id}")


def _topic_policy(clients: ClientFactory, logical_id: str, props: Props, stack: str) -> Created:
    for topic_arn in props["Topics"]:
        clients("sns").set_topic_attributes(TopicArn=topic_arn, AttributeName="Policy",
                                            AttributeValue=json.dumps(props["PolicyDocument"]))
    return Created(f"{stack}-{logical_id}")


CREATORS: dict[str, Creator] = {
    "AWS::S3::BucketPolicy": _bucket_policy,
    "AWS::SNS::TopicPolicy": _topic_policy,
    "AWS::SQS::QueuePolicy": _queue_policy,
    "AWS::SNS::Subscription": _subscription,
    "AWS::ApiGateway::RestApi": _rest_api,
    "AWS::ApiGateway::Deployment": _deployment,
    "AWS::ApiGateway::Stage": _stage,
    "AWS::ApiGateway::UsagePlan": _usage_plan,
    "AWS::ApiGateway::ApiKey": _api_key,
    "AWS::ApiGateway::UsagePlanKey": _usage_plan_key,
    "AWS::CloudWatch::Alarm": _alarm,
    "AWS::CloudTrail::Trail": _trail,
    "AWS::Cognito::UserPool": _user_pool,
    "AWS::Cognito::UserPoolClient": _user_pool_client,
    "AWS::Cognito::UserPoolGroup": _user_pool_group,
}

# issue 9: CloudFront is played by the local HTTP server (infra/local/web.py); these only
# give the template's CloudFront resources ids and attributes.
from infra.local.cloudfront import CLOUDFRONT_CREATORS  # noqa: E402 - after Created

CREATORS.update(CLOUDFRONT_CREATORS)

