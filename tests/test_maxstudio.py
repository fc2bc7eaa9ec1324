"""The maxstudio provider over HTTP against the fake server, with inputs on a real S3 (moto)."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from aistudio import processing
from aistudio.core.errors import ConfigError, ProviderError
from aistudio.db import queries
from aistudio.db.tables import ProviderJob
from aistudio.providers import get_provider
from aistudio.studio import Studio
from tests.conftest import REPO, small_model
from tests.fakes.drive import drive, ledger_credits
from tests.fakes.maxstudio import ledger, serve

pytestmark = pytest.mark.integration


@pytest.fixture
def maxstudio_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAXSTUDIO_API_KEY", "test-key")
    monkeypatch.setenv("MAXSTUDIO_POLL_INTERVAL", "0.02")
    monkeypatch.setenv("MAXSTUDIO_POLL_MAX_INTERVAL", "0.1")
    monkeypatch.setenv("MAXSTUDIO_BILL_FAILED_JOBS", "true")


def jobs(studio: Studio) -> list[ProviderJob]:
    with studio.session() as session:
        return list(session.exec(select(ProviderJob)).all())


@pytest.mark.usefixtures("maxstudio_env")
def test_contract_round_trip_and_no_second_payment(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = small_model(studio, small_photos, sources=1, targets=2)
    with serve(swap_latency=0.1, enhance_latency=0.05, faces_key="faces") as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)
        summary = drive(studio, name, "maxstudio", 2)
        assert (summary.done, summary.failed) == (2, 0)
        billed = ledger(url)
        assert (billed["swap"], billed["enhance"], billed["credits"]) == (2, 2, 24.0)
        assert summary.credits == 24.0 == ledger_credits(studio)
        assert sorted((j.op, j.status) for j in jobs(studio)) == [
            ("enhance", "completed"),
            ("enhance", "completed"),
            ("swap", "completed"),
            ("swap", "completed"),
        ]
        again = drive(studio, name, "maxstudio", 2)
        assert again.done == 2 and len(ledger(url)["submitted"]) == 4  # nothing resubmitted
        enhanced = studio.home / "models/andie/results/sfw/source_1/enhanced"
        assert sorted(p.name for p in enhanced.iterdir()) == [
            "andie-s1-t001-sfw-enhanced.jpg",
            "andie-s1-t002-sfw-enhanced.jpg",
        ]


@pytest.mark.usefixtures("maxstudio_env")
def test_a_damaged_result_is_fetched_again_free_and_the_ledger_matches_the_billing(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = small_model(studio, small_photos, sources=1, targets=2)
    with serve(swap_latency=0.05, enhance_latency=0.02, faces_key="faces") as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)
        first = drive(studio, name, "maxstudio", 2)
        assert (first.done, first.credits) == (2, 24.0)
        enhanced = sorted((studio.home / "models" / name / "results").rglob("*-enhanced.jpg"))
        enhanced[0].write_bytes(enhanced[0].read_bytes()[:1000])  # corrupt: same name, wrong sha
        plan = processing.plan_pairs(studio, model=name, provider="maxstudio")
        estimate = processing.estimate_cost(studio, plan=plan)
        assert estimate.total == 0 and estimate.refetches == 1
        assert "1 paid results fetched again free" in estimate.describe()
        repair = drive(studio, name, "maxstudio", 2)  # the enhance job is fetched, not paid
        assert (repair.done, repair.credits) == (2, 0.0)
        again = drive(studio, name, "maxstudio", 2)
        assert (again.done, again.credits) == (2, 0.0)
        billed = ledger(url)
        assert billed["credits"] == 24.0 == ledger_credits(studio)
        assert len(billed["submitted"]) == 4


@pytest.mark.usefixtures("maxstudio_env")
def test_an_error_while_polling_a_paid_job_resumes_it_instead_of_paying_again(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = small_model(studio, small_photos, sources=1, targets=4)
    with serve(swap_latency=0.1, enhance_latency=0.05, rate_poll_400=0.3, seed=2) as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)
        summary = drive(studio, name, "maxstudio", 2)
        billed = ledger(url)
    assert billed["injected_poll_400"] > 0
    assert (summary.done, summary.failed) == (4, 0), summary.problems
    assert (billed["swap"], billed["enhance"]) == (4, 4)
    assert len(billed["submitted"]) == 8  # each job paid once, its poll resumed
    assert summary.credits == billed["credits"] == ledger_credits(studio)


@pytest.mark.usefixtures("maxstudio_env")
def test_configuration_errors_and_the_key_never_leaks(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = small_model(studio, small_photos, sources=1, targets=1)
    with serve(api_key="the-right-key") as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)
        monkeypatch.setenv("MAXSTUDIO_API_KEY", "sk-wrong-secret")
        summary = drive(studio, name, "maxstudio", 1)
        assert summary.failed == 1
        reason = summary.problems[0][2]
        assert "HTTP 401" in reason and "sk-wrong-secret" not in reason
        with studio.session() as session:
            rows = [str(r) for r in session.exec(select(ProviderJob)).all()]
            rows += [str(r) for r in queries.pair_states(session, run_id=summary.run_id)]
        assert not any("sk-wrong-secret" in r for r in rows)
    monkeypatch.delenv("MAXSTUDIO_API_KEY")
    with pytest.raises(ConfigError, match="MAXSTUDIO_API_KEY"):
        get_provider("maxstudio", studio.settings)
    monkeypatch.setenv("MAXSTUDIO_API_KEY", "k")
    studio.settings.s3_bucket = None
    with pytest.raises(ConfigError, match="configure S3"):
        get_provider("maxstudio", studio.settings)


@pytest.mark.slow
@pytest.mark.usefixtures("maxstudio_env")
def test_two_hundred_pairs_through_429s_500s_and_failed_jobs(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = small_model(studio, small_photos, sources=10, targets=20)
    knobs = {
        "swap_latency": 0.03,
        "enhance_latency": 0.02,
        "rate_429": 0.2,
        "rate_500": 0.1,
        "fail_rate": 0.05,
        "max_concurrent": 8,
        "bill_failed": True,
        "seed": 7,
    }
    with serve(**knobs) as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)
        monkeypatch.setenv("MAXSTUDIO_MAX_CONCURRENT", "8")
        summary = drive(studio, name, "maxstudio", 8)
        billed = ledger(url)
    assert summary.pairs_total == 200
    assert summary.done + summary.failed == 200
    reasons = [reason for _, status, reason in summary.problems if status == "failed"]
    # Only the injected faults may fail a pair: a 4xx here means client and server disagree.
    assert all(r and "HTTP 4" not in r for r in reasons), reasons
    assert billed["injected_429"] > 0 and billed["injected_500"] > 0 and billed["failed_swap"] > 0
    swap_jobs = [j for j in jobs(studio) if j.op == "swap"]
    completed = sum(j.status == "completed" for j in swap_jobs)
    failed = sum(j.status == "failed" for j in swap_jobs)
    with studio.session() as session:
        swapped = sum(1 for o in session.exec(select(queries.Output)).all() if o.stage == "swapped")
    assert completed == swapped  # every completed swap was stored
    assert billed["swap"] + billed["failed_swap"] == completed + failed
    assert ledger_credits(studio) == billed["credits"]


@pytest.mark.slow
@pytest.mark.usefixtures("maxstudio_env")
def test_ten_sigkills_then_resume_never_pay_twice_beyond_the_kill_window(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = small_model(studio, small_photos, sources=4, targets=10)
    rng = random.Random(3)
    with serve(swap_latency=0.3, enhance_latency=0.2, max_concurrent=8, seed=5) as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        kills = 0
        for _ in range(10):
            proc = subprocess.Popen(
                [sys.executable, "-m", "tests.fakes.drive", name, "maxstudio", "4"],
                cwd=REPO,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(rng.uniform(2.0, 4.0))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait(10)
        final = drive(studio, name, "maxstudio", 4)
        billed = ledger(url)
    assert kills >= 5, "most kills should land while the run is working"
    assert final.done == 40
    recorded = {j.job_id for j in jobs(studio)}
    unrecorded = [j for j in billed["submitted"] if j not in recorded]
    # Only a kill between a submit and its journal write can leave a job unrecorded.
    assert len(unrecorded) <= kills
    assert billed["swap"] - 40 <= kills and billed["swap"] >= 40
    # Our ledger matches the provider's, but for jobs a kill kept us from recording.
    unrecorded_credits = billed["credits"] - ledger_credits(studio)
    assert 0 <= unrecorded_credits <= 10.0 * len(unrecorded)


def test_fake_server_implements_the_documented_edges() -> None:
    with serve() as url:
        assert httpx.post(f"{url}/faceswap", json={}).status_code == 404
        assert httpx.post(f"{url}/swap-image", json={}).status_code == 401  # no key
        bad = httpx.post(
            f"{url}/swap-image",
            headers={"x-api-key": "test-key"},
            json={"mediaUrl": "x", "faces": [{"newFace": {"url": "x"}, "originalFace": {}}]},
        )
        assert bad.status_code == 400 and "newFace" in bad.text
        status = httpx.get(f"{url}/swap-image/nope", headers={"x-api-key": "test-key"})
        assert status.json() == {"status": "not-found"}


def test_provider_error_is_not_retryable_but_transient_is() -> None:
    from aistudio.core.errors import TransientProviderError

    assert not ProviderError("x").retryable and TransientProviderError("x").retryable
    assert processing.STAGE_VERSION["swap"] == 1


@pytest.mark.usefixtures("maxstudio_env")
def test_no_consent_or_no_nsfw_scope_is_refused_before_any_provider_call(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aistudio.consent.records import revoke_consent
    from aistudio.core.errors import ConsentError
    from aistudio.ingest.importer import import_photos

    name = small_model(studio, small_photos, sources=1, targets=1)
    import_photos(studio, name, small_photos["targets"][5:6], role="target", category="nsfw")
    with serve() as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)
        with pytest.raises(ConsentError, match="nsfw consent scope"):
            drive(studio, name, "maxstudio", 1)
        revoke_consent(studio, name)
        with pytest.raises(ConsentError, match="revoked"):
            drive(studio, name, "maxstudio", 1)
        billed = ledger(url)
    assert billed["requests"] == 0 and billed["submitted"] == [] and billed["credits"] == 0


@pytest.mark.usefixtures("maxstudio_env")
def test_each_paid_job_holds_one_slot_of_the_shared_job_limit_while_it_runs(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aistudio.providers.limits import MAXSTUDIO_JOBS, share_limit

    name = small_model(studio, small_photos, sources=1, targets=2)
    held: list[str] = []
    seen: list[int] = []

    @contextlib.contextmanager
    def slot(limit: str) -> Iterator[None]:
        held.append(limit)
        seen.append(len(ledger(url)["submitted"]))  # taken before the job is submitted
        yield

    with serve(swap_latency=0.1, enhance_latency=0.05) as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)
        share_limit(MAXSTUDIO_JOBS, slot)
        try:
            summary = drive(studio, name, "maxstudio", 1)
        finally:
            share_limit(MAXSTUDIO_JOBS, None)
        assert (summary.done, summary.failed) == (2, 0)
        assert held == [MAXSTUDIO_JOBS] * 4 == [MAXSTUDIO_JOBS] * len(ledger(url)["submitted"])
        assert seen == [0, 1, 2, 3]
