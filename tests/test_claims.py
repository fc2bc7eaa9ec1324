"""Claims on stage inputs and budget holds: what several workers on one store agree on."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from aistudio.db import queries
from aistudio.db.tables import Reservation, StageClaim, utcnow
from aistudio.processing import budget, claims
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.drive import open_run

pytestmark = pytest.mark.both_stores


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _set_holder(studio: Studio, holder: str, age: timedelta = timedelta(0)) -> None:
    with studio.session() as session:
        for row in session.exec(select(StageClaim)).all():
            row.holder, row.claimed_at = holder, utcnow() - age
            session.add(row)


def test_a_claim_is_kept_from_other_workers_and_taken_from_dead_ones(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    name = make_model(studio, photos, sources=1, targets=1)
    _, run_id = open_run(studio, name, "fake")
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=name)
    args = {"model_id": model_id, "stage": "swapped", "key": "k1", "run_id": run_id}
    assert claims.claim(studio, **args) is None  # ours
    assert claims.claim(studio, **args) is None  # still ours
    _set_holder(studio, "other-host:123")
    assert claims.claim(studio, **args) == f"other-host:123 (run {run_id})"
    _set_holder(studio, "other-host:123", age=timedelta(hours=2))  # its machine went away
    assert claims.claim(studio, **args) is None
    _set_holder(studio, f"{claims.holder().rpartition(':')[0]}:{_dead_pid()}")  # killed here
    assert claims.claim(studio, **args) is None
    with studio.session() as session:
        claims.release_claim(session, model_id=model_id, stage="swapped", key="k1")
    with studio.read() as session:
        assert session.exec(select(StageClaim)).all() == []


def test_budget_holds_are_shared_and_dead_holders_release_theirs(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    name = make_model(studio, photos, sources=1, targets=1)
    _, run_id = open_run(studio, name, "fake", budget=25)
    hold = {"run_id": run_id, "pair": "p", "op": "swap", "credits": 10.0, "budget": 25.0}
    first = budget.reserve(studio, **hold)
    second = budget.reserve(studio, **hold)
    assert first is not None and second is not None
    from aistudio.core.errors import BudgetReached

    with pytest.raises(BudgetReached):
        budget.reserve(studio, **hold)  # 10 + 10 held, 10 more is over 25
    with studio.session() as session:
        for row in session.exec(select(Reservation)).all():
            row.holder = f"{claims.holder().rpartition(':')[0]}:{_dead_pid()}"
            session.add(row)
    assert budget.reserve(studio, **hold) is not None  # the dead process's holds are gone
