"""One logger's records, seen even where Prefect's logging setup replaced the root's handlers."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Seen(logging.Handler):
    """The messages a logger emitted; `wait_for` blocks until one contains a text."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self._new = threading.Condition()

    def emit(self, record: logging.LogRecord) -> None:
        with self._new:
            self.messages.append(record.getMessage())
            self._new.notify_all()

    def wait_for(self, text: str, timeout: float) -> bool:
        with self._new:
            return self._new.wait_for(lambda: any(text in m for m in self.messages), timeout)


@contextmanager
def warnings_of(name: str) -> Iterator[Seen]:
    """The warnings (and worse) logged by `name` and its children inside the block."""
    seen, logger = Seen(), logging.getLogger(name)
    logger.addHandler(seen)
    try:
        yield seen
    finally:
        logger.removeHandler(seen)
