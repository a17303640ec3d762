"""Who may see what: claims -> principal, role -> desks (issue 6)."""

import pytest

from frontdesk.domain.access import (
    ROLE_DESKS,
    DeskName,
    Role,
    Unauthorized,
    parse_groups,
    principal_from_claims,
)
from frontdesk.errors import Forbidden
from frontdesk.models.config import DESK_NAMES

SUB = "5f2b6a1e-0c1d-4e8e-9f57-2d0a4c3b1a99"


def claims(**extra):
    return {"sub": SUB, "token_use": "id", "custom:org_id": "riverside", **extra}


@pytest.mark.parametrize(
    "groups",
    ["results", "results,billing", "[results billing]", ["results", "billing"], "results, billing"],
)
def test_groups_in_every_shape_api_gateway_passes_them(groups):
    principal = principal_from_claims(claims(**{"cognito:groups": groups}))
    assert Role.RESULTS in principal.roles
    assert principal.org_id == "riverside"


def test_several_roles_see_the_union_of_their_desks():
    principal = principal_from_claims(claims(**{"cognito:groups": "results,billing"}))
    assert principal.desks == {DeskName.RESULTS, DeskName.BILLING}


def test_unknown_groups_are_ignored_and_no_role_is_forbidden():
    with pytest.raises(Forbidden):
        principal_from_claims(claims(**{"cognito:groups": "superuser,root"}))


def test_no_organisation_grants_nothing():
    with pytest.raises(Forbidden):
        principal_from_claims({"sub": SUB, "token_use": "id", "cognito:groups": "admin"})


@pytest.mark.parametrize("bad", [None, {}, {"sub": 7}, claims(token_use="access")])
def test_missing_or_wrong_claims_are_unauthorized(bad):
    with pytest.raises(Unauthorized):
        principal_from_claims(bad)


def test_finance_and_admin_work_no_desk():
    assert ROLE_DESKS[Role.FINANCE] == ROLE_DESKS[Role.ADMIN] == frozenset()
    principal = principal_from_claims(claims(**{"cognito:groups": "admin,finance"}))
    with pytest.raises(Forbidden):
        principal.require_desk_role()


def test_every_desk_is_worked_by_some_role_and_desk_names_match_the_site_model():
    assert {d.value for d in DeskName} == set(DESK_NAMES)
    worked = {d for desks in ROLE_DESKS.values() for d in desks}
    assert worked == set(DeskName)


def test_a_billing_clerk_does_not_work_the_results_desk():
    principal = principal_from_claims(claims(**{"cognito:groups": "billing"}))
    assert not principal.may_work_desk("results")
    assert principal.may_work_desk("billing")


def test_parse_groups_empty():
    assert parse_groups(None) == [] and parse_groups("") == [] and parse_groups("[]") == []
