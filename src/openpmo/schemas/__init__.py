"""Pydantic v2 input and output models: ``XCreate``, ``XUpdate`` and ``XRead``."""
