from typing import Literal

UserPublicRole = Literal["admin", "member"]

USER_PUBLIC_ROLE_VALUES: set[UserPublicRole] = {
    "admin",
    "member",
}


def check_user_public_role(value: str) -> UserPublicRole:
    if value in USER_PUBLIC_ROLE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {USER_PUBLIC_ROLE_VALUES!r}")
