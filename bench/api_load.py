"""Load on the studio API: clients uploading and reading on loopback while jobs run.

    PYTHONPATH=. .venv/bin/python bench/api_load.py [--store sqlite|postgresql]
        [--clients 50] [--seconds 60] [--jobs 5]

Starts `aistudio serve` (its own Prefect server, cpu and gpu workers) on a temporary studio,
makes one model per job (2 sources x 5 targets, local engine) and starts its job through the
API, then runs the clients: each uploads a new target photo (30%) or reads a list or a model
(70%) until the time is up. Prints p50/p99 per operation, the errors (5xx and transport
errors), lost uploads (imported but not listed afterwards), lock errors in the server's log,
and how the jobs ended.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import cv2
import httpx

from tests.fakes.photos import variant
from tests.fakes.s3server import free_port

BIN = Path(sys.executable).parent
SIZE = 832  # above the 800 px minimum side
LOCKS = re.compile(r"database is locked|deadlock detected|could not serialize", re.I)


def jpeg(i: int) -> bytes:
    """A distinct face photo as JPEG bytes."""
    ok, buf = cv2.imencode(".jpg", variant(i, SIZE), [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return buf.tobytes()


@contextlib.contextmanager
def store(kind: str) -> Iterator[dict[str, str]]:
    """Environment for the studio store (and Prefect's) on SQLite or a PostgreSQL cluster."""
    if kind == "sqlite":
        yield {}
        return
    from tests.fakes.postgres import cluster, create_database

    with cluster() as server:
        studio = create_database(server, "studio")
        prefect = create_database(server, "prefect").replace("+psycopg", "+asyncpg")
        yield {"AISTUDIO_DATABASE_URL": studio, "PREFECT_API_DATABASE_CONNECTION_URL": prefect}


def wait_health(url: str, proc: subprocess.Popen[bytes], seconds: float = 240) -> None:
    """Until the API answers /api/health."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"aistudio serve exited with {proc.returncode}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        time.sleep(1)
    raise SystemExit("aistudio serve did not answer in time")


def consent(client: httpx.Client, name: str) -> None:
    """Synthetic sfw consent, as a browser's multipart form sends it."""
    fields = {"kind": "synthetic", "scopes": "sfw", "attest_adult": "true"}
    r = client.post(
        f"/api/v1/models/{name}/consent", files={k: (None, v) for k, v in fields.items()}
    )
    r.raise_for_status()


def setup_model(client: httpx.Client, name: str, sources: int, targets: int, seed: int) -> None:
    """A model with synthetic consent, its sources and sfw targets, through the API."""
    client.post("/api/v1/models", json={"name": name}).raise_for_status()
    consent(client, name)
    for role, count, start in (("source", sources, seed), ("target", targets, seed + 100)):
        files = [("files", (f"{role}{i}.jpg", jpeg(start + i), "image/jpeg")) for i in range(count)]
        params = {"role": role, **({"category": "sfw"} if role == "target" else {})}
        client.post(f"/api/v1/models/{name}/photos", params=params, files=files).raise_for_status()


class Load:
    """The clients' shared tallies."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[int, int] = defaultdict(int)
        self.errors: list[str] = []
        self.imported: list[str] = []

    def note(self, op: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latency[op].append(seconds)
            self.statuses[status] += 1
            if status >= 500:
                self.errors.append(f"{op}: {status}")


def client_loop(url: str, key: str, deadline: float, load: Load, seed: int) -> None:
    """One client: uploads a new target or reads, until the deadline."""
    rnd = random.Random(seed)
    reads = [
        ("list models", "/api/v1/models"),
        ("show model", "/api/v1/models/uploads"),
        ("list jobs", "/api/v1/jobs"),
        ("list photos", "/api/v1/models/uploads/photos?limit=50"),
    ]
    n = 0
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=300
    ) as client:
        while time.monotonic() < deadline:
            n += 1
            start = time.monotonic()
            try:
                if rnd.random() < 0.3:
                    body = jpeg(10_000 + seed * 1000 + n)
                    r = client.post(
                        "/api/v1/models/uploads/photos",
                        params={"role": "target", "category": "sfw"},
                        files=[("files", (f"c{seed}-{n}.jpg", body, "image/jpeg"))],
                    )
                    op = "upload"
                    if r.status_code == 200:
                        for verdict in r.json()["files"]:
                            if verdict["verdict"] == "imported":
                                with load.lock:
                                    load.imported.append(verdict["stored_as"])
                else:
                    op, path = rnd.choice(reads)
                    r = client.get(path)
                load.note(op, time.monotonic() - start, r.status_code)
            except httpx.HTTPError as exc:
                with load.lock:
                    load.errors.append(f"transport: {type(exc).__name__}: {exc}")


def listed_photos(client: httpx.Client) -> set[str]:
    """Every stored file name of the uploads model, page by page."""
    names: set[str] = set()
    after = "0"
    while True:
        page = client.get(
            "/api/v1/models/uploads/photos", params={"limit": 200, "after": after}
        ).json()
        names.update(p["file_name"] for p in page["items"])
        if not page["next"]:
            return names
        after = page["next"]


def pct(values: list[float], q: float) -> float:
    """The q-quantile of values, in ms."""
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    """Run the load and print what it measured."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--jobs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, store(args.store) as db:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_", "AISTUDIO_"))
        }
        env.update(db)
        env.update(
            AISTUDIO_HOME=f"{tmp}/studio",
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            AISTUDIO_API_JOBS_IN_FLIGHT=str(args.jobs + 1),
            AISTUDIO_API_KEY_REQUESTS="1000000",
        )
        made = subprocess.run(
            [str(BIN / "aistudio"), "users", "create", "bench", "--admin"],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        key = re.search(r"(ais_\S+)", made.stdout)
        assert key, made.stdout
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = Path(tmp) / "serve.log"
        with log.open("wb") as out:
            serve = subprocess.Popen(
                [str(BIN / "aistudio"), "serve", "--port", str(port)],
                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        try:
            t0 = time.monotonic()
            wait_health(url, serve)
            print(f"serve up in {time.monotonic() - t0:.0f} s ({args.store})", flush=True)
            auth = {"Authorization": f"Bearer {key.group(1)}"}
            with httpx.Client(base_url=url, headers=auth, timeout=300) as client:
                for j in range(args.jobs):
                    setup_model(client, f"job{j}", 2, 5, seed=j * 20)
                client.post("/api/v1/models", json={"name": "uploads"}).raise_for_status()
                consent(client, "uploads")
                jobs = []
                for j in range(args.jobs):
                    r = client.post(f"/api/v1/models/job{j}/jobs", json={"category": "sfw"})
                    r.raise_for_status()
                    jobs.append(r.json()["id"])
                print(f"{len(jobs)} jobs started; {args.clients} clients for {args.seconds:.0f} s")
                load = Load()
                deadline = time.monotonic() + args.seconds
                threads = [
                    threading.Thread(
                        target=client_loop, args=(url, key.group(1), deadline, load, i)
                    )
                    for i in range(args.clients)
                ]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                stored = listed_photos(client)
                lost = [n for n in load.imported if n not in stored]
                end = time.monotonic() + 600
                states: dict[str, str] = {}
                while time.monotonic() < end:
                    states = {j: client.get(f"/api/v1/jobs/{j}").json()["state"] for j in jobs}
                    if all(
                        s in ("succeeded", "failed", "cancelled", "crashed")
                        for s in states.values()
                    ):
                        break
                    time.sleep(5)
                events = sum(
                    len(
                        client.get(f"/api/v1/jobs/{j}/events", params={"limit": 200}).json()[
                            "items"
                        ]
                    )
                    for j in jobs
                )
        finally:
            os.killpg(serve.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                serve.wait(60)
            if serve.poll() is None:
                os.killpg(serve.pid, signal.SIGKILL)
        text = log.read_text(errors="replace")
        locks = len(LOCKS.findall(text))
        if load.errors:  # what the server said about them
            said = [ln for ln in text.splitlines() if re.search(r"Error|Exception|error:", ln)]
            print("server log, distinct error lines:", *dict.fromkeys(said[-200:]), sep="\n  ")
        total = sum(len(v) for v in load.latency.values())
        print(f"requests: {total} in {args.seconds:.0f} s ({total / args.seconds:.1f}/s)")
        for op, values in sorted(load.latency.items()):
            print(
                f"  {op:12s} n={len(values):5d}  p50 {pct(values, 0.5):7.0f} ms  "
                f"p99 {pct(values, 0.99):7.0f} ms  mean {1000 * statistics.mean(values):7.0f} ms"
            )
        print(f"statuses: {dict(sorted(load.statuses.items()))}")
        print(f"errors (5xx, transport): {len(load.errors)} {load.errors[:5]}")
        print(f"uploads imported: {len(load.imported)}, lost: {len(lost)}")
        print(f"lock errors in the server's log: {locks}")
        print(f"jobs: {sorted(states.values())}; events logged: {events}")


if __name__ == "__main__":
    main()
