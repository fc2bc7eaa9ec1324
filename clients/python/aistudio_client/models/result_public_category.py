from typing import Literal

ResultPublicCategory = Literal["nsfw", "sfw"]

RESULT_PUBLIC_CATEGORY_VALUES: set[ResultPublicCategory] = {
    "nsfw",
    "sfw",
}


def check_result_public_category(value: str) -> ResultPublicCategory:
    if value in RESULT_PUBLIC_CATEGORY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RESULT_PUBLIC_CATEGORY_VALUES!r}"
    )
