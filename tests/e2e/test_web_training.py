"""The training side in headless Chromium: the form drawn from the params schema (a family's
defaults, VRAM and license; a non-commercial base refused before submit, the override
explained), a training job live (progress and checkpoint events appended through the library
arrive without a reload; "Sample now" recorded), and the GPU queue reordered by its buttons.
No Prefect: an in-process fake answers the API."""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlmodel import select

from aistudio import captions, dataset
from aistudio.api import queue
from aistudio.consent.records import revoke_consent
from aistudio.core.config import load_model_config, save_model_config
from aistudio.db import events, queries
from aistudio.db.api_tables import Job, JobRequest
from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.api import Account, account, api_client
from tests.fakes.browser import audit, browser_page, fits_phone, sign_in
from tests.fakes.drive import run_all
from tests.fakes.loras import fake_lora
from tests.fakes.prefect_server import FakePrefect
from tests.fakes.serving import serve_api

if TYPE_CHECKING:
    from playwright.sync_api import Route

pytestmark = [pytest.mark.e2e]
URL = "/api/v1/models/andie/trainings"
QUEUE = re.compile(r"/api/v1/queues/gpu$")
TINY = {"family": "sd15", "rank": 2, "steps": 6, "resolution": 64, "checkpoint_every": 2}


def ready(studio: Studio, photos: dict[str, list[Path]], *, commercial: bool = True) -> Account:
    """alice's model andie (marked commercial) with a dataset version (1) and its captioned,
    approved version (2): what a training needs."""
    alice = account(studio, "alice")
    create_model(studio, "andie", owner_id=alice.id)
    config = studio.paths("andie").config
    cfg = load_model_config(config)
    cfg.thresholds.min_side = 200  # 256 px photos: fast
    cfg.commercial = commercial
    save_model_config(config, cfg)
    make_model(studio, photos, sources=1, targets=2, create=False)
    run_all(studio, "andie")
    dataset.build_dataset(studio, "andie")
    captions.caption_dataset(studio, "andie")
    captions.approve(studio, "andie", author="alice")
    return alice


def queue_training(studio: Studio, alice: Account, seed: int = 0) -> str:
    """A tiny training queued over the API (its job's id)."""
    body = {"params": {**TINY, "seed": seed}}
    made = api_client(studio).post(URL, json=body, headers=alice.auth)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def bobs_waiting(studio: Studio) -> str:
    """bob's training waiting in the gpu queue (as the trainings route leaves one)."""
    bob = account(studio, "bob")
    create_model(studio, "bobby", owner_id=bob.id)
    job = Job(
        id=uuid.uuid4().hex,
        owner_id=bob.id,
        model_id=0,
        kind="train",
        params_json=json.dumps({"params": TINY}),
        deployment="train-lora/gpu",
        pool=queue.GPU,
    )
    with studio.session() as session:
        job.model_id = queries.get_model_id(session, name="bobby")
        session.add(job)
        session.flush()
        queue.join(session, job)
    return job.id


def tell(studio: Studio, job: str, type: str, **data: object) -> None:
    """An event of the job, appended through the library as the training's tasks do."""
    with studio.session() as session:
        events.append(session, job, type, **data)


def checkpoint(studio: Studio, job: str, version: int, step: int, *, asked: bool = False) -> None:
    """A scored checkpoint's event (or, asked, samples drawn on request: not scored), with
    its samples: two prompts and one without the trigger."""
    names = ["00.jpg", "01.jpg", "plain-00.jpg"]
    at = f"/api/v1/models/andie/loras/{version}/checkpoints/{step}/samples"
    urls = [f"{at}/{i}" for i in range(3)]
    prompts = ["a photo of andie, portrait", "a photo of andie, smiling", "a photo of a person"]
    data: dict[str, object] = {
        "version": version, "step": step, "samples": names, "urls": urls, "prompts": prompts,
    }  # fmt: skip
    if not asked:
        data["scores"] = {"loss": 0.2, "face_rate": 1.0, "identity": 0.61, "bleed": None}
    tell(studio, job, "samples" if asked else "checkpoint", **data)


