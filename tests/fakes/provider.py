"""A priced, call-counting provider for tests, registered like the built-ins (AISTUDIO_PLUGINS).

Knobs (environment): AISTUDIO_FAKE_CALLS (file that gets one line per provider call),
AISTUDIO_FAKE_DELAY (seconds per call), AISTUDIO_FAKE_FAIL_FIRST (raise a transient error on the
first N calls of each key), AISTUDIO_FAKE_BROKEN (always fail, not retryable),
AISTUDIO_FAKE_MISBEHAVE (swaps answer badly: garbage, empty, bomb, text, crash, hang or noface),
AISTUDIO_FAKE_MOVED (swaps move the face: the result is rolled by half its height).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from aistudio.core.config import Settings
from aistudio.core.errors import ProviderError, TransientProviderError
from aistudio.media.faces import Image
from aistudio.media.images import encode_jpeg
from aistudio.providers import register
from aistudio.providers.base import EnhanceRequest, Operation, SwapRequest
from aistudio.providers.local import LocalProvider
from tests.fakes.photos import png_claiming

PRICES: dict[Operation, float] = {"swap": 10.0, "enhance": 2.0}


class FakeProvider:
    """The local engine, priced like MaxStudio, with a log of every call."""

    name = "fake"

    def __init__(self, settings: Settings) -> None:
        self.prices = dict(PRICES)
        self.max_in_flight = int(os.environ.get("AISTUDIO_FAKE_MAX_IN_FLIGHT", "1"))
        self.engine = LocalProvider(settings)

    def _called(self, op: str, key: str) -> None:
        log = os.environ.get("AISTUDIO_FAKE_CALLS")
        previous = 0
        if log:
            path = Path(log)
            if path.exists():
                previous = sum(1 for line in path.read_text().splitlines() if line == f"{op} {key}")
            # O_APPEND writes of one short line are atomic: safe from parallel threads.
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, f"{op} {key}\n".encode())
            finally:
                os.close(fd)
        if os.environ.get("AISTUDIO_FAKE_BROKEN"):
            raise ProviderError(f"fake {op} refused the image (broken on purpose)")
        if previous < int(os.environ.get("AISTUDIO_FAKE_FAIL_FIRST", "0")):
            raise TransientProviderError(f"fake {op}: 503 try again")
        time.sleep(float(os.environ.get("AISTUDIO_FAKE_DELAY", "0")))

    def swap(self, request: SwapRequest) -> bytes | Image:
        """Count, then swap with the local engine (or misbehave as asked)."""
        self._called("swap", request.key)
        mode = os.environ.get("AISTUDIO_FAKE_MISBEHAVE")
        if mode:
            return misbehave(mode)
        result = self.engine.swap(request)
        if os.environ.get("AISTUDIO_FAKE_MOVED"):
            # A provider that recomposes: the face is no longer where the target had it.
            return np.ascontiguousarray(np.roll(result, result.shape[0] // 2, axis=0))
        return result

    def enhance(self, request: EnhanceRequest) -> bytes | Image:
        """Count, then enhance with the local engine."""
        self._called("enhance", request.key)
        return self.engine.enhance(request)


def misbehave(mode: str) -> bytes | Image:
    """What a broken engine answers (after being paid): every way we have seen one go wrong."""
    answers: dict[str, Callable[[], Any]] = {
        "garbage": lambda: b"<html><body>502 Bad Gateway</body></html>",
        "empty": lambda: b"",
        "bomb": lambda: png_claiming(40_000, 25_000),
        "text": lambda: "a result URL instead of bytes",
        "noface": lambda: encode_jpeg(np.full((1024, 1024, 3), 120, np.uint8)),
        "floats": lambda: np.zeros((64, 64, 3), np.float32),  # pixels, but not 8-bit
        "gray": lambda: np.zeros((64, 64), np.uint8),  # pixels, but one channel
    }
    if mode == "crash":
        raise KeyError("faces")  # a plugin's own bug
    if mode == "hang":
        time.sleep(3600)
    value: bytes | Image = answers[mode]()
    return value


register("fake", FakeProvider)


def calls(path: Path) -> list[tuple[str, str]]:
    """The (op, key) lines a call log holds."""
    if not path.exists():
        return []
    return [tuple(line.split(" ", 1)) for line in path.read_text().splitlines()]  # type: ignore[misc]
