from typing import Literal

KeyCreatedScopesItem = Literal["admin", "read", "write"]

KEY_CREATED_SCOPES_ITEM_VALUES: set[KeyCreatedScopesItem] = {
    "admin",
    "read",
    "write",
}


def check_key_created_scopes_item(value: str) -> KeyCreatedScopesItem:
    if value in KEY_CREATED_SCOPES_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEY_CREATED_SCOPES_ITEM_VALUES!r}"
    )
