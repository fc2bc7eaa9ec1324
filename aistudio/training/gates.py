"""What a training must pass before its first step: captions a person reviewed (or a recorded
choice not to), the consent in force covering its dataset, the dataset's files as hashed, and a
base (and parts) whose license allows the persona's use."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from aistudio.consent import audit
from aistudio.core.errors import UserError
from aistudio.dataset.integrity import check_folder
from aistudio.dataset.versions import DatasetInfo, find_by_hash
from aistudio.db import queries
from aistudio.studio import Studio
from aistudio.training.consent import check_dataset
from aistudio.training.fingerprint import base_hash
from aistudio.training.license import BaseLicense, check_license, find_license


@dataclass(frozen=True)
class Cleared:
    """What the gates found: the consent record checked, the dataset's row, the base's digest
    (with its parts') and the license the LoRA is used under."""

    consent_hash: str
    dataset_id: int
    base_digest: str
    license: str


def check_review(persona: str, info: DatasetInfo, unreviewed: bool) -> None:
    """Refuse captions nobody reviewed, unless the user chose to train on them."""
    if not info.reviewed_by and not unreviewed:
        raise UserError(
            f"{persona} dataset v{info.version} has captions nobody reviewed: review them "
            f"('aistudio captions edit {persona}', then 'aistudio captions approve {persona}') "
            "or train with --unreviewed"
        )


def check_licenses(
    studio: Studio,
    persona: str,
    found: dict[str, BaseLicense],
    *,
    commercial: bool,
    override: bool,
) -> None:
    """Stop a commercial persona on a base (or parts) whose license is not known to allow
    that, unless overridden; an override, or a license the user gave, is audited."""
    audited = [
        (base, lic) for base, lic in found.items()
        if check_license(lic, base, commercial=commercial, override=override)
    ]  # fmt: skip
    with studio.session() as session:
        for base, lic in audited:
            audit.record(
                session, action="license_override", model_id=queries.get_model_id(session,
                name=persona), base=base, license=lic.license, source=lic.source,
                given=lic.given, override=override, commercial=commercial,
            )  # fmt: skip


def license_of(licenses: dict[str, BaseLicense]) -> str:
    """The license a LoRA is used under: its base's, and its parts' when they differ."""
    names = list(dict.fromkeys(lic.license for lic in licenses.values()))
    return names[0] + "".join(f"; parts: {n}" for n in names[1:])


def clear(
    studio: Studio,
    persona: str,
    info: DatasetInfo,
    base: str,
    parts: str | None,
    *,
    unreviewed: bool,
    base_license: str | None,
    license_override: bool,
) -> Cleared:
    """Every gate, in order; raises at the first that fails."""
    check_review(persona, info, unreviewed)
    consent_hash = check_dataset(studio, persona, info)
    with studio.read() as session:
        row = find_by_hash(studio, queries.get_model_id(session, name=persona), info.hash)
    assert row is not None and row.id is not None
    check_folder(studio, persona, row)  # the captions and images read below are the version's
    licenses = {base: find_license(base, base_license)}
    if parts:
        licenses[parts] = find_license(parts)
    check_licenses(studio, persona, licenses, commercial=studio.config(persona).commercial,
                   override=license_override)  # fmt: skip
    hashes = studio.home / "cache" / "base-hashes.json"
    digest = base_hash(base, hashes)
    if parts:  # a single-file transformer: its text encoder and VAE decide the result too
        digest = hashlib.sha256(f"{digest}|{base_hash(parts, hashes)}".encode()).hexdigest()
    return Cleared(consent_hash, row.id, digest, license_of(licenses))
