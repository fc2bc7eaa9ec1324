"""The dashboard of model cards and a model's page in headless Chromium: create a model (its
name's rule shown when refused), record consent (refused until complete), the card's cover,
consent badge, numbers and running job, revoking behind a confirmation, paging."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from aistudio.core.config import load_model_config, save_model_config
from aistudio.db import queries
from aistudio.db.api_tables import Job
from aistudio.db.tables import DatasetVersion, PairState, Run
from aistudio.ingest.importer import create_model, import_photos
from aistudio.studio import Studio
from tests.fakes.api import account
from tests.fakes.browser import (
    audit,
    axe_violations,
    browser_page,
    fits_phone,
    sign_in,
    switch_theme,
)
from tests.fakes.serving import serve_api

if TYPE_CHECKING:
    from playwright.sync_api import Locator

pytestmark = [pytest.mark.e2e]


def number(card: Locator, term: str) -> Locator:
    """The value a card's numbers give for a term (its <dd> after the <dt>)."""
    found = card.get_by_role("term").filter(has_text=re.compile(f"^{term}$"))
    return found.locator("xpath=following-sibling::dd[1]")


def seed(studio: Studio, photos: dict[str, list[Path]], owner: int) -> str:
    """What the other pages would have made: a source and a target (256 px: thresholds
    lowered), dataset v1, and a job running 2 pairs into 6. Returns the job's id."""
    config = studio.paths("andie").config
    settings = load_model_config(config)
    settings.thresholds.min_side = 200
    save_model_config(config, settings)
    import_photos(studio, "andie", photos["sources"][:1], role="source")
    import_photos(studio, "andie", photos["targets"][:1], role="target", category="sfw")
    with studio.session() as session:
        model_id = queries.get_model_id(session, name="andie")
        session.add(
            DatasetVersion(model_id=model_id, number=1, content_hash="1" * 64, path="d1",
                           family="sdxl", settings_json="{}", holdout_json="[]", included=1,
                           excluded=0)
        )  # fmt: skip
        session.add(Run(id="r1", model_id=model_id, category="sfw", provider="fake",
                        enhance=False, pairs_total=6))  # fmt: skip
        session.flush()
        for pair in ("s1-t001-sfw", "s1-t002-sfw"):
            session.add(PairState(model_id=model_id, run_id="r1", pair=pair, status="done"))
        session.add(Job(id="j1", owner_id=owner, model_id=model_id, kind="process",
                        params_json="{}", deployment="process-model/default", state="running",
                        run_id="r1"))  # fmt: skip
    return "j1"


def test_a_user_creates_a_model_records_consent_and_sees_its_card(
    studio: Studio, small_photos: dict[str, list[Path]]
) -> None:
    from playwright.sync_api import expect

    alice = account(studio, "alice")
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        expect(page.get_by_role("heading", name="Models", level=1)).to_be_visible()
        expect(page.get_by_text("No models yet")).to_be_visible()
        form = page.get_by_role("form", name="New model")
        form.get_by_label("Name").fill("Andie!")
        form.get_by_role("button", name="Create model").click()
        expect(form.get_by_role("alert")).to_contain_text("body.name")  # the API's detail
        expect(form.get_by_label("Name")).to_have_attribute("aria-invalid", "true")
        expect(form.get_by_text("Lowercase letters a-z, digits")).to_be_visible()  # the rule
        audit(page, "dashboard-empty")  # the empty state, and the form with its refusal
        form.get_by_label("Name").fill("andie")
        form.get_by_label("Trigger word").fill("andiex")
        form.get_by_label("Base family").select_option(label="Stable Diffusion XL")
        form.get_by_role("button", name="Create model").click()
        expect(page).to_have_url(f"{url}/models/andie")
        expect(page.get_by_role("heading", name="andie", level=1)).to_be_visible()
        assert (
            studio.config("andie").family == "sdxl" and studio.config("andie").trigger == "andiex"
        )

        consent = page.get_by_role("region", name="Consent")
        expect(consent).to_contain_text("No consent recorded for andie")
        consent.get_by_role("radio", name="Synthetic persona").check()
        consent.get_by_role("button", name="Record consent").click()
        expect(consent.get_by_role("alert")).to_contain_text("adult")  # refused, and why
        audit(page, "model")  # the form, with the API's refusal
        consent.get_by_role("checkbox", name=re.compile("^I attest")).check()
        consent.get_by_role("button", name="Record consent").click()
        expect(consent).to_contain_text("Consent is in force")
        with studio.read() as session:
            record = queries.current_consent(
                session, model_id=queries.get_model_id(session, name="andie")
            )
        assert record is not None and (record.kind, record.scopes) == ("synthetic", "sfw")
        expect(consent.get_by_text(record.record_hash[:12], exact=True)).to_be_visible()
        expect(page.get_by_text("Consent in force: synthetic (sfw)")).to_be_visible()  # header
        audit(page, "model-consent")
        assert fits_phone(page)

        job = seed(studio, small_photos, alice.id)
        page.get_by_role("navigation", name="Studio").get_by_role("link", name="Models").click()
        card = page.get_by_role("article", name="andie")
        cover = card.get_by_role("img", name="andie: first source photo")
        expect(cover).to_be_visible()
        expect(cover).to_have_js_property("complete", True)
        assert cover.evaluate("img => img.naturalWidth") > 0  # the photo route answered
        expect(card).to_contain_text("Consent in force: synthetic (sfw)")
        expect(number(card, "Sources")).to_have_text("1")
        expect(number(card, "Targets")).to_have_text("0 nsfw, 1 sfw")
        expect(number(card, "Credits spent")).to_have_text("0")
        expect(number(card, "Latest dataset")).to_have_text("v1")
        expect(number(card, "Latest LoRA")).to_have_text("none yet")
        bar = card.get_by_role("progressbar", name="andie: Processing")
        expect(bar).to_have_attribute("aria-valuetext", "2 of 6 (33%)")
        expect(card.get_by_role("link", name="View job of andie")).to_have_attribute(
            "href", f"/jobs/{job}"
        )
        audit(page, "dashboard")
        assert fits_phone(page)
        card.get_by_role("link", name="andie", exact=True).click()
        expect(page.get_by_role("heading", name="andie", level=1)).to_be_visible()


