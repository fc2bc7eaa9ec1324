"""schemathesis over the app's own OpenAPI document, in-process: every operation, called as an
admin on a studio with real objects, answers without a server error and as the schema says."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from aistudio.accounts import keys
from aistudio.api.app import create_app
from aistudio.api.settings import ApiSettings
from aistudio.db.api_tables import User
from aistudio.studio import Studio
from tests.fakes.api_world import Tenant, build_world, request_for
from tests.fakes.prefect_server import FakePrefect

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
# Resumable uploads' chunks (PATCH /uploads/{id}) are raw bytes, as octet-stream is.
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")
EXAMPLES = 12  # per strategy of an operation: the whole test stays well under a minute


def real_path_values(tenant: Tenant) -> dict[str, Any]:
    """The tenant's objects by path parameter name, so calls reach real code (others are
    generated)."""
    return {
        "name": tenant.model,
        "pair": tenant.pairs[0],
        "key_id": tenant.key_id,
        "photo_id": tenant.photo_id,
        "upload_id": tenant.upload_id,
        "job_id": tenant.job_id,
        "pool": "gpu",
        "version": tenant.dataset_version,
        "image": "001.jpg",
        "step": 4,
        "index": 0,
        "endpoint_id": tenant.endpoint_id,
        "delivery_id": tenant.delivery_id,
    }


# Operations the world's objects cannot make succeed, and why.
CANNOT_SUCCEED = {
    "cancel_job": "the world's jobs have finished: 409 is the right answer",
    "retry_job": "the world's jobs succeeded; only failed or crashed ones retry",
    # (tests/test_api_trainings.py makes these three succeed on real trainings)
    "clone_training": "the world's jobs are processing jobs: only trainings are cloned",
    "request_now": "the world has no running training to ask",
    "reorder_queue": "the world has no training waiting in the queue",
}
# Operations that take the world's objects away (consent, keys, photos, the session): run
# after the others, so those reach real code too.
LAST = ("revoke_model_consent", "delete_photo", "revoke_key", "sign_out", "delete_webhook")


def destructive_last(operation: Any) -> tuple[int, str]:
    """Sort key: the schema's order (by path), with LAST's operations at the end."""
    name = str(operation.definition.raw.get("operationId"))
    return (LAST.index(name) + 1 if name in LAST else 0, operation.path)


def app_for(studio: Studio) -> FastAPI:
    """The app over the studio (its Prefect an in-process fake), without request budgets in
    the way of thousands of calls."""
    # Jobs stay queued on the fake: one job route's runs must not use up the next one's slots.
    unlimited = ApiSettings(
        key_requests=10**6, key_guesses=10**6, login_failures=10**6, jobs_in_flight=100
    )
    app = create_app(studio.settings, unlimited)
    app.state.prefect = FakePrefect().client()  # what the jobs routes start runs with
    return app


def fresh_key(studio: Studio, tenant: Tenant) -> dict[str, str]:
    """A new admin key of the tenant: an operation that revokes keys spoils only its own."""
    with studio.session() as session:
        user = session.get(User, tenant.account.id)
        assert user is not None
        made = keys.create_key(session, user=user, name="schema", scopes="admin")
    return {"Authorization": f"Bearer {made.secret}"}


def fixed(request: dict[str, Any]) -> dict[str, Any]:
    """A BODIES request as as_strategy's fixed parts: body (JSON, form fields or bytes), query
    and headers."""
    found: dict[str, Any] = {}
    if "json" in request:
        found["body"] = request["json"]
    if "content" in request:
        found["body"] = request["content"]
    if "files" in request:
        form: dict[str, Any] = {}
        for name, (_filename, value, *_type) in request["files"]:
            form.setdefault(name, []).append(value)
        found["body"] = {k: v[0] if len(v) == 1 and k != "files" else v for k, v in form.items()}
        found["media_type"] = "multipart/form-data"
    if "params" in request:
        found["query"] = request["params"]
    if "headers" in request:
        found["headers"] = request["headers"]
    return found


def strategies(operation: Any, tenant: Tenant) -> list[Any]:
    """Valid cases, valid cases on the tenant's objects (with BODIES' request), invalid cases."""
    known = real_path_values(tenant)
    real = {p.name: known[p.name] for p in operation.path_parameters if p.name in known}
    request = request_for(str(operation.definition.raw.get("operationId")), tenant)
    found = [operation.as_strategy(GenerationMode.POSITIVE)]
    if real or request:
        found.append(
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real, **fixed(request))
        )
    found.append(operation.as_strategy(GenerationMode.NEGATIVE))
    return found


def exercise(operation: Any, cases: list[Any], auth: dict[str, str], seen: list[int]) -> None:
    """Call the operation with each generated case and run the checks on each answer."""

    @given(case=st.one_of(cases))
    @settings(
        max_examples=EXAMPLES * len(cases),
        deadline=None,
        database=None,
        derandomize=True,  # the same cases every run: a failure here is reproducible
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        response = case.call(headers=auth)
        seen.append(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=auth)

    check()


def test_every_operation_answers_as_its_schema_says(studio: Studio, tmp_path: Path) -> None:
    world = build_world(studio, tmp_path / "photos", admin=True)
    ada = world.tenants[0]
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app_for(studio))
    started, seen = time.monotonic(), dict[str, list[int]]()
    loaded = [r.ok() for r in schema.get_all_operations() if isinstance(r, Ok)]
    for operation in sorted(loaded, key=destructive_last):
        codes = seen.setdefault(str(operation.definition.raw.get("operationId")), [])
        exercise(operation, strategies(operation, ada), fresh_key(studio, ada), codes)
    took = time.monotonic() - started
    calls = sum(len(c) for c in seen.values())
    print(f"schemathesis: {len(seen)} operations, {calls} calls, {took:.1f} s")
    for name, codes in sorted(seen.items()):
        print(f"  {name}: {sorted(set(codes))}")
    assert len(seen) >= 18
    # With the world's objects and bodies, every operation succeeded at least once.
    failing = {n for n, codes in seen.items() if not any(200 <= c < 400 for c in codes)}
    assert failing <= set(CANNOT_SUCCEED), failing


def integer_parameters(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(path, method, parameter) for every integer parameter in the schema."""
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                kinds = [schema, *schema.get("anyOf", [])]
                if any(k.get("type") == "integer" for k in kinds):
                    found.append((path, method, parameter))
    return found


def test_integers_past_64_bits_either_way_answer_4xx_not_a_server_error(
    studio: Studio, tmp_path: Path
) -> None:
    world = build_world(studio, tmp_path / "photos", admin=True)
    ada = world.tenants[0]
    client = TestClient(app_for(studio), raise_server_exceptions=False)
    probes = integer_parameters(client.app.openapi())  # type: ignore[attr-defined]
    refused = []
    for (path, method, parameter), value in itertools.product(probes, [2**63, -(2**63) - 1]):
        operation = client.app.openapi()["paths"][path][method]  # type: ignore[attr-defined]
        request = request_for(operation["operationId"], ada)
        request["headers"] = {**request.get("headers", {}), **fresh_key(studio, ada)}
        where = {"query": "params", "header": "headers"}.get(parameter["in"])
        if where:
            request[where] = {**request.get(where, {}), parameter["name"]: str(value)}
        values = {**real_path_values(ada), **({parameter["name"]: value} if not where else {})}
        url = path.format_map(values)
        got = client.request(method.upper(), url, **request)
        if got.status_code >= 500:
            refused.append(f"{method.upper()} {url} {parameter['in']} {parameter['name']}")
    assert len(probes) >= 5 and not refused, refused
