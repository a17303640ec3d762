"""The local emulator's own process: reachable, isolated per instance, checks TOTP codes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from infra.local.moto_process import MotoServerProcess
from infra.local.staff_users import StaffDirectory, totp_code

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture(scope="module")
def moto() -> Iterator[MotoServerProcess]:
    server = MotoServerProcess()
    server.start()
    yield server
    server.stop()


def _client(server: MotoServerProcess, service: str) -> Any:
    return boto3.client(service, endpoint_url=server.endpoint_url, region_name="us-east-1",
                        **CREDENTIALS)


def _mfa_pool(cognito: Any) -> tuple[str, str]:
    pool_id = cognito.create_user_pool(
        PoolName="staff",
        Schema=[{"Name": "org_id", "AttributeDataType": "String", "Mutable": True}],
    )["UserPool"]["Id"]
    cognito.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="ON",
                                     SoftwareTokenMfaConfiguration={"Enabled": True})
    cognito.create_group(UserPoolId=pool_id, GroupName="nurse")
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName="console",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def test_a_wrong_totp_code_is_refused_and_the_right_one_signs_in(moto: MotoServerProcess) -> None:
    cognito = _client(moto, "cognito-idp")
    pool_id, client_id = _mfa_pool(cognito)
    directory = StaffDirectory(cognito, pool_id, client_id)
    account = directory.create("nurse-1", "org-1", ["nurse"])

    challenge = cognito.admin_initiate_auth(
        UserPoolId=pool_id, ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": account.username, "PASSWORD": account.password})
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    right = totp_code(account.totp_secret)
    wrong = totp_code(account.totp_secret, at=time.time() - 3600)
    assert wrong != right
    with pytest.raises(ClientError):
        cognito.admin_respond_to_auth_challenge(
            UserPoolId=pool_id, ClientId=client_id, ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": account.username, "SOFTWARE_TOKEN_MFA_CODE": wrong})

    assert directory.sign_in(account)["IdToken"]


def test_each_server_has_backends_of_its_own(moto: MotoServerProcess) -> None:
    other = MotoServerProcess()
    other.start()
    try:
        _client(moto, "sqs").create_queue(QueueName="only-in-the-first")
        assert other.endpoint_url != moto.endpoint_url
        assert "QueueUrls" not in _client(other, "sqs").list_queues()
    finally:
        other.stop()
    assert other.endpoint_url  # stopping leaves the first server running:
    assert _client(moto, "sqs").list_queues()["QueueUrls"]
