"""A small client of Prefect's REST API: the few calls jobs need (the library never imports
Prefect; the API speaks to its server over HTTP, as any other client would)."""

from __future__ import annotations

import base64
import os
import time
from typing import Any

import httpx
from pydantic import BaseModel

from aistudio.core.errors import NotFound, StudioError


class PrefectError(StudioError):
    """Prefect's server could not be reached or refused a call; the API answers 503."""

    retryable = True

    def __init__(self, message: str, *, busy: bool = False) -> None:
        super().__init__(message)
        self.busy = busy  # no answer, or a 5xx: the same call may succeed in a moment


RETRY_WAITS = (0.5, 2.0)  # seconds before asking a busy server again


class FlowRun(BaseModel):
    """What jobs read of a flow run: its id, state and tags."""

    id: str
    state_type: str  # SCHEDULED, PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, CRASHED, ...
    state_name: str
    state_message: str | None = None
    tags: list[str] = []

    @classmethod
    def parse(cls, body: dict[str, Any]) -> FlowRun:
        state = body.get("state") or {}
        return cls(
            id=str(body["id"]),
            state_type=str(state.get("type") or "SCHEDULED"),
            state_name=str(state.get("name") or "Scheduled"),
            state_message=state.get("message") or None,
            tags=list(body.get("tags") or []),
        )


def _headers(auth: str | None) -> dict[str, str]:
    # PREFECT_API_AUTH_STRING (user:password) is the server's basic auth, sent as Prefect sends it.
    if not auth:
        return {}
    return {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()}


class PrefectApi:
    """Prefect's REST API at PREFECT_API_URL (basic auth from PREFECT_API_AUTH_STRING)."""

    def __init__(
        self,
        url: str | None = None,
        *,
        auth: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 15.0,
    ) -> None:
        found = url or os.environ.get("PREFECT_API_URL", "")
        if not found:
            raise PrefectError(
                "no Prefect server: set PREFECT_API_URL (aistudio serve starts one when unset)"
            )
        self.url = found.rstrip("/")
        if auth is None:
            auth = os.environ.get("PREFECT_API_AUTH_STRING")
        self.client = httpx.Client(
            base_url=self.url,
            headers=_headers(auth),
            transport=transport,
            timeout=timeout,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def ui_url(self, flow_run_id: str, base: str | None = None) -> str:
        """Where the Prefect UI shows a flow run (base: the UI's address; default the API's)."""
        return run_page(base or self.url.removesuffix("/api"), flow_run_id)

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise PrefectError(
                f"Prefect's server at {self.url} did not answer: {exc}", busy=True
            ) from exc
        if response.status_code == 404:
            raise NotFound(f"Prefect has no {path.strip('/')}")
        if response.status_code >= 400:
            raise PrefectError(
                f"Prefect refused {method} {path} ({response.status_code}): {response.text[:300]}",
                busy=response.status_code >= 500,
            )
        return response.json() if response.content else None

    def deployment_id(self, name: str) -> str:
        """The id of a deployment named flow/deployment, e.g. process-model/default."""
        flow, _, deployment = name.partition("/")
        try:
            body = self._call("GET", f"/deployments/name/{flow}/{deployment}")
        except NotFound as exc:
            raise PrefectError(
                f"Prefect has no deployment {name!r}: run 'python -m deployments.setup' and "
                "'prefect deploy --all'"
            ) from exc
        return str(body["id"])

    def create_flow_run(
        self, deployment: str, parameters: dict[str, Any], tags: list[str], key: str
    ) -> FlowRun:
        """A new (scheduled) flow run of a deployment with these parameters and tags. A busy
        server (5xx, no answer) is asked again with the same idempotency key, so a request
        that did reach it makes one run, not two."""
        path = f"/deployments/{self.deployment_id(deployment)}/create_flow_run"
        body = {"parameters": parameters, "tags": tags, "idempotency_key": key}
        for wait in (*RETRY_WAITS, None):
            try:
                return FlowRun.parse(self._call("POST", path, json=body))
            except PrefectError as exc:
                if wait is None or not exc.busy:
                    raise
                time.sleep(wait)
        raise AssertionError("unreachable")

    def flow_run(self, flow_run_id: str) -> FlowRun:
        """One flow run."""
        return FlowRun.parse(self._call("GET", f"/flow_runs/{flow_run_id}"))

    def flow_runs(self, ids: list[str]) -> dict[str, FlowRun]:
        """Several flow runs by id, in one call (missing ones are left out)."""
        if not ids:
            return {}
        body = self._call(
            "POST",
            "/flow_runs/filter",
            json={"flow_runs": {"id": {"any_": ids}}, "limit": len(ids)},
        )
        runs = [FlowRun.parse(b) for b in body]
        return {r.id: r for r in runs}

    def pool_slots(self, pool: str) -> int:
        """How many jobs a pool runs at once: its global concurrency limit of the same name
        (deployments.setup makes `gpu` one per GPU), else its work pool's limit, else 1."""
        for path in (f"/v2/concurrency_limits/{pool}", f"/work_pools/{pool}"):
            try:
                body = self._call("GET", path)
            except NotFound:
                continue
            limit = body.get("limit", body.get("concurrency_limit"))
            if isinstance(limit, int) and limit > 0:
                return limit
        return 1

    def set_state(self, flow_run_id: str, state_type: str, message: str = "") -> str:
        """Propose a state (CANCELLING, CANCELLED); returns Prefect's answer (ACCEPT, REJECT...)."""
        name = state_type.capitalize()
        body = self._call(
            "POST",
            f"/flow_runs/{flow_run_id}/set_state",
            json={"state": {"type": state_type, "name": name, "message": message}, "force": False},
        )
        return str(body.get("status", ""))


def run_page(ui: str, flow_run_id: str) -> str:
    """A flow run's page in the Prefect UI at this address."""
    return f"{ui.rstrip('/')}/runs/flow-run/{flow_run_id}"
