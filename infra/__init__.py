"""Infrastructure helpers that are not part of the deployed functions."""
