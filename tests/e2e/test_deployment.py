"""The path users take: a Prefect server, a cpu worker, `prefect deployment run ... --watch`."""

from __future__ import annotations

from pathlib import Path

import pytest

from aistudio import dataset
from aistudio.core.config import get_settings
from aistudio.studio import Studio
from aistudio.training import show_lora
from tests.conftest import make_model
from tests.e2e.conftest import deployment_run, run_report, start_worker, stop_worker
from tests.fakes.sd import tiny_sd15

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.mark.parametrize("database", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.usefixtures("worker")
def test_deployment_run_from_the_cli_completes_and_fails_as_it_should(
    server: dict[str, str], photos: dict[str, list[Path]], database: str | None, tmp_path: Path
) -> None:
    studio = Studio(get_settings())
    make_model(studio, photos, sources=1, targets=2)
    done = deployment_run(server, "model=andie", "category=sfw")
    assert done.returncode == 0, run_report(server, done)
    assert "Completed" in done.stdout
    enhanced = sorted((studio.home / "models/andie/results/sfw").rglob("*-enhanced.jpg"))
    assert [p.name for p in enhanced] == [
        "andie-s1-t001-sfw-enhanced.jpg",
        "andie-s1-t002-sfw-enhanced.jpg",
    ]
    refused = deployment_run(server, "model=andie", "category=nsfw")
    assert refused.returncode == 1  # no nsfw targets or scope: the run Fails, visibly
    assert "has no target photos in targets/nsfw/" in run_report(server, refused)  # says why
    if database:
        return  # the dataset deployment is shown once, on the default server database
    built = deployment_run(
        server,
        "model=andie",
        'options={"family": "sd15", "include_sources": true}',
        name="build-dataset/default",
    )
    assert built.returncode == 0, run_report(server, built)
    info = dataset.show_dataset(studio, "andie")
    assert info.version == 1 and info.family == "sd15" and info.included
    assert info.holdout == ["models/andie/source/andie-source-1.jpg"]  # its one source
    assert (Path(info.path) / "kohya" / "dataset.toml").is_file()
    assert Path(info.contact_sheet).is_file()

    # The button a user presses for a LoRA: train-lora/gpu, picked up by a gpu-pool worker
    # (here on the CPU, a tiny base), holding the gpu concurrency limit the setup made
    base = tiny_sd15(tmp_path / "tiny-sd15")
    # The run form names the base from the worker's allow-list.
    gpu = start_worker({**server, "AISTUDIO_ALLOWED_BASES": f"tiny={base}"}, pool="gpu")
    try:
        trained = deployment_run(
            server, "model=andie", "base=tiny", "unreviewed=true", 'params={"rank": 4, '
            '"steps": 2, "resolution": 32, "checkpoint_every": 2, "samples": 1}',
            name="train-lora/gpu",
        )  # fmt: skip
    finally:
        stop_worker(gpu)
    assert trained.returncode == 0, run_report(server, trained)
    lora = show_lora(studio, "andie")
    assert (lora.family, lora.steps, lora.status) == ("sd15", 2, "done")
    assert lora.file is not None and Path(lora.file).is_file()
