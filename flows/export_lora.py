"""export-lora: write a LoRA version's file in a chosen format and rank cap (a resize takes a
while), for the API to serve."""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger

from aistudio.training import Format
from tasks.export import export


@flow(name="export-lora", log_prints=True)
def export_lora(
    model: str,
    version: int | None = None,
    format: Format | None = None,
    step: int | None = None,
    max_rank: int | None = None,
) -> dict[str, Any]:
    """Export a LoRA version as a .safetensors file.

    Args:
        model: The model (persona) name, e.g. andie.
        version: The LoRA version number (default: the newest).
        format: kohya, comfyui or diffusers (default: the family's own).
        step: The checkpoint (default: the best one).
        max_rank: Lower the rank (kohya's resize) to at most this (default: the trained rank).
    """
    made = export(model, version, format, step, max_rank)
    get_run_logger().info("%s LoRA: %s (%d bytes)", model, made["file"], made["size"])
    return made
