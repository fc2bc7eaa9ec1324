"""The process-model flow under Prefect (temporary local API): caching, retries, failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from prefect.artifacts import Artifact

from aistudio.core.errors import ConsentError, StudioError
from aistudio.db import queries
from aistudio.ingest.importer import import_photos
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.provider import calls

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def test_twenty_pairs_then_a_rerun_with_zero_provider_calls(
    studio: Studio, photos: dict[str, list[Path]], call_log: Path
) -> None:
    from flows.process_model import process_model

    name = make_model(studio, photos, sources=4, targets=5)
    first = process_model(model=name, provider="fake")
    assert (first["pairs_total"], first["done"], first["failed"]) == (20, 20, 0)
    assert first["credits"] == 20 * 12
    assert len(calls(call_log)) == 40
    summary = Artifact.get("summary-andie")
    assert summary is not None and "20 done, 0 rejected, 0 failed" in (summary.description or "")
    progress = Artifact.get("progress-andie")
    assert progress is not None and float(progress.data) == 100.0  # type: ignore[arg-type]
    second = process_model(model=name, provider="fake")
    assert len(calls(call_log)) == 40  # nothing paid twice
    assert (second["done"], second["cached"], second["credits"]) == (20, 20, 0)
    enhanced = list((studio.home / "models" / name / "results").rglob("*-enhanced.jpg"))
    assert len(enhanced) == 20


def test_transient_errors_are_retried_then_succeed(
    studio: Studio,
    photos: dict[str, list[Path]],
    call_log: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from flows.process_model import process_model

    monkeypatch.setenv("AISTUDIO_FAKE_FAIL_FIRST", "1")  # every operation fails once with a 503
    name = make_model(studio, photos, sources=1, targets=1)
    result = process_model(model=name, provider="fake")
    assert result["done"] == 1
    ops = [op for op, _ in calls(call_log)]
    assert ops == ["swap", "swap", "enhance", "enhance"]
    assert result["credits"] == 12  # the failed attempts were not billed


def test_non_retryable_failure_fails_the_run_with_the_reason(
    studio: Studio,
    photos: dict[str, list[Path]],
    call_log: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from flows.process_model import PairsFailed, process_model

    monkeypatch.setenv("AISTUDIO_FAKE_BROKEN", "1")
    name = make_model(studio, photos, sources=1, targets=2)
    with pytest.raises(PairsFailed, match="2 of 2 pairs failed"):
        process_model(model=name, provider="fake")
    assert len(calls(call_log)) == 2  # one attempt per pair: not retried
    with studio.session() as session:
        run = queries.list_runs(session, model_id=queries.get_model_id(session, name=name))[-1]
        states = queries.pair_states(session, run_id=run.id)
    assert run.status == "failed"
    assert {s.status for s in states} == {"failed"}
    assert all("broken on purpose" in (s.reason or "") for s in states)


def test_dry_run_and_consent_refusal_make_no_calls(
    studio: Studio, photos: dict[str, list[Path]], call_log: Path
) -> None:
    from flows.process_model import process_model

    name = make_model(studio, photos, sources=1, targets=2)
    import_photos(studio, name, photos["targets"][4:5], role="target", category="nsfw")
    dry = process_model(model=name, provider="fake", category="sfw", dry_run=True)
    assert dry["estimate"] == "Estimated cost: 24 credits (2 swaps x 10, 2 enhance x 2)"
    with pytest.raises(ConsentError, match="nsfw consent scope"):
        process_model(model=name, provider="fake", category="nsfw")
    assert calls(call_log) == []
    with studio.session() as session:
        assert queries.list_runs(session, model_id=queries.get_model_id(session, name=name)) == []


def test_errors_raised_in_flows_keep_their_studio_type(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    from flows.process_model import process_model

    with pytest.raises(StudioError, match="no model named 'ghost'"):
        process_model(model="ghost")


def test_a_bumped_stage_version_runs_that_stage_again(
    studio: Studio,
    photos: dict[str, list[Path]],
    call_log: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aistudio.processing import keys
    from flows.process_model import process_model

    name = make_model(studio, photos, sources=1, targets=2)
    process_model(model=name, provider="fake")
    assert [op for op, _ in calls(call_log)].count("enhance") == 2
    monkeypatch.setitem(keys.STAGE_VERSION, "enhance", keys.STAGE_VERSION["enhance"] + 1)
    again = process_model(model=name, provider="fake")
    ops = [op for op, _ in calls(call_log)]
    # Prefect's cache and the database agree: new enhance keys, the swaps are still done.
    assert (ops.count("swap"), ops.count("enhance")) == (2, 4)
    assert (again["done"], again["credits"]) == (2, 4)
    monkeypatch.setitem(keys.STAGE_VERSION, "swap", keys.STAGE_VERSION["swap"] + 1)
    process_model(model=name, provider="fake")
    assert [op for op, _ in calls(call_log)].count("swap") == 4


def test_a_corrupted_result_is_estimated_at_its_price_and_redone_once(
    studio: Studio, photos: dict[str, list[Path]], call_log: Path
) -> None:
    from flows.process_model import process_model

    name = make_model(studio, photos, sources=1, targets=2)
    process_model(model=name, provider="fake")
    assert len(calls(call_log)) == 4
    enhanced = sorted((studio.home / "models" / name / "results").rglob("*-enhanced.jpg"))
    damaged = enhanced[0]
    damaged.write_bytes(damaged.read_bytes()[:1000])  # a truncated copy: same name, wrong sha
    dry = process_model(model=name, provider="fake", dry_run=True)
    assert (
        dry["estimate"]
        == "Estimated cost: 2 credits (0 swaps x 10, 1 enhance x 2); 1 pairs already done"
    )
    redo = process_model(model=name, provider="fake")
    new = calls(call_log)[4:]
    assert [op for op, _ in new] == ["enhance"]
    assert new[0] in calls(call_log)[:4]  # the same inputs as before: that pair's enhance again
    assert (redo["done"], redo["credits"]) == (2, 2)
    process_model(model=name, provider="fake")
    assert len(calls(call_log)) == 5  # redone once, then done


@pytest.mark.parametrize(
    ("stage", "function"),
    [
        ("swap", "swap_pair"),
        ("enhance", "enhance_pair"),
        ("validate", "validate_result"),
        ("record", "record_pair"),
    ],
)
def test_a_non_studio_exception_in_any_stage_fails_the_pair_with_its_reason(
    studio: Studio,
    photos: dict[str, list[Path]],
    call_log: Path,
    monkeypatch: pytest.MonkeyPatch,
    stage: str,
    function: str,
) -> None:
    from aistudio import processing
    from flows.process_model import PairsFailed, process_model

    def bug(*_: object, **__: object) -> None:
        raise KeyError(f"a bug in {stage}")

    monkeypatch.setattr(processing, function, bug)  # the tasks call processing.<function>
    name = make_model(studio, photos, sources=1, targets=1)
    with pytest.raises(PairsFailed, match="1 of 1 pairs failed"):
        process_model(model=name, provider="fake")
    with studio.session() as session:
        run = queries.list_runs(session, model_id=queries.get_model_id(session, name=name))[-1]
        (state,) = queries.pair_states(session, run_id=run.id)
    assert run.status == "failed"
    assert (state.status, state.reason) == ("failed", f"{stage}: KeyError: 'a bug in {stage}'")
    summary = Artifact.get("summary-andie")
    assert summary is not None and f"a bug in {stage}" in str(summary.data)
