"""Create what deployed runs need on a Prefect server: pools, limits, an automation, secrets.

    python -m deployments.setup      (then: prefect --no-prompt deploy --all)

Idempotent: existing pools and limits are kept. Secrets come from .env / the environment and
become Secret blocks (deployments.secrets); prefect.yaml never holds one.
"""

from __future__ import annotations

import os
from datetime import timedelta

from prefect.automations import AutomationCore
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate, WorkPoolCreate
from prefect.client.schemas.objects import StateType
from prefect.events.actions import ChangeFlowRunState
from prefect.events.schemas.automations import EventTrigger, Posture
from prefect.events.schemas.events import ResourceSpecification
from prefect.exceptions import ObjectNotFound

from deployments.secrets import main as push_secrets

# The cpu pool processes models; the gpu pool trains (Phase 2), one job per GPU.
POOLS = {"cpu": "Processing: validate, swap, enhance, store", "gpu": "LoRA training (GPU)"}


def limits() -> dict[str, int]:
    """Global concurrency limits by name."""
    return {"gpu": 1, "maxstudio-jobs": int(os.environ.get("MAXSTUDIO_MAX_CONCURRENT", "4"))}


ZOMBIE_AUTOMATION = "aistudio: crash runs that stop sending heartbeats"
# Deployed runs beat every 30 s (prefect.yaml); three missed beats mean the machine is gone.
ZOMBIE_AFTER = timedelta(seconds=90)


def zombie_automation() -> AutomationCore:
    """Marks a flow run Crashed when its heartbeats stop (a worker machine died mid-run)."""
    return AutomationCore(
        name=ZOMBIE_AUTOMATION,
        description="A run whose worker died stays Running forever without this.",
        trigger=EventTrigger(
            after={"prefect.flow-run.heartbeat"},
            expect={
                "prefect.flow-run.heartbeat",
                "prefect.flow-run.Completed",
                "prefect.flow-run.Failed",
                "prefect.flow-run.Cancelled",
                "prefect.flow-run.Crashed",
            },
            match=ResourceSpecification({"prefect.resource.id": ["prefect.flow-run.*"]}),
            for_each={"prefect.resource.id"},
            posture=Posture.Proactive,
            threshold=1,
            within=ZOMBIE_AFTER,
        ),
        actions=[
            ChangeFlowRunState(
                state=StateType.CRASHED,
                message="No heartbeat for 90 s: its worker died. Rerun; finished pairs are kept.",
            )
        ],
    )


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
        if not client.read_automations_by_name(ZOMBIE_AUTOMATION):
            client.create_automation(zombie_automation())
            created.append("automation for unresponsive runs")
    return created


if __name__ == "__main__":
    made = ensure()
    print("created: " + (", ".join(made) if made else "nothing (all present)"))
    push_secrets()
