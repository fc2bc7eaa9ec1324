"""The studio API's accounts: keys, sessions with CSRF, scopes, budgets, failed sign-ins."""

from __future__ import annotations

import re

import pytest

from aistudio.api.settings import ApiSettings
from aistudio.studio import Studio
from tests.fakes.api import PASSWORD, account, api_client


def test_a_key_shows_its_user_once_and_stops_working_when_revoked(studio: Studio) -> None:
    alice = account(studio, "alice", admin=True)
    client = api_client(studio)
    me = client.get("/api/v1/me", headers=alice.auth)
    assert me.status_code == 200, me.text
    assert me.json()["name"] == "alice" and me.json()["scopes"] == ["admin", "read", "write"]
    assert me.json()["via"] == "key"
    made = client.post(
        "/api/v1/keys", json={"name": "laptop", "scopes": ["read"]}, headers=alice.auth
    )
    assert made.status_code == 201 and made.json()["secret"].startswith(made.json()["prefix"])
    reader = {"Authorization": f"Bearer {made.json()['secret']}"}
    listed = client.get("/api/v1/keys", headers=reader).json()
    assert {k["name"] for k in listed} == {"laptop", "test"}
    assert all("secret" not in k for k in listed)
    assert next(k for k in listed if k["name"] == "laptop")["last_used_at"] is not None
    # read scope: may not write, nor mint a key beyond itself
    refused = client.post("/api/v1/keys", json={"name": "more"}, headers=reader)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert "'write' scope" in refused.json()["detail"]
    gone = client.delete(f"/api/v1/keys/{made.json()['id']}", headers=alice.auth)
    assert gone.status_code == 200 and gone.json()["revoked_at"]
    assert client.get("/api/v1/me", headers=reader).status_code == 401


def test_no_credentials_or_a_wrong_key_answer_401_with_what_to_do(studio: Studio) -> None:
    client = api_client(studio)
    anonymous = client.get("/api/v1/me")
    assert anonymous.status_code == 401 and "aistudio keys create" in anonymous.json()["detail"]
    assert client.get("/api/health").status_code == 200
    wrong = client.get("/api/v1/me", headers={"Authorization": "Bearer ais_00000000_nope"})
    assert wrong.status_code == 401


def test_key_guesses_from_one_address_are_rate_limited(studio: Studio) -> None:
    client = api_client(studio, key_guesses=3)
    codes = [
        client.get("/api/v1/me", headers={"Authorization": f"Bearer ais_{i:08x}_x"}).status_code
        for i in range(5)
    ]
    assert codes == [401, 401, 401, 429, 429]
    limited = client.get("/api/v1/me", headers={"Authorization": "Bearer ais_00000000_x"})
    assert int(limited.headers["Retry-After"]) > 0


def test_each_key_has_a_request_budget_with_ratelimit_headers(studio: Studio) -> None:
    bob = account(studio, "bob")
    client = api_client(studio, key_requests=3)
    first = client.get("/api/v1/me", headers=bob.auth)
    assert first.headers["RateLimit-Policy"] == '"key";q=3;w=60'
    assert first.headers["RateLimit"].startswith('"key";r=2;t=')
    codes = [client.get("/api/v1/me", headers=bob.auth).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_a_browser_signs_in_and_unsafe_requests_need_the_csrf_token(studio: Studio) -> None:
    account(studio, "carol")
    client = api_client(studio)
    signed = client.post("/api/v1/session", json={"name": "carol", "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    cookie = signed.cookies["aistudio_session"]
    assert "httponly" in signed.headers["set-cookie"].lower()
    assert "samesite=lax" in signed.headers["set-cookie"].lower()
    jar = {"Cookie": f"aistudio_session={cookie}"}
    me = client.get("/api/v1/me", headers=jar)
    assert me.status_code == 200 and me.json()["via"] == "session"
    no_csrf = client.post("/api/v1/keys", json={"name": "x"}, headers=jar)
    assert no_csrf.status_code == 403 and "X-CSRF-Token" in no_csrf.json()["detail"]
    csrf = {**jar, "X-CSRF-Token": signed.json()["csrf_token"]}
    assert client.post("/api/v1/keys", json={"name": "x"}, headers=csrf).status_code == 201
    assert client.delete("/api/v1/session", headers=csrf).status_code == 204
    assert client.get("/api/v1/me", headers=jar).status_code == 401


def test_failed_sign_ins_are_rate_limited_even_with_the_right_password(studio: Studio) -> None:
    account(studio, "dave")
    client = api_client(studio, login_failures=3)
    wrong = [
        client.post("/api/v1/session", json={"name": "dave", "password": "nope"}).status_code
        for _ in range(3)
    ]
    assert wrong == [401, 401, 401]
    right = client.post("/api/v1/session", json={"name": "dave", "password": PASSWORD})
    assert right.status_code == 429 and int(right.headers["Retry-After"]) > 0


def test_only_admins_manage_users(studio: Studio) -> None:
    alice, bob = account(studio, "alice", admin=True), account(studio, "bob")
    client = api_client(studio)
    assert client.get("/api/v1/users", headers=bob.auth).status_code == 403
    made = client.post("/api/v1/users", json={"name": "erin"}, headers=alice.auth)
    assert made.status_code == 201 and made.json()["role"] == "member"
    again = client.post("/api/v1/users", json={"name": "erin"}, headers=alice.auth)
    assert again.status_code == 409
    page = client.get("/api/v1/users", params={"limit": 2}, headers=alice.auth).json()
    assert [u["name"] for u in page["items"]] == ["alice", "bob"] and page["next"]
    rest = client.get("/api/v1/users", params={"after": page["next"]}, headers=alice.auth).json()
    assert [u["name"] for u in rest["items"]] == ["erin"] and rest["next"] is None


def test_production_refuses_placeholder_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAXSTUDIO_API_KEY", "changethis")
    with pytest.raises(ValueError, match="MAXSTUDIO_API_KEY is the placeholder"):
        ApiSettings(environment="production")
    ApiSettings(environment="development")  # a studio only its user reaches


def test_the_cli_makes_users_and_keys_that_the_api_honours(studio: Studio) -> None:
    from typer.testing import CliRunner

    from aistudio.cli.app import app

    runner = CliRunner()
    made = runner.invoke(app, ["users", "create", "frank"])
    assert made.exit_code == 0, made.output
    first = re.search(r"(ais_\S+)", made.output)
    assert first and "shown once" in made.output
    client = api_client(studio)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {first.group(1)}"})
    assert me.json()["name"] == "frank" and me.json()["scopes"] == ["read", "write"]
    reader = runner.invoke(
        app, ["keys", "create", "-u", "frank", "--name", "ci", "--scope", "read"]
    )
    key = re.search(r"(ais_\S+)", reader.output)
    assert reader.exit_code == 0 and key, reader.output
    listed = runner.invoke(app, ["keys", "list", "-u", "frank"])
    assert "first key" in listed.output and key.group(1) not in listed.output  # never again
    key_id = re.search(r"Key (\d+) ", reader.output)
    assert key_id
    assert runner.invoke(app, ["keys", "revoke", "-u", "frank", key_id.group(1)]).exit_code == 0
    gone = client.get("/api/v1/me", headers={"Authorization": f"Bearer {key.group(1)}"})
    assert gone.status_code == 401
    admin_key = runner.invoke(app, ["keys", "create", "-u", "frank", "--scope", "admin"])
    assert admin_key.exit_code != 0 and "not an admin" in str(admin_key.exception)
