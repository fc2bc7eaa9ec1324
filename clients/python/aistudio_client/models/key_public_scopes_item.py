from typing import Literal

KeyPublicScopesItem = Literal["admin", "read", "write"]

KEY_PUBLIC_SCOPES_ITEM_VALUES: set[KeyPublicScopesItem] = {
    "admin",
    "read",
    "write",
}


def check_key_public_scopes_item(value: str) -> KeyPublicScopesItem:
    if value in KEY_PUBLIC_SCOPES_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEY_PUBLIC_SCOPES_ITEM_VALUES!r}"
    )
