"""The web studio's build, served at / beside the API (which stays under /api/)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import PlainTextResponse

# The checkout's web/ folder (`npm run build` writes dist/ there).
CHECKOUT_BUILD = Path(__file__).resolve().parents[2] / "web" / "dist"
HINT = (
    "The web studio is not built: run 'npm ci && npm run build' in web/ (./dev.sh does it "
    "when npm is there); the API's docs are at /api/docs"
)


def build_dir(configured: Path | None) -> Path:
    """Where the build is: AISTUDIO_API_WEB_DIR, else the checkout's web/dist."""
    return configured or CHECKOUT_BUILD


def built(folder: Path) -> bool:
    """Whether the folder holds a build (its index.html)."""
    return (folder / "index.html").is_file()


def install(app: FastAPI, folder: Path) -> None:
    """Serve the build at / (after every API route: an unknown page a browser asks for gets
    index.html, the app's router takes it from there); without a build, / says how to make one."""
    if built(folder):
        app.frontend("/", directory=folder, check_dir=True)
        return

    async def not_built(_request: Request) -> PlainTextResponse:
        return PlainTextResponse(HINT, status_code=404)

    app.add_route("/", not_built, methods=["GET"], include_in_schema=False)
