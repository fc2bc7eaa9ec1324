"""Paid-account job limits as Prefect global concurrency limits, shared by every worker."""

from __future__ import annotations

import logging
import os
import threading
from contextlib import AbstractContextManager, nullcontext

from prefect.client.orchestration import get_client
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectNotFound
from prefect.settings import PREFECT_API_URL

from aistudio.core.config import PREFECT_TEMPORARY_ENV
from aistudio.providers.limits import MAXSTUDIO_JOBS, share_limit

logger = logging.getLogger(__name__)
_exists: dict[str, bool] = {}
_lock = threading.Lock()


def _limit_exists(name: str) -> bool:
    with _lock:
        if name not in _exists:
            with get_client(sync_client=True) as client:
                try:
                    client.read_global_concurrency_limit_by_name(name)
                    _exists[name] = True
                except ObjectNotFound:
                    _exists[name] = False
                    logger.warning(
                        "The Prefect server has no %r concurrency limit, so each worker applies "
                        "the job limit alone; create it with: python -m deployments.setup",
                        name,
                    )
        return _exists[name]


def prefect_slot(name: str, lease_seconds: int = 60) -> AbstractContextManager[object]:
    """A slot of the server's global limit `name` (leased: a dead worker's slot expires)."""
    if not _limit_exists(name):
        return nullcontext()
    # 60 s is the shortest lease Prefect allows: a killed worker's slots come back within about
    # 75 s (the lease plus the server's 15 s sweep). A failed renewal (a busy server, a renewal
    # thread starved for the GIL, then a 410: PrefectHQ/prefect#19068, #18893) warns and goes
    # on: Prefect's strict mode would kill the run, throwing away a paid job's wait or hours of
    # GPU time, where the cost of going on is a limit briefly exceeded (MaxStudio answers an
    # extra job busy, which is retried; two trainings share a GPU for a while).
    return concurrency(
        name,
        occupy=1,
        strict=True,
        lease_duration=lease_seconds,
        raise_on_lease_renewal_failure=False,
    )


def share_job_limits() -> bool:
    """Share the MaxStudio job limit through the Prefect server, when one is configured."""
    # Prefect's temporary server (none configured, or the CLI's own) serves one process only:
    # the limit inside the process suffices.
    if not PREFECT_API_URL.value() or os.environ.get(PREFECT_TEMPORARY_ENV):
        return False
    share_limit(MAXSTUDIO_JOBS, prefect_slot)
    return True
