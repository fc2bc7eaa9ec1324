from typing import Literal

DownloadLoraFormatType0 = Literal["comfyui", "diffusers", "kohya"]

DOWNLOAD_LORA_FORMAT_TYPE_0_VALUES: set[DownloadLoraFormatType0] = {
    "comfyui",
    "diffusers",
    "kohya",
}


def check_download_lora_format_type_0(value: str) -> DownloadLoraFormatType0:
    if value in DOWNLOAD_LORA_FORMAT_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DOWNLOAD_LORA_FORMAT_TYPE_0_VALUES!r}"
    )