def test_the_form_fills_a_familys_defaults_refuses_a_non_commercial_base_and_submits(
    studio: Studio, small_photos: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    from playwright.sync_api import expect

    ready(studio, small_photos)
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/models/andie/training")
        form = page.get_by_role("form", name="Train a LoRA of andie")
        version = form.get_by_label("Dataset version")
        expect(version).to_have_value("2")  # the newest reviewed; v1 (unreviewed) is not offered
        expect(version.get_by_role("option")).to_have_count(1)
        form.get_by_label(re.compile("^Also offer versions")).check()
        expect(version.get_by_role("option")).to_have_count(2)
        expect(form).to_contain_text("Warning: unreviewed captions")
        form.get_by_label(re.compile("^Also offer versions")).uncheck()
        # A family's defaults fill the fields; its VRAM and its base's license are shown.
        form.get_by_label("Base family").select_option("sd15")
        expect(form.get_by_label("Rank", exact=True)).to_have_value("16")
        expect(form.get_by_label("Resolution")).to_have_value("512")
        about = form.get_by_role("definition").filter(has_text="~6 GB")
        expect(about).to_be_visible()
        expect(form).to_contain_text("creativeml-openrail-m (allows commercial use)")
        check = page.get_by_role("region", name="Check before queueing")
        expect(check).to_contain_text("Ready to queue: dataset version 2")
        expect(check.get_by_role("definition").first).to_be_visible()
        expect(form.get_by_role("button", name="Queue training")).to_be_enabled()
        audit(page, "training")
        assert fits_phone(page)
        # FLUX.1 dev is non-commercial: the check refuses before submit, the override explained.
        form.get_by_label("Base family").select_option("flux")
        expect(form).to_contain_text("flux-1-dev-non-commercial-license (forbids commercial use)")
        expect(check.get_by_role("alert")).to_contain_text("which forbids commercial use")
        expect(form.get_by_role("button", name="Queue training")).to_be_disabled()
        override = page.get_by_role("region", name="License override")
        expect(override).to_contain_text("Who is responsible: you (alice)")
        expect(override).to_contain_text("audit log")
        override.get_by_role("checkbox").check()
        expect(check).to_contain_text("Ready to queue")
        expect(form.get_by_role("button", name="Queue training")).to_be_enabled()
        # Back to SD 1.5 (the override unticks), a tiny training queued: its job opens.
        form.get_by_label("Base family").select_option("sd15")
        expect(override).to_be_hidden()
        for name, value in (("Rank", "2"), ("Steps", "6"), ("Resolution", "64")):
            form.get_by_label(name, exact=True).fill(value)
        expect(check).to_contain_text("Ready to queue")
        form.get_by_role("button", name="Queue training").click()
        expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f]+$"))
        expect(page.get_by_role("heading", name="Job for andie")).to_be_visible()
        job = page.url.rsplit("/", 1)[1]
        page.goto(f"{url}/models/andie/training")
        trainings = page.get_by_role("region", name="Trainings of andie")
        expect(trainings.get_by_role("link", name=re.compile("^Training of"))).to_have_attribute(
            "href", f"/jobs/{job}"
        )
        expect(trainings).to_contain_text("rank 2, 6 steps")
        # Consent revoked: the form stays readable, its submit disabled with why.
        revoke_consent(studio, "andie")
        page.reload()
        queue_button = page.get_by_role("button", name="Queue training")
        expect(queue_button).to_be_disabled()
        expect(queue_button).to_have_accessible_description(
            re.compile("^Consent for andie was revoked")
        )


