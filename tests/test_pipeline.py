"""The stages as library calls (no Prefect): planning, estimates, never paying twice, budgets."""

from __future__ import annotations

from pathlib import Path

import pytest

from aistudio import processing
from aistudio.consent.records import revoke_consent
from aistudio.core.errors import BudgetExceeded, ConsentError, ProviderError, UserError
from aistudio.core.naming import parse_result_filename
from aistudio.db import queries
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.drive import open_run, run_all
from tests.fakes.provider import calls

pytestmark = pytest.mark.both_stores


def test_plan_is_sources_times_targets(studio: Studio, photos: dict[str, list[Path]]) -> None:
    name = make_model(studio, photos, sources=2, targets=3)
    plan = processing.plan_pairs(studio, model=name)
    assert [p.pair for p in plan.pairs] == [f"s{s}-t00{t}-sfw" for s in (1, 2) for t in (1, 2, 3)]
    assert plan.provider == "local" and plan.categories == ["sfw"]
    only = processing.plan_pairs(studio, model=name, sources=[2])
    assert {p.source for p in only.pairs} == {2}
    with pytest.raises(UserError, match="no source number"):
        processing.plan_pairs(studio, model=name, sources=[9])
    with pytest.raises(UserError, match="no target photos in targets/nsfw/"):
        processing.plan_pairs(studio, model=name, category="nsfw")


def test_estimate_in_the_products_words(studio: Studio, photos: dict[str, list[Path]]) -> None:
    name = make_model(studio, photos, sources=2, targets=5)
    plan = processing.plan_pairs(studio, model=name, provider="fake")
    estimate = processing.estimate_cost(studio, plan=plan)
    assert estimate.describe() == "Estimated cost: 120 credits (10 swaps x 10, 10 enhance x 2)"
    with pytest.raises(BudgetExceeded, match="over the budget of 100 credits"):
        processing.check_budget(estimate, 100)
    processing.check_budget(estimate, 120)


def test_run_writes_named_results_and_bills_each_op_once(
    studio: Studio, photos: dict[str, list[Path]], call_log: Path
) -> None:
    name = make_model(studio, photos, sources=2, targets=2)
    summary = run_all(studio, name)
    assert (summary.done, summary.failed, summary.credits) == (4, 0, 4 * 12)
    enhanced = sorted((studio.home / "models" / name / "results" / "sfw").glob("*/enhanced/*.jpg"))
    assert [p.name for p in enhanced] == [
        "andie-s1-t001-sfw-enhanced.jpg",
        "andie-s1-t002-sfw-enhanced.jpg",
        "andie-s2-t001-sfw-enhanced.jpg",
        "andie-s2-t002-sfw-enhanced.jpg",
    ]
    assert all(parse_result_filename(p.name) for p in enhanced)
    assert enhanced[0].parent.parent.name == "source_1"
    log = calls(call_log)
    assert len(log) == 8 and len(set(log)) == 8  # 4 swaps + 4 enhances, none repeated
    with studio.session() as session:
        entries = queries.ledger(session, model_id=queries.get_model_id(session, name=name))
    assert sorted((e.pair, e.op) for e in entries) == sorted(
        (p, op)
        for p in ("s1-t001-sfw", "s1-t002-sfw", "s2-t001-sfw", "s2-t002-sfw")
        for op in ("swap", "enhance")
    )


def test_rerun_makes_no_provider_calls_and_costs_nothing(
    studio: Studio, photos: dict[str, list[Path]], call_log: Path
) -> None:
    name = make_model(studio, photos, sources=2, targets=2)
    run_all(studio, name)
    before = len(calls(call_log))
    plan = processing.plan_pairs(studio, model=name, provider="fake")
    assert processing.estimate_cost(studio, plan=plan).total == 0
    again = run_all(studio, name)
    assert len(calls(call_log)) == before
    assert (again.done, again.cached, again.credits) == (4, 4, 0)


