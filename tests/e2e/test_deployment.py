"""The path users take: a Prefect server, a cpu worker, `prefect deployment run ... --watch`."""

from __future__ import annotations

from pathlib import Path

import pytest

from aistudio import dataset
from aistudio.core.config import get_settings
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.e2e.conftest import deployment_run

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.mark.parametrize("database", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.usefixtures("worker")
def test_deployment_run_from_the_cli_completes_and_fails_as_it_should(
    server: dict[str, str], photos: dict[str, list[Path]], database: str | None
) -> None:
    studio = Studio(get_settings())
    make_model(studio, photos, sources=1, targets=2)
    done = deployment_run(server, "model=andie", "category=sfw")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Completed" in done.stdout
    enhanced = sorted((studio.home / "models/andie/results/sfw").rglob("*-enhanced.jpg"))
    assert [p.name for p in enhanced] == [
        "andie-s1-t001-sfw-enhanced.jpg",
        "andie-s1-t002-sfw-enhanced.jpg",
    ]
    refused = deployment_run(server, "model=andie", "category=nsfw")
    assert refused.returncode == 1  # no nsfw targets or scope: the run Fails, visibly
    if database:
        return  # the dataset deployment is shown once, on the default server database
    built = deployment_run(
        server, "model=andie", "family=sd15", "include_sources=true", name="build-dataset/default"
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    info = dataset.show_dataset(studio, "andie")
    assert info.version == 1 and info.family == "sd15" and info.included
    assert info.holdout == ["models/andie/source/andie-source-1.jpg"]  # its one source
    assert (Path(info.path) / "kohya" / "dataset.toml").is_file()
    assert Path(info.contact_sheet).is_file()
