from typing import Literal

ListPhotosCategoryType0 = Literal["nsfw", "sfw"]

LIST_PHOTOS_CATEGORY_TYPE_0_VALUES: set[ListPhotosCategoryType0] = {
    "nsfw",
    "sfw",
}


def check_list_photos_category_type_0(value: str) -> ListPhotosCategoryType0:
    if value in LIST_PHOTOS_CATEGORY_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_PHOTOS_CATEGORY_TYPE_0_VALUES!r}"
    )
