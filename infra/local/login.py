"""`python -m infra.local.login --role nurse`: sign a demo staff user in, print the ID token.

Reads the state `make run` wrote (<state-dir>/staff.json) and signs in against the
stack's Cognito (moto) the way a staff console does: password, then a TOTP code.
Use the token as the Authorization header of /v1/staff/* and /v1/admin/*.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.local.login", description=__doc__)
    parser.add_argument("--role", required=True, help="front_desk, nurse, results, admin, ...")
    parser.add_argument("--org", default="riverside")
    parser.add_argument("--state-dir", default=".local")
    args = parser.parse_args(argv)

    import boto3

    from infra.local.staff_users import STATE_FILE, StaffDirectory, username_for

    state_dir = Path(args.state_dir)
    if not (state_dir / STATE_FILE).exists():
        print(
            f"no {state_dir / STATE_FILE}: start the stack with `make run` first", file=sys.stderr
        )
        return 2

    def cognito(endpoint_url: str) -> object:
        return boto3.client(
            "cognito-idp",
            endpoint_url=endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 - moto's fixed fake credentials
        )

    directory, _ = StaffDirectory.load(state_dir, cognito)
    username = username_for(args.org, args.role)
    if username not in directory.accounts:
        print(
            f"no demo user {username}; known: {', '.join(sorted(directory.accounts))}",
            file=sys.stderr,
        )
        return 2
    print(directory.id_token(username))
    return 0


if __name__ == "__main__":
    sys.exit(main())
