"""The local engine: preview-grade swap and enhance on the CPU, no downloads, no cost."""

from __future__ import annotations

import os

from aistudio.core.config import Settings
from aistudio.media import localengine
from aistudio.media.faces import Image
from aistudio.media.images import load_stored_image
from aistudio.providers.base import EnhanceRequest, Operation, SwapRequest

# Generous: the inputs are the studio's own validated copies.
_MAX_PIXELS = 200_000_000


class LocalProvider:
    """Classical landmark-aligned swap (OpenCV) and Lanczos + unsharp enhance."""

    name = "local"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.prices: dict[Operation, float] = {"swap": 0.0, "enhance": 0.0}
        # An operation keeps a core busy; with pairs at twice this, both cores stay busy.
        self.max_in_flight = max(1, (os.cpu_count() or 2) // 2)

    def swap(self, request: SwapRequest) -> Image:
        """Swap the source face onto every target face (pixels: the studio encodes them once)."""
        source, _ = load_stored_image(request.source_path, _MAX_PIXELS)
        target, _ = load_stored_image(request.target_path, _MAX_PIXELS)
        return localengine.swap_face(source, request.source_face, target, request.target_faces)

    def enhance(self, request: EnhanceRequest) -> Image:
        """Upscale 2x and sharpen."""
        image, _ = load_stored_image(request.image_path, _MAX_PIXELS)
        return localengine.enhance(image, scale=2)
