"""The provider interface that every engine (local, maxstudio, test fakes) implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, get_args, runtime_checkable

from aistudio.media.faces import Face, Image

Operation = Literal["swap", "enhance"]
OPERATIONS: tuple[Operation, ...] = get_args(Operation)


class JobJournal(Protocol):
    """Where a paid provider records its jobs, so a crash resumes a job instead of paying again."""

    def open_job(self, op: Operation) -> str | None:
        """A submitted, unfinished job for these inputs (resume polling it)."""
        ...

    def completed_job(self, op: Operation) -> str | None:
        """A job that completed but whose result may not have been stored (fetch it again)."""
        ...

    def attempts(self, op: Operation) -> int:
        """Jobs submitted so far for these inputs, failed ones included."""
        ...

    def submitted(self, op: Operation, job_id: str) -> None:
        """Record a job right after the provider accepted it, before polling."""
        ...

    def completed(self, op: Operation, job_id: str) -> None:
        """Mark a job completed."""
        ...

    def failed(self, op: Operation, job_id: str, reason: str, billed: float) -> None:
        """Mark a job failed, with its reason and what it was billed."""
        ...


@dataclass(frozen=True)
class SwapRequest:
    """Put the face of `source` onto the faces of `target`."""

    key: str  # content hash of the inputs and parameters: an idempotency key
    source_path: Path
    target_path: Path
    source_face: Face
    target_faces: tuple[Face, ...]
    params: dict[str, object] = field(default_factory=dict)
    journal: JobJournal | None = None


@dataclass(frozen=True)
class EnhanceRequest:
    """Upscale and sharpen one image."""

    key: str
    image_path: Path
    params: dict[str, object] = field(default_factory=dict)
    journal: JobJournal | None = None


@runtime_checkable
class Provider(Protocol):
    """A face-swap/enhance engine.

    A result is encoded image bytes (JPEG or PNG, as a remote API sends them) or pixels (an
    HxWx3 uint8 BGR array, from an engine in this process): the studio encodes pixels once,
    with their provenance, instead of decoding an encoding made only to be decoded.
    """

    name: str
    prices: dict[Operation, float]  # credits per operation, before per-model overrides
    max_in_flight: int  # operations it can run at once (an API's job limit, local cores)

    def swap(self, request: SwapRequest) -> bytes | Image:
        """Return the target image with the source face swapped in."""
        ...

    def enhance(self, request: EnhanceRequest) -> bytes | Image:
        """Return the enhanced (about 2x) image."""
        ...