def test_a_training_job_shows_loss_step_and_samples_live_and_takes_requests(
    studio: Studio, small_photos: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    from playwright.sync_api import expect

    alice = ready(studio, small_photos, commercial=False)
    job = queue_training(studio, alice)
    (flow_run,) = prefect.runs
    prefect.set(flow_run, "RUNNING")
    version = fake_lora(studio, "andie", steps=(2, 4), samples=2)  # sample files to serve
    tell(studio, job, "progress", step=1, steps=6, loss=0.5, eta_seconds=50)
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/jobs/{job}")
        training = page.get_by_role("region", name="Training", exact=True)
        expect(training).to_contain_text("Step 1 of 6 (17%); under a minute left.")
        chart = training.get_by_role("img", name=re.compile("^Loss by step"))
        expect(chart).to_be_visible()
        expect(training).to_contain_text("Last loss 0.5000 at step 1")
        expect(training).to_contain_text("No samples yet")
        # Progress events move the chart and the step without a reload.
        tell(studio, job, "progress", step=2, steps=6, loss=0.3, eta_seconds=40)
        tell(studio, job, "progress", step=3, steps=6, loss=0.4, eta_seconds=200)
        expect(training).to_contain_text("Step 3 of 6 (50%); about 3 minutes left.")
        expect(chart).to_have_accessible_name(re.compile("lowest 0.3000 at step 2; 3 points"))
        expect(training).to_contain_text("Last loss 0.4000 at step 3; lowest 0.3000 at step 2")
        # A checkpoint's samples land in the grid without a reload, its scores at the head.
        checkpoint(studio, job, version, 2)
        grid = training.get_by_role("region", name="Samples by prompt and step")
        first = grid.get_by_role("img", name="Prompt 1, step 2")
        expect(first).to_be_visible()
        expect(grid.get_by_role("img", name="Prompt 1 without the trigger, step 2")).to_be_visible()
        expect(grid.get_by_role("rowheader", name=re.compile("^Prompt 2"))).to_contain_text(
            "a photo of andie, smiling"
        )  # the prompt each row was drawn from
        expect(grid).to_contain_text("Identity0.610")
        checkpoint(studio, job, version, 4)
        expect(grid.get_by_role("img", name="Prompt 2, step 4", exact=True)).to_be_visible()
        expect(grid.get_by_role("columnheader")).to_have_text(["Prompt", "Step 2", "Step 4"])
        loaded = "(img) => img.complete && img.naturalWidth > 0"
        page.wait_for_function(f"() => [...document.querySelectorAll('table img')].every({loaded})")
        # Sample now: the API records the request for the training's next step.
        training.get_by_role("button", name="Sample now").click()
        expect(training.get_by_role("status").filter(has_text="Asked for samples")).to_be_visible()
        with studio.read() as session:
            asked = session.exec(select(JobRequest).where(JobRequest.job_id == job)).all()
        assert [r.action for r in asked] == ["sample"]
        checkpoint(studio, job, version, 4, asked=True)  # what the training draws for it
        expect(grid.get_by_role("img", name="Prompt 1, step 4 (on request)")).to_be_visible()
        expect(grid).to_contain_text("drawn on request, not scored")
        audit(page, "training-job")
        assert fits_phone(page)
        # A reload rebuilds it all from the stored events.
        page.reload()
        expect(training).to_contain_text("Step 3 of 6 (50%)")
        expect(grid.get_by_role("img", name="Prompt 2, step 4", exact=True)).to_be_visible()
        expect(grid.get_by_role("columnheader")).to_have_count(4)
        expect(chart).to_have_accessible_name(re.compile("3 points"))
        # Cancel, then Resume (a retry from the last checkpoint): queued again.
        training.get_by_role("button", name="Cancel training").click()
        expect(training.get_by_role("status").filter(has_text="Cancel requested")).to_be_visible()
        prefect.set(flow_run, "CANCELLED")
        resume = training.get_by_role("button", name="Resume training")
        expect(resume).to_be_visible(timeout=15_000)
        expect(training.get_by_role("button", name="Sample now")).to_be_disabled()
        resume.click()
        expect(training.get_by_role("status").filter(has_text="Resuming")).to_be_visible()
        expect(page.get_by_role("region", name="State")).to_contain_text("attempt 2")
        # Clone with a changed rank: the new job opens, with only the rank changed.
        training.get_by_text("Clone with changes").click()
        clone = training.get_by_role("form", name="Clone with changes")
        clone.get_by_label("Rank", exact=True).fill("8")
        expect(clone).to_contain_text("1 param changed: rank")
        clone.get_by_role("button", name="Queue the clone").click()
        expect(page).not_to_have_url(re.compile(f"/jobs/{job}$"))
        expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f]+$"))
        new = page.url.rsplit("/", 1)[1]
        got = api_client(studio).get(f"/api/v1/jobs/{new}", headers=alice.auth).json()
        old = api_client(studio).get(f"/api/v1/jobs/{job}", headers=alice.auth).json()
        assert got["params"]["params"] == {**old["params"]["params"], "rank": 8}


