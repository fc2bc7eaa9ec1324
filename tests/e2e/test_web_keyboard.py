"""The web studio with the keyboard alone (after page.goto: Tab, Shift+Tab, Enter, Space, arrows
and typed text, never a click): sign in, create a model, record consent, pick source and target
photos, change the estimate, start a run, and compare a result before and after; every Tab
lands on an element that shows where focus is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from aistudio import processing
from aistudio.core.config import load_model_config, save_model_config
from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes import serving
from tests.fakes.api import PASSWORD, account
from tests.fakes.browser import browser_page, sign_in
from tests.fakes.photos import photo_set
from tests.fakes.prefect_server import FakePrefect

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e]

# What has focus, in words ("button 'Sign in'"); null when nothing (the body) has it.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const name = el.getAttribute('aria-label')
    || (el.labels && el.labels.length ? el.labels[0].textContent : '')
    || el.textContent || el.getAttribute('value') || '';
  const role = el.getAttribute('role') || el.getAttribute('type') || el.tagName.toLowerCase();
  return `${role} '${name.trim().replace(/\\s+/g, ' ').slice(0, 60)}'`;
}"""

# Whether the focused element draws a focus indicator: an outline (not 'none', nor transparent)
# or a ring (a box-shadow layer with a spread and a colour; a plain drop shadow is no indicator).
# A visually hidden input (the file picker's) must draw it on its label instead.
SHOWS_FOCUS = """() => {
  const el = document.activeElement;
  const transparent = (c) => /^rgba\\(.*,\\s*0\\)$/.test(c) || c === 'transparent';
  const ring = (layer) => {
    const color = (layer.match(/(rgba?|oklch|oklab|lab|lch|color)\\([^)]*\\)/) || [''])[0];
    const lengths = layer.replace(color, '').trim().split(/\\s+/).filter((w) => /px$/.test(w));
    return color !== '' && !transparent(color) && lengths.length >= 4 && parseFloat(lengths[3]) > 0;
  };
  const shows = (e) => {
    const s = getComputedStyle(e);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && !transparent(s.outlineColor);
    return outline || (s.boxShadow !== 'none' && s.boxShadow.split(/,(?![^(]*\\))/).some(ring));
  };
  const box = el.getBoundingClientRect();
  if (box.width <= 1 || box.height <= 1) return Array.from(el.labels || []).some(shows);
  return shows(el);
}"""


def tab_to(
    page: Page, role: Any, name: str | re.Pattern[str], limit: int = 60, key: str = "Tab"
) -> None:
    """Press Tab (or key) until the element of this role and accessible name has focus; every
    element focused on the way must show it. Fails with the focused elements seen."""
    target = page.get_by_role(role, name=name, exact=isinstance(name, str))
    seen: list[str | None] = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = page.evaluate(FOCUSED)
        seen.append(now)
        if now is not None:
            assert page.evaluate(SHOWS_FOCUS), f"no visible focus on {now}; focused so far: {seen}"
        if target.evaluate_all("(els) => els.includes(document.activeElement)"):
            return
    raise AssertionError(f"{role} {name!r} not reached with {key} in {limit}: {seen}")


@pytest.fixture
def photos(tmp_path: Path) -> Iterator[dict[str, list[Path]]]:
    """Two sources and two targets the studio imports as they are."""
    yield {
        "sources": photo_set(tmp_path / "faces", "face", 2),
        "targets": photo_set(tmp_path / "scenes", "scene", 2, start=10),
    }


def seed_results(studio: Studio, photos: dict[str, list[Path]], owner: int) -> str:
    """alice's model andie with a finished run (256 px photos, thresholds lowered): a done pair
    to compare. Returns that pair's name."""
    create_model(studio, "andie", owner_id=owner)
    config = studio.paths("andie").config
    settings = load_model_config(config)
    settings.thresholds.min_side = 200
    save_model_config(config, settings)
    make_model(studio, photos, sources=1, targets=1, create=False)
    plan = processing.plan_pairs(studio, model="andie", provider="fake")
    estimate = processing.estimate_cost(studio, plan=plan)
    run = processing.start_run(studio, plan=plan, estimate=estimate, budget=None, category="sfw")
    processing.process_pair(studio, run_id=run, pair=plan.pairs[0], tries=1)
    processing.finish_run(studio, run_id=run)
    return plan.pairs[0].pair


