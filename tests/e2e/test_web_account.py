"""The web studio's costs and API keys pages, in headless Chromium over the API served for real:
each run's estimate beside the credits billed (the ledger, seeded through the library), and a
key shown once that works until it is revoked."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import httpx
import pytest

from aistudio.db import queries
from aistudio.db.tables import LedgerEntry, Run
from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from tests.fakes.api import account
from tests.fakes.browser import (
    audit,
    axe_violations,
    browser_page,
    fits_phone,
    screenshot,
    sign_in,
    switch_theme,
    theme,
)
from tests.fakes.serving import serve_api

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e]
Ops = list[tuple[str, float]]  # (operation, credits) rows of the ledger
ZOE = "zoe-the-persona-with-a-very-long-name-01"  # as long as names go: it must fit a phone
BOB = "bartholomew_of_the_long_names_studio_404"


def bill(studio: Studio, model: str, run_id: str, estimate: float, ops: Ops) -> None:
    """A finished run of a model: its estimate, and the ledger's rows (what was billed)."""
    with studio.session() as s:
        model_id = queries.get_model_id(s, name=model)
        run = Run(id=run_id, model_id=model_id, category="sfw", provider="fake", enhance=True,
                  status="completed", estimate_credits=estimate)  # fmt: skip
        s.add(run)
        s.flush()  # the run must exist before rows that reference it
        for n, (op, credits) in enumerate(ops):
            key = f"{run_id}-{n}"
            s.add(LedgerEntry(model_id=model_id, run_id=run_id, pair=f"s1-t{n + 1:03d}-sfw",
                              op=op, provider="fake", input_key=key, credits=credits))  # fmt: skip


def theme_survives_a_reload(page: Page) -> None:
    """The theme picked with the header's button is the one shown after a reload."""
    switch_theme(page)
    picked = theme(page)
    page.reload()
    page.get_by_role("heading", level=1).wait_for()
    assert theme(page) == picked


def test_costs_show_each_runs_estimate_beside_the_credits_billed(studio: Studio) -> None:
    from playwright.sync_api import expect

    alice = account(studio, "alice")
    for name in ["andie", *(f"m{n:02d}" for n in range(1, 20)), ZOE]:
        create_model(studio, name, owner_id=alice.id)
    bill(studio, "andie", "andie-workflow-1", 24, [("swap", 10), ("enhance", 2), ("swap", 10)])
    bill(studio, "andie", "andie-workflow-2", 12, [("swap", 10), ("enhance", 2.5)])
    bill(studio, ZOE, f"{ZOE}-workflow-1", 10, [("swap", 10)])  # on the second page (20 a page)
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "alice")
        page.get_by_role("navigation", name="Studio").get_by_role("link", name="Costs").click()
        andie = page.get_by_role("table", name="andie")
        rows = andie.get_by_role("row")
        expect(rows).to_have_count(4)  # the head, two runs, the total
        expect(rows.nth(1).get_by_role("rowheader")).to_contain_text("andie-workflow-1")
        expect(rows.nth(1)).to_contain_text("2 swaps, 1 enhance")
        expect(rows.nth(1).get_by_role("cell")).to_have_text(["24", "22", "−2"])
        expect(rows.nth(2).get_by_role("cell")).to_have_text(["12", "12.50", "+0.50"])
        expect(rows.nth(3).get_by_role("rowheader")).to_have_text("Total")
        expect(rows.nth(3).get_by_role("cell")).to_have_text(["36", "34.50", "−1.50"])
        expect(page.get_by_text("No runs yet:")).to_contain_text("m01")
        expect(page.get_by_role("table", name=ZOE)).to_have_count(0)
        page.get_by_role("button", name="Load more").click()
        zoe = page.get_by_role("table", name=ZOE)
        expect(zoe.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(["10", "10", "0"])
        expect(page.get_by_role("button", name="Load more")).to_have_count(0)
        audit(page, "costs")
        assert fits_phone(page)
        theme_survives_a_reload(page)
        page.get_by_role("link", name="andie", exact=True).click()
        expect(page).to_have_url(f"{url}/models/andie")


def test_costs_say_nothing_was_spent_for_a_user_with_no_runs(studio: Studio) -> None:
    from playwright.sync_api import expect

    bob = account(studio, BOB)
    create_model(studio, "idle", owner_id=bob.id)  # a model, but no run of it
    alice = account(studio, "alice")
    create_model(studio, "andie", owner_id=alice.id)
    bill(studio, "andie", "andie-workflow-1", 24, [("swap", 10)])  # hers, not his
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, BOB)
        page.goto(f"{url}/costs")
        expect(page.get_by_text("Nothing spent yet.")).to_be_visible()
        expect(page.get_by_role("table")).to_have_count(0)
        assert page.title() == "Costs · AI Model Studio"
        assert fits_phone(page)  # the header's "Signed in as" a long name too


