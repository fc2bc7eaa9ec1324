"""The train-lora flow under Prefect: it waits for the `gpu` concurrency slot, trains, and
reports progress, the loss and the identity scores as artifacts."""

from __future__ import annotations

import threading
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
from prefect.artifacts import Artifact
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectAlreadyExists

from aistudio import dataset
from aistudio.consent import audit
from aistudio.core.config import save_model_config
from aistudio.studio import Studio
from aistudio.training import TrainParams, checkpoint, show_lora
from tasks import limits
from tests.fakes.datasets import processed
from tests.fakes.sd import shared_sd15
from tests.logs import warnings_of

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def test_the_flow_holds_the_gpu_slot_and_reports_its_scores(
    studio: Studio,
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from flows.train_lora import train_lora

    # A run form names a base from the allow-list, never a path of its own.
    base = shared_sd15(tmp_path_factory.getbasetemp())
    monkeypatch.setenv("AISTUDIO_ALLOWED_BASES", f"tiny={base}")
    name = processed(studio, tmp_path)
    dataset.build_dataset(studio, name, max_images=3, family="sd15")  # what the flow trains
    with get_client(sync_client=True) as client, suppress(ObjectAlreadyExists):
        client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name="gpu", limit=1))
    limits._exists.pop("gpu", None)
    # A model marked commercial, on a base of unknown license: the run form's override lets it
    # train, and the audit log keeps that
    save_model_config(
        studio.paths(name).config, studio.config(name).model_copy(update={"commercial": True})
    )
    out: dict[str, Any] = {}
    train = TrainParams(rank=4, steps=2, resolution=32, checkpoint_every=1, samples=1)
    params = dict(model=name, base="tiny", params=train, unreviewed=True, license_override=True,
                  keep_checkpoints=1)  # fmt: skip
    with concurrency("gpu", occupy=1):  # another training holds the one GPU
        runner = threading.Thread(target=lambda: out.update(train_lora(**params)))
        runner.start()
        time.sleep(4)
        assert runner.is_alive() and not (studio.home / "models" / name / "training").exists()
    runner.join(300)
    assert not runner.is_alive()
    info = show_lora(studio, name)
    assert out == {"model": name, "version": 1, "best_step": info.best_step, "file": info.file,
                   "steps": 2}  # fmt: skip
    assert sorted(info.metrics) == ["1", "2"]
    # the run form's keep_checkpoints: the last one and the best stay, step 1 unless best
    assert checkpoint.steps(Path(info.training_dir)) == sorted({2, info.best_step or 2})
    progress = Artifact.get("training-andie")
    assert progress is not None and "step 2/2" in (progress.description or "")
    with studio.read() as session:
        assert [e.action for e in audit.events(session)].count("license_override") == 1
    scores = Artifact.get("lora-scores-andie")
    assert scores is not None and "loss and identity per checkpoint" in (scores.description or "")


def test_a_failed_progress_update_warns_and_the_training_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tasks import training as stage

    def busy(*args: object, **kwargs: object) -> None:
        raise httpx.ReadTimeout("the server is busy")

    progress = stage.TrainingProgress("andie")
    monkeypatch.setattr(stage, "update_progress_artifact", busy)
    with warnings_of("tasks.training") as seen:
        progress(1, 2, 0.5)
        progress(2, 2, 0.25)  # reached: the first failure did not raise
    assert len(seen.messages) == 2 and "ReadTimeout" in seen.messages[1], seen.messages
    assert "step 2/2, loss 0.2500" in seen.messages[1]
