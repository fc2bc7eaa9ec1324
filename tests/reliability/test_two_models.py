"""Two models processed at the same time on one SQLite studio, as two terminals would run them."""

from __future__ import annotations

from pathlib import Path

import pytest

from aistudio.studio import Studio
from tests.cli import cli_env, db_rows, runs_at_once
from tests.conftest import make_model
from tests.fakes.provider import calls

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_two_models_at_once_share_the_studio_without_lock_errors(
    tmp_path: Path, studio: Studio, photos: dict[str, list[Path]]
) -> None:
    for name in ("andie", "blondie"):
        make_model(studio, photos, name, sources=2, targets=6)
    log = tmp_path / "calls.log"
    env = cli_env(tmp_path, AISTUDIO_FAKE_CALLS=str(log), AISTUDIO_CONCURRENCY="4")
    runs = runs_at_once(("andie", "blondie"), "fake", env, tmp_path)
    for name, run in runs.items():
        out, err = run.stdout, run.stderr
        assert run.returncode == 0, (name, out, err)
        assert "Complete! 12/12 successful" in out, (name, out, err)
        assert "locked" not in (out + err).lower()
    # Each pair of each model was paid for once, and the ledger says so.
    per_model = db_rows(
        tmp_path,
        "select m.name, count(*), sum(l.credits) from ledgerentry l "
        "join model m on m.id = l.model_id group by m.name order by m.name",
    )
    assert per_model == [("andie", 24, 144.0), ("blondie", 24, 144.0)]
    assert len(calls(log)) == 48
    for name in ("andie", "blondie"):
        enhanced = list((studio.home / f"models/{name}/results/sfw").rglob("*-enhanced.jpg"))
        assert len(enhanced) == 12
