"""The path users take: a Prefect server, a cpu worker, `prefect deployment run ... --watch`."""

from __future__ import annotations

from pathlib import Path

import pytest

from aistudio.core.config import get_settings
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.e2e.conftest import deployment_run

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.mark.parametrize("database", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.usefixtures("worker")
def test_deployment_run_from_the_cli_completes_and_fails_as_it_should(
    server: dict[str, str], photos: dict[str, list[Path]]
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
