"""The web studio's training side against `aistudio serve` (its own Prefect server and
workers, a tiny SD 1.5 base built from config), in headless Chromium: build a dataset, keep a
left-out image in, edit two captions (one refused by a rule, then fixed), approve, train, see
the second checkpoint's samples arrive without a reload, train again and compare the two
versions, export and download the file, then revoke consent and find export disabled with why.
Every page is audited by axe-core in both themes (and photographed with AISTUDIO_WEB_SHOTS)."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import BIN, Serve, serve_env
from tests.fakes.api import PASSWORD
from tests.fakes.browser import audit, browser_page, fits_phone, sign_in
from tests.fakes.photos import photo_set, training_photos, write_jpeg
from tests.fakes.sd import tiny_sd15

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TINY = {"Rank": "4", "Steps": "4", "Resolution": "32", "Checkpoint Every": "2", "Samples": "1"}


def _alice(env: dict[str, str], cwd: Path) -> httpx.Client:
    """alice, who signs in from a browser, and an HTTP client with her first key."""
    made = subprocess.run(
        [str(BIN / "aistudio"), "users", "create", "alice", "--password"],
        input=f"{PASSWORD}\n{PASSWORD}\n", cwd=cwd, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    key = re.search(r"(ais_\S+)", made.stdout)
    assert key, made.stdout
    return httpx.Client(headers={"Authorization": f"Bearer {key.group(1)}"}, timeout=60)


def _processed(api: httpx.Client, url: str, sources: list[Path], targets: list[Path]) -> None:
    """A model with consent, photos and a finished processing run, made over the API."""
    v1 = f"{url}/api/v1"
    made = api.post(f"{v1}/models", json={"name": "andie", "family": "sd15"})
    assert made.status_code == 201, made.text
    consent = {"kind": (None, "synthetic"), "scopes": (None, "sfw"), "attest_adult": (None, "true")}
    assert api.post(f"{v1}/models/andie/consent", files=consent).status_code == 201
    for role, files in (("source", sources), ("target&category=sfw", targets)):
        parts = [("files", (f.name, f.read_bytes(), "image/jpeg")) for f in files]
        up = api.post(f"{v1}/models/andie/photos?role={role}", files=parts)
        assert up.status_code == 200 and up.json()["imported"] == len(files), up.text
    job = api.post(f"{v1}/models/andie/jobs", json={"category": "sfw"})
    assert job.status_code == 201, job.text
    deadline = time.monotonic() + 300
    while (state := api.get(f"{v1}/jobs/{job.json()['id']}").json()["state"]) != "succeeded":
        assert state in ("queued", "running") and time.monotonic() < deadline, state
        time.sleep(1)


def test_a_user_curates_captions_trains_compares_and_exports_in_the_browser(
    tmp_path: Path, serve_factory: list[Serve]
) -> None:
    from playwright.sync_api import expect

    sources = photo_set(tmp_path / "faces", "face", 1)
    targets = [
        write_jpeg(tmp_path / "targets" / f"{k}.jpg", img)
        for k, img in list(training_photos().items())[:6]
    ]
    env = serve_env(tmp_path, AISTUDIO_SD15_BASE=str(tiny_sd15(tmp_path / "tiny-sd15")))
    serve = Serve(tmp_path, env)
    serve_factory.append(serve)
    serve.wait_ready(timeout=180)
    url = serve.url
    _processed(_alice(env, tmp_path), url, sources, targets)

    with browser_page() as page:
        sign_in(page, url, "alice")

        # A dataset: counted first, then built (at most 4 images: some are left out).
        page.goto(f"{url}/models/andie/datasets")
        build = page.get_by_role("region", name="Build a dataset")
        build.get_by_label("Images at most").fill("4")
        build.get_by_role("button", name="Count candidates (dry run)").click()
        expect(build).to_contain_text("6 candidates")
        build.get_by_role("button", name="Build", exact=True).click()
        build.get_by_role("link", name="follow the build job").click()
        expect(page.get_by_role("region", name="State")).to_contain_text(
            "Succeeded", timeout=180_000
        )
        page.goto(f"{url}/models/andie/datasets/1")
        expect(page.get_by_role("heading", name="Dataset v1 of andie")).to_be_visible()
        audit(page, "dataset")

        # One left-out image kept in, with a reason: a new version.
        outside = page.get_by_role("region", name=re.compile(r"^Left out \(\d+\)"))
        outside.get_by_role("checkbox").first.check()
        page.get_by_label("Reason").fill("best smile")
        page.get_by_role("button", name="Keep in").click()
        expect(page).to_have_url(f"{url}/models/andie/datasets/2")
        expect(page.get_by_text("Automatic choice: left out")).to_be_visible()

        # Two captions edited: one refused by a rule as it is typed, then fixed; approved.
        page.get_by_role("link", name="Captions of v2").click()
        captions = page.get_by_role("textbox", name=re.compile("^Caption of"))
        first, second = captions.nth(0), captions.nth(1)
        first.fill(f"{first.input_value()}, blue eyes")
        expect(page.get_by_text(re.compile("uses banned words: blue eyes")).first).to_be_visible()
        first.fill(first.input_value().replace(", blue eyes", ", smiling"))
        expect(first).to_have_accessible_description(re.compile("Follows the caption rules"))
        second.fill(f"{second.input_value()}, outdoors")
        page.get_by_role("button", name="Save 2 captions").click()
        expect(page).to_have_url(re.compile(r"/models/andie/datasets/3/captions$"))
        page.get_by_role("button", name="Approve").click()
        expect(page.get_by_text("Approved by api:alice")).to_be_visible()
        audit(page, "captions")

        # A tiny training: the second checkpoint's samples arrive while the page is open.
        page.goto(f"{url}/models/andie/training")
        form = page.get_by_role("form", name="Train a LoRA of andie")
        expect(form.get_by_label("Dataset version")).to_have_value("3")
        for label, value in TINY.items():
            form.get_by_label(label, exact=True).fill(value)
        check = page.get_by_role("region", name="Check before queueing")
        expect(check).to_contain_text("Ready to queue")
        audit(page, "training")
        form.get_by_role("button", name="Queue training").click()
        expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f]+$"))
        training = page.get_by_role("region", name="Training", exact=True)
        grid = training.get_by_role("region", name="Samples by prompt and step")
        expect(grid.get_by_role("img", name="Prompt 1, step 2")).to_be_visible(timeout=300_000)
        expect(grid.get_by_role("img", name="Prompt 1, step 4")).to_be_visible(timeout=300_000)
        prompt = grid.get_by_role("rowheader", name=re.compile("^Prompt 1 “"))
        expect(prompt).to_contain_text("a photo of andie, person, portrait")  # the real prompt
        expect(page.get_by_role("region", name="State")).to_contain_text(
            "Succeeded", timeout=120_000
        )
        audit(page, "training-job")
        assert fits_phone(page)

        # The same training with another seed: a second version to compare.
        first_job = page.url
        training.get_by_text("Clone with changes").click()
        clone = training.get_by_role("form", name="Clone with changes")
        clone.get_by_label("Seed", exact=True).fill("1")
        clone.get_by_role("button", name="Queue the clone").click()
        expect(page).not_to_have_url(first_job)
        expect(page.get_by_role("region", name="State")).to_contain_text(
            "Succeeded", timeout=300_000
        )
        page.goto(f"{url}/models/andie/loras")
        page.get_by_label("Compare version 1").check()
        page.get_by_label("Compare version 2").check()
        page.get_by_role("button", name="Compare versions 1, 2").click()
        table = page.get_by_role("table")
        expect(table.get_by_role("columnheader", name="Version 2")).to_be_visible()
        grid_image = page.get_by_role("img", name=re.compile("^Samples of versions v1, v2"))
        expect(grid_image).to_have_js_property("complete", True)
        audit(page, "loras")

        # Export and download version 1's file.
        page.get_by_role("link", name="Version 1", exact=True).click()
        page.get_by_role("button", name="Export", exact=True).click()
        expect(page.get_by_role("status").filter(has_text="The file is ready.")).to_be_visible()
        with page.expect_download() as got:
            page.get_by_role("link", name="Download", exact=True).click()
        data = Path(got.value.path()).read_bytes()
        assert data[8:9] == b"{"  # a safetensors header follows its 8-byte length
        audit(page, "lora")

        # Consent revoked: the version's page says so and export is disabled with why.
        page.goto(f"{url}/models/andie")
        page.get_by_role("button", name="Revoke consent").click()
        page.get_by_role("alertdialog").get_by_role("button", name=re.compile("^Revoke")).click()
        expect(page.get_by_text(re.compile("Consent for andie was revoked")).first).to_be_visible()
        page.goto(f"{url}/models/andie/loras/1")
        export = page.get_by_role("button", name="Export", exact=True)
        expect(export).to_be_disabled()
        expect(export).to_have_accessible_description(re.compile("revoked"))
