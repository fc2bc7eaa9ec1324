"""The web studio's whole journey against `aistudio serve` (its own Prefect server and workers,
a priced engine), in headless Chromium: sign in, create a model, record consent, drop photos
(one refused, with its rule), read the estimate, start the run, reload mid-run and see it reach
100%, compare before and after by mouse and keys, read the billed cost, make and revoke a key.
Every page is audited by axe-core in both themes (and photographed when AISTUDIO_WEB_SHOTS is
set)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import cv2
import httpx
import numpy as np
import pytest

from tests.conftest import REPO
from tests.e2e.conftest import BIN, Serve, serve_env
from tests.fakes.api import PASSWORD
from tests.fakes.browser import audit, browser_page, drop, fits_phone, screenshot, sign_in
from tests.fakes.photos import photo_set, training_photos, write_jpeg

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TARGETS = 6  # one source on each: 6 pairs, 10 credits a swap and 2 an enhance
CREDITS = TARGETS * (10 + 2)


def _user_with_password(env: dict[str, str], cwd: Path) -> None:
    """`aistudio users create alice --password`, answering its prompts as a person would."""
    made = subprocess.run(
        [str(BIN / "aistudio"), "users", "create", "alice", "--password"],
        input=f"{PASSWORD}\n{PASSWORD}\n", cwd=cwd, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr


def test_a_user_goes_from_sign_in_to_billed_results_in_the_browser(
    tmp_path: Path, serve_factory: list[Serve]
) -> None:
    from playwright.sync_api import expect

    sources = photo_set(tmp_path / "faces", "face", 1)
    blank = tmp_path / "blank.jpg"  # no face: refused
    cv2.imwrite(str(blank), np.full((800, 800, 3), 128, np.uint8))
    targets = [
        write_jpeg(tmp_path / "targets" / f"{k}.jpg", img)
        for k, img in list(training_photos().items())[:TARGETS]
    ]
    env = serve_env(
        tmp_path,
        AISTUDIO_PLUGINS="tests.fakes.provider",  # the priced engine: credits to estimate and bill
        AISTUDIO_FAKE_DELAY="1",  # a second a call: the run lasts long enough to reload mid-way
        PYTHONPATH=str(REPO),
    )
    serve = Serve(tmp_path, env)
    serve_factory.append(serve)
    serve.wait_ready(timeout=180)
    _user_with_password(env, tmp_path)
    url = serve.url

    with browser_page() as page:
        sign_in(page, url, "alice")
        expect(page.get_by_text("No models yet")).to_be_visible()
        audit(page, "dashboard-empty")

        # A model on the priced engine.
        form = page.get_by_role("form", name="New model")
        form.get_by_label("Name").fill("andie")
        form.get_by_label("Engine").select_option("fake")
        form.get_by_role("button", name="Create model").click()
        expect(page.get_by_role("heading", name="andie", level=1)).to_be_visible()

        # Consent first: targets stay locked until it is in force.
        expect(page.get_by_role("radio", name=re.compile("^Targets"))).to_be_disabled()
        consent = page.get_by_role("region", name="Consent")
        consent.get_by_role("radio", name="Synthetic persona").check()
        consent.get_by_role("checkbox", name=re.compile("^I attest")).check()
        consent.get_by_role("button", name="Record consent").click()
        expect(consent).to_contain_text("Consent is in force")

        # Photos: a source and a blank dropped (the blank refused, with its rule), targets picked.
        drop(page, "Drop source photos here", [*sources, blank])
        uploads = page.get_by_role("list", name="Uploads")
        expect(uploads.get_by_role("listitem").filter(has_text="face1.jpg")).to_contain_text(
            "Imported as andie-source-"
        )
        expect(uploads.get_by_role("listitem").filter(has_text="blank.jpg")).to_contain_text(
            "Refused by rule face: no face found"
        )
        page.get_by_role("radio", name=re.compile("^Targets")).check()
        page.get_by_label("Choose photos").set_input_files(targets)
        for target in targets:
            expect(uploads.get_by_role("listitem").filter(has_text=target.name)).to_contain_text(
                "Imported as andie-t"
            )
        audit(page, "model")

        # The estimate, then the run.
        run = page.get_by_role("region", name="Run")
        summary = run.get_by_role("region", name="Estimate").get_by_text("Estimated cost:")
        expect(summary).to_contain_text(f"{CREDITS} credits")
        expect(summary).to_contain_text(f"{TARGETS} swaps")
        run.get_by_role("button", name="Start run").click()
        expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+$"))
        job = page.url.rsplit("/", 1)[1]

        # Reload once some pairs are done but not all; progress goes on to 100%.
        bar = page.get_by_role("progressbar", name="Pairs finished")
        expect(bar).to_have_attribute(
            "aria-valuetext", re.compile(rf"^[1-{TARGETS - 1}] of {TARGETS} "), timeout=180_000
        )
        page.reload()
        expect(bar).to_have_attribute("aria-valuetext", re.compile(rf"^[1-9] of {TARGETS} "))
        expect(page.get_by_role("status").filter(has_text="Updates: live")).to_be_visible()
        expect(bar).to_have_attribute(
            "aria-valuetext", f"{TARGETS} of {TARGETS} (100%)", timeout=180_000
        )
        state = page.get_by_role("region", name="State")
        expect(state).to_contain_text("Succeeded", timeout=60_000)
        expect(state).to_contain_text(f"{CREDITS} of an estimated {CREDITS}")
        prefect = page.get_by_role("link", name="Open in Prefect")
        expect(prefect).to_have_attribute("href", re.compile(r"^http://127\.0\.0\.1:\d+/runs/"))
        audit(page, "job")
        assert fits_phone(page)

        # The gallery: a before/after slider moved by mouse and by keys.
        page.goto(f"{url}/models/andie/results")
        cards = page.get_by_role("list", name="Pairs").get_by_role("listitem")
        expect(cards.filter(has_text="Done")).to_have_count(TARGETS)
        audit(page, "results")
        assert fits_phone(page)
        page.get_by_role("button", name=re.compile("^Compare before and after of")).first.click()
        dialog = page.get_by_role("dialog", name=re.compile(": before and after$"))
        slider = dialog.get_by_role("slider", name="Before and after")
        expect(slider).to_have_attribute("aria-valuenow", "50")
        screenshot(page, "results-compare", full_page=False)
        box = dialog.get_by_role("img", name=re.compile("^Before")).bounding_box()
        assert box is not None
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] / 2, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.8, y, steps=8)
        page.mouse.up()
        dragged = int(slider.get_attribute("aria-valuenow") or "-1")
        assert 70 <= dragged <= 90, dragged
        slider.focus()
        page.keyboard.press("ArrowLeft")
        expect(slider).to_have_attribute("aria-valuenow", str(dragged - 1))
        page.keyboard.press("Home")
        expect(slider).to_have_attribute("aria-valuenow", "0")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()

        # The billed cost beside the estimate.
        page.get_by_role("navigation", name="Studio").get_by_role("link", name="Costs").click()
        andie = page.get_by_role("table", name="andie")
        billed = andie.get_by_role("row").nth(1).get_by_role("cell")
        expect(billed).to_have_text([str(CREDITS), str(CREDITS), "0"])
        audit(page, "costs")

        # A key: shown once, works, then revoked.
        page.get_by_role("navigation", name="Studio").get_by_role("link", name="API keys").click()
        page.get_by_label("Name").fill("laptop")
        page.get_by_role("button", name="Create key").click()
        dialog = page.get_by_role("dialog", name="Key “laptop” created")
        secret = dialog.get_by_label("Secret key").input_value()
        screenshot(page, "keys-created", full_page=False)
        me = httpx.get(f"{url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
        assert me.status_code == 200 and me.json()["name"] == "alice"
        dialog.get_by_role("button", name="Done").click()
        laptop = page.get_by_role("list", name="Your keys").get_by_role("listitem")
        laptop = laptop.filter(has=page.get_by_role("heading", name="laptop"))
        laptop.get_by_role("button", name="Revoke laptop").click()
        page.get_by_role("alertdialog").get_by_role("button", name="Revoke key").click()
        expect(laptop).to_contain_text("Revoked")
        gone = httpx.get(f"{url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
        assert gone.status_code == 401
        audit(page, "keys")

        # The dashboard's card tells the story.
        page.get_by_role("navigation", name="Studio").get_by_role("link", name="Models").click()
        card = page.get_by_role("article", name="andie")
        expect(card).to_contain_text("Consent in force")
        expect(card.get_by_role("img", name="andie: first source photo")).to_be_visible()
        audit(page, "dashboard")
    assert job
