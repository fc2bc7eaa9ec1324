"""Caption review in headless Chromium: a captioned dataset version built by the library, two
captions edited with the studio's rules checked as typed (one breaks a rule, then is fixed), the
drafts surviving a reload and a dropped connection, Save making a new version, Approve naming the
signed-in user, a refused save shown beside its image, find-and-replace over the drafts, and the
consent gate."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from aistudio.consent.records import revoke_consent
from aistudio.core.config import load_model_config, save_model_config
from aistudio.dataset import build_dataset, show_dataset
from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.api import account
from tests.fakes.browser import audit, browser_page, fits_phone, sign_in
from tests.fakes.drive import run_all
from tests.fakes.photos import photo_set
from tests.fakes.prefect_server import FakePrefect
from tests.fakes.serving import serve_api

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = [pytest.mark.e2e]
TEMPLATE = "a photo of andie, person"
DRAFTS = "Object.keys(localStorage).filter(k => k.startsWith('aistudio-caption-draft')).length"


def captioned(studio: Studio, root: Path) -> str:
    """alice's model andie, two pairs swapped, and dataset v1 of 2 images captioned from the
    template; the captions page's path."""
    alice = account(studio, "alice")
    create_model(studio, "andie", owner_id=alice.id)
    cfg = load_model_config(studio.paths("andie").config)
    cfg.thresholds.min_side = 200  # 256 px photos: the page, not the pixels, is under test
    save_model_config(studio.paths("andie").config, cfg)
    photos = {
        "sources": photo_set(root / "s", "face", 1, size=256),
        "targets": photo_set(root / "t", "photo", 2, start=10, size=256),
    }
    make_model(studio, photos, "andie", sources=1, targets=2, create=False)
    run_all(studio, "andie")
    built = build_dataset(studio, "andie")
    assert [i["caption"] for i in built.included] == [TEMPLATE, TEMPLATE]
    return f"/models/andie/datasets/{built.version}/captions"


