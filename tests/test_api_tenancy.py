"""The tenancy walk: for every route the app has, each of two users tries the other's objects.
Routes with an object in the path answer 404 (exactly as for a missing object); lists show
none of the other's objects; and nothing of the other's changes: rows and files, 0 writes."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, APIWebSocketRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import SQLModel
from starlette.routing import BaseRoute, Route
from starlette.testclient import WebSocketDenialResponse
from starlette.websockets import WebSocketDisconnect

from aistudio.api.app import create_app
from aistudio.api.settings import ApiSettings
from aistudio.core.fs import UPLOADS
from aistudio.studio import Studio
from tests.fakes.api_world import BODIES, Tenant, World, build_world, request_for

# The other user's value for each path parameter, by name. A route with a parameter missing
# here fails the walk: add what the parameter names (an object of the victim's, or for a
# selector such as a file kind, a value that reaches that object's files).
PATH: dict[str, Callable[[Tenant], Any]] = {
    "name": lambda victim: victim.model,
    "pair": lambda victim: victim.pairs[0],
    "file": lambda victim: "enhanced",
    "key_id": lambda victim: victim.key_id,
    "photo_id": lambda victim: victim.photo_id,
    "upload_id": lambda victim: victim.upload_id,
    "job_id": lambda victim: victim.job_id,
    "pool": lambda victim: "gpu",
    # Dataset and LoRA versions share the name: the world's are both v1.
    "version": lambda victim: victim.dataset_version,
    "image": lambda victim: "001.jpg",
    "step": lambda victim: 4,  # the world's LoRA versions' best checkpoint
    "index": lambda victim: 0,
    "endpoint_id": lambda victim: victim.endpoint_id,
    "delivery_id": lambda victim: victim.delivery_id,
}
# Path parameters that select something every user shares (a GPU pool's queue), not an object
# of the victim's: such a route answers as it does for anyone, showing none of the victim's.
SHARED = {"pool"}
# Operations only admins may call: members are refused (403) before any object is looked up.
ADMIN_ONLY = {"list_users", "create_user"}
# Columns that point at a user, model or run without a foreign key in the schema.
LINKS = {"owner_id": "user", "user_id": "user", "model_id": "model", "run_id": "run"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Tables the world's victim has rows in: the snapshot must find them all.
VICTIM_HAS = ("user", "apikey", "model", "consent", "photo", "run", "output", "pairstate",
              "ledgerentry", "auditevent", "job", "jobevent", "upload", "datasetversion",
              "datasetitem", "loraversion", "webhookendpoint",
              "webhookdelivery", "webhookattempt")  # fmt: skip


def rows_of(studio: Studio, victim: Tenant) -> dict[str, list[dict[str, Any]]]:
    """Every row that is the victim's: their user row, and rows linked to it (by foreign key or
    a user/model/run column), transitively; by table, in id order."""
    tables = SQLModel.metadata.sorted_tables
    with studio.read() as session:
        everything = {
            t.name: [dict(r) for r in session.connection().execute(select(t)).mappings()]
            for t in tables
        }
    links = {
        t.name: {
            c.name: next(iter(c.foreign_keys)).column.table.name
            if c.foreign_keys
            else LINKS.get(c.name)
            for c in t.columns
            if c.foreign_keys or c.name in LINKS
        }
        for t in tables
    }
    theirs: dict[str, list[dict[str, Any]]] = {}
    ids: dict[str, set[Any]] = {"user": {victim.account.id}}
    grown = True
    while grown:
        grown = False
        for table, rows in everything.items():
            for row in rows:
                mine = (table == "user" and row["id"] == victim.account.id) or any(
                    row[c] is not None and to is not None and row[c] in ids.get(to, set())
                    for c, to in links[table].items()
                )
                if mine and row not in theirs.setdefault(table, []):
                    theirs[table].append(row)
                    ids.setdefault(table, set()).add(row.get("id"))
                    grown = True
    return {table: rows for table, rows in theirs.items() if rows}


def files_of(studio: Studio, victim: Tenant) -> dict[str, str]:
    """The victim's files (their model folder, their uploads' bytes): sha256 by path."""
    uploads = [u["id"] for u in rows_of(studio, victim).get("upload", [])]
    found = [p for p in studio.paths(victim.model).root.rglob("*") if p.is_file()]
    found += [p for u in uploads for p in (studio.home / UPLOADS).glob(f"{u}*") if p.is_file()]
    return {
        p.relative_to(studio.home).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(found)
    }


def markers(studio: Studio, victim: Tenant) -> set[str]:
    """Strings that only the victim's objects show: names, key prefix, webhook secrets, file
    hashes, and every long string id (runs, jobs, uploads, webhook deliveries)."""
    rows = rows_of(studio, victim)
    found = {f'"{victim.account.name}"', victim.model, *victim.runs}
    found |= {str(k["prefix"]) for k in rows.get("apikey", [])}
    found |= {str(e["secret"]) for e in rows.get("webhookendpoint", [])}
    found |= {r["id"] for t in rows.values() for r in t if isinstance(r.get("id"), str)}
    found |= set(files_of(studio, victim).values())
    return found


def path_params(path: str) -> list[str]:
    return re.findall(r"{(\w+)(?::\w+)?}", path)


def victim_url(path: str, victim: Tenant) -> str:
    """The route's path with the victim's objects in it (fails on an unknown parameter)."""
    values = {}
    for name in path_params(path):
        assert name in PATH, f"{path}: add the path parameter {name!r} to PATH"
        values[name] = PATH[name](victim)
    return re.sub(r"{(\w+)(?::\w+)?}", lambda m: str(values[m[1]]), path)


def request_of(operation: dict[str, Any], attacker: Tenant) -> dict[str, Any]:
    """What an operation needs beyond its path (a body, required query or header values),
    from BODIES; nothing for one that needs nothing."""
    needs = "requestBody" in operation or any(
        p.get("required") and p["in"] != "path" for p in operation.get("parameters", [])
    )
    name = operation["operationId"]
    assert name in BODIES or not needs, f"{name}: add a request to tests/fakes/api_world.BODIES"
    request = request_for(name, attacker)
    request["headers"] = {**request.get("headers", {}), **attacker.auth}
    return request


def routes(app: FastAPI) -> list[tuple[str, BaseRoute]]:
    """Every route of the app (included routers' too) with its full path."""
    found = []
    for context in iter_route_contexts(app.routes):
        assert context.path_format, context
        found.append((context.path_format, context.original_route))
    return found


def walk(client: TestClient, world: World, attacker: Tenant) -> tuple[int, list[tuple[str, str]]]:
    """The attacker calls every route with the victim's objects; returns the route methods
    walked and the GET and WebSocket URLs the victim then checks are theirs."""
    victim = world.other(attacker)
    before = (rows_of(world.studio, victim), files_of(world.studio, victim))
    assert all(before[0].get(t) for t in VICTIM_HAS), "the snapshot misses the victim's rows"
    secret = markers(world.studio, victim)
    walked, controls = 0, []  # controls: ("http" | "ws", url)
    documented = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    for path, route in routes(client.app):  # type: ignore[arg-type]
        url = victim_url(path, victim)
        if isinstance(route, APIWebSocketRoute):
            with (
                pytest.raises((WebSocketDisconnect, WebSocketDenialResponse)) as refused,
                client.websocket_connect(url, headers=attacker.auth) as ws,
            ):
                ws.receive()  # a stream that opened must close before sending anything
            if isinstance(refused.value, WebSocketDenialResponse):
                assert refused.value.status_code == 404, url
            controls.append(("ws", url))
            walked += 1
            continue
        if not isinstance(route, APIRoute):  # the schema and its docs page
            assert isinstance(route, Route) and not path_params(path), (path, route)
            got = client.get(url, headers=attacker.auth)
            assert got.status_code < 500 and not any(m in got.text for m in secret), path
            walked += 1
            continue
        for method in sorted((route.methods or set()) - {"HEAD", "OPTIONS"}):
            operation = documented[path][method.lower()]
            got = client.request(method, url, **request_of(operation, attacker))
            client.cookies.clear()  # a sign-in's cookie must not stand in for the key
            where = f"{method} {url} ({route.name}): {got.status_code} {got.text[:200]}"
            # What the caller put in the URL may come back (a 404 names what it did not find).
            leaked = sorted(m for m in secret if m in got.text and m not in url)
            assert not leaked, f"{where}: shows the other user's {leaked}"
            if route.name in ADMIN_ONLY:
                assert got.status_code == 403, where
            elif set(path_params(path)) - SHARED:
                assert got.status_code == 404, where
                if method not in UNSAFE:
                    controls.append(("http", url))
            else:
                assert got.status_code < 500, where
            walked += 1
    after = (rows_of(world.studio, victim), files_of(world.studio, victim))
    changed = [t for t in before[0].keys() | after[0].keys() if before[0].get(t) != after[0].get(t)]
    changed += [
        f for f in before[1].keys() | after[1].keys() if before[1].get(f) != after[1].get(f)
    ]
    assert not changed, f"{attacker.account.name}'s calls changed {victim.account.name}'s {changed}"
    return walked, controls


@pytest.mark.both_stores
@pytest.mark.parametrize("direction", ["ada->ben", "ben->ada"])
def test_no_route_reads_or_writes_another_users_objects(
    studio: Studio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direction: str
) -> None:
    # Nothing listens there: a route that asked Prefect about another's object would fail.
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    world = build_world(studio, tmp_path / "photos")
    client = TestClient(create_app(studio.settings, ApiSettings(key_requests=10**6)))
    by_name = {t.account.name: t for t in world.tenants}
    attacker = by_name[direction.split("->")[0]]
    walked, controls = walk(client, world, attacker)
    victim = world.other(attacker)
    # The walk's URLs name real objects: their owner reads every one of them.
    for kind, url in controls:
        if kind == "ws":
            with client.websocket_connect(url, headers=victim.auth) as ws:
                assert ws.receive_json()["seq"] == 1, url  # the job's first event
            continue
        got = client.get(url, headers=victim.auth, follow_redirects=False)
        assert got.status_code in (200, 307), (url, got.status_code, got.text[:200])
    assert walked >= 20 and len(controls) >= 5
    print(f"tenancy walk {direction}: {walked} route methods, {len(controls)} owner checks")
