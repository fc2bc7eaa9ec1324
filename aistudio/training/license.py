"""A base model's license, found once and carried with every LoRA trained on it, and the check
that a model marked commercial trains only on a base whose license allows that."""

from __future__ import annotations

import json
import logging
import re
import struct
from pathlib import Path

from pydantic import BaseModel

from aistudio.core.errors import UserError
from aistudio.core.families import SPECS

logger = logging.getLogger(__name__)

# The licenses of the bases people train on, by hub id (lower case), as their model cards say:
# each family's default base (its row of the family table), and the variants people pick
KNOWN: dict[str, str] = {s.base.lower(): s.license for s in SPECS.values()} | {
    "runwayml/stable-diffusion-v1-5": "creativeml-openrail-m",
    "black-forest-labs/flux.1-schnell": "apache-2.0",
    "tongyi-mai/z-image-turbo": "apache-2.0",
    "black-forest-labs/flux.2-klein-4b": "apache-2.0",
    "black-forest-labs/flux.2-klein-9b": "flux-non-commercial-license",
    "black-forest-labs/flux.2-klein-base-9b": "flux-non-commercial-license",
    "qwen/qwen-image-2512": "apache-2.0",
}
# Licenses that forbid commercial use of the model or its outputs' derivatives
NON_COMMERCIAL = re.compile(r"non-?commercial|(^|-)nc(-|$)|research", re.IGNORECASE)
# The only licenses a model marked commercial trains on: known to allow commercial use (a card's
# "other", or a name nobody checked, may forbid it)
COMMERCIAL = frozenset(
    {
        "apache-2.0",
        "mit",
        "bsd-2-clause",
        "bsd-3-clause",
        "cc0-1.0",
        "cc-by-4.0",
        "cc-by-sa-4.0",
        "openrail",
        "openrail-m",
        "openrail++",
        "creativeml-openrail-m",
        "bigscience-openrail-m",
    }
)
UNKNOWN = "unknown"


class BaseLicense(BaseModel):
    """A base's license and where that was read."""

    license: str
    source: str  # "hub id", "model card", "file metadata", "--base-license", or "not found"
    given: str | None = None  # a --base-license the base's own known license overrules

    @property
    def commercial(self) -> bool | None:
        """Whether it allows commercial use (None: not known to allow or forbid it)."""
        if NON_COMMERCIAL.search(self.license):
            return False
        return True if self.license in COMMERCIAL else None

    @property
    def user_given(self) -> bool:
        """Whether the user gave a license: an override, audited as --license-override is."""
        return self.source == "--base-license" or self.given is not None


def find_license(base: str, given: str | None = None) -> BaseLicense:
    """The base's license from the table of known bases, a diffusers folder's model card
    (README.md front matter) or a single file's metadata; the given one where none is found
    (a found license stands: the given one is kept beside it, to be audited)."""
    found = _found_license(base)
    name = given.strip().lower() if given and given.strip() else None
    if name is None:
        return found
    if found.license == UNKNOWN:
        return BaseLicense(license=name, source="--base-license")
    return found.model_copy(update={"given": name})


def _found_license(base: str) -> BaseLicense:
    path = Path(base)
    if path.is_dir():
        found = _card_license(path / "README.md")
        if found:
            return BaseLicense(license=found, source="model card")
    elif path.is_file() and path.suffix == ".safetensors":
        found = _file_license(path)
        if found:
            return BaseLicense(license=found, source="file metadata")
    known = KNOWN.get(base.strip().lower())
    if known:
        return BaseLicense(license=known, source="hub id")
    return BaseLicense(license=UNKNOWN, source="not found")


def _card_license(card: Path) -> str | None:
    """`license:` (or `license_name:` when it is `other`) from a model card's front matter."""
    try:
        text = card.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = re.match(r"---\s*\n(.*?)\n---", text, re.DOTALL)
    if not match:
        return None
    fields = dict(re.findall(r"^(license|license_name):\s*['\"]?([^'\"\n]+?)['\"]?\s*$",
                             match.group(1), re.MULTILINE))  # fmt: skip
    name = fields.get("license")
    if name == "other" and fields.get("license_name"):
        name = fields["license_name"]
    return name.lower() if name else None


def _file_license(path: Path) -> str | None:
    """`modelspec.license` from a .safetensors header, as Stability's model spec writes it."""
    try:
        with path.open("rb") as f:
            size = struct.unpack("<Q", f.read(8))[0]
            if size > 100_000_000:
                return None
            header = json.loads(f.read(size))
    except (OSError, ValueError, struct.error):
        return None
    meta = header.get("__metadata__") or {}
    found = meta.get("modelspec.license")
    return str(found).lower() if found else None


def check_license(found: BaseLicense, base: str, *, commercial: bool, override: bool) -> bool:
    """Refuse a base whose license is not known to allow what the model is for; True when the
    user overrode a refusal or gave the license (the caller audits it)."""
    if not commercial or found.commercial:
        return found.user_given
    if found.commercial is False:
        why = f"its license is {found.license} ({found.source}), which forbids commercial use"
    elif found.license == UNKNOWN:
        why = "its license could not be found (give it with --base-license ID)"
    else:
        why = (
            f"its license is {found.license} ({found.source}), not one known to allow "
            "commercial use"
        )
    if found.given is not None:
        why += f"; --base-license {found.given} does not change the license the base states"
    if override:
        logger.warning("training a commercial model on %s although %s", base, why)
        return True
    raise UserError(
        f"base {base!r} cannot train this model, which its config marks commercial: {why}. "
        "Choose a base that allows commercial use (e.g. Z-Image, FLUX.2 klein 4B, Qwen-Image), "
        'set "commercial": false in the model\'s config.json, or pass --license-override '
        "(license_override in the train-lora run form; written to the audit log)"
    )
