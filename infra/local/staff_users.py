"""Staff accounts in the template's Cognito user pool, made and signed in the way real ones are.

An administrator creates each user (the pool allows no self sign-up) with an
organisation id and a role group; the user sets up a TOTP authenticator at first
sign-in (the pool requires MFA) and from then on signs in with password + code.
The same calls work against AWS (with IAM credentials for the ADMIN_* operations).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import string
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.hashes import SHA1
from cryptography.hazmat.primitives.twofactor.totp import TOTP

STATE_FILE = "staff.json"


@dataclass
class StaffAccount:
    username: str
    password: str
    totp_secret: str
    org_id: str
    roles: list[str]


def totp_code(secret: str, at: float | None = None, *, min_valid_s: float = 0) -> str:
    """The RFC 6238 code at `at` (now by default). With `min_valid_s`, a code that would
    expire sooner is not handed out: it waits for the next 30-second step, since Cognito
    (and moto, which allows no clock window) refuses a code that expired on the way."""
    if at is None and min_valid_s:
        left = 30 - time.time() % 30
        if left < min_valid_s:
            time.sleep(left + 0.05)
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    totp = TOTP(key, 6, SHA1(), 30, enforce_key_length=False)  # noqa: S303 - RFC 6238 uses SHA-1
    return totp.generate(int(at if at is not None else time.time())).decode()


def strong_password() -> str:
    """Meets the pool's policy: 14+ characters with lower, upper, digit and symbol."""
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(20))
    return f"{core}aZ9!"


class StaffDirectory:
    """Creates staff users in one pool and signs them in (ID tokens)."""

    def __init__(self, cognito: Any, pool_id: str, client_id: str) -> None:
        self.cognito = cognito
        self.pool_id = pool_id
        self.client_id = client_id
        self.accounts: dict[str, StaffAccount] = {}

    def create(self, username: str, org_id: str, roles: list[str]) -> StaffAccount:
        password = strong_password()
        self.cognito.admin_create_user(
            UserPoolId=self.pool_id,
            Username=username,
            UserAttributes=[{"Name": "custom:org_id", "Value": org_id}],
            TemporaryPassword=strong_password(),
            MessageAction="SUPPRESS",
        )
        self.cognito.admin_set_user_password(
            UserPoolId=self.pool_id, Username=username, Password=password, Permanent=True
        )
        for role in roles:
            self.cognito.admin_add_user_to_group(
                UserPoolId=self.pool_id, Username=username, GroupName=role
            )
        account = StaffAccount(username, password, "", org_id, list(roles))
        account.totp_secret = self._set_up_mfa(account)
        self.accounts[username] = account
        return account

    def _set_up_mfa(self, account: StaffAccount) -> str:
        first = self._initiate(account)
        if first.get("ChallengeName") == "MFA_SETUP":  # AWS: MFA is set up inside sign-in
            secret = self.cognito.associate_software_token(Session=first["Session"])
            self.cognito.verify_software_token(
                Session=secret["Session"], UserCode=totp_code(secret["SecretCode"], min_valid_s=5)
            )
            return str(secret["SecretCode"])
        access = first["AuthenticationResult"]["AccessToken"]  # moto: signed in already
        secret = self.cognito.associate_software_token(AccessToken=access)
        self.cognito.verify_software_token(
            AccessToken=access, UserCode=totp_code(secret["SecretCode"], min_valid_s=5)
        )
        self.cognito.admin_set_user_mfa_preference(
            UserPoolId=self.pool_id,
            Username=account.username,
            SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
        )
        return str(secret["SecretCode"])

    def sign_in(self, account: StaffAccount) -> dict[str, Any]:
        """Password, then the TOTP code: the AuthenticationResult (IdToken, AccessToken...)."""
        response = self._initiate(account)
        if response.get("ChallengeName") == "SOFTWARE_TOKEN_MFA":
            response = self.cognito.admin_respond_to_auth_challenge(
                UserPoolId=self.pool_id,
                ClientId=self.client_id,
                ChallengeName="SOFTWARE_TOKEN_MFA",
                Session=response["Session"],
                ChallengeResponses={
                    "USERNAME": account.username,
                    "SOFTWARE_TOKEN_MFA_CODE": totp_code(account.totp_secret, min_valid_s=5),
                },
            )
        if "AuthenticationResult" not in response:
            raise RuntimeError(f"sign-in stopped at challenge {response.get('ChallengeName')}")
        return dict(response["AuthenticationResult"])

    def id_token(self, username: str) -> str:
        return str(self.sign_in(self.accounts[username])["IdToken"])

    def _initiate(self, account: StaffAccount) -> dict[str, Any]:
        return dict(
            self.cognito.admin_initiate_auth(
                UserPoolId=self.pool_id,
                ClientId=self.client_id,
                AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": account.username, "PASSWORD": account.password},
            )
        )

    # -- the state file the login CLI reads (local demo only: passwords of moto users) --

    def save(self, state_dir: Path, endpoint_url: str, base_url: str) -> Path:
        path = state_dir / STATE_FILE
        document = {
            "endpoint_url": endpoint_url,
            "base_url": base_url,
            "pool_id": self.pool_id,
            "client_id": self.client_id,
            "accounts": {name: asdict(a) for name, a in self.accounts.items()},
        }
        path.write_text(json.dumps(document, indent=2), encoding="utf-8")
        os.chmod(path, 0o600)
        return path

    @classmethod
    def load(cls, state_dir: Path, cognito_factory: Any) -> tuple[StaffDirectory, dict[str, Any]]:
        document = json.loads((state_dir / STATE_FILE).read_text(encoding="utf-8"))
        directory = cls(
            cognito_factory(document["endpoint_url"]), document["pool_id"], document["client_id"]
        )
        directory.accounts = {n: StaffAccount(**a) for n, a in document["accounts"].items()}
        return directory, document


ROLES = (
    "front_desk",
    "scheduling",
    "nurse",
    "pharmacy",
    "results",
    "billing",
    "patient_relations",
    "compliance",
    "finance",
    "admin",
)


def username_for(org_id: str, role: str) -> str:
    return f"{org_id}-{role.replace('_', '-')}"


def seed_staff(stack: Any, org_id: str, roles: tuple[str, ...] = ROLES) -> StaffDirectory:
    """One user per role in `org_id`, in the stack's user pool; saved for the login CLI."""
    # moto checks the TOTP codes (infra/local/moto_process.py turns that on).
    directory = StaffDirectory(
        stack.client("cognito-idp"),
        stack.physical_id("StaffUserPool"),
        stack.physical_id("StaffUserPoolClient"),
    )
    for role in roles:
        directory.create(username_for(org_id, role), org_id, [role])
    directory.save(stack.state_dir, stack.endpoint_url, stack.base_url)
    return directory
