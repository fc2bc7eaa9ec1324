"""The training side in headless Chromium: the form drawn from the params schema (a family's
defaults, VRAM and license; a non-commercial base refused before submit, the override
explained), a training job live (progress and checkpoint events appended through the library
arrive without a reload; "Sample now" recorded), and the GPU queue reordered by its buttons.
No Prefect: an in-process fake answers the API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aistudio import captions, dataset
from aistudio.api.routes import jobs as job_routes
from aistudio.core.config import load_model_config, save_model_config
from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.api import Account, account
from tests.fakes.browser import audit, browser_page, fits_phone, sign_in
from tests.fakes.drive import run_all
from tests.fakes.prefect_server import FakePrefect
from tests.fakes.serving import serve_api

pytestmark = [pytest.mark.e2e]
TINY = {"family": "sd15", "rank": 2, "steps": 6, "resolution": 64, "checkpoint_every": 2}


@pytest.fixture
def prefect(monkeypatch: pytest.MonkeyPatch) -> FakePrefect:
    """The fake Prefect every app made in this test talks to (get_prefect makes PrefectApi())."""
    fake = FakePrefect()
    monkeypatch.setattr(job_routes, "PrefectApi", fake.client)
    return fake


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
