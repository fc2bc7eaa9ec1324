"""Sign-in, the caller, users (admins) and API keys."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from aistudio.accounts import keys as keys_lib
from aistudio.accounts import limits, sessions, users
from aistudio.api.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    Admin,
    ApiSettingsDep,
    Reader,
    StudioDep,
    Writer,
    client_address,
)
from aistudio.api.problems import responses
from aistudio.api.schemas.accounts import (
    KeyCreate,
    KeyCreated,
    KeyPublic,
    Me,
    SignedIn,
    SignIn,
    UserCreate,
    UserPublic,
)
from aistudio.api.schemas.common import MAX_ID, MAX_LIMIT, Page
from aistudio.core.errors import AuthError, Forbidden, RateLimited
from aistudio.db.api_tables import ApiKey, User

router = APIRouter(responses=responses(401, 403, 429))


def user_public(user: User) -> UserPublic:
    """A user's public view."""
    assert user.id is not None
    return UserPublic(
        id=user.id,
        name=user.name,
        role=user.role,
        created_at=user.created_at,
        disabled=user.disabled_at is not None,
    )


def key_public(key: ApiKey) -> KeyPublic:
    """A key's public view (no secret)."""
    assert key.id is not None
    return KeyPublic(
        id=key.id,
        name=key.name,
        scopes=key.scopes.split(","),
        prefix=key.prefix,
        created_at=key.created_at,
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
    )


@router.post("/session", tags=["session"], responses=responses(422))
def sign_in(
    body: SignIn, request: Request, response: Response, studio: StudioDep, api: ApiSettingsDep
) -> SignedIn:
    """Sign in with a name and password: sets the session cookie (HttpOnly, SameSite=Lax)."""
    subjects = [f"login:{body.name}", f"login-from:{client_address(request)}"]
    problem: Exception | None = None
    with studio.session() as session:
        budgets = [
            limits.count(session, s, limit=api.login_failures, window=api.failure_window, add=0)
            for s in subjects
        ]
        blocked = [b for b in budgets if b.used >= b.limit]
        user: User | None = None
        if blocked:
            wait = max(b.reset for b in blocked)
            problem = RateLimited(f"too many failed sign-ins; wait {wait} s", wait)
        else:
            user = users.authenticate(session, name=body.name, password=body.password)
            if user is None:
                for s in subjects:
                    limits.count(session, s, limit=api.login_failures, window=api.failure_window)
                problem = AuthError("wrong name or password")
            else:
                started = sessions.start_session(session, user=user, hours=api.session_hours)
    if problem is not None:
        raise problem
    assert user is not None
    max_age = int(api.session_hours * 3600)
    secure = api.secure_cookies
    response.set_cookie(
        SESSION_COOKIE, started.token, max_age=max_age, httponly=True, secure=secure,
        samesite="lax", path="/api",
    )  # fmt: skip
    # Readable by the page's script, which echoes it in X-CSRF-Token (double submit).
    response.set_cookie(
        CSRF_COOKIE, started.csrf, max_age=max_age, secure=secure, samesite="lax", path="/"
    )
    return SignedIn(
        user=user_public(user), csrf_token=started.csrf, expires_at=started.row.expires_at
    )


@router.delete("/session", tags=["session"], status_code=status.HTTP_204_NO_CONTENT)
def sign_out(caller: Reader, response: Response, studio: StudioDep) -> None:
    """Sign this browser out (the cookie stops working at once); a key's call does nothing."""
    if caller.session is not None:
        with studio.session() as session:
            row = session.merge(caller.session)
            sessions.end_session(session, row)
    response.delete_cookie(SESSION_COOKIE, path="/api")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.get("/me", tags=["me"])
def read_me(caller: Reader) -> Me:
    """The signed-in user and what their credentials may do."""
    public = user_public(caller.user)
    return Me(
        **public.model_dump(),
        via="session" if caller.session else "key",
        scopes=sorted(caller.scopes),
    )


@router.get("/users", tags=["users"])
def list_users(
    _caller: Admin,
    studio: StudioDep,
    after: Annotated[int, Query(ge=0, le=MAX_ID, description="Cursor: the last id seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> Page[UserPublic]:
    """Every user (admins only)."""
    with studio.read() as session:
        rows = users.list_users(session, after=after, limit=limit + 1)
    items = [user_public(u) for u in rows[:limit]]
    more = len(rows) > limit
    return Page[UserPublic](items=items, next=str(items[-1].id) if more else None)


@router.post(
    "/users", tags=["users"], status_code=status.HTTP_201_CREATED, responses=responses(409, 422)
)
def create_user(body: UserCreate, _caller: Admin, studio: StudioDep) -> UserPublic:
    """Create a user (admins only); give them a key with 'aistudio keys create --user NAME'."""
    with studio.session() as session:
        user = users.create_user(session, name=body.name, role=body.role, password=body.password)
    return user_public(user)


@router.get("/keys", tags=["keys"])
def list_keys(caller: Reader, studio: StudioDep) -> list[KeyPublic]:
    """The caller's API keys, newest first (secrets are never shown again)."""
    with studio.read() as session:
        return [key_public(k) for k in keys_lib.list_keys(session, user_id=caller.id)]


@router.post("/keys", tags=["keys"], status_code=status.HTTP_201_CREATED, responses=responses(422))
def create_key(body: KeyCreate, caller: Writer, studio: StudioDep) -> KeyCreated:
    """A new API key for the caller; its secret is in this response only."""
    beyond = set(keys_lib.parse_scopes(body.scopes)) - caller.scopes
    if beyond:  # a key never makes a key that may do more than it may
        raise Forbidden(f"these credentials cannot grant {', '.join(sorted(beyond))}")
    with studio.session() as session:
        made = keys_lib.create_key(session, user=caller.user, name=body.name, scopes=body.scopes)
    return KeyCreated(**key_public(made.key).model_dump(), secret=made.secret)


@router.delete("/keys/{key_id}", tags=["keys"], responses=responses(404))
def revoke_key(
    key_id: Annotated[int, Path(ge=1, le=MAX_ID)], caller: Writer, studio: StudioDep
) -> KeyPublic:
    """Revoke one of the caller's keys: requests with it fail from now on."""
    with studio.session() as session:
        return key_public(keys_lib.revoke_key(session, user_id=caller.id, key_id=key_id))
