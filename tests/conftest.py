"""Settings every suite shares.

moto's backends are process-global: leaving a `mock_aws()` block (the integration tests)
wipes the resources of any LocalStack running in the same process (e2e, fuzz, soak and the
local-stack tests), which then fail with missing queues and tables. So every test that
runs a LocalStack is marked `local_stack` here, and `make test` runs two pytest processes:
`-m "not local_stack"` on two xdist workers, then `-m local_stack` in one process of its own.
"""

from __future__ import annotations

import pytest

LOCAL_STACK_DIRS = frozenset({"e2e", "fuzz", "soak"})
LOCAL_STACK_FILES = frozenset({"test_local_stack.py"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path
        if LOCAL_STACK_DIRS & set(path.parts) or path.name in LOCAL_STACK_FILES:
            item.add_marker(pytest.mark.local_stack)
            item.add_marker(pytest.mark.xdist_group("local-stack"))
