"""Estimates: what processing a model would cost, before anything starts."""

from __future__ import annotations

from fastapi import APIRouter

from aistudio.api import process
from aistudio.api.deps import Reader, StudioDep
from aistudio.api.owned import owned_model
from aistudio.api.problems import responses
from aistudio.api.schemas.jobs import EstimatePublic, JobCreate, ProviderPublic
from aistudio.providers import catalogue

router = APIRouter(tags=["jobs"], responses=responses(401, 403, 429))


@router.post("/models/{name}/estimates", responses=responses(404, 409, 422))
def estimate_job(name: str, body: JobCreate, caller: Reader, studio: StudioDep) -> EstimatePublic:
    """Credits, pairs and pairs already done for a job's body; starts nothing."""
    with studio.read() as session:
        owned_model(session, caller, name)
    return process.estimate_public(process.run_preflight(studio, name, body))


@router.get("/providers")
def list_providers(caller: Reader, studio: StudioDep) -> list[ProviderPublic]:
    """The engines a model can use (local, maxstudio, plugins), their prices and readiness."""
    return [ProviderPublic(**vars(p)) for p in catalogue(studio.settings)]
