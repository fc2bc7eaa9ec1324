"""The web studio in headless Chromium for e2e tests: a signed-in page, axe-core's audit in
both themes, and screenshots at desktop and phone widths."""

from __future__ import annotations

import base64
import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aistudio.api import web
from tests.conftest import REPO
from tests.fakes.api import PASSWORD
from tests.fakes.chromium import CHROMIUM, FLAGS

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE = REPO / "web" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Where screenshots go: AISTUDIO_WEB_SHOTS (for the note), else nowhere.
SHOTS = os.environ.get("AISTUDIO_WEB_SHOTS")


@contextlib.contextmanager
def browser_page() -> Iterator[Page]:
    """A fresh page in headless Debian Chromium, desktop-sized, 30 s timeouts."""
    from playwright.sync_api import sync_playwright

    assert web.built(web.CHECKOUT_BUILD), "web/ is not built: ./dev.sh builds it with npm"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
            page.set_default_timeout(30_000)
            yield page
        finally:
            browser.close()


def sign_in(page: Page, url: str, name: str, password: str = PASSWORD) -> None:
    """Open the studio and sign in with the form, as a user does."""
    from playwright.sync_api import expect

    page.goto(f"{url}/")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("region", name="Account")).to_contain_text(f"Signed in as {name}")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}))
            .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))"""
    )
    return found


def theme(page: Page) -> str:
    """The theme the page shows ("dark" or "light")."""
    dark = page.evaluate("document.documentElement.classList.contains('dark')")
    return "dark" if dark else "light"


def switch_theme(page: Page) -> None:
    """Press the header's theme button."""
    page.get_by_role("button", name=re.compile(r"^(Dark|Light) theme$")).click()


def audit(page: Page, name: str) -> None:
    """No serious or critical axe violations in either theme; screenshots of both widths."""
    results = {}
    for _ in range(2):
        results[theme(page)] = axe_violations(page)
        screenshot(page, name)
        switch_theme(page)
    assert results == {"light": [], "dark": []}, results


def screenshot(page: Page, name: str, *, full_page: bool = True) -> None:
    """Screenshots at desktop and 390 px wide, when AISTUDIO_WEB_SHOTS names a folder (of the
    viewport only with full_page=False: a dialog's overlay covers the viewport, not the page)."""
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or DESKTOP
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)  # type: ignore[arg-type]
        page.screenshot(path=str(folder / f"{name}-{theme(page)}-{label}.png"), full_page=full_page)
    page.set_viewport_size(size)


def fits_phone(page: Page) -> bool:
    """At 390 px wide, whether the page needs no sideways scrolling."""
    size = page.viewport_size or DESKTOP
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    try:
        return bool(page.evaluate("document.documentElement.scrollWidth <= 390"))
    finally:
        page.set_viewport_size(size)  # type: ignore[arg-type]


def drop(page: Page, zone: str, files: list[Path]) -> None:
    """Drag files onto the drop zone named zone: dragenter, dragover and drop events carrying a
    DataTransfer built in the page from the files' bytes."""
    payload = [
        {"name": f.name, "type": "image/jpeg", "b64": base64.b64encode(f.read_bytes()).decode()}
        for f in files
    ]
    data = page.evaluate_handle(
        """(files) => {
            const dt = new DataTransfer();
            for (const f of files) {
              const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
              dt.items.add(new File([bytes], f.name, {type: f.type}));
            }
            return dt;
        }""",
        payload,
    )
    target = page.get_by_role("group", name=zone)
    for event in ("dragenter", "dragover", "drop"):
        target.dispatch_event(event, {"dataTransfer": data})
