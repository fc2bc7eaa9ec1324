"""The web studio's build, served by the API at /, in headless Debian Chromium: sign in, stay
signed in across a reload, sign out (the session cookie and its CSRF token, for real)."""

from __future__ import annotations

import pytest

from aistudio.studio import Studio
from tests.fakes.api import PASSWORD, account
from tests.fakes.browser import audit, browser_page, fits_phone, sign_in
from tests.fakes.serving import serve_api

pytestmark = [pytest.mark.e2e]


def test_a_user_signs_in_stays_signed_in_across_a_reload_and_signs_out(studio: Studio) -> None:
    from playwright.sync_api import expect

    account(studio, "alice")
    with serve_api(studio) as url, browser_page() as page:
        page.goto(f"{url}/")
        audit(page, "sign-in")
        page.get_by_label("Name").fill("alice")
        page.get_by_label("Password").fill("not her password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("wrong")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("region", name="Account")).to_contain_text("Signed in as alice")
        page.reload()
        expect(page.get_by_role("region", name="Account")).to_contain_text("Signed in as alice")
        assert fits_phone(page)
        page.get_by_role("button", name="Sign out").click()  # an unsafe call: CSRF echoed
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        page.reload()
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_a_deep_link_opens_its_page_after_signing_in(studio: Studio) -> None:
    from playwright.sync_api import expect

    account(studio, "alice")
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.goto(f"{url}/no/such/page")
        expect(page.get_by_role("heading", name="Not found")).to_be_visible()
        assert page.title() == "Not found · AI Model Studio"
