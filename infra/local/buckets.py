"""S3 bucket settings that moto's CloudFormation does not apply, applied through the S3 API.

moto's AWS::S3::Bucket applies only BucketEncryption and Tags. The template's versioning,
Object Lock (COMPLIANCE, default retention), public access block and ownership controls
are applied here, right after the stack is created and before any object is written
(S3, and moto, accept an Object Lock configuration only on a versioned, empty bucket).
The values come from the template's own properties: nothing local-only is invented.
"""

from __future__ import annotations

from typing import Any

from infra.local.adapter_resources import ClientFactory


def bucket_settings_calls(props: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The S3 API calls (method, kwargs without Bucket) that apply a bucket's properties."""
    calls: list[tuple[str, dict[str, Any]]] = []
    versioning = props.get("VersioningConfiguration", {}).get("Status")
    lock = props.get("ObjectLockConfiguration")
    if versioning or lock:
        calls.append(
            (
                "put_bucket_versioning",
                {"VersioningConfiguration": {"Status": versioning or "Enabled"}},
            )
        )
    if lock:
        config: dict[str, Any] = {"ObjectLockEnabled": lock.get("ObjectLockEnabled", "Enabled")}
        retention = lock.get("Rule", {}).get("DefaultRetention")
        if retention:
            default: dict[str, Any] = {"Mode": retention["Mode"]}
            for unit in ("Days", "Years"):
                if unit in retention:
                    default[unit] = int(retention[unit])
            config["Rule"] = {"DefaultRetention": default}
        calls.append(("put_object_lock_configuration", {"ObjectLockConfiguration": config}))
    block = props.get("PublicAccessBlockConfiguration")
    if block:
        calls.append(
            (
                "put_public_access_block",
                {"PublicAccessBlockConfiguration": {k: _bool(v) for k, v in block.items()}},
            )
        )
    ownership = props.get("OwnershipControls")
    if ownership:
        calls.append(("put_bucket_ownership_controls", {"OwnershipControls": ownership}))
    return calls


def apply_bucket_settings(
    template: dict[str, Any], physical_ids: dict[str, str], clients: ClientFactory
) -> list[str]:
    """Apply the settings of every AWS::S3::Bucket; return the logical ids that had any."""
    s3 = clients("s3")
    applied = []
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] != "AWS::S3::Bucket" or logical_id not in physical_ids:
            continue
        calls = bucket_settings_calls(resource.get("Properties", {}))
        for method, kwargs in calls:
            getattr(s3, method)(Bucket=physical_ids[logical_id], **kwargs)
        if calls:
            applied.append(logical_id)
    return applied


def _bool(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).lower() == "true"
