"""The bases a run form may choose: each family's configured base and AISTUDIO_ALLOWED_BASES.

The CLI trains on any base its user names; a flow's run form (the UI, later the API) names
one from this list, so a request cannot point training at a path or hub id of its choosing.
"""

from __future__ import annotations

from aistudio.core.config import Settings
from aistudio.core.errors import ConfigError, UserError, printable
from aistudio.core.families import FAMILIES, setting_name


def allowed_bases(settings: Settings) -> dict[str, str]:
    """Name -> path or hub id: each family's configured base under the family's name, then
    the AISTUDIO_ALLOWED_BASES entries (name=value, or a value that is its own name)."""
    allowed: dict[str, str] = {f: str(getattr(settings, setting_name(f))) for f in FAMILIES}
    for item in (i.strip() for i in settings.allowed_bases.split(",")):
        if not item:
            continue
        name, sep, value = (part.strip() for part in item.partition("="))
        value = value if sep else name
        if not name or not value or name in FAMILIES:
            raise ConfigError(
                f"AISTUDIO_ALLOWED_BASES: {printable(item)!r}: use comma-separated "
                "name=path-or-hub-id entries; a family's name is its configured base already"
            )
        allowed[name] = value
    return allowed


def choose_base(
    settings: Settings, family: str, base: str | None, parts: str | None
) -> tuple[str, str | None]:
    """A run form's base (default: the family's) and parts, each a name or a value from the
    allow-list; anything else is refused."""
    allowed = allowed_bases(settings)
    return _pick(allowed, base or family, "base"), parts and _pick(allowed, parts, "parts")


def _pick(allowed: dict[str, str], value: str, what: str) -> str:
    if value in allowed:
        return allowed[value]
    if value in allowed.values():
        return value
    raise UserError(
        f"{what} {printable(value)!r} is not an allowed base: use one of "
        f"{', '.join(sorted(allowed))} [rule: a run form's bases come from "
        "AISTUDIO_ALLOWED_BASES and the family bases]"
    )
