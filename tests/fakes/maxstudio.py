"""A fake MaxStudio API: a real HTTP server process implementing the documented contract.

    python -m tests.fakes.maxstudio --port 8710 [--swap-latency 1] [--enhance-latency 0.5]
        [--rate-429 0.2] [--rate-500 0.1] [--fail-rate 0.05] [--rate-poll-400 0.1]
        [--max-concurrent 8] [--bill-failed] [--api-key KEY]
        [--faces-key detectedFaces|faces] [--seed 1]

It fetches the image URLs it is given (presigned S3 URLs in the tests), runs jobs that finish
after a latency, injects 429s (with Retry-After), 500s, 400s on status polls and failed jobs at
the given rates, and keeps a ledger of what it billed at GET /_fake/ledger.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import random
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import cv2
import httpx
import numpy as np

from aistudio.media.faces import get_detector

SWAP_CREDITS = 10.0
ENHANCE_CREDITS = 2.0


@dataclass
class Job:
    """One asynchronous job."""

    kind: str  # swap | enhance
    started: float
    latency: float
    fails: bool
    result: bytes
    billed: bool = False
    done: bool = False
    served: float = 0.0  # monotonic clock when its terminal status was first served


@dataclass
class State:
    """Everything the server knows, behind one lock."""

    args: argparse.Namespace
    rng: random.Random
    lock: threading.Lock = field(default_factory=threading.Lock)
    jobs: dict[str, Job] = field(default_factory=dict)
    ledger: dict[str, Any] = field(
        default_factory=lambda: {
            "swap": 0,
            "enhance": 0,
            "failed_swap": 0,
            "failed_enhance": 0,
            "credits": 0.0,
            "submitted": [],
            "requests": 0,
            "polls": 0,  # status requests
            "first_submit": 0.0,  # wall clock of the first job accepted
            "last_result": 0.0,  # wall clock of the last completed status served
            "injected_429": 0,
            "peak_in_flight": 0,  # the most jobs running at once
            "refused_busy": 0,  # submits refused because the account was at its job limit
            "injected_500": 0,
            "injected_poll_400": 0,
        }
    )

    def finish(self, job_id: str, job: Job) -> None:
        """Settle a job whose time has come: bill it once, by the configured policy."""
        if job.done or time.monotonic() - job.started < job.latency:
            return
        job.done = True
        credits = SWAP_CREDITS if job.kind == "swap" else ENHANCE_CREDITS
        if job.fails:
            self.ledger[f"failed_{job.kind}"] += 1
            if self.args.bill_failed:
                self.ledger["credits"] += credits
                job.billed = True
        else:
            self.ledger[job.kind] += 1
            self.ledger["credits"] += credits
            job.billed = True

    def in_flight(self) -> int:
        for job_id, job in self.jobs.items():
            self.finish(job_id, job)
        return sum(1 for j in self.jobs.values() if not j.done)


_http = httpx.Client(timeout=30)  # pooled: a client per request costs ~30 ms of TLS set-up


def fetch(url: str) -> bytes:
    """Download an input the way the real service does: by URL."""
    resp = _http.get(url)
    if resp.status_code != 200:
        raise ValueError(f"could not fetch {url.split('?')[0]}: HTTP {resp.status_code}")
    return resp.content


def decode(data: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("not an image")
    return image


class Handler(BaseHTTPRequestHandler):
    """Routes of the contract plus /_fake/* for the tests."""

    state: State
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(raw)

    def gate(self, poll: bool = False) -> bool:
        """Auth and injected faults; True when the request may proceed."""
        s = self.state
        if self.headers.get("x-api-key") != s.args.api_key:
            self.send_json(401, {"message": "invalid api key"})
            return False
        with s.lock:
            s.ledger["requests"] += 1
            roll = s.rng.random()
            if roll < s.args.rate_429:
                s.ledger["injected_429"] += 1
                self.send_json(429, {"message": "too many requests"}, {"Retry-After": "0.2"})
                return False
            if roll < s.args.rate_429 + s.args.rate_500:
                s.ledger["injected_500"] += 1
                self.send_json(500, {"message": "internal error"})
                return False
            if poll and s.rng.random() < s.args.rate_poll_400:
                s.ledger["injected_poll_400"] += 1
                self.send_json(400, {"message": "malformed job id"})
                return False
        return True

    def do_GET(self) -> None:
        s = self.state
        path = self.path.split("?")[0]
        if path == "/_fake/ledger":
            with s.lock:
                s.in_flight()
                # Each job's [kind, submitted, done, served] on the monotonic clock, for benches.
                jobs = [
                    [j.kind, j.started, j.started + j.latency, j.served] for j in s.jobs.values()
                ]
                self.send_json(200, {**s.ledger, "jobs": jobs})
            return
        if path.startswith("/_fake/") and self.misbehave(path):
            return
        if path.startswith("/_results/"):
            job = s.jobs.get(path.removeprefix("/_results/").removesuffix(".jpg"))
            if job is None:
                self.send_json(404, {"message": "no such result"})
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(job.result)))
            self.end_headers()
            self.wfile.write(job.result)
            return
        for kind, prefix in (("swap", "/swap-image/"), ("enhance", "/image-enhancer/")):
            if path.startswith(prefix):
                if not self.gate(poll=True):
                    return
                self.job_status(kind, path.removeprefix(prefix))
                return
        self.send_json(404, {"message": "not found"})

    def misbehave(self, path: str) -> bool:
        """What a hostile or broken result host does: redirect anywhere, send too much, leak."""
        query = dict(parse_qsl(urlsplit(self.path).query))
        if path == "/_fake/redirect":  # ?to=URL
            self.send_response(302)
            self.send_header("Location", query["to"])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/_fake/big":  # ?n=BYTES[&declare=0]: that many bytes, declared or not
            n = int(query["n"])
            self.send_response(200)
            if query.get("declare", "1") == "1":
                self.send_header("Content-Length", str(n))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client hangs up once it has had enough
                for start in range(0, n, 1 << 16):
                    self.wfile.write(b"\xff" * min(1 << 16, n - start))
            self.close_connection = True
        elif path == "/_fake/error":  # an error body holding a presigned URL
            signed = (
                "https://bucket.s3.amazonaws.com/andie/source.jpg?X-Amz-Credential=AKIAFAKE"
                "&X-Amz-Signature=0123456789abcdef"
            )
            self.send_json(400, {"message": f"could not fetch {signed}: " + "detail " * 100})
        else:
            return False
        return True

    def job_status(self, kind: str, job_id: str) -> None:
        s = self.state
        with s.lock:
            s.ledger["polls"] += 1
            job = s.jobs.get(job_id)
            if job is None or job.kind != kind:
                self.send_json(200, {"status": "not-found"})
                return
            s.finish(job_id, job)
            if job.done and not job.served:
                job.served = time.monotonic()
            if not job.done:
                self.send_json(200, {"status": "processing"})
            elif job.fails:
                self.send_json(200, {"status": "failed", "error": "face could not be swapped"})
            elif kind == "swap":
                s.ledger["last_result"] = time.time()
                host = f"http://{self.headers.get('Host')}"
                self.send_json(
                    200,
                    {
                        "status": "completed",
                        "result": {"mediaUrl": f"{host}/_results/{job_id}.jpg"},
                    },
                )
            else:
                s.ledger["last_result"] = time.time()
                self.send_json(
                    200, {"status": "completed", "result": base64.b64encode(job.result).decode()}
                )

    def do_POST(self) -> None:
        path = self.path.split("?")[0]
        # Read the body before any early answer: an unread body left on a kept-alive
        # connection would be parsed as the next request.
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if path == "/faceswap":
            self.send_json(404, {"message": "Cannot POST /faceswap"})
            return
        if path not in ("/detect-face-image", "/swap-image", "/image-enhancer"):
            self.send_json(404, {"message": "not found"})
            return
        if not self.gate():
            return
        try:
            body = json.loads(raw or b"{}")
            if not isinstance(body, dict):
                raise ValueError("body must be a JSON object")
            if path == "/detect-face-image":
                self.detect(body)
            elif path == "/swap-image":
                self.submit_swap(body)
            else:
                self.submit_enhance(body)
        except (ValueError, KeyError, TypeError) as exc:
            self.send_json(400, {"message": str(exc)})

    def detect(self, body: dict[str, Any]) -> None:
        image = decode(fetch(str(body["imageUrl"])))
        faces = get_detector().detect(image)
        key = self.state.args.faces_key
        self.send_json(
            200,
            {
                key: [
                    {"x": round(f.x), "y": round(f.y), "width": round(f.w), "height": round(f.h)}
                    for f in faces
                ]
            },
        )

    def _start(self, kind: str, latency: float, result: bytes, received: float) -> None:
        s = self.state
        with s.lock:
            if s.in_flight() >= s.args.max_concurrent:
                s.ledger["refused_busy"] += 1
                self.send_json(429, {"message": "concurrent job limit"}, {"Retry-After": "0.3"})
                return
            job_id = uuid.uuid4().hex
            s.jobs[job_id] = Job(
                kind=kind,
                started=received,  # latency is submit-to-done: the clock starts on arrival
                latency=latency,
                fails=s.rng.random() < s.args.fail_rate,
                result=result,
            )
            s.ledger["submitted"].append(job_id)
            s.ledger["peak_in_flight"] = max(s.ledger["peak_in_flight"], s.in_flight())
            s.ledger["first_submit"] = s.ledger["first_submit"] or time.time()
        self.send_json(200, {"jobId": job_id})

    def submit_swap(self, body: dict[str, Any]) -> None:
        received = time.monotonic()
        faces = body["faces"]
        if not isinstance(faces, list) or not faces:
            raise ValueError("faces must be a non-empty list")
        for face in faces:
            if not isinstance(face["newFace"], str):
                raise ValueError("newFace must be a URL string")
            for k in ("x", "y", "width", "height"):
                float(face["originalFace"][k])
        target = decode(fetch(str(body["mediaUrl"])))
        source = decode(fetch(str(faces[0]["newFace"])))  # must be reachable and an image
        # A stand-in for the swap that depends on both inputs: the source, small, in a corner.
        target[:32, :32] = cv2.resize(source, (32, 32), interpolation=cv2.INTER_AREA)
        ok, buf = cv2.imencode(".jpg", target, [cv2.IMWRITE_JPEG_QUALITY, 92])
        assert ok
        self._start("swap", self.state.args.swap_latency, buf.tobytes(), received)

    def submit_enhance(self, body: dict[str, Any]) -> None:
        received = time.monotonic()
        raw = base64.b64decode(str(body["image"]), validate=True)
        if len(raw) > self.state.args.max_bytes:
            raise ValueError("image too large")
        image = decode(raw)
        big = cv2.resize(
            image, (image.shape[1] * 2, image.shape[0] * 2), interpolation=cv2.INTER_CUBIC
        )
        ok, buf = cv2.imencode(".jpg", big, [cv2.IMWRITE_JPEG_QUALITY, 90])
        assert ok
        self._start("enhance", self.state.args.enhance_latency, buf.tobytes(), received)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line knobs."""
    p = argparse.ArgumentParser(description="Fake MaxStudio API for tests")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--api-key", default="test-key")
    p.add_argument("--swap-latency", type=float, default=1.0)
    p.add_argument("--enhance-latency", type=float, default=0.5)
    p.add_argument("--rate-429", type=float, default=0.0)
    p.add_argument("--rate-500", type=float, default=0.0)
    p.add_argument("--fail-rate", type=float, default=0.0)
    p.add_argument("--rate-poll-400", type=float, default=0.0, help="4xx on job status GETs")
    p.add_argument("--max-concurrent", type=int, default=8)
    p.add_argument("--bill-failed", action="store_true")
    p.add_argument("--faces-key", default="detectedFaces", choices=["detectedFaces", "faces"])
    p.add_argument("--max-bytes", type=int, default=5_000_000)
    p.add_argument("--seed", type=int, default=1)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Serve until killed."""
    args = parse(argv)
    Handler.state = State(args=args, rng=random.Random(args.seed))
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.serve_forever()


@contextlib.contextmanager
def serve(**knobs: object) -> Iterator[str]:
    """Run the fake in a subprocess on a free port; yields its base URL."""
    from tests.fakes.s3server import free_port, http_process

    port = free_port()
    args = [sys.executable, "-m", "tests.fakes.maxstudio", "--port", str(port)]
    for name, value in knobs.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            args.append(flag)
        elif value is not False:
            args += [flag, str(value)]
    repo = Path(__file__).resolve().parents[2]
    url = f"http://127.0.0.1:{port}"
    with http_process(args, f"{url}/_fake/ledger", env={"PYTHONPATH": str(repo)}, cwd=repo):
        yield url


def ledger(url: str) -> dict[str, Any]:
    """What the fake billed."""
    body: dict[str, Any] = httpx.get(f"{url}/_fake/ledger", timeout=10).json()
    return body


if __name__ == "__main__":
    main()
