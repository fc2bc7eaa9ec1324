"""What a training request is checked against before it is queued (the API's preflight): the
dataset version, the params against the family's limits, the review gate, the consent in force,
the base from the allow-list and its license. The worker checks all of it again (gates.py)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from aistudio.core.errors import UserError
from aistudio.core.families import FAMILIES, SPECS
from aistudio.dataset.versions import show_dataset
from aistudio.studio import Studio
from aistudio.training.bases import choose_base
from aistudio.training.consent import check_dataset
from aistudio.training.gates import check_review
from aistudio.training.license import check_license, find_license
from aistudio.training.params import TrainParams, resolve
from aistudio.training.run import default_base


class TrainPlan(BaseModel):
    """A checked training request: the version it learns from and its params, filled in."""

    dataset_version: int
    params: dict[str, Any]  # every TrainParams field, the family's defaults filled in
    base: str
    license: str
    commercial: bool


def plan_training(
    studio: Studio,
    persona: str,
    params: TrainParams,
    *,
    dataset_version: int | None = None,
    base: str | None = None,
    parts: str | None = None,
    base_license: str | None = None,
    license_override: bool = False,
    unreviewed: bool = False,
) -> TrainPlan:
    """Check a training request as the gates will; raises at the first rule it breaks."""
    info = show_dataset(studio, persona, dataset_version)
    try:
        resolved = resolve(params, info.family if info.family in FAMILIES else None)
    except ValidationError as exc:  # the family's limits: say which param and the limit
        raise UserError(
            "params: " + "; ".join(str(e["msg"]) for e in exc.errors()) + " [rule: family_limit]"
        ) from exc
    check_review(persona, info, unreviewed)
    check_dataset(studio, persona, info)
    chosen, parts = choose_base(studio.settings, resolved.family, base, parts)
    commercial = studio.config(persona).commercial
    found = find_license(chosen, base_license)
    check_license(found, chosen, commercial=commercial, override=license_override)
    if parts:
        check_license(find_license(parts), parts, commercial=commercial, override=license_override)
    return TrainPlan(
        dataset_version=info.version,
        params=resolved.model_dump(),
        base=chosen,
        license=found.license,
        commercial=commercial,
    )


def family_table(studio: Studio) -> list[dict[str, Any]]:
    """Each family's defaults, configured base, the base's license and the VRAM it takes."""
    rows = []
    for spec in SPECS.values():
        base = default_base(studio, spec.name)
        found = find_license(base)
        rows.append({
            "family": spec.name, "title": spec.title, "base": base,
            "resolution": spec.resolution, "rank": spec.rank, "steps": spec.steps,
            "lr": spec.lr, "license": found.license, "commercial": found.commercial,
            "vram": spec.vram, "vram_source": spec.source, "note": spec.note,
        })  # fmt: skip
    return rows
