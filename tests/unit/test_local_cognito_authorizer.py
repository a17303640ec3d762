"""The local HTTP adapter's Cognito authorizer: what API Gateway accepts, and nothing else."""

import json
import time

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from moto.utilities.utils import load_resource

from infra.local.cognito import CognitoAuthorizer, CognitoPool

POOL = "us-east-1_TestPool1"
ISS = f"https://cognito-idp.us-east-1.amazonaws.com/{POOL}"
PRIVATE = RSAKey.import_key(load_resource("cognitoidp/resources/jwks-private.json"))


@pytest.fixture
def authorizer(tmp_path):
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(load_resource("cognitoidp/resources/jwks-public.json")))
    return CognitoAuthorizer("StaffCognito", [CognitoPool(POOL, "us-east-1", jwks.as_uri())])


def token(key=PRIVATE, **claims):
    now = int(time.time())
    payload = {"iss": ISS, "sub": "abc-123", "token_use": "id", "aud": "client",
               "iat": now, "exp": now + 900, "custom:org_id": "riverside",
               "cognito:groups": ["results", "billing"]} | claims
    return jwt.encode({"alg": "RS256", "kid": "dummy"}, payload, key)


def test_a_valid_id_token_passes_its_claims_as_strings(authorizer):
    claims = authorizer.claims(token())
    assert claims["sub"] == "abc-123" and claims["custom:org_id"] == "riverside"
    assert claims["cognito:groups"] == "results,billing"
    assert claims["exp"].endswith(time.strftime("%Y"))  # a date string, as API Gateway sends
    assert authorizer.claims("Bearer " + token())["sub"] == "abc-123"


@pytest.mark.parametrize("bad", [
    None, "", "garbage", "a.b.c",
    token(exp=int(time.time()) - 1),                  # expired
    token(iss="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"),  # another pool
    token(token_use="access"),                        # access tokens need scopes on the route
    token(key=RSAKey.generate_key(2048)),             # signed by someone else
])
def test_everything_else_is_refused(authorizer, bad):
    assert authorizer.claims(bad) is None


def test_a_changed_payload_breaks_the_signature(authorizer):
    header, _payload, signature = token().split(".")
    other = token(**{"custom:org_id": "harbor"}).split(".")[1]
    assert authorizer.claims(".".join([header, other, signature])) is None
