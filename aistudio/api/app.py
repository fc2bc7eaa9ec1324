"""The FastAPI app: routers under /api/v1, OpenAPI 3.1 at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aistudio.api import problems, streaming, web
from aistudio.api.routes import (
    accounts,
    captions,
    consent,
    costs,
    datasets,
    estimates,
    jobs,
    loras,
    models,
    photos,
    queues,
    results,
    streams,
    trainings,
    uploads,
    webhooks,
)
from aistudio.api.settings import ApiSettings
from aistudio.api.watcher import Watcher
from aistudio.core.config import Settings, get_settings
from aistudio.studio import Studio

ROUTERS = [
    accounts.router,
    models.router,
    consent.router,
    photos.router,
    uploads.router,
    jobs.router,
    estimates.router,
    streams.router,
    results.router,
    costs.router,
    trainings.router,
    queues.router,
    datasets.router,
    captions.router,
    loras.router,
    webhooks.router,
]


def _operation_id(route: APIRoute) -> str:
    # The function's name: stable across releases, and what generated clients call.
    return route.name


def _version() -> str:
    try:
        return version("aistudio")
    except PackageNotFoundError:
        return "0"


class RateLimitHeaders:
    """Adds RateLimit-Policy / RateLimit (IETF draft) to responses of budgeted requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            budget = scope.get("state", {}).get("budget")
            if message["type"] == "http.response.start" and budget is not None:
                headers = list(message.get("headers", []))
                headers.append(
                    (b"ratelimit-policy", f'"key";q={budget.limit};w={budget.window}'.encode())
                )
                headers.append(
                    (b"ratelimit", f'"key";r={budget.remaining};t={budget.reset}'.encode())
                )
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The watcher runs while the app serves (TestClient without `with` runs neither)."""
    prefect = getattr(app.state, "prefect", None)  # set before start: a test's fake
    watcher = app.state.watcher = Watcher(app.state.studio, app.state.api, prefect=prefect)
    watcher.start()
    try:
        yield
    finally:
        watcher.stop()


def create_app(settings: Settings | None = None, api: ApiSettings | None = None) -> FastAPI:
    """The studio API over one studio (its settings default to the environment's)."""
    app = FastAPI(
        lifespan=lifespan,
        title="AI Model Studio API",
        version=_version(),
        description="Personas, consent, photos, runs as jobs with live progress. "
        "Authenticate with 'Authorization: Bearer <API key>' or a browser session.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        swagger_ui_oauth2_redirect_url="/api/docs/oauth2-redirect",
        redoc_url=None,
        generate_unique_id_function=_operation_id,
    )
    app.state.studio = Studio(settings or get_settings())
    streaming.sweep_forms(app.state.studio.home)
    app.state.api = api or ApiSettings()
    problems.install(app)
    app.add_middleware(RateLimitHeaders)

    @app.get("/api/health", tags=["health"], include_in_schema=True)
    def health() -> dict[str, str]:
        """Liveness: answers without authentication."""
        return {"status": "ok"}

    for router in ROUTERS:
        app.include_router(router, prefix="/api/v1")
    web.install(app, web.build_dir(app.state.api.web_dir))
    return app
