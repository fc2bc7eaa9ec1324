from typing import Literal

LoraFileFormat = Literal["comfyui", "diffusers", "kohya"]

LORA_FILE_FORMAT_VALUES: set[LoraFileFormat] = {
    "comfyui",
    "diffusers",
    "kohya",
}


def check_lora_file_format(value: str) -> LoraFileFormat:
    if value in LORA_FILE_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LORA_FILE_FORMAT_VALUES!r}")
