"""The web studio's build, served by the API at /, in headless Debian Chromium: sign in, stay
signed in across a reload, sign out (the session cookie and its CSRF token, for real)."""

from __future__ import annotations

import pytest

from aistudio.api import web
from aistudio.studio import Studio
from tests.fakes.api import PASSWORD, account
from tests.fakes.chromium import CHROMIUM, FLAGS
from tests.fakes.serving import serve_api

pytestmark = [pytest.mark.e2e]


def test_a_user_signs_in_stays_signed_in_across_a_reload_and_signs_out(studio: Studio) -> None:
    from playwright.sync_api import expect, sync_playwright

    assert web.built(web.CHECKOUT_BUILD), "web/ is not built: ./dev.sh builds it with npm"
    account(studio, "alice")
    with serve_api(studio) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{url}/")
        page.get_by_label("Name").fill("alice")
        page.get_by_label("Password").fill("not her password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("wrong")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("region", name="Account")).to_contain_text("Signed in as alice")
        page.reload()
        expect(page.get_by_role("region", name="Account")).to_contain_text("Signed in as alice")
        page.get_by_role("button", name="Sign out").click()  # an unsafe call: CSRF echoed
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        page.reload()
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        browser.close()
