"""Settings every suite shares.

Every test that runs a LocalStack (e2e, fuzz, soak, browser and the local-stack tests) is
marked `local_stack` here, and `make test` runs two pytest processes: `-m "not local_stack"`
on two xdist workers, then `-m local_stack` in one process. A LocalStack already uses both
cores (moto in a process of its own, one worker process per function), so running stacks
side by side only made each slower. (Each stack has its own moto process, so a test's
`mock_aws()` can no longer wipe a stack's resources, as it could when moto ran in-process.)
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
