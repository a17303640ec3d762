"""`make totp ROLE=nurse`: the current TOTP code of a demo staff user of `make run`.

Reads <state-dir>/staff.json (written by `make run`); `--uri` prints the otpauth:// URI
instead, to add the account to an authenticator app. Local demo users only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.local.totp", description=__doc__)
    parser.add_argument("--role", required=True, help="front_desk, nurse, results, admin, ...")
    parser.add_argument("--org", default="riverside")
    parser.add_argument("--state-dir", default=".local")
    parser.add_argument("--uri", action="store_true", help="print the otpauth:// URI")
    args = parser.parse_args(argv)

    from infra.local.staff_users import STATE_FILE, StaffAccount, totp_code, username_for
    from infra.local.web import otpauth_uri

    path = Path(args.state_dir) / STATE_FILE
    if not path.exists():
        print(f"no {path}: start the stack with `make run` first", file=sys.stderr)
        return 2
    accounts = json.loads(path.read_text(encoding="utf-8"))["accounts"]
    username = username_for(args.org, args.role)
    if username not in accounts:
        print(f"no demo user {username}; known: {', '.join(sorted(accounts))}", file=sys.stderr)
        return 2
    account = StaffAccount(**accounts[username])
    if args.uri:
        print(otpauth_uri(account))
        return 0
    left = 30 - int(time.time()) % 30
    print(f"{totp_code(account.totp_secret)}  ({account.username}, valid {left} s more)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
