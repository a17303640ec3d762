"""The soak of `make soak`, short: a few dozen messages through the whole stack with faults on.

Every fault of infra/local/faults.py is on for the stage functions (handler errors before
and after side effects, throttled DynamoDB/SQS calls, lost deletes, reordering, timeouts
mid-batch). Nothing accepted may be lost, replied to twice, or left in a dead-letter queue,
and every safety phrase (also written with invisible characters and homoglyphs) escalates.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.soak import run_soak, summary
from infra.local.faults import FaultConfig

ROOT = Path(__file__).resolve().parents[2]
STAGES = ("ClassifyFunction", "RouteFunction", "RespondFunction")


@pytest.mark.e2e
def test_nothing_accepted_is_lost_or_answered_twice_under_faults(tmp_path):
    # Harsher than `make soak`'s preset, so that a short run still meets every fault.
    faults = FaultConfig(
        handler_error=0.1,
        throttle=0.02,
        duplicate=0.1,
        reorder=0.3,
        timeout=0.05,
        seed=11,
        functions=STAGES,
    )

    report = run_soak(
        count=40,
        faults=faults,
        clients=4,
        max_seconds=50,
        template=ROOT / "template.yaml",
        state_dir=tmp_path,
        seed=11,
        replay_share=0.1,
        progress=lambda line: None,
    )

    print(summary(report))
    assert report["accepted"] == 40
    assert report["lost"] == 0, report["lost_statuses"]
    assert report["replied_twice"] == 0
    assert report["reply_writes"] == 40
    assert report["safety_not_escalated"] == []
    assert report["idempotent_replays"]["different_id"] == 0
    after = report["dead_letter"]["after"]
    assert {"ClassifyDeadLetterQueue", "RouteDeadLetterQueue", "RespondDeadLetterQueue"} <= set(
        after
    )
    assert not any(after.values()), after
    assert report["invariant"]["no_submission_processed_twice"]
    if report["ledger"]["present"]:
        assert report["invariant"]["ledger_equals_count"], report["ledger"]
    injected = report["faults_injected"]
    assert injected.get("records_failed_before", 0) + injected.get("records_failed_after", 0)
    assert injected.get("records_duplicated", 0) and injected.get("calls_throttled", 0)
    assert sum(report["duplicate_deliveries_absorbed"].values()) > 0
