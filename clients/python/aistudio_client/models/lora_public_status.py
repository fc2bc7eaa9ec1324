from typing import Literal

LoraPublicStatus = Literal["done", "training"]

LORA_PUBLIC_STATUS_VALUES: set[LoraPublicStatus] = {
    "done",
    "training",
}


def check_lora_public_status(value: str) -> LoraPublicStatus:
    if value in LORA_PUBLIC_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LORA_PUBLIC_STATUS_VALUES!r}")
