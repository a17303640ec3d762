"""The whole local stack for the fuzz tests (template.yaml in moto, loopback only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra.local.seed import seed_demo_practice
from infra.local.stack import LocalStack

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def fuzz_stack(tmp_path_factory):
    with LocalStack(ROOT / "template.yaml", state_dir=tmp_path_factory.mktemp("fuzz")) as stack:
        stack.demo = seed_demo_practice(stack)
        yield stack
