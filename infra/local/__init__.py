"""The embedded local stack: template.yaml deployed into moto, served over HTTP, fed by SQS pollers.

Everything comes from the SAM template; see stack.LocalStack for the public entry point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from infra.local.stack import LocalStack

__all__ = ["LocalStack"]


def __getattr__(name: str) -> Any:
    # Lazy: worker processes import infra.local.workers and must not pay for moto's import.
    if name == "LocalStack":
        from infra.local.stack import LocalStack

        return LocalStack
    raise AttributeError(name)
