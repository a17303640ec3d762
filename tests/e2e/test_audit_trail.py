"""The audit trail of real patient journeys: every stage audited, the chain verifiable,
the bucket locked, and a tampered or incomplete copy caught, naming the object."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from tests.e2e.audit_log import audit_objects, own_patient, run_cli, wait_for_events

STAGES = ("received", "classified", "routed")


@pytest.fixture(scope="module")
def journeys(stack, main_site):
    """Three messages, one per tier, through the whole pipeline, and their audit events."""
    main_site = own_patient(stack, "audit-trail-web")
    views = {
        tier: main_site.send_and_wait(text)
        for tier, text in (
            (1, "what time do you open on saturday"),
            (2, "I need to move my appointment on Thursday"),
            (3, "I have crushing chest pain"),
        )
    }
    terminal = {1: "answered", 2: "queued_for_desk", 3: "escalated"}
    wanted = {
        f"{v['message_id']}:message.{action}"
        for tier, v in views.items()
        for action in (*STAGES, terminal[tier])
    }
    events = wait_for_events(stack, wanted)
    return views, events


def test_every_stage_of_every_tier_is_audited_without_text(journeys):
    views, events = journeys
    by_id = {e["event_id"]: e for e in events}
    emergency = views[3]["message_id"]
    escalated = by_id[f"{emergency}:message.escalated"]
    assert escalated["actor"]["kind"] == "function"
    assert escalated["resource"] == {
        "type": "message",
        "id": emergency,
        "org_id": "riverside",
        "site_id": "riverside-main",
    }
    assert escalated["outcome"] == "success"
    assert escalated["labels"]["urgent_contact"] == "emergency"
    classified = by_id[f"{emergency}:message.classified"]
    assert classified["labels"]["intent"] == "medical_emergency"
    assert by_id[f"{views[1]['message_id']}:message.received"]["reason"] == "patient_submitted"
    log = json.dumps(events)
    for words in ("saturday", "Thursday", "crushing"):
        assert words not in log


def test_the_log_of_an_e2e_run_verifies_against_its_head(stack, journeys, capsys):
    code, out = run_cli(
        stack,
        capsys,
        "verify",
        "--bucket",
        stack.physical_id("AuditBucket"),
        "--head-table",
        stack.physical_id("AuditChainTable"),
    )
    assert code == 0, out
    summary = json.loads(out)
    assert summary["ok"] and summary["head_checked"] and summary["objects"] >= 1
    assert summary["events"] >= 12


def test_a_tampered_copy_fails_naming_the_object(stack, journeys, capsys, tmp_path):
    code, _ = run_cli(
        stack,
        capsys,
        "export",
        "--bucket",
        stack.physical_id("AuditBucket"),
        "--out",
        str(tmp_path / "copy"),
    )
    assert code == 0
    objects = sorted((tmp_path / "copy" / "audit").glob("*.jsonl"))
    target = objects[len(objects) // 2]
    lines = target.read_bytes().splitlines(keepends=True)
    # Flip the first event's outcome, whatever it is (staff events can be "denied" already).
    original = lines[1]
    for old, new in (
        (b'"outcome":"success"', b'"outcome":"denied"'),
        (b'"outcome":"denied"', b'"outcome":"success"'),
        (b'"outcome":"failure"', b'"outcome":"success"'),
    ):
        if old in original:
            lines[1] = original.replace(old, new, 1)
            break
    assert lines[1] != original
    target.write_bytes(b"".join(lines))

    code, out = run_cli(stack, capsys, "verify", "--dir", str(tmp_path / "copy"))
    assert code == 1
    assert out.startswith(f"BROKEN audit/{target.name}:") and "altered" in out


@pytest.mark.parametrize("which", [0, -1], ids=["first", "last"])
def test_a_copy_missing_an_object_fails_naming_it(stack, journeys, capsys, tmp_path, which):
    copy = tmp_path / "copy"
    code, _ = run_cli(
        stack,
        capsys,
        "export",
        "--bucket",
        stack.physical_id("AuditBucket"),
        "--head-table",
        stack.physical_id("AuditChainTable"),
        "--out",
        str(copy),
    )
    assert code == 0
    gone = sorted((copy / "audit").glob("*.jsonl"))[which]
    gone.unlink()
    # the copy's manifest carries the chain head, so even a missing last object is caught
    code, out = run_cli(stack, capsys, "verify", "--dir", str(copy))
    assert code == 1
    assert out.startswith(f"BROKEN audit/{gone.name}: missing"), out


def test_local_audit_bucket_is_locked_in_compliance_mode(stack, journeys):
    """moto ignores the template's ObjectLockConfiguration; the local adapter applies it."""
    s3 = stack.client("s3")
    bucket = stack.physical_id("AuditBucket")
    lock = s3.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"]
    assert lock["ObjectLockEnabled"] == "Enabled"
    assert lock["Rule"]["DefaultRetention"]["Mode"] == "COMPLIANCE"
    assert lock["Rule"]["DefaultRetention"]["Years"] == 6
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    assert (
        stack.client("s3").get_object_lock_configuration(Bucket=stack.physical_id("TrailBucket"))[
            "ObjectLockConfiguration"
        ]["Rule"]["DefaultRetention"]["Mode"]
        == "COMPLIANCE"
    )

    key, body = audit_objects(stack)[0]
    head = s3.head_object(Bucket=bucket, Key=key)
    assert head["ObjectLockMode"] == "COMPLIANCE"
    with pytest.raises(ClientError) as denied:
        s3.delete_object(Bucket=bucket, Key=key, VersionId=head["VersionId"])
    assert denied.value.response["Error"]["Code"] == "AccessDenied"
    with pytest.raises(ClientError) as refused:
        s3.put_object(Bucket=bucket, Key=key, Body=b"forged", IfNoneMatch="*")
    assert refused.value.response["Error"]["Code"] == "PreconditionFailed"
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == body


def test_the_trail_is_created_from_the_template(stack):
    trail = stack.client("cloudtrail").describe_trails()["trailList"][0]
    assert trail["LogFileValidationEnabled"] and trail["IsMultiRegionTrail"]
    assert trail["S3BucketName"] == stack.physical_id("TrailBucket")
    assert trail["KmsKeyId"].endswith(stack.physical_id("DataKey"))
