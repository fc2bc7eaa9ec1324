from typing import Literal

PhotoPublicRole = Literal["source", "target"]

PHOTO_PUBLIC_ROLE_VALUES: set[PhotoPublicRole] = {
    "source",
    "target",
}


def check_photo_public_role(value: str) -> PhotoPublicRole:
    if value in PHOTO_PUBLIC_ROLE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PHOTO_PUBLIC_ROLE_VALUES!r}")
