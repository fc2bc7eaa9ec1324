"""`aistudio users` and `aistudio keys`: accounts of the studio API, made at the server."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from aistudio.accounts import keys as keys_lib
from aistudio.accounts import users as users_lib
from aistudio.cli.output import console, ok
from aistudio.core.config import get_settings
from aistudio.studio import Studio

users_app = typer.Typer(help="Users of the studio API (aistudio serve).", no_args_is_help=True)
keys_app = typer.Typer(help="API keys: shown once, stored hashed, revocable.", no_args_is_help=True)

UserOpt = Annotated[str, typer.Option("--user", "-u", help="Whose keys")]


def _studio() -> Studio:
    return Studio(get_settings())


def _print_secret(secret: str) -> None:
    console.print(f"  API key (shown once, store it now): {secret}", markup=False, soft_wrap=True)
    console.print(
        '  Try: curl -H "Authorization: Bearer $KEY" http://127.0.0.1:8000/api/v1/me', markup=False
    )


@users_app.command("create")
def users_create(
    name: Annotated[str, typer.Argument(help="User name: a-z, 0-9, '-', '_'")],
    admin: Annotated[bool, typer.Option("--admin", help="May manage users")] = False,
    password: Annotated[
        bool, typer.Option("--password", help="Ask for a password (to sign in from a browser)")
    ] = False,
) -> None:
    """Create a user and print their first API key."""
    secret = (
        typer.prompt("Password", hide_input=True, confirmation_prompt=True) if password else None
    )
    with _studio().session() as session:
        user = users_lib.create_user(
            session, name=name, role="admin" if admin else "member", password=secret
        )
        made = keys_lib.create_key(
            session, user=user, name="first key", scopes="admin" if admin else "read,write"
        )
    ok(f"User created: {name} ({user.role})")
    _print_secret(made.secret)


@users_app.command("list")
def users_list() -> None:
    """List users."""
    with _studio().read() as session:
        rows = users_lib.list_users(session, limit=10_000)
    table = Table("id", "name", "role", "created", "password")
    for u in rows:
        table.add_row(
            str(u.id),
            u.name,
            u.role,
            f"{u.created_at:%Y-%m-%d}",
            "yes" if u.password_hash else "no",
        )
    console.print(table)


@users_app.command("password")
def users_password(name: str) -> None:
    """Set a user's password (for signing in from a browser)."""
    secret = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    with _studio().session() as session:
        users_lib.set_password(session, users_lib.get_user(session, name=name), secret)
    ok(f"Password set for {name}")


@keys_app.command("create")
def keys_create(
    user: UserOpt,
    name: Annotated[str, typer.Option(help="What the key is for, e.g. laptop")] = "cli",
    scope: Annotated[str, typer.Option(help="read, read,write or admin")] = "read,write",
) -> None:
    """Make an API key for a user and print it (once)."""
    with _studio().session() as session:
        owner = users_lib.get_user(session, name=user)
        made = keys_lib.create_key(session, user=owner, name=name, scopes=scope)
    ok(f"Key {made.key.id} ({made.key.prefix}, {made.key.scopes}) created for {user}")
    _print_secret(made.secret)


@keys_app.command("list")
def keys_list(user: UserOpt) -> None:
    """List a user's keys (prefixes, scopes, last use; never the secrets)."""
    with _studio().read() as session:
        owner = users_lib.get_user(session, name=user)
        assert owner.id is not None
        rows = keys_lib.list_keys(session, user_id=owner.id)
    table = Table("id", "prefix", "name", "scopes", "created", "last used", "revoked")
    for k in rows:
        table.add_row(
            str(k.id),
            k.prefix,
            k.name,
            k.scopes,
            f"{k.created_at:%Y-%m-%d %H:%M}",
            f"{k.last_used_at:%Y-%m-%d %H:%M}" if k.last_used_at else "never",
            f"{k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "",
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(user: UserOpt, key_id: Annotated[int, typer.Argument(help="The key's id")]) -> None:
    """Revoke a key: requests with it are refused from now on."""
    with _studio().session() as session:
        owner = users_lib.get_user(session, name=user)
        assert owner.id is not None
        keys_lib.revoke_key(session, user_id=owner.id, key_id=key_id)
    ok(f"Key {key_id} of {user} revoked")
