"""The job view and the results gallery in headless Chromium: a job's run written by the library
as the flow would (no Prefect: an in-process fake answers the API), its events arriving over
SSE while the page is open, a reload showing the same numbers, and the before/after slider moved
by mouse and keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from aistudio import processing
from aistudio.core.config import load_model_config, save_model_config
from aistudio.db import queries
from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.api import Account, account, api_client
from tests.fakes.browser import (
    audit,
    axe_violations,
    browser_page,
    fits_phone,
    screenshot,
    sign_in,
    switch_theme,
    theme,
)
from tests.fakes.prefect_server import FakePrefect
from tests.fakes.serving import serve_api

pytestmark = [pytest.mark.e2e]
FAILED = "swap: the provider timed out three times"


@dataclass
class Started:
    """A job the API started, its flow run in the fake Prefect, and the run its flow opened."""

    alice: Account
    job: str
    flow_run: str
    plan: processing.Plan
    run: str


def start(studio: Studio, photos: dict[str, list[Path]], prefect: FakePrefect) -> Started:
    """alice's model of 2 sources x 2 targets (4 pairs, 48 credits), a job for it started over
    the API, its flow run running, and the run it opened (no pair finished yet)."""
    alice = account(studio, "alice")
    create_model(studio, "andie", owner_id=alice.id)
    config = studio.paths("andie").config
    cfg = load_model_config(config)
    cfg.thresholds.min_side = 200  # 256 px photos: fast
    save_model_config(config, cfg)
    make_model(studio, photos, sources=2, targets=2, create=False)
    body = {"provider": "fake", "category": "sfw"}
    made = api_client(studio).post("/api/v1/models/andie/jobs", json=body, headers=alice.auth)
    assert made.status_code == 201, made.text
    job = made.json()["id"]
    (flow_run,) = prefect.runs
    prefect.set(flow_run, "RUNNING")
    plan = processing.plan_pairs(studio, model="andie", provider="fake")
    estimate = processing.estimate_cost(studio, plan=plan)
    run = processing.start_run(
        studio, plan=plan, estimate=estimate, budget=None, category="sfw", job=job
    )
    return Started(alice=alice, job=job, flow_run=flow_run, plan=plan, run=run)


def finish_pair(studio: Studio, started: Started, n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pair n as the flow finishes it: 0 and 1 done, 2 rejected (no face), 3 failed."""
    pair = started.plan.pairs[n]
    if n == 3:
        processing.fail_pair(studio, run_id=started.run, pair=pair, reason=FAILED)
        return
    with monkeypatch.context() as env:
        if n == 2:
            env.setenv("AISTUDIO_FAKE_MISBEHAVE", "noface")
        processing.process_pair(studio, run_id=started.run, pair=pair, tries=1)


def billed(studio: Studio, started: Started) -> float:
    """The credits the run's ledger holds so far."""
    with studio.read() as session:
        return queries.run_credits(session, run_id=started.run)