def test_deleted_result_is_redone_and_only_it(
    studio: Studio, photos: dict[str, list[Path]], call_log: Path
) -> None:
    name = make_model(studio, photos, sources=1, targets=2)
    run_all(studio, name)
    target = next((studio.home / "models" / name / "results").rglob("*t002-sfw-enhanced.jpg"))
    target.unlink()
    before = len(calls(call_log))
    run_all(studio, name)
    new = calls(call_log)[before:]
    assert [op for op, _ in new] == ["enhance"]  # the swap was intact; only enhance reran
    assert target.is_file()


def test_budget_reached_stops_cleanly(
    studio: Studio, photos: dict[str, list[Path]], call_log: Path
) -> None:
    name = make_model(studio, photos, sources=1, targets=3)
    summary = run_all(studio, name, budget=25)  # 2 pairs x 12 fit, the third does not
    assert (summary.done, summary.skipped, summary.failed) == (2, 1, 0)
    assert summary.credits <= 25
    assert any("budget" in reason for _, _, reason in summary.problems)


def test_consent_is_checked_before_each_provider_call(
    studio: Studio, photos: dict[str, list[Path]], call_log: Path
) -> None:
    name = make_model(studio, photos, sources=1, targets=1)
    plan, run_id = open_run(studio, name, "fake", category="sfw")
    revoke_consent(studio, name)  # revoked after planning, before the swap
    with pytest.raises(ConsentError, match="revoked"):
        processing.swap_pair(studio, run_id=run_id, pair=plan.pairs[0])
    assert calls(call_log) == []
    with pytest.raises(ConsentError):
        processing.plan_pairs(studio, model=name)