def test_the_studio_works_with_the_keyboard_alone(
    studio: Studio,
    photos: dict[str, list[Path]],
    small_photos: dict[str, list[Path]],
    prefect: FakePrefect,
) -> None:
    from playwright.sync_api import expect

    alice = account(studio, "alice")
    done = seed_results(studio, small_photos, alice.id)
    with serving.serve_api(studio) as url, browser_page() as page:
        keys = page.keyboard
        # Playwright intercepts file choosers once something listens for them, asynchronously: a
        # listener from the start makes sure a key press's chooser is never missed.
        page.on("filechooser", lambda _: None)
        page.goto(f"{url}/")
        tab_to(page, "textbox", "Name")
        keys.type("alice")
        tab_to(page, "textbox", "Password")
        keys.type(PASSWORD)
        keys.press("Enter")
        expect(page.get_by_role("region", name="Account")).to_contain_text("Signed in as alice")

        # A new model: its name typed, the form sent with Enter on its button.
        expect(page.get_by_role("link", name="andie")).to_be_visible()
        tab_to(page, "textbox", "Name")
        keys.type("keys")
        tab_to(page, "button", "Create model")
        keys.press("Enter")
        expect(page).to_have_url(f"{url}/models/keys")
        expect(page.get_by_role("heading", name="Consent", exact=True)).to_be_visible()

        # Consent: the kind (a radio), the attestation (a checkbox), then the submit button.
        tab_to(page, "radio", "Synthetic persona")
        keys.press("Space")
        expect(page.get_by_role("radio", name="Synthetic persona")).to_be_checked()
        tab_to(page, "checkbox", re.compile("^I attest"))
        keys.press("Space")
        tab_to(page, "button", "Record consent")
        keys.press("Enter")
        expect(page.get_by_text("Consent is in force.")).to_be_visible()

        # Sources, then (an arrow key on the role's radios) targets, with the file chooser.
        uploads = page.get_by_role("list", name="Uploads")
        tab_to(page, "button", "Choose photos")
        with page.expect_file_chooser() as chooser:
            keys.press("Enter")
        chooser.value.set_files(photos["sources"])
        expect(page.get_by_text("2 of 2 files done")).to_be_visible()
        expect(uploads).to_contain_text("Imported as keys-source-")
        tab_to(page, "radio", re.compile("^Sources"), key="Shift+Tab")
        keys.press("ArrowRight")
        expect(page.get_by_role("radio", name=re.compile("^Targets"))).to_be_checked()
        tab_to(page, "button", "Choose photos")
        with page.expect_file_chooser() as chooser:
            keys.press("Space")
        chooser.value.set_files(photos["targets"])
        expect(page.get_by_text("4 of 4 files done")).to_be_visible()
        expect(page.get_by_text("targets: 2 sfw")).to_be_visible()

        # The estimate follows the enhance checkbox; Enter on Start run opens the job.
        run = page.get_by_role("region", name="Run")
        estimate = run.get_by_role("region", name="Estimate")
        enhances = estimate.get_by_role("definition").nth(3)
        expect(enhances).to_have_text("4")
        tab_to(page, "checkbox", re.compile("^Enhance"))
        keys.press("Space")
        expect(enhances).to_have_text("0")
        start = run.get_by_role("button", name="Start run")
        expect(start).to_be_enabled()
        tab_to(page, "button", "Start run")
        keys.press("Enter")
        expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+$"))
        expect(page.get_by_role("region", name="State")).to_be_visible()
        assert len(prefect.runs) == 1

        # To andie's results through the header's navigation and her card.
        tab_to(page, "link", "Models")
        keys.press("Enter")
        expect(page.get_by_role("heading", name="Models", exact=True)).to_be_visible()
        tab_to(page, "link", "andie")
        keys.press("Enter")
        expect(page.get_by_text("Consent is in force.")).to_be_visible()  # the page is all there
        tab_to(page, "link", "Results")
        keys.press("Enter")
        expect(page).to_have_url(f"{url}/models/andie/results")

        # The comparison: opened with Enter, its slider moved with arrows, closed with Escape.
        trigger = page.get_by_role("button", name=f"Compare before and after of {done}")
        tab_to(page, "button", f"Compare before and after of {done}")
        keys.press("Enter")
        dialog = page.get_by_role("dialog", name=f"{done}: before and after")
        slider = dialog.get_by_role("slider", name="Before and after")
        expect(slider).to_be_focused()  # the dialog takes focus to its first control
        assert page.evaluate(SHOWS_FOCUS)
        keys.press("ArrowRight")
        keys.press("ArrowRight")
        expect(slider).to_have_attribute("aria-valuenow", "52")
        keys.press("ArrowLeft")
        expect(slider).to_have_attribute("aria-valuenow", "51")
        tab_to(page, "button", "Close")  # focus stays in the dialog
        tab_to(page, "slider", "Before and after")
        keys.press("Escape")
        expect(dialog).to_be_hidden()
        expect(trigger).to_be_focused()
        assert page.evaluate(SHOWS_FOCUS)


