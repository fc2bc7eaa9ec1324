"""The provider interface that every engine (local, maxstudio, test fakes) implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, get_args, runtime_checkable

from aistudio.faces import Face

Operation = Literal["swap", "enhance"]
OPERATIONS: tuple[Operation, ...] = get_args(Operation)


@dataclass(frozen=True)
class SwapRequest:
    """Put the face of `source` onto the faces of `target`."""

    key: str  # content hash of the inputs and parameters: an idempotency key
    source_path: Path
    target_path: Path
    source_face: Face
    target_faces: tuple[Face, ...]
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class EnhanceRequest:
    """Upscale and sharpen one image."""

    key: str
    image_path: Path
    params: dict[str, object] = field(default_factory=dict)


@runtime_checkable
class Provider(Protocol):
    """A face-swap/enhance engine. Results are encoded image bytes (JPEG or PNG)."""

    name: str
    prices: dict[Operation, float]  # credits per operation, before per-model overrides

    def swap(self, request: SwapRequest) -> bytes:
        """Return the target image with the source face swapped in."""
        ...

    def enhance(self, request: EnhanceRequest) -> bytes:
        """Return the enhanced (about 2x) image."""
        ...
