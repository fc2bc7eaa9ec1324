"""Calls into a provider, guarded: a deadline, and misbehaviour turned into clear errors.

Providers are plugins: a buggy or hung one must fail its pair with a reason, not the run.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from aistudio.core.errors import ImageRejected, ProviderError, StudioError
from aistudio.media.faces import Image
from aistudio.media.images import decode_image


def guarded_call(name: str, op: str, fn: Callable[[], object], timeout: float) -> object:
    """Run fn with a deadline; any exception that is not the studio's own becomes ProviderError."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    # A thread we can stop waiting for: a call that never returns cannot be interrupted, only
    # abandoned (it is a daemon, so it does not keep the process alive).
    thread = threading.Thread(
        target=contextvars.copy_context().run, args=(target,), name=f"{name}-{op}", daemon=True
    )
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise ProviderError(
            f"{name} {op}: no answer within {timeout:g} s (AISTUDIO_PROVIDER_TIMEOUT); "
            "rerun to try the pair again"
        )
    if "error" in box:
        exc = box["error"]
        if isinstance(exc, StudioError):
            raise exc
        raise ProviderError(
            f"{name} {op} failed unexpectedly: {type(exc).__name__}: {exc}"[:500]
        ) from exc
    return box["value"]


def usable_image(result: object, name: str, op: str, max_pixels: int) -> Image:
    """Decode what a provider returned (or check its pixels), or say plainly what was wrong."""
    if isinstance(result, np.ndarray):
        shape = "x".join(str(n) for n in result.shape)
        if result.dtype != np.uint8 or result.ndim != 3 or result.shape[2] != 3:
            raise ProviderError(
                f"{name} {op} returned {result.dtype} pixels of shape {shape}, "
                "not an HxWx3 uint8 BGR image"
            )
        if not result.size or result.shape[0] * result.shape[1] > max_pixels:
            raise ProviderError(f"{name} {op} returned an image of {shape} pixels")
        return np.ascontiguousarray(result)
    if not isinstance(result, bytes | bytearray):
        raise ProviderError(f"{name} {op} returned {type(result).__name__}, not image bytes")
    if not result:
        raise ProviderError(f"{name} {op} returned an empty result")
    try:
        return decode_image(bytes(result), f"{name} {op} result", max_pixels)
    except ImageRejected as exc:
        raise ProviderError(f"{name} {op} returned an unusable image: {exc}") from None
