"""The train job kind: a LoRA training on the gpu pool, checked first and queued in order."""

from __future__ import annotations

import json
from typing import Any

from aistudio.api import queue
from aistudio.api.jobs import JobSpec
from aistudio.api.schemas.trainings import FamilyPublic, TrainingCreate, TrainingParamsPublic
from aistudio.core.errors import Conflict
from aistudio.db.api_tables import Job
from aistudio.studio import Studio
from aistudio.training import TrainParams
from aistudio.training.params import filled
from aistudio.training.preflight import TrainPlan, family_table, plan_training

DEPLOYMENT = "train-lora/gpu"
POOL = queue.GPU
KIND = "train"


def params_public(studio: Studio) -> TrainingParamsPublic:
    """The params' JSON Schema and each family's defaults and base."""
    return TrainingParamsPublic(
        params_schema=TrainParams.model_json_schema(),
        families=[
            FamilyPublic(**row, defaults=filled(TrainParams(), row["family"]))
            for row in family_table(studio)
        ],
    )


def plan(studio: Studio, name: str, body: TrainingCreate) -> TrainPlan:
    """The request checked as the worker's gates will check it (user mistakes raise)."""
    return plan_training(
        studio,
        name,
        body.params,
        dataset_version=body.dataset_version,
        base=body.base,
        parts=body.parts,
        base_license=body.base_license,
        license_override=body.license_override,
        unreviewed=body.unreviewed,
    )


def spec(name: str, body: TrainingCreate, checked: TrainPlan) -> JobSpec:
    """The train-lora flow run: the params filled in and the dataset version fixed, so the
    job trains what its answer showed even if a newer version appears meanwhile."""
    parameters: dict[str, Any] = {
        "model": name,
        **body.model_dump(exclude={"params", "dataset_version"}),
        "params": checked.params,
        "dataset_version": checked.dataset_version,
    }
    return JobSpec(kind=KIND, deployment=DEPLOYMENT, parameters=parameters, pool=POOL)


def cloned(job: Job, params: TrainParams | None, dataset_version: int | None) -> TrainingCreate:
    """A training's request again, with the changed params (only the fields set) applied."""
    if job.kind != KIND:
        raise Conflict(f"job {job.id} is a {job.kind} job; only trainings are cloned")
    old: dict[str, Any] = json.loads(job.params_json)
    old.pop("model", None)
    merged = {**old["params"], **(params.model_dump(exclude_unset=True) if params else {})}
    old["params"] = TrainParams.model_validate(merged)
    if dataset_version is not None:
        old["dataset_version"] = dataset_version
    return TrainingCreate.model_validate(old)
