from typing import Literal

MeScopesItem = Literal["admin", "read", "write"]

ME_SCOPES_ITEM_VALUES: set[MeScopesItem] = {
    "admin",
    "read",
    "write",
}


def check_me_scopes_item(value: str) -> MeScopesItem:
    if value in ME_SCOPES_ITEM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ME_SCOPES_ITEM_VALUES!r}")
