from typing import Literal

UploadPhotosCategoryType0 = Literal["nsfw", "sfw"]

UPLOAD_PHOTOS_CATEGORY_TYPE_0_VALUES: set[UploadPhotosCategoryType0] = {
    "nsfw",
    "sfw",
}


def check_upload_photos_category_type_0(value: str) -> UploadPhotosCategoryType0:
    if value in UPLOAD_PHOTOS_CATEGORY_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPLOAD_PHOTOS_CATEGORY_TYPE_0_VALUES!r}"
    )
