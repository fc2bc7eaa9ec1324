from typing import Literal

ExportRequestFormatType0 = Literal["comfyui", "diffusers", "kohya"]

EXPORT_REQUEST_FORMAT_TYPE_0_VALUES: set[ExportRequestFormatType0] = {
    "comfyui",
    "diffusers",
    "kohya",
}


def check_export_request_format_type_0(value: str) -> ExportRequestFormatType0:
    if value in EXPORT_REQUEST_FORMAT_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {EXPORT_REQUEST_FORMAT_TYPE_0_VALUES!r}"
    )