def caption(page: Page, image: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("textbox", name=f"Caption of {image}")


def test_edits_are_checked_as_typed_kept_through_reload_and_drop_then_saved_and_approved(
    studio: Studio, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    path = captioned(studio, tmp_path)
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}{path}")
        first, second = caption(page, "001.jpg"), caption(page, "002.jpg")
        expect(first).to_have_value(TEMPLATE)
        approve = page.get_by_role("button", name="Approve")
        expect(approve).to_be_enabled()
        # A banned word: the studio's rule shows beside the caption as typed.
        first.fill(f"{TEMPLATE}, blonde hair, smiling")
        problems = page.get_by_text("Problem (banned): uses banned words: blonde hair")
        expect(problems).to_be_visible()
        expect(first).to_have_accessible_description(re.compile("banned words: blonde hair"))
        expect(approve).to_be_disabled()
        first.fill(f"{TEMPLATE}, smiling")
        expect(problems).to_have_count(0)
        expect(first).to_have_accessible_description(re.compile("Follows the caption rules"))
        expect(page.get_by_text("Changed from v1: 2 words added, 1 removed")).to_be_visible()
        expect(page.locator("ins", has_text="smiling")).to_contain_text("added:")
        second.fill(f"{TEMPLATE}, outdoors")
        expect(page.get_by_text("Draft: not saved yet")).to_have_count(2)
        # A reload mid-edit: both drafts are still there.
        page.reload()
        expect(first).to_have_value(f"{TEMPLATE}, smiling")
        expect(second).to_have_value(f"{TEMPLATE}, outdoors")
        expect(
            page.get_by_role("paragraph").filter(has_text="Save first: 2 captions")
        ).to_be_visible()

        # The connection drops on Save: nothing lost, the page says so.
        def drop(route: Route) -> None:
            if route.request.method == "PATCH":
                route.abort()
            else:
                route.continue_()

        page.route(re.compile(r".*/datasets/1/captions$"), drop)
        page.get_by_role("button", name="Save 2 captions").click()
        expect(page.get_by_role("alert")).to_contain_text("could not be reached")
        expect(first).to_have_value(f"{TEMPLATE}, smiling")
        assert page.evaluate(DRAFTS) == 2
        assert [v["caption"] for v in show_dataset(studio, "andie", 1).included] == [TEMPLATE] * 2
        page.unroute(re.compile(r".*/datasets/1/captions$"))
        # Save: a new version, opened, the saved drafts cleared.
        page.get_by_role("button", name="Save 2 captions").click()
        expect(page).to_have_url(re.compile(r"/models/andie/datasets/2/captions$"))
        expect(first).to_have_value(f"{TEMPLATE}, smiling")
        expect(page.get_by_text("Draft: not saved yet")).to_have_count(0)
        assert page.evaluate(DRAFTS) == 0
        saved = show_dataset(studio, "andie", 2).included
        assert [v["caption"] for v in saved] == [f"{TEMPLATE}, smiling", f"{TEMPLATE}, outdoors"]
        # Approve as the signed-in user.
        page.get_by_role("button", name="Approve").click()
        expect(page.get_by_text("Approved by api:alice")).to_be_visible()
        assert show_dataset(studio, "andie", 2).reviewed_by == "api:alice"
        expect(page.get_by_role("button", name="Approve")).to_be_disabled()
        audit(page, "captions")
        assert fits_phone(page)


def test_a_refused_save_keeps_its_drafts_and_find_and_replace_edits_them_in_bulk(
    studio: Studio, tmp_path: Path, prefect: FakePrefect
) -> None:
    from playwright.sync_api import expect

    path = captioned(studio, tmp_path)
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}{path}")
        first, second = caption(page, "001.jpg"), caption(page, "002.jpg")
        expect(first).to_have_value(TEMPLATE)
        # Only the template's captions: "Generate captions" starts a job, linked.
        page.get_by_role("button", name="Generate captions").click()
        job = page.get_by_role("link", name="follow the captioning job")
        expect(job).to_have_attribute("href", re.compile(r"^/jobs/[0-9a-f-]+$"))
        (run,) = prefect.runs.values()
        assert run["parameters"]["dataset_version"] == 1
        # Saved anyway with a banned word: the 422 names the image and the rule, beside it.
        first.fill(f"{TEMPLATE}, blue eyes")
        page.get_by_role("button", name="Save 1 caption").click()
        expect(
            page.get_by_role("alert").filter(has_text="Not saved: uses banned words: blue eyes")
        ).to_be_visible()
        expect(first).to_have_value(f"{TEMPLATE}, blue eyes")
        assert len(show_dataset(studio, "andie").included) == 2  # still v1 only
        # Tags: the saved captions' frequency; a tag filters the images that have it now.
        tags = page.get_by_role("list", name="Tags")
        expect(tags.get_by_role("button", name=re.compile("^person"))).to_contain_text("2")
        tags.get_by_role("button", name=re.compile("^person")).click()
        expect(page.get_by_role("heading", name='Images tagged "person" (2 of 2)')).to_be_visible()
        # Find and replace: a preview, then every matching caption becomes a draft.
        page.get_by_label("Find", exact=True).fill("person")
        page.get_by_label("Replace with").fill("woman")
        expect(page.get_by_text("2 matches in 2 captions")).to_be_visible()
        page.get_by_role("button", name="Apply to drafts").click()
        expect(page.get_by_text("Replaced in 2 drafts")).to_be_visible()
        expect(page.get_by_text('No caption has the tag "person" now.')).to_be_visible()
        page.get_by_role("button", name="Show all images").click()
        expect(first).to_have_value("a photo of andie, woman, blue eyes")
        expect(second).to_have_value("a photo of andie, woman")
        assert page.evaluate(DRAFTS) == 2
        expect(page.get_by_text("Changed from v1: 1 word added, 1 removed")).to_be_visible()
        audit(page, "captions-drafts")  # drafts, diffs and a refusal on show
        # Consent revoked: Save and Approve are disabled, with why.
        revoke_consent(studio, "andie")
        page.reload()
        save = page.get_by_role("button", name="Save 2 captions")
        expect(save).to_be_disabled()
        expect(save).to_have_accessible_description(re.compile("revoked"))
        expect(page.get_by_role("button", name="Approve")).to_be_disabled()
        assert fits_phone(page)
