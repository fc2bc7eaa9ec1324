"""What every stage task shares: the studio it works on, retry and cache policy."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from uuid import UUID

from prefect import Task, runtime
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.client.schemas.objects import State, TaskRun

from aistudio.core.config import get_settings
from aistudio.core.errors import is_retryable
from aistudio.db import events
from aistudio.studio import Studio
from tasks.limits import share_job_limits
from tasks.secrets import load_secrets

# Fast retries live in the provider clients; these are the long ones (seconds apart).
RETRIES = 3
RETRY_DELAYS: list[float] = [2, 5, 15]


@lru_cache(maxsize=8)
def _studio_at(home: str) -> Studio:
    settings = get_settings()
    # A worker gets credentials (AWS, MaxStudio) from Secret blocks, never from prefect.yaml.
    load_secrets()
    share_job_limits()  # several workers on one MaxStudio account share its job limit
    return Studio(settings)


def studio() -> Studio:
    """The studio this process works on (from AISTUDIO_HOME), opened once per home."""
    return _studio_at(str(get_settings().home))


JOB_TAG = "aistudio-job:"  # the API tags the flow runs it starts with the job's id


def job_of_flow_run() -> str | None:
    """The API job this flow run belongs to, from its tags (None: started by the CLI or UI)."""
    tags = runtime.flow_run.tags or []
    return next((t.removeprefix(JOB_TAG) for t in tags if t.startswith(JOB_TAG)), None)


def job_event(type: str, **data: Any) -> None:
    """Add an event to this flow run's API job (its stream shows it); no job, no event."""
    job = job_of_flow_run()
    if job is None:
        return
    with studio().session() as session:
        events.append(session, job, type, **data)


def retry_if_retryable(task: Task[Any, Any], task_run: TaskRun, state: State[Any]) -> bool:
    """Retry only errors the exception tree marks retryable (timeouts, 429, 5xx)."""
    try:
        state.result()
    except Exception as exc:  # the state's own exception, re-raised to inspect it
        return is_retryable(exc)
    return False


def artifact_key(prefix: str, model: str) -> str:
    """A Prefect artifact key for a model: lowercase letters, digits and dashes only (a model
    name may hold underscores, which Prefect refuses in a key)."""
    return re.sub(r"[^a-z0-9-]", "-", f"{prefix}-{model}".lower())


class ProgressBar:
    """A library step's progress as a Prefect progress artifact, updated at most every 5%."""

    def __init__(self, key: str, model: str, what: str) -> None:
        made = create_progress_artifact(
            0.0, key=artifact_key(key, model), description=f"{model}: {what}"
        )
        assert isinstance(made, UUID)  # the sync call returns the id, not a coroutine
        self.id, self.shown = made, 0.0

    def __call__(self, done: int, total: int) -> None:
        value = 100.0 * done / max(total, 1)
        if value - self.shown >= 5.0 or done == total:
            update_progress_artifact(self.id, value)
            self.shown = value
