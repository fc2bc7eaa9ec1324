"""The web studio's build served at / beside the API: its files, index.html for the pages a
browser opens, the API's answers untouched; without a build, / says how to make one."""

from __future__ import annotations

from pathlib import Path

from aistudio.api import web
from aistudio.studio import Studio
from tests.fakes.api import api_client

PAGE = {"Accept": "text/html,application/xhtml+xml"}


def _build(folder: Path) -> Path:
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><div id=root></div>")
    (folder / "assets" / "app.js").write_text("console.log('studio')")
    return folder


def test_the_build_is_served_at_the_root_and_the_api_answers_as_before(
    studio: Studio, tmp_path: Path
) -> None:
    client = api_client(studio, web_dir=_build(tmp_path / "dist"))
    root = client.get("/", headers=PAGE)
    assert root.status_code == 200 and "id=root" in root.text
    page = client.get("/models/andie/jobs/123", headers=PAGE)  # the app's own route
    assert page.status_code == 200 and "id=root" in page.text
    script = client.get("/assets/app.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert client.get("/assets/missing.js").status_code == 404
    me = client.get("/api/v1/me")
    assert me.status_code == 401 and me.headers["content-type"] == "application/problem+json"
    unknown = client.get("/api/v1/nothing-here", headers={"Accept": "application/json"})
    assert unknown.status_code == 404 and "id=root" not in unknown.text
    assert client.get("/api/health").json() == {"status": "ok"}


def test_without_a_build_the_root_says_how_to_make_one(studio: Studio, tmp_path: Path) -> None:
    client = api_client(studio, web_dir=tmp_path / "nothing")
    got = client.get("/", headers=PAGE)
    assert got.status_code == 404 and got.text == web.HINT
    assert "npm ci && npm run build" in web.HINT
    assert client.get("/api/health").status_code == 200