def test_revoking_asks_first_says_what_it_does_and_the_card_shows_it(studio: Studio) -> None:
    from playwright.sync_api import expect

    alice = account(studio, "alice")
    create_model(studio, "andie", owner_id=alice.id)
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/models/andie")
        consent = page.get_by_role("region", name="Consent")
        consent.get_by_role("radio", name="Real person").check()
        consent.get_by_role("checkbox", name="Adult content (nsfw)").check()
        consent.get_by_role("checkbox", name=re.compile("^I attest")).check()
        consent.get_by_role("button", name="Record consent").click()
        expect(consent.get_by_role("alert")).to_contain_text("subject")  # who agreed is missing
        consent.get_by_label("Subject").fill("Andie Example")
        consent.get_by_label("Signed release document").set_input_files(
            files=[{"name": "release.txt", "mimeType": "text/plain", "buffer": b"I agree."}]
        )
        consent.get_by_role("button", name="Record consent").click()
        expect(consent).to_contain_text("Consent is in force")
        expect(consent.get_by_role("definition").filter(has_text="on file")).to_be_visible()
        expect(consent).to_contain_text("Andie Example")

        trigger = consent.get_by_role("button", name="Revoke consent")
        dialog = page.get_by_role("alertdialog", name="Revoke consent for andie?")
        for _ in range(2):  # both themes: the dialog is portalled outside <main>
            trigger.focus()
            page.keyboard.press("Enter")  # keyboard alone opens it ...
            expect(dialog).to_contain_text("LoRA version of andie is withdrawn")
            assert axe_violations(page) == []
            page.keyboard.press("Escape")  # ... and closes it, consent kept
            expect(dialog).to_be_hidden()
            expect(trigger).to_be_focused()
            expect(consent).to_contain_text("Consent is in force")
            switch_theme(page)
        trigger.click()
        dialog.get_by_role("button", name="Revoke consent").click()
        expect(dialog).to_be_hidden()
        expect(consent).to_contain_text("Consent was revoked")
        expect(consent.get_by_role("button", name="Record consent")).to_be_visible()
        with studio.read() as session:
            record = queries.current_consent(
                session, model_id=queries.get_model_id(session, name="andie")
            )
        assert record is not None and record.revoked_at is not None and record.scopes == "sfw,nsfw"
        page.get_by_role("navigation", name="Studio").get_by_role("link", name="Models").click()
        expect(page.get_by_role("article", name="andie")).to_contain_text("Consent revoked")


def test_the_dashboard_pages_its_cards_with_load_more(studio: Studio) -> None:
    from playwright.sync_api import expect

    alice = account(studio, "alice")
    names = [f"m{i:02d}" for i in range(25)]
    for name in names:
        create_model(studio, name, owner_id=alice.id)
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        cards = page.get_by_role("article")
        expect(cards).to_have_count(24)
        page.get_by_role("button", name="Load more").click()
        expect(cards).to_have_count(25)
        expect(page.get_by_role("article", name="m24")).to_contain_text("No consent yet")
        expect(page.get_by_role("button", name="Load more")).to_have_count(0)
