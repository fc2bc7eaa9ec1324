from typing import Literal

TargetUploadCategory = Literal["nsfw", "sfw"]

TARGET_UPLOAD_CATEGORY_VALUES: set[TargetUploadCategory] = {
    "nsfw",
    "sfw",
}


def check_target_upload_category(value: str) -> TargetUploadCategory:
    if value in TARGET_UPLOAD_CATEGORY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TARGET_UPLOAD_CATEGORY_VALUES!r}"
    )
