from typing import Literal

UploadPhotosRole = Literal["source", "target"]

UPLOAD_PHOTOS_ROLE_VALUES: set[UploadPhotosRole] = {
    "source",
    "target",
}


def check_upload_photos_role(value: str) -> UploadPhotosRole:
    if value in UPLOAD_PHOTOS_ROLE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {UPLOAD_PHOTOS_ROLE_VALUES!r}")
