"""Who may see what: staff roles, their desks, and the principal a Cognito token names.

Minimum necessary: a role sees only its desks' queues, and only in its own
organisation. Finance and admin see no message at all (never text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from frontdesk.errors import Forbidden, Problem


class Unauthorized(Problem):
    status, code, title = 401, "unauthorized", "Unauthorized"


class Role(StrEnum):
    FRONT_DESK = "front_desk"
    SCHEDULING = "scheduling"
    NURSE = "nurse"
    PHARMACY = "pharmacy"
    RESULTS = "results"
    BILLING = "billing"
    PATIENT_RELATIONS = "patient_relations"
    COMPLIANCE = "compliance"
    FINANCE = "finance"
    ADMIN = "admin"


class DeskName(StrEnum):
    """The desks of every site (models.config.DESK_NAMES), as an API value."""

    FRONT_DESK = "front_desk"
    SCHEDULING = "scheduling"
    PHARMACY = "pharmacy"
    NURSE = "nurse"
    RESULTS = "results"
    BILLING = "billing"
    ON_CALL = "on_call"
    BEHAVIORAL_HEALTH = "behavioral_health"
    PATIENT_RELATIONS = "patient_relations"
    COMPLIANCE = "compliance"


_D = DeskName
# The clinical escalations (on-call, behavioural health) go to the nurse line's clinicians.
ROLE_DESKS: Mapping[Role, frozenset[DeskName]] = {
    Role.FRONT_DESK: frozenset({_D.FRONT_DESK}),
    Role.SCHEDULING: frozenset({_D.SCHEDULING}),
    Role.NURSE: frozenset({_D.NURSE, _D.PHARMACY, _D.ON_CALL, _D.BEHAVIORAL_HEALTH}),
    Role.PHARMACY: frozenset({_D.PHARMACY}),
    Role.RESULTS: frozenset({_D.RESULTS}),
    Role.BILLING: frozenset({_D.BILLING}),
    Role.PATIENT_RELATIONS: frozenset({_D.PATIENT_RELATIONS}),
    Role.COMPLIANCE: frozenset({_D.COMPLIANCE}),
    Role.FINANCE: frozenset(),
    Role.ADMIN: frozenset(),
}

_ROLE_VALUES = frozenset(r.value for r in Role)
_ORG_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_SUB = re.compile(r"^[A-Za-z0-9-]{1,128}$")


@dataclass(frozen=True)
class Principal:
    """A signed-in staff member: their Cognito sub (never a name), organisation and roles."""

    sub: str
    org_id: str
    roles: frozenset[Role]

    @property
    def desks(self) -> frozenset[DeskName]:
        return frozenset(d for role in self.roles for d in ROLE_DESKS[role])

    def may_work_desk(self, desk: str | None) -> bool:
        return desk is not None and desk in {d.value for d in self.desks}

    def require_desk_role(self) -> None:
        if not self.desks:
            raise Forbidden("This role works no desk queue.")

    def require_role(self, role: Role) -> None:
        if role not in self.roles:
            raise Forbidden(f"This needs the {role.value} role.")


def principal_from_claims(claims: Mapping[str, object] | None) -> Principal:
    """The principal of the claims the Cognito authorizer passed on (strings in REST APIs).

    No claims: the route was reached without the authorizer (a misconfiguration): 401.
    A token without an organisation or any known role grants nothing: 403.
    """
    if not claims or not isinstance(claims.get("sub"), str):
        raise Unauthorized("A valid staff token is required.")
    sub = str(claims["sub"])
    if not _SUB.match(sub) or claims.get("token_use", "id") != "id":
        raise Unauthorized("A valid staff token is required.")
    org_id = claims.get("custom:org_id")
    if not isinstance(org_id, str) or not _ORG_ID.match(org_id):
        raise Forbidden("This account belongs to no organisation.")
    roles = frozenset(
        Role(g) for g in parse_groups(claims.get("cognito:groups")) if g in _ROLE_VALUES
    )
    if not roles:
        raise Forbidden("This account has no staff role.")
    return Principal(sub=sub, org_id=org_id, roles=roles)


def parse_groups(value: object) -> list[str]:
    """cognito:groups as REST APIs pass it ("a,b"), as HTTP APIs do ("[a b]"), or a list."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    text = str(value).strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return [part for part in re.split(r"[,\s]+", text) if part]
