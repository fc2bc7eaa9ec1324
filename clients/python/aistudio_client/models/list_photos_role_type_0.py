from typing import Literal

ListPhotosRoleType0 = Literal["source", "target"]

LIST_PHOTOS_ROLE_TYPE_0_VALUES: set[ListPhotosRoleType0] = {
    "source",
    "target",
}


def check_list_photos_role_type_0(value: str) -> ListPhotosRoleType0:
    if value in LIST_PHOTOS_ROLE_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_PHOTOS_ROLE_TYPE_0_VALUES!r}"
    )
