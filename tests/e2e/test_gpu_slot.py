"""A training holds the `gpu` slot for hours: losing its lease must not kill the training."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency import _leases, _sync
from prefect.settings import PREFECT_API_URL, temporary_settings

from tasks import limits
from tasks.training import GPU_LEASE, GPU_LIMIT
from tests.logs import warnings_of

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def api(server: dict[str, str]) -> Iterator[None]:
    """This process's Prefect client on the test's server (settings are read once, at import)."""
    with temporary_settings(updates={PREFECT_API_URL: server["PREFECT_API_URL"]}):
        yield


@pytest.mark.usefixtures("api")
def test_a_lost_gpu_lease_warns_and_the_training_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    with get_client(sync_client=True) as client:
        client.create_global_concurrency_limit(
            GlobalConcurrencyLimitCreate(name=GPU_LIMIT, limit=1)
        )
    monkeypatch.setattr(limits, "_exists", {})
    # Renew every 3 s, not 225 s: the test waits for one renewal after the lease is gone.
    monkeypatch.setattr(_leases, "_RENEWAL_FRACTION", 0.01)
    monkeypatch.setattr(_leases, "_RENEWAL_RETRY_BASE_DELAY", 0.1)
    monkeypatch.setattr(_leases, "_RENEWAL_RETRY_MAX_DELAY", 0.2)
    leases: list[UUID] = []
    acquire = _sync.acquire_concurrency_slots_with_lease

    def recorded(*args: Any, **kwargs: Any) -> Any:
        made = acquire(*args, **kwargs)
        leases.append(made.lease_id)
        return made

    monkeypatch.setattr(_sync, "acquire_concurrency_slots_with_lease", recorded)
    steps = 0
    with (
        warnings_of("prefect.concurrency") as seen,
        limits.prefect_slot(GPU_LIMIT, lease_seconds=GPU_LEASE),
    ):
        # The server takes the lease away, as its sweep does with one renewed too late.
        with get_client(sync_client=True) as client:
            client.release_concurrency_slots_with_lease(leases[0])
        assert seen.wait_for("renewal failed", 30), seen.messages
        for _ in range(5):  # the training's next steps still run
            time.sleep(0.2)
            steps += 1
    assert steps == 5
    assert any("410" in m for m in seen.messages), seen.messages
