"""Logging without PHI: every function gets its powertools Logger from `logger()`.

`PhiFilter` sits on the logger's handler, so it sees every record before it is written:
- extra keys pass only if they are on an allow-list of ids, codes, counts and times;
  any other key is dropped and its name listed under `redacted_keys`;
- an exception keeps its type and where it was raised, never its message or the
  traceback's text (an exception message can quote input);
- e-mail addresses, phone numbers and date-like strings in the message and in string
  values are masked, as defence in depth.
The filter cannot know that an arbitrary string is a patient's words: log ids and
codes, never text. The PHI canary test (tests/e2e/test_phi_canary.py) proves the pipeline does.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from aws_lambda_powertools import Logger

ALLOWED_EXTRA_KEYS = frozenset(
    {
        # ids and codes
        "message_id", "site_id", "org_id", "request_id", "event_id", "api_key_id",
        "intent", "safety_rule", "status", "action", "tier", "desk", "reason", "problem",
        "stage", "queue", "model_version", "template", "outcome", "key", "chain",
        "error_type", "error_location", "resumed", "role", "principal",
        # numbers and times
        "confidence", "chars", "count", "events", "objects", "seq", "receive_count",
        "duration_ms", "batch_size", "status_code", "micro_usd", "day",
        # powertools' own
        "cold_start", "function_name", "function_memory_size", "function_arn",
        "function_request_id", "correlation_id", "xray_trace_id", "sampling_rate",
        "service", "redacted_keys",
    }
)  # fmt: skip

_STANDARD_ATTRS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

_PATTERNS = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # dates like 03/14/1962, 14.03.62, 1962-03-14 (DOB); ISO timestamps with a time are kept
    (re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"), "[date]"),
    (re.compile(r"\b(?:19|20)\d{2}[/.-]\d{1,2}[/.-]\d{1,2}\b(?!T\d)"), "[date]"),
    # phone numbers: 7+ digits with optional separators and country code
    (re.compile(r"(?<![\w-])\+?\(?\d{1,4}\)?(?:[\s.-]?\(?\d{2,4}\)?){2,4}(?![\w-])"), "[phone]"),
)


def scrub(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class PhiFilter(logging.Filter):
    """Drops non-allow-listed extra keys, exception text and PHI-shaped strings."""

    def filter(self, record: logging.LogRecord) -> bool:
        extras = [k for k in record.__dict__ if k not in _STANDARD_ATTRS]
        redacted = []
        for key in extras:
            if key not in ALLOWED_EXTRA_KEYS:
                del record.__dict__[key]
                redacted.append(key)
            elif isinstance(record.__dict__[key], str):
                record.__dict__[key] = scrub(record.__dict__[key])
        if redacted:
            record.__dict__["redacted_keys"] = sorted(redacted)
        if record.exc_info and record.exc_info[0] is not None:
            error_type, _, tb = record.exc_info
            record.__dict__["error_type"] = error_type.__name__
            frames = traceback.extract_tb(tb) if tb else []
            if frames:
                last = frames[-1]
                record.__dict__["error_location"] = f"{last.filename}:{last.lineno}"
            record.exc_info = None
            record.exc_text = None
        record.stack_info = None
        record.msg = scrub(_message(record))
        record.args = None
        return True


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except (TypeError, ValueError):
        return str(record.msg)


_FILTER = PhiFilter()


def logger(**kwargs: Any) -> Logger:
    """A powertools Logger whose every record passes through PhiFilter."""
    log = Logger(**kwargs)
    protect(log)
    return log


def protect(log: Logger) -> None:
    handler = log.registered_handler
    if _FILTER not in handler.filters:
        handler.addFilter(_FILTER)
    for root_handler in logging.getLogger().handlers:  # the runtime's own, in Lambda
        if _FILTER not in root_handler.filters:
            root_handler.addFilter(_FILTER)