def test_the_queue_reorders_waiting_trainings_by_buttons_and_by_dragging(
    studio: Studio, small_photos: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect

    alice = ready(studio, small_photos, commercial=False)
    running, second = (queue_training(studio, alice, seed) for seed in (1, 2))
    bobs = bobs_waiting(studio)
    third = queue_training(studio, alice, 3)

    def order() -> list[str]:
        seen = api_client(studio).get("/api/v1/queues/gpu", headers=alice.auth).json()
        return [e["job"]["id"] if e["job"] else "bob's" for e in seen["waiting"]]

    assert order() == [second, "bob's", third]
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.get_by_role("link", name="GPU queue").click()
        expect(page.get_by_role("region", name="Running")).to_contain_text("1 running of 1 slot")
        waiting = page.get_by_role("list", name="Waiting trainings, next first")
        items = waiting.get_by_role("listitem")
        expect(items).to_have_count(3)
        expect(items.nth(1)).to_have_text("Number 2: another user's training")
        expect(items.nth(1).get_by_role("link")).to_have_count(0)
        links = waiting.get_by_role("link")
        expect(links.first).to_have_attribute("href", f"/jobs/{second}")
        up = re.compile("^Move up")
        expect(items.first.get_by_role("button", name=up)).to_be_disabled()
        audit(page, "queue")
        assert fits_phone(page)
        # By keys: the first moves down past bob's (who keeps his place); focus stays on it.
        items.first.get_by_role("button", name=re.compile("^Move down")).focus()
        page.keyboard.press("Enter")
        expect(links.first).to_have_attribute("href", f"/jobs/{third}")
        expect(page.get_by_role("status").filter(has_text="now number 3")).to_be_visible()
        assert order() == [third, "bob's", second]
        focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert focused.startswith("Move up: training of andie, number 3"), focused
        page.keyboard.press("Enter")
        expect(links.first).to_have_attribute("href", f"/jobs/{second}")
        assert order() == [second, "bob's", third]
        # By native drag and drop: the last dropped onto the first.
        items.nth(2).drag_to(items.first)
        expect(links.first).to_have_attribute("href", f"/jobs/{third}")
        assert order() == [third, "bob's", second]
        # The API's refusal is shown: a job that left the queue meanwhile cannot be moved (the
        # page's refreshes are held back until then, so it still offers the move).
        held: list[Route] = []
        page.route(QUEUE, lambda r: held.append(r) if r.request.method == "GET" else r.continue_())
        gone = api_client(studio).post(f"/api/v1/jobs/{second}/cancel", headers=alice.auth)
        assert gone.status_code == 200, gone.text
        items.first.get_by_role("button", name=re.compile("^Move down")).click()
        expect(page.get_by_role("alert")).to_contain_text("The queue was not reordered")
        expect(page.get_by_role("alert")).to_contain_text(second)
        page.unroute(QUEUE)
        for request in held:
            with contextlib.suppress(PlaywrightError):
                request.continue_()
        expect(items).to_have_count(2)  # read again after the refusal: the queue as it is
    assert order() == [third, "bob's"] and running not in order() and bobs
