"""The dataset pages in headless Chromium: a version built through the library (2 sources x 3
targets: near-duplicates), both sides with reasons and score badges, an excluded image kept in
(a new version, its automatic choice still shown) and undone, the version history saying what
changed, and consent revoked disabling every override with why."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from aistudio import dataset
from aistudio.api.routes import jobs as job_routes
from aistudio.consent.records import revoke_consent
from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.api import account
from tests.fakes.browser import audit, browser_page, fits_phone, sign_in
from tests.fakes.drive import drive
from tests.fakes.photos import photo_set, training_photos, write_jpeg
from tests.fakes.prefect_server import FakePrefect
from tests.fakes.serving import serve_api

if TYPE_CHECKING:
    from playwright.sync_api import Locator

pytestmark = [pytest.mark.e2e]


def built(studio: Studio, tmp_path: Path) -> dataset.DatasetInfo:
    """alice's andie: 2 sources swapped onto 3 different targets (each target's two results
    are near-duplicates), v1 built with 2 images at most: 2 in, 3 duplicates and 1 not chosen."""
    alice = account(studio, "alice")
    create_model(studio, "andie", owner_id=alice.id)
    targets = [write_jpeg(tmp_path / "t" / f"{k}.jpg", img)
               for k, img in list(training_photos().items())[:3]]  # fmt: skip
    sources = photo_set(tmp_path / "s", "face", 2)
    make_model(studio, {"sources": sources, "targets": targets}, sources=2, targets=3, create=False)
    assert drive(studio, "andie", "local", 2).done == 6
    info = dataset.build_dataset(studio, "andie", max_images=2)
    reasons = sorted(str(i["reason"]) for i in info.excluded)
    assert len(info.included) == 2 and reasons == ["duplicate"] * 3 + ["quality"], reasons
    return info


def name_of(item: dict[str, object]) -> str:
    return str(item["file"]).rsplit("/", 1)[-1]


def test_a_dataset_shows_both_sides_and_an_override_is_a_version_with_undo(
    studio: Studio, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    v1 = built(studio, tmp_path)
    back = next(i for i in v1.excluded if i["reason"] == "quality")
    duplicate = next(i for i in v1.excluded if i["reason"] == "duplicate")
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/models/andie/datasets/1")
        expect(page.get_by_role("heading", name="Dataset v1 of andie")).to_be_visible()
        inside = page.get_by_role("region", name="In the training set (2)")
        outside = page.get_by_role("region", name="Left out (4)")
        first = inside.get_by_role("article", name=name_of(v1.included[0]))
        expect(first.get_by_role("img")).to_be_visible()
        scores = first.get_by_role("list", name=f"Scores of {name_of(v1.included[0])}")
        expect(scores).to_contain_text("Sharpness")
        expect(scores).to_contain_text("Face size")
        expect(scores).to_contain_text("Identity distance")
        # The left-out side: each with its reason; near-duplicates grouped under what they repeat.
        out_card = outside.get_by_role("article", name=name_of(back))
        expect(out_card).to_contain_text("Not chosen (quality and variety)")
        stored = out_card.get_by_role("img", name=f"{name_of(back)} as stored (left out)")
        expect(stored).to_have_js_property("complete", True)
        assert stored.evaluate("img => img.naturalWidth") > 0  # the candidate, served uncropped
        dup_card = outside.get_by_role("article", name=name_of(duplicate))
        expect(dup_card).to_contain_text("Near-duplicate")
        expect(dup_card).to_contain_text(str(duplicate["detail"]))
        # Each duplicate sits in its group, after the heading that names the image it repeats.
        page.set_viewport_size({"width": 1280, "height": 4000})  # every row rendered
        expect(outside.get_by_role("heading", name=re.compile("^Near-duplicates"))).to_have_count(3)
        text = outside.inner_text()
        page.set_viewport_size({"width": 1280, "height": 800})
        for item in v1.excluded:
            if item["reason"] == "duplicate":
                kept = str(item["detail"]).split()[2].rsplit("/", 1)[-1]
                heading = text.index(f"Near-duplicates of {kept}")
                assert heading < text.index(name_of(item)), (kept, text)
        expect(page.get_by_role("link", name="Captions of v1")).to_have_attribute(
            "href", "/models/andie/datasets/1/captions"
        )
        sheet = page.get_by_role("link", name="Contact sheet (PNG)")
        assert page.request.get(f"{url}{sheet.get_attribute('href')}").ok
        audit(page, "dataset")
        assert fits_phone(page)
        # Keep the one not chosen, by keyboard: a new version, its automatic choice still shown.
        keep = page.get_by_role("button", name="Keep in")
        expect(keep).to_be_disabled()
        out_card.get_by_role("checkbox").focus()
        page.keyboard.press("Space")
        page.get_by_label("Reason").fill("best smile")
        keep.click()
        expect(page.get_by_role("status").filter(has_text="made v2 from v1")).to_be_visible()
        expect(page).to_have_url(f"{url}/models/andie/datasets/2")
        inside = page.get_by_role("region", name="In the training set (3)")
        now_in = inside.get_by_role("article", name=name_of(back))
        expect(now_in).to_contain_text("Automatic choice: left out")
        expect(now_in).to_contain_text("Kept in by api:alice: “best smile”")
        # Undo: the reverse override, whose content is v1's (the same content is the same version).
        page.get_by_role("button", name="Undo", exact=True).click()
        expect(page.get_by_role("status").filter(has_text="Undone")).to_contain_text(
            "v1 already has that content"
        )
        expect(page).to_have_url(f"{url}/models/andie/datasets/1")
        expect(page.get_by_role("region", name="In the training set (2)")).to_be_visible()
        # The history says what each version changed.
        page.goto(f"{url}/models/andie/datasets")
        versions = page.get_by_role("list", name="Dataset versions, newest first")

        def version(n: int) -> Locator:
            link = page.get_by_role("link", name=f"v{n}", exact=True)
            return versions.get_by_role("listitem").filter(has=link)

        expect(version(2)).to_contain_text("override of v1: 1 image kept in")
        expect(version(2)).to_contain_text("3 in, 3 left out")
        expect(version(1)).to_contain_text("built for zimage")
        audit(page, "datasets")
        assert fits_phone(page)


def test_a_dry_run_counts_first_then_the_build_is_a_job_and_revoked_consent_disables_overrides(
    studio: Studio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import expect

    prefect = FakePrefect()
    monkeypatch.setattr(job_routes, "PrefectApi", prefect.client)
    built(studio, tmp_path)
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/models/andie/datasets")
        build = page.get_by_role("region", name="Build a dataset")
        start = build.get_by_role("button", name="Build", exact=True)
        expect(start).to_be_disabled()
        expect(build).to_contain_text("Count the candidates first")
        build.get_by_label("Images at most").fill("3")
        build.get_by_role("button", name="Count candidates (dry run)").click()
        expect(build).to_contain_text("6 candidates: 6 accepted results, 0 source photos")
        expect(start).to_be_enabled()
        assert prefect.runs == {}  # a dry run starts nothing
        build.get_by_label("Images at most").fill("4")  # other options: count again
        expect(start).to_be_disabled()
        build.get_by_role("button", name="Count candidates (dry run)").click()
        start.click()
        job = build.get_by_role("link", name="follow the build job")
        expect(job).to_have_attribute("href", re.compile(r"^/jobs/[0-9a-f]{32}$"))
        (run,) = prefect.runs.values()
        assert run["parameters"] == {
            "model": "andie",
            "options": {"max_images": 4, "family": None, "include_sources": False},
        }
        revoke_consent(studio, "andie")
        page.goto(f"{url}/models/andie/datasets/1")
        why = "Consent for andie was revoked"
        expect(page.get_by_role("status").filter(has_text=why)).to_be_visible()
        page.get_by_role("region", name="Left out (4)").get_by_role("checkbox").first.check()
        expect(page.get_by_role("button", name="Keep in")).to_be_disabled()
        expect(page.get_by_role("region", name="Keep or reject")).to_contain_text(why)
        page.goto(f"{url}/models/andie/datasets")
        expect(page.get_by_role("region", name="Build a dataset")).to_contain_text(why)
        expect(page.get_by_role("button", name="Count candidates (dry run)")).to_be_disabled()
