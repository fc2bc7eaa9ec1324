from typing import Literal

KeyCreateScopesItem = Literal["admin", "read", "write"]

KEY_CREATE_SCOPES_ITEM_VALUES: set[KeyCreateScopesItem] = {
    "admin",
    "read",
    "write",
}


def check_key_create_scopes_item(value: str) -> KeyCreateScopesItem:
    if value in KEY_CREATE_SCOPES_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEY_CREATE_SCOPES_ITEM_VALUES!r}"
    )
