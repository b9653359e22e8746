"""Use cases as plain functions over a ``Session``. They never commit: the caller does."""
