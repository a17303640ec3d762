"""Upload web/ (staff console, patient widget) to the stack's web bucket; write its config.

`python -m infra.deploy_web --stack-name frontdesk-dev` after `sam deploy` (`make deploy`
runs it): reads the stack's outputs, uploads every file under web/ with its Content-Type,
writes /console/config.json (API base URL, Cognito pool and console client) and invalidates
the distribution's cache. The local stack uploads into its bucket in moto with the same
`upload_web` (infra/local/web.py), with local values in the config.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
CONFIG_KEY = "console/config.json"
IDLE_MINUTES = 15  # automatic sign-out after this long without input (164.312(a)(2)(iii))

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
}
# Files that are not served: notes, sources of tests, editor leftovers.
_SKIPPED_SUFFIXES = {".md", ".map", ".swp"}


def content_type(path: str) -> str:
    if path.startswith("errors/") and path.endswith(".json"):
        return "application/problem+json"
    return CONTENT_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


def cache_control(path: str) -> str:
    """Pages and config revalidate on every load; scripts and styles are cached briefly
    (their names carry no content hash, so a deploy must show within minutes)."""
    if path == CONFIG_KEY:
        return "no-store"
    if path.endswith((".html", ".json")):
        return "no-cache"
    return "public, max-age=300"


def web_files(web_dir: Path = WEB_DIR) -> dict[str, Path]:
    """Object key -> file, for every servable file under web/."""
    files = {}
    for path in sorted(web_dir.rglob("*")):
        relative = path.relative_to(web_dir)
        if (not path.is_file() or path.suffix in _SKIPPED_SUFFIXES
                or any(part.startswith(".") for part in relative.parts)):
            continue
        files[relative.as_posix()] = path
    return files


def console_config(*, api_base: str, region: str, user_pool_id: str, client_id: str,
                   cognito_endpoint: str | None = None,
                   idle_minutes: int = IDLE_MINUTES) -> dict[str, Any]:
    """What the console reads at start: where the API and Cognito are. No secrets."""
    return {
        "apiBase": api_base.rstrip("/"),
        "cognito": {
            "endpoint": cognito_endpoint or f"https://cognito-idp.{region}.amazonaws.com/",
            "region": region,
            "userPoolId": user_pool_id,
            "clientId": client_id,
        },
        "idleMinutes": idle_minutes,
    }


def put_json(s3: Any, bucket: str, key: str, document: dict[str, Any]) -> None:
    s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(document, indent=2).encode(),
                  ContentType=content_type(key), CacheControl=cache_control(key))


def upload_web(s3: Any, bucket: str, config: dict[str, Any] | None = None, *,
               web_dir: Path = WEB_DIR,
               extra_json: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Upload web/ and the JSON documents given (config.json, ...); return the keys."""
    keys = []
    for key, path in web_files(web_dir).items():
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(),
                      ContentType=content_type(key), CacheControl=cache_control(key))
        keys.append(key)
    documents = dict(extra_json or {})
    if config is not None:
        documents[CONFIG_KEY] = config
    for key, document in documents.items():
        put_json(s3, bucket, key, document)
        keys.append(key)
    return keys


def stack_outputs(cloudformation: Any, stack_name: str) -> dict[str, str]:
    stack = cloudformation.describe_stacks(StackName=stack_name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.deploy_web", description=__doc__)
    parser.add_argument("--stack-name", required=True)
    parser.add_argument("--region", default=None)
    parser.add_argument("--web-dir", type=Path, default=WEB_DIR)
    parser.add_argument("--no-invalidate", action="store_true")
    args = parser.parse_args(argv)

    import boto3

    session = boto3.session.Session(region_name=args.region)
    region = session.region_name or "us-east-1"
    outputs = stack_outputs(session.client("cloudformation"), args.stack_name)
    missing = {"ApiUrl", "WebBucketName", "StaffUserPoolId", "StaffConsoleClientId"} - set(outputs)
    if missing:
        print(f"stack {args.stack_name} lacks outputs {sorted(missing)}", file=sys.stderr)
        return 2
    config = console_config(api_base=outputs["ApiUrl"], region=region,
                            user_pool_id=outputs["StaffUserPoolId"],
                            client_id=outputs["StaffConsoleClientId"])
    keys = upload_web(session.client("s3"), outputs["WebBucketName"], config,
                      web_dir=args.web_dir)
    print(f"uploaded {len(keys)} files to s3://{outputs['WebBucketName']}/")
    if not args.no_invalidate and outputs.get("WebDistributionId"):
        session.client("cloudfront").create_invalidation(
            DistributionId=outputs["WebDistributionId"],
            InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]},
                               "CallerReference": f"deploy-web-{time.time_ns()}"})
        print(f"invalidated {outputs['WebDistributionId']}")
    print(f"console: {outputs.get('ConsoleUrl', '?')}")
    print(f"widget:  {outputs.get('WidgetScriptUrl', '?')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
