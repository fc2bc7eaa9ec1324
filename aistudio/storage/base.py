"""The storage interface: content-addressed puts (skipped when the same bytes are there)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class Storage(Protocol):
    """A bucket-like store of studio files, keyed like the studio layout."""

    name: str
    location: str  # e.g. s3://bucket/prefix, for messages

    def check(self) -> None:
        """Raise a clear StorageError if the store cannot be used (bucket, credentials, network)."""
        ...

    def sha256_of(self, key: str) -> str | None:
        """The sha256 recorded with an object, or None if there is no such object."""
        ...

    def put_file(self, key: str, path: Path, sha256: str, *, force: bool = False) -> bool:
        """Upload path under key unless the same content is there (or force); True if sent."""
        ...

    def get_file(self, key: str, dest: Path) -> None:
        """Download an object to dest atomically."""
        ...

    def list_keys(self, prefix: str) -> dict[str, str | None]:
        """Keys under prefix with their recorded sha256."""
        ...

    def delete(self, key: str) -> None:
        """Remove an object (no error if it is already gone)."""
        ...

    def presign(self, key: str, seconds: int) -> str:
        """A time-limited GET URL for an object."""
        ...
