from typing import Literal

UploadPublicCategoryType0 = Literal["nsfw", "sfw"]

UPLOAD_PUBLIC_CATEGORY_TYPE_0_VALUES: set[UploadPublicCategoryType0] = {
    "nsfw",
    "sfw",
}


def check_upload_public_category_type_0(value: str) -> UploadPublicCategoryType0:
    if value in UPLOAD_PUBLIC_CATEGORY_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPLOAD_PUBLIC_CATEGORY_TYPE_0_VALUES!r}"
    )
