"""Review captions in the Prefect UI: the caption-dataset run pauses, a person edits two
captions in the Resume form in headless Debian Chromium, and the edits land in a new version."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest

from aistudio import dataset
from aistudio.core.config import get_settings
from aistudio.studio import Studio
from tests.fakes.chromium import CHROMIUM, FLAGS
from tests.fakes.datasets import processed

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _wait_for(api: str, run_id: str, states: set[str], timeout: float = 240) -> str:
    deadline = time.monotonic() + timeout
    state = ""
    while time.monotonic() < deadline:
        state = httpx.get(f"{api}/flow_runs/{run_id}").json()["state"]["type"]
        if state in states:
            return state
        time.sleep(1)
    return state


@pytest.mark.usefixtures("worker")
def test_captions_edited_in_the_resume_form_land_in_a_new_version(
    server: dict[str, str], tmp_path: Path
) -> None:
    from playwright.sync_api import Locator, expect, sync_playwright

    studio = Studio(get_settings())
    name = processed(studio, tmp_path)
    dataset.build_dataset(studio, name, max_images=3)
    api = server["PREFECT_API_URL"]
    ui = api.removesuffix("/api")
    deployment = httpx.get(f"{api}/deployments/name/caption-dataset/default").json()
    run = httpx.post(
        f"{api}/deployments/{deployment['id']}/create_flow_run",
        json={"parameters": {"model": name}},
    ).json()
    assert _wait_for(api, run["id"], {"PAUSED", "FAILED", "CRASHED"}) == "PAUSED"
    edits = {
        "001.jpg": "a photo of andie, person, on a beach at sunset",
        "003.jpg": "a photo of andie, person, reading in a cafe",
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.set_default_timeout(120_000)  # a loaded 2-core machine renders the app slowly
        page.goto(f"{ui}/runs/flow-run/{run['id']}")
        page.get_by_role("button", name=re.compile("Resume")).first.click()

        def field(label: str) -> Locator:
            return (
                page.locator(".schema-form-property")
                .filter(
                    has=page.locator(
                        ".schema-form-property__label", has_text=re.compile(rf"^{label}")
                    )
                )
                .locator("textarea")
                .first
            )

        field("Reviewer").fill("ana")
        # Approval is an act: the switch starts off and the reviewer turns it on.
        approve = (
            page.locator(".schema-form-property")
            .filter(has=page.locator(".schema-form-property__label", has_text="Approve"))
            .get_by_role("switch")
        )
        expect(approve).not_to_be_checked()
        approve.click()
        expect(approve).to_be_checked()
        for image, caption in edits.items():
            field(re.escape(image)).fill(caption)
            expect(field(re.escape(image))).to_have_value(caption)
        for _ in range(3):
            with page.expect_response(
                lambda r: "/resume" in r.url and r.request.method == "POST"
            ) as resumed:
                page.get_by_role("button", name="Submit").click()
            # Prefect's SQLite server answers 503 while busy (other tests' servers share the
            # two cores): a person presses Submit again; any other refusal fails the test.
            if resumed.value.status != 503:
                break
            page.wait_for_timeout(2000)
        assert resumed.value.ok, resumed.value.text()
        page.screenshot(path=str(tmp_path / "after-resume.png"))
        browser.close()
    assert _wait_for(api, run["id"], {"COMPLETED", "FAILED", "CRASHED"}) == "COMPLETED"
    final = dataset.show_dataset(studio, name)
    assert (final.version, final.captioned_from, final.reviewed_by) == (3, 2, "ana")
    texts = {i["image"]: i["caption"] for i in final.included}
    assert {k: texts[k] for k in edits} == edits
    kohya = next((Path(final.path) / "kohya").glob("*_andie person"))
    for image, caption in edits.items():
        assert (kohya / image).with_suffix(".txt").read_text() == caption + "\n"
    untouched = dataset.show_dataset(studio, name, 2).included[1]["caption"]
    assert texts["002.jpg"] == untouched