def test_the_new_model_form_says_when_the_engine_list_fails_and_loads_it_again(
    studio: Studio,
) -> None:
    from playwright.sync_api import Route, expect

    account(studio, "alice")
    calls: list[str] = []

    def fail_once(route: Route) -> None:
        calls.append(route.request.url)
        if len(calls) > 1:
            route.continue_()
        else:
            body = '{"title": "Down", "status": 503, "detail": "the engines are out to lunch"}'
            route.fulfill(status=503, content_type="application/problem+json", body=body)

    with serving.serve_api(studio) as url, browser_page() as page:
        page.route("**/api/v1/providers", fail_once)
        sign_in(page, url, "alice")
        form = page.get_by_role("form", name="New model")
        expect(form.get_by_role("alert")).to_contain_text("the engines are out to lunch")
        expect(form.get_by_label("Engine")).to_have_value("local")  # local still offered
        tab_to(page, "button", "Load it again")
        page.keyboard.press("Enter")
        expect(form.get_by_role("alert")).to_have_count(0)
        assert len(calls) == 2


def test_a_model_refresh_that_fails_keeps_the_page_under_a_notice(studio: Studio) -> None:
    from playwright.sync_api import Route, expect

    alice = account(studio, "alice")
    create_model(studio, "andie", owner_id=alice.id)

    def refuse(route: Route) -> None:
        body = '{"title": "Down", "status": 503, "detail": "the store is busy"}'
        route.fulfill(status=503, content_type="application/problem+json", body=body)

    with serving.serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/models/andie")
        expect(page.get_by_role("heading", name="Consent", exact=True)).to_be_visible()
        page.route("**/api/v1/models/andie", refuse)  # the model itself, not its consent
        tab_to(page, "radio", "Synthetic persona")
        page.keyboard.press("Space")
        tab_to(page, "checkbox", re.compile("^I attest"))
        page.keyboard.press("Space")
        tab_to(page, "button", "Record consent")
        page.keyboard.press("Enter")  # recorded: the model is fetched again, and refused
        notice = page.get_by_role("alert").filter(has_text="Not up to date")
        expect(notice).to_contain_text("the store is busy")
        expect(page.get_by_text("Consent is in force.")).to_be_visible()
        expect(page.get_by_role("heading", name="Photos")).to_be_visible()  # uploads stay
        page.unroute("**/api/v1/models/andie")
        tab_to(page, "button", "Try again", key="Shift+Tab")
        page.keyboard.press("Enter")
        expect(notice).to_have_count(0)
