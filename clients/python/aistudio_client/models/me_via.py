from typing import Literal

MeVia = Literal["key", "session"]

ME_VIA_VALUES: set[MeVia] = {
    "key",
    "session",
}


def check_me_via(value: str) -> MeVia:
    if value in ME_VIA_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ME_VIA_VALUES!r}")
