"""The LoRA versions pages in headless Chromium: two versions (seeded through the library, with
checkpoints, scores and samples) compared side by side, a checkpoint other than the best exported
in another format and downloaded (a real safetensors file), a rank cap exported by a job followed
until it is done; then consent revoked, and every action that would use the data disabled with
why, here and on the model page."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from aistudio.consent.records import revoke_consent, set_consent
from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from aistudio.training.publish import export_file, export_lora
from tests.fakes import serving
from tests.fakes.api import account
from tests.fakes.browser import audit, browser_page, fits_phone, sign_in
from tests.fakes.loras import fake_lora
from tests.fakes.prefect_server import FakePrefect

pytestmark = [pytest.mark.e2e]
NAME = "andie"


@pytest.fixture
def seeded(studio: Studio) -> Studio:
    """alice's andie, consent in force, and two trained versions (steps 2 and 4; 4 the best);
    and her bea, without any."""
    alice = account(studio, "alice")
    create_model(studio, NAME, owner_id=alice.id)
    create_model(studio, "bea", owner_id=alice.id)
    set_consent(studio, NAME, kind="synthetic", scopes="sfw", attest_adult=True, subject="a")
    fake_lora(studio, NAME)
    fake_lora(studio, NAME, seed=1)
    return studio


def safetensors_header(data: bytes) -> dict[str, Any]:
    """The JSON header of a safetensors file (8 bytes of its length, little-endian, then it)."""
    size = int.from_bytes(data[:8], "little")
    assert 0 < size < len(data)
    header: dict[str, Any] = json.loads(data[8 : 8 + size])
    return header


def test_two_versions_compared_and_a_non_best_checkpoint_exported_and_downloaded(
    seeded: Studio, prefect: FakePrefect
) -> None:
    from playwright.sync_api import expect

    with serving.serve_api(seeded) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/models/{NAME}/loras")
        compare = page.get_by_role("button", name=re.compile("^Compare"))
        expect(compare).to_be_disabled()  # nothing picked yet: and the page says why
        expect(page.get_by_text("Tick two finished versions or more above.")).to_be_visible()
        page.get_by_label("Compare version 1").check()
        page.get_by_label("Compare version 2").check()
        page.get_by_role("button", name="Compare versions 1, 2").click()
        table = page.get_by_role("table")
        expect(table.get_by_role("columnheader", name="Version 2")).to_be_visible()
        identity = table.get_by_role("row", name=re.compile("^Identity"))
        expect(identity.get_by_role("cell")).to_have_text(["0.600", "0.600"])
        bleed = table.get_by_role("row", name=re.compile("^Bleed"))
        expect(bleed.get_by_role("cell")).to_have_text(["not measured"] * 2)
        expect(table.get_by_role("row", name=re.compile("^Face share"))).to_contain_text("100%")
        grid = page.get_by_role("img", name=re.compile("^Samples of versions v1, v2: same prompts"))
        expect(grid).to_be_visible()
        loaded = "img => img.complete && img.naturalWidth > 0"  # the PNG came and decoded
        page.wait_for_function(loaded, arg=grid.element_handle())
        assert grid.evaluate("img => img.naturalWidth") > 100
        audit(page, "loras")
        assert fits_phone(page)

        page.get_by_role("link", name="Version 1", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"LoRA version 1 of {NAME}")
        best = page.get_by_role("radio", name=re.compile("^Step 4"))
        expect(best).to_be_checked()
        expect(best).to_have_accessible_name("Step 4 Best")
        samples = page.get_by_role("list", name="Samples at step 2").get_by_role("img")
        expect(samples).to_have_count(3)
        expect(samples.first).to_have_accessible_name("Sample 1 of 3 drawn at step 2 (AI-made)")
        facts = page.get_by_role("complementary", name="What the file carries")
        expect(facts).to_contain_text("openrail")
        expect(facts).to_contain_text("Dataset version 1")
        # The best checkpoint in the family's own format is the published file: ready at once.
        expect(page.get_by_role("link", name="Download", exact=True)).to_be_visible()

        page.get_by_role("radio", name="Step 2").check()
        page.get_by_label("Format").select_option("diffusers")
        download = page.get_by_role("button", name="Download", exact=True)
        expect(download).to_be_disabled()  # this choice is not made yet
        expect(page.get_by_text("Export this choice first")).to_be_visible()
        page.get_by_role("button", name="Export", exact=True).click()
        ready = page.get_by_role("status").filter(has_text="The file is ready.")
        expect(ready).to_contain_text("diffusers format, step 2, rank 4")
        with page.expect_download() as event:
            page.get_by_role("link", name="Download", exact=True).click()
        data = Path(event.value.path()).read_bytes()
        header = safetensors_header(data)
        assert header["__metadata__"]["aistudio.step"] == "2"
        assert any(key.endswith(".weight") for key in header if key != "__metadata__")
        expect(ready).to_contain_text(f"SHA-256 {hashlib.sha256(data).hexdigest()[:12]}")
        audit(page, "lora")
        assert fits_phone(page)

        # A rank cap below the trained rank: a job makes the file, the page follows it (but not
        # for diffusers, which keeps the trained rank: refused, and the API says why).
        page.get_by_label("Rank cap").fill("2")
        page.get_by_role("button", name="Export", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("diffusers files keep the trained rank")
        assert prefect.runs == {}  # refused before a job started
        page.get_by_label("Format").select_option("kohya")
        page.get_by_role("button", name="Export", exact=True).click()
        job = page.get_by_role("status").filter(has_text="A job lowers the rank")
        expect(job.get_by_role("link", name="Open the export job")).to_be_visible()
        expect(job).to_contain_text("Queued")
        expect(page.get_by_text("A job is making this file")).to_be_visible()
        (run,) = prefect.runs.values()
        params = run["parameters"]
        assert (params["step"], params["max_rank"], params["format"]) == (2, 2, "kohya")
        out = export_file(seeded, NAME, 1, "kohya", 2, 2)
        export_lora(seeded, NAME, 1, fmt="kohya", step=2, max_rank=2, out=out, confined=True)
        prefect.set(run["id"], "COMPLETED")
        expect(job).to_contain_text("Succeeded", timeout=15_000)
        main = page.get_by_role("link", name="Download", exact=True)  # beside Export, too
        expect(main).to_have_attribute("href", re.compile("format=kohya&step=2&max_rank=2$"))
        with page.expect_download() as event:
            job.get_by_role("link", name="Download the exported file").click()
        header = safetensors_header(Path(event.value.path()).read_bytes())
        assert header["__metadata__"]["ss_network_dim"] == "2"


@pytest.mark.usefixtures("prefect")  # the model page lists its jobs through it
def test_revoked_consent_disables_export_download_upload_and_run_with_why(
    seeded: Studio,
) -> None:
    from playwright.sync_api import expect

    revoke_consent(seeded, NAME)
    with serving.serve_api(seeded) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/models/{NAME}/loras")
        revoked = re.compile(f"Consent for {NAME} was revoked on .+: nothing may use its data")
        expect(page.get_by_role("status").filter(has_text=revoked)).to_be_visible()
        expect(page.get_by_text(re.compile("^✕ Withdrawn on .+: consent record"))).to_have_count(2)
        page.get_by_label("Compare version 1").check()
        page.get_by_label("Compare version 2").check()
        page.get_by_role("button", name="Compare versions 1, 2").click()
        expect(page.get_by_role("table")).to_be_visible()  # the numbers, not the person's samples
        expect(page.get_by_role("img", name=re.compile("^Samples of versions"))).to_have_count(0)
        hidden = page.get_by_text(re.compile("^The grid of samples is not shown: Consent"))
        expect(hidden).to_be_visible()
        audit(page, "loras-revoked")
        assert fits_phone(page)

        page.goto(f"{url}/models/{NAME}/loras/1")
        expect(page.get_by_role("status").filter(has_text=revoked)).to_be_visible()
        export = page.get_by_role("button", name="Export", exact=True)
        download = page.get_by_role("button", name="Download", exact=True)
        for button in (export, download):
            expect(button).to_be_disabled()
            expect(button).to_have_accessible_description(
                re.compile("withdrawn on .+: consent record [0-9a-f]{12} revoked.*was revoked on")
            )
        expect(page.get_by_role("link", name="Download", exact=True)).to_have_count(0)
        expect(page.get_by_label("Format")).to_be_disabled()
        expect(page.get_by_role("list", name="Samples at step 2")).to_have_count(0)
        audit(page, "lora-revoked")
        assert fits_phone(page)

        page.goto(f"{url}/models/{NAME}")
        expect(page.get_by_label("Choose photos")).to_be_disabled()  # sources too: the face
        start = page.get_by_role("button", name="Start run")
        expect(start).to_be_disabled()
        expect(start).to_have_accessible_description(revoked)
        photos = page.get_by_role("group", name="Drop source photos here")
        expect(photos).to_have_accessible_description(revoked)
        expect(page.get_by_text("No sources yet")).to_be_visible()  # loaded: audited as it stays
        expect(page.get_by_text("No jobs yet")).to_be_visible()
        audit(page, "model-revoked")

        page.goto(f"{url}/models/{NAME}/loras/9")  # no such version: the API's detail, as an alert
        expect(page.get_by_role("alert")).to_contain_text("has no LoRA v9")
        page.goto(f"{url}/models/bea/loras")  # alice's other model: no version yet
        expect(page.get_by_text("bea has no LoRA versions yet.")).to_be_visible()
        expect(page.get_by_role("link", name="Start a training")).to_be_visible()
