"""Who is calling: an API key (Bearer) or a browser session (cookie + CSRF header), its
scopes and its request budget; and the objects a caller may see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from aistudio.accounts import limits
from aistudio.accounts.hashing import same
from aistudio.accounts.keys import check_key
from aistudio.accounts.sessions import check_session
from aistudio.api.settings import ApiSettings
from aistudio.core.errors import AuthError, Forbidden, RateLimited
from aistudio.db.api_tables import BrowserSession, User
from aistudio.studio import Studio

SESSION_COOKIE = "aistudio_session"
CSRF_COOKIE = "aistudio_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SIGN_IN = (
    "send 'Authorization: Bearer <API key>' ('aistudio keys create' makes one) or sign in "
    "with POST /api/v1/session"
)


@dataclass(frozen=True)
class Caller:
    """The authenticated user, how they came in and what they may do."""

    user: User
    scopes: frozenset[str]
    session: BrowserSession | None = None  # set when signed in through a browser

    @property
    def id(self) -> int:
        assert self.user.id is not None
        return self.user.id

    @property
    def admin(self) -> bool:
        """An admin acting as one (the admin scope is granted to admins only)."""
        return self.user.role == "admin" and "admin" in self.scopes

    @property
    def actor(self) -> str:
        """Who the audit log records."""
        return f"api:{self.user.name}"


def get_studio(request: Request) -> Studio:
    """The app's studio."""
    studio: Studio = request.app.state.studio
    return studio


def get_api_settings(request: Request) -> ApiSettings:
    """The app's API settings."""
    settings: ApiSettings = request.app.state.api
    return settings


StudioDep = Annotated[Studio, Depends(get_studio)]
ApiSettingsDep = Annotated[ApiSettings, Depends(get_api_settings)]


def client_address(request: Request) -> str:
    """The caller's address, for failure counts."""
    return request.client.host if request.client else "unknown"


def _refuse_guess(session: Session, request: Request, api: ApiSettings) -> None:
    budget = limits.count(
        session,
        f"guess:{client_address(request)}",
        limit=api.key_guesses,
        window=api.failure_window,
    )
    if budget.exceeded:
        raise RateLimited(
            f"too many invalid keys or sessions from this address; wait {budget.reset} s",
            budget.reset,
        )


def identify(session: Session, request: Request, api: ApiSettings) -> Caller | None:
    """The caller a request's key or session cookie names (failures counted), or None."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        found = check_key(session, secret.strip()) if scheme.lower() == "bearer" else None
        if found is None:
            _refuse_guess(session, request, api)
            return None
        key, user = found
        return Caller(user=user, scopes=frozenset(key.scopes.split(",")))
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        signed_in = check_session(session, cookie)
        if signed_in is None:
            _refuse_guess(session, request, api)
            return None
        row, user = signed_in
        scopes = {"read", "write"} | ({"admin"} if user.role == "admin" else set())
        return Caller(user=user, scopes=frozenset(scopes), session=row)
    return None


def authenticate(request: Request, studio: StudioDep, api: ApiSettingsDep) -> Caller:
    """The caller, after its key or session, CSRF token and request budget are checked."""
    # Refusals are written too (failure counts): commit them, then raise.
    problem: Exception | None = None
    with studio.session() as session:
        caller = identify(session, request, api)
        if caller is None:
            problem = AuthError(f"not signed in: {SIGN_IN}")
        else:
            subject = f"session:{caller.session.id}" if caller.session else f"user:{caller.id}"
            budget = limits.count(session, subject, limit=api.key_requests, window=api.key_window)
            request.state.budget = budget
            if budget.exceeded:
                problem = RateLimited(
                    f"request budget of {budget.limit} per {budget.window} s used up; "
                    f"wait {budget.reset} s",
                    budget.reset,
                )
    if problem is not None:
        raise problem
    assert caller is not None
    if caller.session is not None and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not same(sent, caller.session.csrf_token):
            raise Forbidden(
                f"missing or wrong {CSRF_HEADER} header: send the csrf token the sign-in "
                f"gave (also in the {CSRF_COOKIE} cookie)"
            )
    return caller


def require(scope: str) -> Callable[[Caller], Caller]:
    """A dependency: the caller, if its key or role has this scope."""

    def check(caller: Annotated[Caller, Depends(authenticate)]) -> Caller:
        if scope not in caller.scopes:
            raise Forbidden(
                f"this needs the {scope!r} scope; the key has {', '.join(sorted(caller.scopes))}"
                + ("" if scope != "admin" else " (and only admins' keys get admin)")
            )
        return caller

    return check


Reader = Annotated[Caller, Depends(require("read"))]
Writer = Annotated[Caller, Depends(require("write"))]
Admin = Annotated[Caller, Depends(require("admin"))]
