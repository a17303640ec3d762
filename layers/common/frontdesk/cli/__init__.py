"""Operator commands (not used by the functions)."""
