"""Prefect's REST API in-process (the calls jobs make), for tests that need no real server:
the API's own client runs unchanged over an httpx transport (the e2e tests use a real one)."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from aistudio.api.prefect_api import PrefectApi


@dataclass
class FakePrefect:
    """Deployments by name and the flow runs made from them; tests move runs' states."""

    deployments: dict[str, str] = field(
        default_factory=lambda: {
            "process-model/default": "d1",
            "train-lora/gpu": "d2",
            "build-dataset/default": "d3",
            "caption-dataset/default": "d4",
            "caption-dataset/gpu": "d6",
            "export-lora/default": "d5",
        }
    )
    limits: dict[str, int] = field(default_factory=lambda: {"gpu": 1})  # global concurrency
    # The next N create_flow_run calls answer 503: "busy" before making a run, "lost" after
    # making it (the answer never reached the API)
    busy: int = 0
    lost: int = 0
    runs: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def client(self) -> PrefectApi:
        """The API's Prefect client, talking to this fake."""
        return PrefectApi("http://prefect.test/api", transport=httpx.MockTransport(self.handle))

    def set(self, run_id: str, state_type: str, message: str | None = None) -> None:
        """Move a flow run to a state, as a worker (or the zombie automation) would."""
        name = state_type.title()
        self.runs[run_id]["state"] = {"type": state_type, "name": name, "message": message}

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api")
        self.calls.append(f"{request.method} {path}")
        body = json.loads(request.content) if request.content else {}
        if m := re.fullmatch(r"/v2/concurrency_limits/([^/]+)", path):
            limit = self.limits.get(m[1])
            return httpx.Response(200, json={"limit": limit}) if limit else httpx.Response(404)
        if m := re.fullmatch(r"/deployments/name/([^/]+)/([^/]+)", path):
            found = self.deployments.get(f"{m[1]}/{m[2]}")
            return httpx.Response(200, json={"id": found}) if found else httpx.Response(404)
        if m := re.fullmatch(r"/deployments/([^/]+)/create_flow_run", path):
            if self.busy:
                self.busy -= 1
                return httpx.Response(503, text="busy")
            key = body.get("idempotency_key")
            made = [r for r in self.runs.values() if key and r.get("idempotency_key") == key]
            if made and made[0]["deployment_id"] == m[1]:
                return httpx.Response(200, json=made[0])  # as Prefect: the run made before
            run_id = str(uuid.uuid4())
            self.runs[run_id] = {
                "id": run_id,
                "deployment_id": m[1],
                "parameters": body["parameters"],
                "tags": body["tags"],
                "idempotency_key": key,
                "state": {"type": "SCHEDULED", "name": "Scheduled", "message": None},
            }
            if self.lost:
                self.lost -= 1
                return httpx.Response(503, text="lost on the way back")
            return httpx.Response(201, json=self.runs[run_id])
        if path == "/flow_runs/filter":
            ids = body["flow_runs"]["id"]["any_"]
            return httpx.Response(200, json=[self.runs[i] for i in ids if i in self.runs])
        if m := re.fullmatch(r"/flow_runs/([^/]+)/set_state", path):
            self.set(m[1], body["state"]["type"], body["state"].get("message"))
            return httpx.Response(201, json={"status": "ACCEPT"})
        if m := re.fullmatch(r"/flow_runs/([^/]+)", path):
            run = self.runs.get(m[1])
            return httpx.Response(200, json=run) if run else httpx.Response(404)
        return httpx.Response(404)
