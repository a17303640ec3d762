"""frontdesk: triage of patient messages. Shared package of every Lambda function."""

__version__ = "0.1.0"
