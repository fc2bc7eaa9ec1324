from typing import Literal

ExportPublicState = Literal["exporting", "ready"]

EXPORT_PUBLIC_STATE_VALUES: set[ExportPublicState] = {
    "exporting",
    "ready",
}


def check_export_public_state(value: str) -> ExportPublicState:
    if value in EXPORT_PUBLIC_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {EXPORT_PUBLIC_STATE_VALUES!r}")