def test_the_job_view_follows_a_run_live_and_keeps_its_numbers_across_a_reload(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    prefect: FakePrefect,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from playwright.sync_api import expect

    started = start(studio, small_photos, prefect)
    finish_pair(studio, started, 0, monkeypatch)
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/jobs/{started.job}")
        state = page.get_by_role("region", name="State")
        bar = page.get_by_role("progressbar", name="Pairs finished")
        expect(state).to_contain_text("Running")
        expect(bar).to_have_attribute("aria-valuetext", "1 of 4 (25%)")
        expect(state).to_contain_text("12 of an estimated 48")
        expect(page.get_by_role("status").filter(has_text="Updates: live")).to_be_visible()
        link = page.get_by_role("link", name="Open in Prefect")
        expect(link).to_have_attribute(
            "href", f"http://prefect.test/runs/flow-run/{started.flow_run}"
        )
        # Pairs finish while the page is open: their events arrive over SSE, no reload.
        for n in (1, 2):
            finish_pair(studio, started, n, monkeypatch)
        expect(bar).to_have_attribute("aria-valuetext", "3 of 4 (75%)")
        refused = page.get_by_role("region", name=re.compile("^Failed and rejected pairs"))
        rejected, failed = started.plan.pairs[2].pair, started.plan.pairs[3].pair
        expect(refused).to_contain_text(f"{rejected}: rejected by the rule face: no face")
        credits = billed(studio, started)
        expect(state).to_contain_text(f"{credits:g} of an estimated 48")
        audit(page, "job")
        assert fits_phone(page)
        # A reload mid-run rebuilds it all from the server, and the stream goes on from there.
        page.reload()
        expect(bar).to_have_attribute("aria-valuetext", "3 of 4 (75%)")
        expect(refused).to_contain_text(f"{rejected}: rejected by the rule face: no face")
        expect(state).to_contain_text(f"{credits:g} of an estimated 48")
        expect(page.get_by_role("status").filter(has_text="Updates: live")).to_be_visible()
        finish_pair(studio, started, 3, monkeypatch)
        expect(bar).to_have_attribute("aria-valuetext", "4 of 4 (100%)")
        expect(refused).to_contain_text(f"{failed}: failed: {FAILED}")
        expect(page.get_by_role("list", name="Job events, newest first")).to_contain_text(
            f"Pair {failed} failed ({FAILED}): 4 of 4 finished"
        )
        # The flow ends: the stream refreshes the state from Prefect and the page follows.
        processing.finish_run(studio, run_id=started.run)
        prefect.set(started.flow_run, "FAILED", "2 pairs did not finish")
        expect(state).to_contain_text("Failed", timeout=15_000)
        expect(state).to_contain_text("2 pairs did not finish")
        expect(page.get_by_role("status").filter(has_text="Updates: not live")).to_be_visible()
        # Retry answers with the API's job: attempt 2, queued again.
        page.get_by_role("button", name="Retry job").click()
        expect(state).to_contain_text("Retrying as attempt 2")
        expect(state).to_contain_text("Queued")
        expect(state).to_contain_text("Retried as attempt 2")
        # Cancel answers with the API's job too (a queued run is cancelled at once).
        page.get_by_role("button", name="Cancel job").click()
        expect(state).to_contain_text("Cancel requested.")
        expect(state).to_contain_text("Cancelled")
        expect(page.get_by_role("button", name="Retry job")).to_be_visible()
        # The model page lists the job, with its link and Prefect's.
        page.goto(f"{url}/models/andie")
        jobs = page.get_by_role("region", name="Jobs")
        expect(jobs.get_by_role("link", name=re.compile("^Job of"))).to_have_attribute(
            "href", f"/jobs/{started.job}"
        )
        expect(jobs.get_by_role("link", name=re.compile("^Open in Prefect"))).to_have_attribute(
            "href", re.compile(r"^http://prefect\.test/runs/flow-run/")
        )
        expect(jobs).to_contain_text("4 of 4 pairs finished")
        expect(jobs).to_contain_text("attempt 2")
        # A job that is not hers (or none) is an error that says so.
        page.goto(f"{url}/jobs/nosuchjob")
        expect(page.get_by_role("alert")).to_contain_text("you have no job 'nosuchjob'")


def test_the_gallery_compares_before_and_after_with_a_slider_by_mouse_and_keys(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    prefect: FakePrefect,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from playwright.sync_api import expect

    started = start(studio, small_photos, prefect)
    for n in range(4):
        finish_pair(studio, started, n, monkeypatch)
    processing.finish_run(studio, run_id=started.run)
    create_model(studio, "bare", owner_id=started.alice.id)
    done, rejected, failed = (started.plan.pairs[n].pair for n in (0, 2, 3))
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/models/bare/results")
        expect(page.get_by_text("No results yet.")).to_be_visible()
        expect(page.get_by_role("link", name="Start a run on bare's page")).to_have_attribute(
            "href", "/models/bare"
        )
        page.goto(f"{url}/models/andie/results")
        pairs = page.get_by_role("list", name="Pairs").get_by_role("listitem")
        cards = pairs.filter(has=page.get_by_role("heading"))
        expect(cards).to_have_count(4)
        card = cards.filter(has=page.get_by_role("heading", name=rejected))
        expect(card).to_contain_text("Rejected")
        expect(card).to_contain_text("Rule face")
        expect(cards.filter(has=page.get_by_role("heading", name=failed))).to_contain_text(FAILED)
        download = page.get_by_role("link", name=f"Download enhanced of {done}")
        expect(download).to_have_attribute("href", f"/api/v1/models/andie/results/{done}/enhanced")
        assert fits_phone(page)
        page.get_by_label("Category").select_option("nsfw")
        expect(page.get_by_text("No results in NSFW yet.")).to_be_visible()
        page.get_by_label("Category").select_option("sfw")
        expect(cards).to_have_count(4)
        page.get_by_role("button", name=f"Compare before and after of {done}").click()
        dialog = page.get_by_role("dialog", name=f"{done}: before and after")
        expect(dialog.get_by_role("img", name=re.compile("^After"))).to_be_visible()
        slider = dialog.get_by_role("slider", name="Before and after")
        expect(slider).to_have_attribute("aria-valuenow", "50")
        # A mouse drag across the images moves it (to about a fifth of the width).
        box = dialog.get_by_role("img", name=re.compile("^Before")).bounding_box()
        assert box is not None
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] / 2, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.35, y, steps=5)
        page.mouse.move(box["x"] + box["width"] * 0.2, y, steps=5)
        page.mouse.up()
        dragged = int(slider.get_attribute("aria-valuenow") or "-1")
        assert 15 <= dragged <= 25, dragged
        # ... and so do the keys.
        slider.focus()
        page.keyboard.press("ArrowRight")
        expect(slider).to_have_attribute("aria-valuenow", str(dragged + 1))
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        expect(slider).to_have_attribute("aria-valuenow", str(dragged - 1))
        page.keyboard.press("End")
        expect(slider).to_have_attribute("aria-valuenow", "100")
        page.keyboard.press("Home")
        expect(slider).to_have_attribute("aria-valuenow", "0")
        assert fits_phone(page)
        # axe in both themes with the dialog open (it blocks the header's theme button).
        for _ in range(2):
            assert axe_violations(page) == [], theme(page)
            screenshot(page, "results-compare")
            page.keyboard.press("Escape")
            expect(dialog).to_be_hidden()
            switch_theme(page)
            page.get_by_role("button", name=f"Compare before and after of {done}").click()
        page.keyboard.press("Escape")
        audit(page, "results")
