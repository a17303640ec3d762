"""The Cognito user-pool authorizer of API Gateway (REST), as the local HTTP adapter applies it.

API Gateway checks an ID token from the Authorization header against the pool named in
the route's authorizer: RS256 signature by a key of the pool's JWKS, `iss` of that pool,
`exp` in the future and `token_use` "id" (an access token would need OAuth scopes on the
route). On success the function sees the token's claims, as strings, in
`requestContext.authorizer.claims`; on failure the caller gets 401 (UNAUTHORIZED).
Here the JWKS comes from moto's endpoint `/<pool id>/.well-known/jwks.json`.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

Clock = Callable[[], float]
_LEEWAY_S = 0  # API Gateway allows no clock skew on exp


@dataclass(frozen=True)
class CognitoPool:
    pool_id: str
    region: str
    jwks_url: str

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.pool_id}"


class CognitoAuthorizer:
    """Validates ID tokens of the pools that one authorizer names (providerARNs)."""

    def __init__(self, name: str, pools: list[CognitoPool], clock: Clock = time.time) -> None:
        self.name = name
        self._pools = {p.issuer: p for p in pools}
        self._clock = clock
        self._keys: dict[str, KeySet] = {}
        self._lock = threading.Lock()

    def claims(self, header_value: str | None) -> dict[str, str] | None:
        """The claims API Gateway would pass on, or None for a 401."""
        token = _token_from(header_value)
        if token is None:
            return None
        try:
            unverified = _payload_unverified(token)
            pool = self._pools.get(str(unverified.get("iss")))
            if pool is None:
                return None
            decoded = jwt.decode(token, self._key_set(pool), algorithms=["RS256"])
        except (JoseError, ValueError, KeyError, TypeError):
            return None
        claims = decoded.claims
        if claims.get("iss") != pool.issuer or claims.get("token_use") != "id":
            return None
        exp = claims.get("exp")
        if not isinstance(exp, int | float) or exp + _LEEWAY_S <= self._clock():
            return None
        return {k: _as_string(k, v) for k, v in claims.items()}

    def _key_set(self, pool: CognitoPool) -> KeySet:
        with self._lock:
            if pool.pool_id not in self._keys:
                with urllib.request.urlopen(pool.jwks_url, timeout=5) as response:  # noqa: S310 - loopback moto
                    self._keys[pool.pool_id] = KeySet.import_key_set(json.load(response))
            return self._keys[pool.pool_id]


def _token_from(header_value: str | None) -> str | None:
    if not header_value:
        return None
    value = header_value.strip()
    # API Gateway takes the header's value as the token; a "Bearer " prefix is tolerated.
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    return value if value.count(".") == 2 else None


def _payload_unverified(token: str) -> dict[str, Any]:
    segment = token.split(".")[1]
    padded = segment + "=" * (-len(segment) % 4)
    payload = json.loads(base64.urlsafe_b64decode(padded))
    if not isinstance(payload, dict):
        raise ValueError("JWT payload is not an object")
    return payload


_TIME_CLAIMS = ("exp", "iat", "auth_time")


def _as_string(name: str, value: Any) -> str:
    """REST API authorizer claims are strings: lists (cognito:groups) become "a,b" and
    times a date ("Fri Jul 29 18:52:53 UTC 2016"), as API Gateway hands them over."""
    if name in _TIME_CLAIMS and isinstance(value, int | float):
        return time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(value))
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