def test_provider_failure_is_recorded_with_its_reason(
    studio: Studio,
    photos: dict[str, list[Path]],
    call_log: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = make_model(studio, photos, sources=1, targets=1)
    monkeypatch.setenv("AISTUDIO_FAKE_BROKEN", "1")
    plan, run_id = open_run(studio, name, "fake", category="sfw")
    with pytest.raises(ProviderError) as exc:
        processing.swap_pair(studio, run_id=run_id, pair=plan.pairs[0])
    assert not exc.value.retryable
    summary = processing.finish_run(studio, run_id=run_id)
    assert summary.failed == 1 and summary.credits == 0
    assert summary.problems == [
        ("s1-t001-sfw", "failed", "swap: fake swap refused the image (broken on purpose)")
    ]


def test_identical_inputs_of_two_pairs_are_paid_once_but_each_pair_gets_its_file(
    studio: Studio, photos: dict[str, list[Path]], call_log: Path
) -> None:
    from aistudio.processing import StageResult

    name = make_model(studio, photos, sources=2, targets=1)
    plan, run_id = open_run(studio, name, "fake", category="sfw")
    first, second = plan.pairs
    swapped = processing.swap_pair(studio, run_id=run_id, pair=first)
    processing.enhance_pair(studio, run_id=run_id, pair=first, swapped=swapped)
    # The second pair's swap came back byte-identical (as a provider may return).
    twin = StageResult(pair=second.pair, status="ok", path=swapped.path, sha256=swapped.sha256)
    result = processing.enhance_pair(studio, run_id=run_id, pair=second, swapped=twin)
    assert result.cached and result.path and "andie-s2-t001-sfw-enhanced.jpg" in result.path
    own = studio.home / result.path
    other = (
        studio.home / "models/andie/results/sfw/source_1/enhanced/andie-s1-t001-sfw-enhanced.jpg"
    )
    assert own.read_bytes() == other.read_bytes()
    assert [op for op, _ in calls(call_log)].count("enhance") == 1


def test_process_pair_records_any_exception_as_the_pair_failure(
    studio: Studio, photos: dict[str, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from aistudio.processing import pair as pair_module

    def bug(*_: object, **__: object) -> None:
        raise ZeroDivisionError("division by zero in validate")

    monkeypatch.setattr(pair_module, "validate_result", bug)
    name = make_model(studio, photos, sources=1, targets=1)
    plan, run_id = open_run(studio, name, "fake")
    with pytest.raises(ZeroDivisionError):
        processing.process_pair(studio, run_id=run_id, pair=plan.pairs[0])
    summary = processing.finish_run(studio, run_id=run_id)
    assert summary.failed == 1 and summary.status == "failed"
    assert summary.problems == [
        ("s1-t001-sfw", "failed", "validate: ZeroDivisionError: division by zero in validate")
    ]


def test_a_booking_that_cannot_be_written_is_logged_as_an_error(
    studio: Studio,
    photos: dict[str, list[Path]],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from sqlalchemy.exc import OperationalError

    from aistudio.processing import stages
    from aistudio.providers import get_provider

    name = make_model(studio, photos, sources=1, targets=1)
    plan, run_id = open_run(studio, name, "fake")

    def full_disk(*_: object, **__: object) -> int:
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(stages.queries, "get_model_id", full_disk)
    provider = get_provider("fake", studio.settings)
    with caplog.at_level("ERROR", logger="aistudio"):
        stages._book_lost(studio, run_id, plan.pairs[0], "swap", "k", provider, 10.0, "lost")
    messages = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any("could not book 10 credits already paid to fake for swap" in m for m in messages)


def test_pairs_in_flight_follow_the_engine_unless_set(
    studio: Studio, photos: dict[str, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from aistudio.core.config import Settings
    from aistudio.processing.plan import pairs_window

    class Engine:
        max_in_flight = 8  # an API that runs 8 jobs at once

    assert pairs_window(Settings(), Engine()) == 16  # type: ignore[arg-type]
    assert pairs_window(Settings(concurrency=3), Engine()) == 3  # type: ignore[arg-type]
    name = make_model(studio, photos, sources=1, targets=1)
    monkeypatch.setenv("AISTUDIO_FAKE_MAX_IN_FLIGHT", "5")
    assert processing.plan_pairs(studio, model=name, provider="fake").window == 10
    studio.settings.concurrency = 4
    assert processing.plan_pairs(studio, model=name, provider="fake").window == 4


@pytest.mark.both_stores
def test_two_runs_opened_in_the_same_second_get_their_own_ids(
    studio: Studio, photos: dict[str, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    name = make_model(studio, photos, sources=1, targets=1)
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)
    _, first = open_run(studio, name, "fake")
    # The second worker checks before the first one's insert is visible: the check says free.
    real = queries.get_run
    seen: list[str] = []

    def stale(session: object, *, run_id: str) -> object:
        seen.append(run_id)
        return None if len(seen) == 1 else real(session, run_id=run_id)  # type: ignore[arg-type]

    monkeypatch.setattr(queries, "get_run", stale)
    _, second = open_run(studio, name, "fake")
    assert first == f"{name}-workflow-1800000000"
    assert second == f"{name}-workflow-1800000000-2" and seen[0] == first


def test_a_run_clears_the_temp_files_a_killed_run_left(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    import os
    import time

    from aistudio.core.fs import STALE_SECONDS

    name = make_model(studio, photos, sources=1, targets=1)
    folder = studio.paths(name).result_dir("sfw", 1, "swapped")
    folder.mkdir(parents=True)
    # atomic_write_bytes' temp, its writer SIGKILLed (no such pid) long ago
    stale = folder / ".andie-s1-t001-sfw-swapped.jpg.999999999-k2j3.tmp"
    stale.write_bytes(b"half a jpeg")
    then = time.time() - STALE_SECONDS - 60
    os.utime(stale, (then, then))
    assert run_all(studio, name).done == 1
    assert not stale.exists() and [p.name for p in folder.iterdir()] == [
        "andie-s1-t001-sfw-swapped.jpg"
    ]
