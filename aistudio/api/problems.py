"""Errors as RFC 9457 problem+json, each with a message that says what to do."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from aistudio.core.errors import (
    AuthError,
    BudgetExceeded,
    Conflict,
    ConsentError,
    Forbidden,
    ImageRejected,
    NotFound,
    RateLimited,
    StudioError,
    TooLarge,
    UserError,
)

log = logging.getLogger(__name__)
MEDIA_TYPE = "application/problem+json"

# The studio's errors by the status they answer with (the first match wins).
STATUS: list[tuple[type[StudioError], int]] = [
    (NotFound, 404),
    (AuthError, 401),
    (Forbidden, 403),
    (RateLimited, 429),
    (Conflict, 409),
    (ConsentError, 409),
    (BudgetExceeded, 409),
    (TooLarge, 413),
    (ImageRejected, 422),
    (UserError, 422),
]


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = Field(description="What went wrong and what to do next")
    rule: str | None = Field(default=None, description="The validation rule, when one refused")
    errors: list[dict[str, Any]] | None = None


def problem(
    status: int, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """A problem+json response."""
    body = Problem(
        title=HTTPStatus(status).phrase, status=status, detail=detail, **extra
    ).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def status_of(exc: StudioError) -> int:
    """The HTTP status a studio error answers with."""
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 503 if exc.retryable else 500


async def _studio_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StudioError)
    status = status_of(exc)
    headers: dict[str, str] = {}
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, AuthError):
        headers["WWW-Authenticate"] = 'Bearer realm="aistudio"'
    if status >= 500:
        log.error("%s: %s", type(exc).__name__, exc)
    rule = exc.rule if isinstance(exc, ImageRejected) else None
    return problem(status, str(exc), headers=headers, rule=rule)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 404 and detail == "Not Found":
        detail = "no such route; the API's routes are listed at /api/docs"
    if exc.status_code == 405:
        detail = "this route does not take that method; see /api/docs"
    return problem(exc.status_code, detail, headers=dict(exc.headers or {}))


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(first["loc"]) or "request"
    return problem(422, f"{where}: {first['msg']}", errors=errors)


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error: %s", exc)
    return problem(500, "the studio failed unexpectedly; its log says why")


def install(app: FastAPI) -> None:
    """Answer every error as problem+json, and document them so."""
    app.add_exception_handler(StudioError, _studio_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = as_problems(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def as_problems(document: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with every error response (FastAPI's own 422 too) described as what
    the handlers above send: problem+json with the Problem schema, and nothing else; and 400
    where a body may not parse."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Problem", Problem.model_json_schema())
    content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            if "requestBody" in operation:  # a body that does not parse answers 400
                operation["responses"].setdefault("400", {"description": "Bad Request"})
            for code, response in operation.get("responses", {}).items():
                if code[:1] in ("4", "5"):
                    response["content"] = content
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return document


# The error responses every route may give, for the OpenAPI document.
def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for error statuses, all with the Problem schema."""
    return {
        s: {"model": Problem, "description": HTTPStatus(s).phrase, "content": {MEDIA_TYPE: {}}}
        for s in statuses
    }
