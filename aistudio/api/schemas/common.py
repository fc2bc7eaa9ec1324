"""Shapes every resource shares: cursor pages."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")
MAX_LIMIT = 200
# Ids are 64-bit in the store: a larger cursor would overflow the driver, not find nothing.
MAX_ID = 2**63 - 1


class Page(BaseModel, Generic[T]):
    """One page of a list; pass `next` as `after` for the next page (null: the last page)."""

    items: list[T]
    next: str | None = Field(default=None, description="Cursor of the next page, or null")
