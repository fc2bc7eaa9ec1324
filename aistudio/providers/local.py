"""The local engine: preview-grade swap and enhance on the CPU, no downloads, no cost."""

from __future__ import annotations

from aistudio.core.config import Settings
from aistudio.media import localengine
from aistudio.media.images import encode_jpeg, load_image
from aistudio.providers.base import EnhanceRequest, Operation, SwapRequest

# Generous: the inputs are the studio's own validated copies.
_MAX_PIXELS = 200_000_000


class LocalProvider:
    """Classical landmark-aligned swap (OpenCV) and Lanczos + unsharp enhance."""

    name = "local"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.prices: dict[Operation, float] = {"swap": 0.0, "enhance": 0.0}

    def swap(self, request: SwapRequest) -> bytes:
        """Swap the source face onto every target face."""
        source, _ = load_image(request.source_path, _MAX_PIXELS)
        target, _ = load_image(request.target_path, _MAX_PIXELS)
        out = localengine.swap_face(source, request.source_face, target, request.target_faces)
        return encode_jpeg(out, quality=95)

    def enhance(self, request: EnhanceRequest) -> bytes:
        """Upscale 2x and sharpen."""
        image, _ = load_image(request.image_path, _MAX_PIXELS)
        return encode_jpeg(localengine.enhance(image, scale=2), quality=92)
