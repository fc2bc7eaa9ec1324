"""The model page's uploads and cost calculator in headless Chromium: photos dropped (a real
drag and drop) and picked, each with its verdict; a resumable upload cut off, reloaded and
resumed; the estimate following the choices, the budget's 409, and Start opening the job."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np
import pytest

from aistudio.consent.records import set_consent
from aistudio.ingest.importer import import_photos
from aistudio.studio import Studio
from tests.fakes import serving
from tests.fakes.api import Account, account, api_client
from tests.fakes.browser import audit, browser_page, drop, fits_phone, sign_in
from tests.fakes.photos import photo_set, variant
from tests.fakes.prefect_server import FakePrefect

if TYPE_CHECKING:
    pass

pytestmark = [pytest.mark.e2e]


def alice_with_model(studio: Studio, scopes: str | None = "sfw") -> Account:
    """alice, her model andie, and (unless None) consent for these scopes."""
    alice = account(studio, "alice")
    body = {"name": "andie", "provider": "fake"}  # priced: credits to estimate
    made = api_client(studio).post("/api/v1/models", json=body, headers=alice.auth)
    assert made.status_code == 201, made.text
    if scopes:
        set_consent(studio, "andie", kind="synthetic", scopes=scopes, attest_adult=True)
    return alice


@pytest.fixture
def files(tmp_path: Path) -> Iterator[dict[str, list[Path]]]:
    """Good sources and targets, a photo with no face, and one big enough for two pieces."""
    blank = tmp_path / "blank.jpg"
    cv2.imwrite(str(blank), np.full((1024, 1024, 3), 128, np.uint8))
    big = tmp_path / "big.png"  # 1.5 MB: two 1 MiB pieces
    cv2.imwrite(str(big), variant(3))
    yield {
        "sources": photo_set(tmp_path / "faces", "face", 2),
        "targets": photo_set(tmp_path / "scenes", "scene", 2, start=10),
        "blank": [blank],
        "big": [big],
    }


def test_dropped_sources_and_picked_targets_show_each_verdict(
    studio: Studio, files: dict[str, list[Path]]
) -> None:
    from playwright.sync_api import expect

    alice_with_model(studio, scopes=None)
    with serving.serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/models/andie")
        targets = page.get_by_role("radio", name=re.compile("^Targets"))
        expect(targets).to_be_disabled()  # no consent yet: and the page says why
        expect(page.get_by_text("Targets need consent in force")).to_be_visible()
        drop(page, "Drop source photos here", [*files["sources"], *files["blank"]])
        uploads = page.get_by_role("list", name="Uploads")
        expect(uploads).to_have_attribute("aria-live", "polite")
        for name in ("face1.jpg", "face2.jpg"):
            expect(uploads.get_by_role("listitem").filter(has_text=name)).to_contain_text(
                "Imported as andie-source-"
            )
        refused = uploads.get_by_role("listitem").filter(has_text="blank.jpg")
        expect(refused).to_contain_text("Refused by rule face: no face found")
        expect(page.get_by_text("3 of 3 files done")).to_be_visible()
        expect(page.get_by_text("2 sources;")).to_be_visible()  # the model's numbers refreshed

        set_consent(studio, "andie", kind="synthetic", scopes="sfw", attest_adult=True)
        page.reload()
        page.get_by_role("radio", name=re.compile("^Targets")).check()
        photos = page.get_by_role("region", name="Photos")
        expect(photos.get_by_role("radio", name="nsfw")).to_be_disabled()  # not in the scopes
        page.get_by_label("Choose photos").set_input_files(files["targets"])
        for name in ("scene1.jpg", "scene2.jpg"):
            expect(uploads.get_by_role("listitem").filter(has_text=name)).to_contain_text(
                "Imported as andie-t0"
            )
        expect(page.get_by_text("targets: 2 sfw")).to_be_visible()
        audit(page, "model-uploads")
        assert fits_phone(page)


def test_an_upload_cut_off_after_its_first_piece_resumes_after_a_reload(
    studio: Studio, files: dict[str, list[Path]]
) -> None:
    from playwright.sync_api import Route, expect

    alice_with_model(studio)
    pieces: list[str] = []

    def cut_after_one(route: Route) -> None:
        if route.request.method != "PATCH":
            route.continue_()
        elif pieces:
            route.abort("connectionreset")  # the link drops before the second piece
        else:
            pieces.append(route.request.headers["upload-offset"])
            route.continue_()

    with serving.serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/models/andie")
        page.route("**/api/v1/uploads/*", cut_after_one)
        page.get_by_label("Choose photos").set_input_files(files["big"])
        row = page.get_by_role("list", name="Uploads").get_by_role("listitem")
        expect(row).to_contain_text("Interrupted at 1.0 MB of 1.4 MB (the connection dropped)")
        assert pieces == ["0"]

        page.unroute("**/api/v1/uploads/*")
        page.reload()
        unfinished = page.get_by_role("region", name="Unfinished uploads")
        expect(unfinished.get_by_role("progressbar")).to_have_attribute(
            "aria-valuenow", str(1024 * 1024)
        )
        picker = unfinished.get_by_label("Pick big.png again")
        picker.set_input_files(files["sources"][:1])  # not the same file: refused
        expect(unfinished.get_by_role("alert")).to_contain_text("face1.jpg")
        picker.set_input_files(files["big"])
        expect(page.get_by_role("list", name="Uploads")).to_contain_text(
            "Imported as andie-source-1.jpg"
        )
        expect(unfinished).to_have_count(0)  # finished: no longer offered
        expect(page.get_by_text("1 source;")).to_be_visible()


def test_the_estimate_follows_the_choices_a_low_budget_disables_start_and_start_opens_the_job(
    studio: Studio, files: dict[str, list[Path]], prefect: FakePrefect
) -> None:
    from playwright.sync_api import expect

    alice_with_model(studio)
    import_photos(studio, "andie", files["sources"], role="source")
    import_photos(studio, "andie", files["targets"], role="target", category="sfw")
    with serving.serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/models/andie")
        run = page.get_by_role("region", name="Run")
        estimate = run.get_by_role("region", name="Estimate")
        start = run.get_by_role("button", name="Start run")
        summary = estimate.get_by_text("Estimated cost:")
        expect(summary).to_contain_text("4 swaps")
        expect(summary).to_contain_text("4 enhance")
        expect(start).to_be_enabled()
        full = summary.inner_text()

        run.get_by_label(re.compile("^Enhance")).uncheck()
        expect(summary).not_to_contain_text("enhance")
        expect(estimate.get_by_role("definition").nth(3)).to_have_text("0")  # enhances
        no_enhance = summary.inner_text()
        assert no_enhance != full

        run.get_by_role("checkbox", name="Source 2").uncheck()
        expect(summary).to_contain_text("2 swaps")
        expect(estimate.get_by_role("definition").nth(1)).to_have_text("2")  # pairs

        run.get_by_label("Budget cap (credits)").fill("0.5")
        expect(estimate.get_by_role("alert")).to_contain_text("over the budget of 0.5 credits")
        expect(start).to_be_disabled()
        audit(page, "model-run")
        assert fits_phone(page)

        run.get_by_label("Budget cap (credits)").fill("")
        expect(summary).to_contain_text("2 swaps")
        expect(start).to_be_enabled()
        start.click()
        expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+$"))
        (flow_run,) = prefect.runs.values()
        job_id = page.url.rsplit("/", 1)[-1]
        assert flow_run["tags"] == [f"aistudio-job:{job_id}"]
        assert flow_run["parameters"] == {
            "model": "andie", "category": "sfw", "sources": [1], "enhance": False,
            "provider": None, "budget_credits": None,
        }  # fmt: skip
