from typing import Literal

PhotoPublicCategoryType0 = Literal["nsfw", "sfw"]

PHOTO_PUBLIC_CATEGORY_TYPE_0_VALUES: set[PhotoPublicCategoryType0] = {
    "nsfw",
    "sfw",
}


def check_photo_public_category_type_0(value: str) -> PhotoPublicCategoryType0:
    if value in PHOTO_PUBLIC_CATEGORY_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PHOTO_PUBLIC_CATEGORY_TYPE_0_VALUES!r}"
    )
