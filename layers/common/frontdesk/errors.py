"""Domain errors, each mapped once to an RFC 9457 problem document.

`detail` texts are fixed strings: they never include request input, which may be PHI.
"""

from __future__ import annotations

from typing import Any

PROBLEM_CONTENT_TYPE = "application/problem+json"


class Problem(Exception):
    status: int = 400
    code: str = "bad-request"
    title: str = "Bad Request"

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors

    def to_document(self, instance: str | None = None) -> dict[str, Any]:
        document: dict[str, Any] = {
            "type": f"urn:frontdesk:problem:{self.code}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            document["instance"] = instance
        if self.errors:
            document["errors"] = self.errors
        return document


class InvalidJson(Problem):
    status, code, title = 400, "invalid-json", "Bad Request"


class Forbidden(Problem):
    status, code, title = 403, "forbidden", "Forbidden"


class NotFound(Problem):
    status, code, title = 404, "not-found", "Not Found"


class PayloadTooLarge(Problem):
    status, code, title = 413, "payload-too-large", "Payload Too Large"


class UnsupportedMediaType(Problem):
    status, code, title = 415, "unsupported-media-type", "Unsupported Media Type"


class ValidationFailed(Problem):
    status, code, title = 422, "validation-failed", "Unprocessable Content"


class IdempotencyConflict(Problem):
    status, code, title = 422, "idempotency-key-reused", "Unprocessable Content"


class Conflict(Problem):
    status, code, title = 409, "conflict", "Conflict"


class ServiceUnavailable(Problem):
    status, code, title = 503, "unavailable", "Service Unavailable"


class TransitionRejected(Exception):
    """A conditional write found the message elsewhere in its life than expected."""

    def __init__(self, message_id: str, expected: str) -> None:
        super().__init__(f"message {message_id} is not in status {expected}")
        self.message_id = message_id
        self.expected = expected


class AlreadyStored(Exception):
    """A create-once write found the item there already (a retry of the same submission)."""

    def __init__(self, message_id: str) -> None:
        super().__init__(f"message {message_id} is already stored")
        self.message_id = message_id


class MissingMessage(Exception):
    """A stage was handed an id with no stored record or text (retry, then DLQ)."""

    def __init__(self, message_id: str, what: str) -> None:
        super().__init__(f"no {what} stored for message {message_id}")
        self.message_id = message_id