def test_a_key_is_shown_once_works_and_fails_once_revoked(studio: Studio) -> None:
    from playwright.sync_api import expect

    alice = account(studio, "alice")
    with serve_api(studio) as url, browser_page() as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        sign_in(page, url, "alice")
        page.get_by_role("navigation", name="Studio").get_by_role("link", name="API keys").click()
        keys = page.get_by_role("list", name="Your keys")
        expect(keys.get_by_role("listitem")).to_have_count(1)  # the fixture's key "test"
        expect(page.get_by_role("radio", name=re.compile("^Admin"))).to_have_count(
            0
        )  # not hers to grant
        # The API's reason when it refuses (a blank name passes the browser's "required").
        page.get_by_label("Name").fill("   ")
        page.get_by_role("button", name="Create key").click()
        expect(page.get_by_role("alert")).to_contain_text("a key needs a name")
        page.get_by_label("Name").fill("laptop")
        page.get_by_role("radio", name=re.compile(r"^Read \(")).check()
        page.get_by_role("button", name="Create key").click()
        dialog = page.get_by_role("dialog", name="Key “laptop” created")
        expect(dialog).to_contain_text("it will not be shown again")
        secret = dialog.get_by_label("Secret key").input_value()
        assert secret.startswith("ais_")
        dialog.get_by_role("button", name="Copy").click()
        expect(dialog.get_by_role("status")).to_have_text("Copied to the clipboard.")
        assert page.evaluate("navigator.clipboard.readText()") == secret
        me = httpx.get(f"{url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
        assert me.status_code == 200 and me.json()["name"] == "alice"
        assert me.json()["scopes"] == ["read"]
        assert axe_violations(page) == []  # the dialog too
        screenshot(page, "keys-secret")
        dialog.get_by_role("button", name="Done").click()
        expect(dialog).to_have_count(0)
        laptop = keys.get_by_role("listitem").filter(has=page.get_by_role("heading", name="laptop"))
        expect(laptop).to_contain_text("read")
        assert secret not in page.content()  # gone for good: not in the page...
        page.reload()
        expect(laptop).to_be_visible()
        assert secret not in page.content()  # ...nor after a reload
        audit(page, "keys")
        assert fits_phone(page)
        # Revoke, after a confirmation: the key reads revoked and fails from then on.
        laptop.get_by_role("button", name="Revoke laptop").click()
        confirm = page.get_by_role("alertdialog", name="Revoke the key “laptop”?")
        assert axe_violations(page) == []
        screenshot(page, "keys-revoke")
        confirm.get_by_role("button", name="Cancel").click()
        expect(confirm).to_have_count(0)
        assert (
            httpx.get(f"{url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code
            == 200
        )
        laptop.get_by_role("button", name="Revoke laptop").click()
        confirm.get_by_role("button", name="Revoke key").click()
        expect(confirm).to_have_count(0)
        expect(laptop).to_contain_text("Revoked")
        expect(laptop.get_by_role("button", name="Revoke laptop")).to_have_count(0)
        gone = httpx.get(f"{url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
        assert gone.status_code == 401
        still = httpx.get(f"{url}/api/v1/me", headers=alice.auth)  # her other key is untouched
        assert still.status_code == 200
        theme_survives_a_reload(page)


def test_an_admin_grants_admin_scope_and_the_keyboard_alone_revokes(studio: Studio) -> None:
    from playwright.sync_api import expect

    account(studio, "root", admin=True)
    with serve_api(studio) as url, browser_page() as page:
        sign_in(page, url, "root")
        page.goto(f"{url}/keys")
        switch_theme(page)  # the dialogs in the other theme than the test above audits them in
        page.get_by_label("Name").fill("ops")
        page.get_by_role("radio", name=re.compile("^Admin")).check()
        page.get_by_role("button", name="Create key").click()
        dialog = page.get_by_role("dialog", name="Key “ops” created")
        secret = dialog.get_by_label("Secret key").input_value()
        me = httpx.get(f"{url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
        assert me.json()["scopes"] == ["admin", "read", "write"]
        assert axe_violations(page) == []
        screenshot(page, "keys-secret")
        page.keyboard.press("Escape")
        expect(dialog).to_have_count(0)
        expect(page.get_by_role("button", name="Create key")).to_be_focused()  # back where it was
        # Revoke with keys only: the confirmation opens on Cancel (the safe choice).
        page.get_by_role("button", name="Revoke test").focus()
        page.keyboard.press("Enter")
        confirm = page.get_by_role("alertdialog", name="Revoke the key “test”?")
        expect(confirm.get_by_role("button", name="Cancel")).to_be_focused()
        assert axe_violations(page) == []
        screenshot(page, "keys-revoke")
        page.keyboard.press("Tab")
        expect(confirm.get_by_role("button", name="Revoke key")).to_be_focused()
        page.keyboard.press("Enter")
        expect(confirm).to_have_count(0)
        test = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="test"))
        expect(test).to_contain_text("Revoked")
        expect(test.get_by_role("heading", name="test")).to_be_focused()  # not lost to <body>
