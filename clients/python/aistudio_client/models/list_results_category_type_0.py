from typing import Literal

ListResultsCategoryType0 = Literal["nsfw", "sfw"]

LIST_RESULTS_CATEGORY_TYPE_0_VALUES: set[ListResultsCategoryType0] = {
    "nsfw",
    "sfw",
}


def check_list_results_category_type_0(value: str) -> ListResultsCategoryType0:
    if value in LIST_RESULTS_CATEGORY_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_RESULTS_CATEGORY_TYPE_0_VALUES!r}"
    )
