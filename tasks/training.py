"""The training stage: one LoRA training on the GPU (holding the `gpu` concurrency limit),
with its step, loss and time left as a live progress artifact."""

from __future__ import annotations

import logging
import time
from uuid import UUID

from prefect import task
from prefect.artifacts import create_progress_artifact, update_progress_artifact

from aistudio import training
from aistudio.training.control import JobRequests
from tasks.common import (
    RETRIES,
    RETRY_DELAYS,
    artifact_key,
    job_event,
    job_of_flow_run,
    retry_if_retryable,
    studio,
)
from tasks.limits import prefect_slot

logger = logging.getLogger(__name__)
GPU_LIMIT = "gpu"  # one training per GPU (deployments.setup creates it)
# The default hold (settings.gpu_lease_seconds): a renewal may be 75 s late; a killed
# worker's GPU comes back within about 5 minutes.
GPU_LEASE = 300


class TrainingProgress:
    """Step, loss and ETA as a Prefect progress artifact, updated every 1% or 15 s."""

    def __init__(self, model: str) -> None:
        made = create_progress_artifact(
            0.0, key=artifact_key("training", model), description=f"{model}: starting"
        )
        assert isinstance(made, UUID)  # the sync call returns the id
        self.id, self.model = made, model
        self.first: tuple[int, float] | None = None
        self.shown, self.at = -1.0, 0.0

    def __call__(self, step: int, steps: int, loss: float) -> None:
        now = time.monotonic()
        if self.first is None:
            self.first = (step - 1, now)  # a resumed run's first step: its ETA counts from it
        value = 100.0 * step / max(steps, 1)
        if value - self.shown < 1.0 and now - self.at < 15 and step != steps:
            return
        done, since = step - self.first[0], now - self.first[1]
        eta = (steps - step) * since / done if done > 0 and since > 0 else 0.0
        text = f"{self.model}: step {step}/{steps}, loss {loss:.4f}, about {_duration(eta)} left"
        try:
            update_progress_artifact(self.id, value, description=text)
            job_event("progress", step=step, steps=steps, loss=loss, eta_seconds=round(eta))
        except Exception as exc:  # a busy server must not end hours of training
            logger.warning("Training progress not shown (%s): %s", type(exc).__name__, text)
        self.shown, self.at = value, now


def sample_urls(model: str, version: int, step: int, count: int) -> list[str]:
    """Where the studio API serves a step's samples."""
    at = f"/api/v1/models/{model}/loras/{version}/checkpoints/{step}/samples"
    return [f"{at}/{i}" for i in range(count)]


def tell_job(model: str) -> training.Events:
    """A training's events (checkpoints, samples on request) as its API job's events."""

    def tell(type: str, data: dict[str, object]) -> None:
        names = data.get("samples")
        count = len(names) if isinstance(names, list) else 0
        urls = sample_urls(model, int(str(data["version"])), int(str(data["step"])), count)
        try:
            job_event(type, **data, urls=urls)
        except Exception as exc:  # a busy store must not end hours of training
            logger.warning("Training event not recorded (%s): %s", type, exc)

    return tell


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{round(seconds)} s" if minutes < 2 else f"{minutes} min"


@task(
    name="train-lora",
    task_run_name="train {model}",
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAYS,
    retry_condition_fn=retry_if_retryable,
)
def train(
    model: str, base: str, params: training.TrainParams, dataset_version: int | None,
    unreviewed: bool, parts: str | None = None, base_license: str | None = None,
    license_override: bool = False, keep_checkpoints: int = training.KEEP_CHECKPOINTS,
) -> training.LoraInfo:  # fmt: skip
    """Train (or resume) a LoRA version; a retry resumes from its last checkpoint."""
    s = studio()
    job = job_of_flow_run()
    with prefect_slot(GPU_LIMIT, lease_seconds=s.settings.gpu_lease_seconds):
        made = training.train_model(
            s, model, base, params, dataset_version=dataset_version, unreviewed=unreviewed,
            device=s.settings.torch_device, progress=TrainingProgress(model), parts=parts,
            base_license=base_license, license_override=license_override,
            keep_checkpoints=keep_checkpoints, requests=JobRequests(s, job) if job else None,
            events=tell_job(model) if job else None,
        )  # fmt: skip
    info = training.show_lora(s, model, made.version)
    job_event("result", lora_version=info.version, best_step=info.best_step, steps=info.steps)
    return info
