"""The embedded local stack: template.yaml deployed into moto, served over HTTP, fed by SQS pollers.

Everything comes from the SAM template; see stack.LocalStack for the public entry point.
"""

from infra.local.stack import LocalStack

__all__ = ["LocalStack"]
