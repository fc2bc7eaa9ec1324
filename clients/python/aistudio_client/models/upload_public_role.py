from typing import Literal

UploadPublicRole = Literal["source", "target"]

UPLOAD_PUBLIC_ROLE_VALUES: set[UploadPublicRole] = {
    "source",
    "target",
}


def check_upload_public_role(value: str) -> UploadPublicRole:
    if value in UPLOAD_PUBLIC_ROLE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {UPLOAD_PUBLIC_ROLE_VALUES!r}")
