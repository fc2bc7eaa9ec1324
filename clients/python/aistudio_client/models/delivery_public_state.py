from typing import Literal

DeliveryPublicState = Literal["delivered", "failed", "pending"]

DELIVERY_PUBLIC_STATE_VALUES: set[DeliveryPublicState] = {
    "delivered",
    "failed",
    "pending",
}


def check_delivery_public_state(value: str) -> DeliveryPublicState:
    if value in DELIVERY_PUBLIC_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DELIVERY_PUBLIC_STATE_VALUES!r}")
