"""LoRA files by format: kohya's (SD, Flux.1), ComfyUI's native layout (the 2026 families) and
diffusers' own; the fusion of split projections, kohya's rank resize, and reading a
checkpoint's weights. Module names come from the family (training.families.naming)."""

from aistudio.training.lora_files.comfyui import write_comfyui
from aistudio.training.lora_files.diffusers import write_diffusers
from aistudio.training.lora_files.kohya import kohya_metadata, write_kohya
from aistudio.training.lora_files.resize import MAX_BYTES
from aistudio.training.lora_files.source import load_lora, load_text_encoders

__all__ = [
    "MAX_BYTES",
    "kohya_metadata",
    "load_lora",
    "load_text_encoders",
    "write_comfyui",
    "write_diffusers",
    "write_kohya",
]
