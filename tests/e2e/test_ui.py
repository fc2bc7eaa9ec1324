"""Trigger process-model by clicking through the Prefect UI in headless Debian Chromium."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest

from aistudio.core.config import get_settings
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.chromium import CHROMIUM, FLAGS

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.mark.usefixtures("worker")
def test_a_custom_run_from_the_ui_completes(
    server: dict[str, str], photos: dict[str, list[Path]], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    studio = Studio(get_settings())
    make_model(studio, photos, sources=1, targets=1)
    api = server["PREFECT_API_URL"]
    ui = api.removesuffix("/api")
    deployment = httpx.get(f"{api}/deployments/name/process-model/default").json()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        # The UI is a single-page app served by the server under test: on a loaded 2-core
        # machine its first render can take longer than Playwright's 30 s default.
        page.set_default_timeout(120_000)
        page.goto(f"{ui}/deployments/deployment/{deployment['id']}")
        page.locator("button.run-menu__run-button").click()
        page.get_by_text("Custom run").click()
        page.wait_for_url(re.compile(r".*/run\?.*|.*/run$"))
        field = page.locator(".schema-form-property").filter(
            has=page.locator(".schema-form-property__label", has_text=re.compile(r"^model"))
        )
        model_field = field.locator("textarea").first
        model_field.fill("andie")
        expect(model_field).to_have_value("andie")
        for _ in range(3):
            with page.expect_response(
                lambda r: "create_flow_run" in r.url and r.request.method == "POST"
            ) as created:
                page.get_by_role("button", name="Submit").click()
            response = created.value
            # A 503 is the server's SQLite busy under load ("retry later"): Prefect's client
            # retries it, the UI shows an error and its user clicks again. Anything else fails.
            if response.status != 503:
                break
            time.sleep(2)
        assert response.ok, f"{response.status} {response.text()}"
        run_id = response.json()["id"]
        page.screenshot(path=str(tmp_path / "after-submit.png"))
        browser.close()
    deadline = time.monotonic() + 240
    state = ""
    while time.monotonic() < deadline:
        state = httpx.get(f"{api}/flow_runs/{run_id}").json()["state"]["type"]
        if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            break
        time.sleep(1)
    assert state == "COMPLETED"
    run = httpx.get(f"{api}/flow_runs/{run_id}").json()
    assert run["parameters"]["model"] == "andie"
    assert list((studio.home / "models/andie/results/sfw").rglob("*-enhanced.jpg"))
