"""Shared pieces of the input and output models."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

T = TypeVar("T")

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$"
    ),
]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Text = Annotated[str, StringConstraints(max_length=20000)]


class Input(BaseModel):
    """Base of every input: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Update(Input):
    """Base of every partial update. ``version`` may come here or in ``If-Match``."""

    version: int | None = Field(default=None, ge=1)


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class VersionedRead(Read):
    id: int
    version: int
    created_at: datetime
    updated_at: datetime


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items``, and ``total`` matching records before paging."""

    items: list[T]
    total: int
    limit: int
    offset: int
