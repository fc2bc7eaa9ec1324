"""Create what deployed runs need on a Prefect server: work pools, concurrency limits, secrets.

    python -m deployments.setup      (then: prefect --no-prompt deploy --all)

Idempotent: existing pools and limits are kept. Secrets come from .env / the environment and
become Secret blocks (deployments.secrets); prefect.yaml never holds one.
"""

from __future__ import annotations

import os

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate, WorkPoolCreate
from prefect.exceptions import ObjectNotFound

from deployments.secrets import main as push_secrets

# The cpu pool processes models; the gpu pool trains (Phase 2), one job per GPU.
POOLS = {"cpu": "Processing: validate, swap, enhance, store", "gpu": "LoRA training (GPU)"}


def limits() -> dict[str, int]:
    """Global concurrency limits by name."""
    return {"gpu": 1, "maxstudio-jobs": int(os.environ.get("MAXSTUDIO_MAX_CONCURRENT", "4"))}


def ensure() -> list[str]:
    """Create missing pools and limits; returns what was created."""
    created = []
    with get_client(sync_client=True) as client:
        for name, description in POOLS.items():
            try:
                client.read_work_pool(name)
            except ObjectNotFound:
                client.create_work_pool(
                    WorkPoolCreate(name=name, type="process", description=description)
                )
                created.append(f"work pool {name}")
        for name, limit in limits().items():
            try:
                client.read_global_concurrency_limit_by_name(name)
            except ObjectNotFound:
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=name, limit=limit)
                )
                created.append(f"concurrency limit {name}={limit}")
    return created


if __name__ == "__main__":
    made = ensure()
    print("created: " + (", ".join(made) if made else "nothing (all present)"))
    push_secrets()
