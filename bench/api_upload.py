"""A 2 GB photo upload against the studio API on loopback: how soon is it refused, and what
does it cost the server? Prints the status, the bytes the client got out before the refusal,
and the server's RSS before and at its peak (psutil, and the kernel's high-water mark).

    PYTHONPATH=. .venv/bin/python bench/api_upload.py [--max-files 20]

Cases: a multipart body declaring Content-Length 2e9 (over what --max-files files of 50 MB
may take: refused before the body is read), the same body sent chunked without a length
(refused when the one part passes the 50 MB per-file cap), and with the default caps (100
files: 2e9 is within what a request may declare, so the part cap refuses it mid-stream).
"""

from __future__ import annotations

import argparse
import os
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil

TOTAL = 2_000_000_000
CHUNK = 64 * 1024
BOUNDARY = "bench-boundary-1f2e3d"


def setup(home: Path) -> str:
    """A studio with user 'bench', its key (returned) and model 'andie'."""
    os.environ["AISTUDIO_HOME"] = str(home)
    from aistudio.accounts import keys, users
    from aistudio.core.config import get_settings
    from aistudio.ingest.importer import create_model
    from aistudio.studio import Studio

    studio = Studio(get_settings())
    with studio.session() as session:
        user = users.create_user(session, name="bench", role="member", password=None)
        key = keys.create_key(session, user=user, name="bench", scopes="write").secret
        owner = user.id
    create_model(studio, "andie", owner_id=owner)
    return key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(home: Path, port: int, max_files: int | None) -> subprocess.Popen[bytes]:
    """uvicorn with the studio API (one worker, as `aistudio serve` would run it)."""
    env = {**os.environ, "AISTUDIO_HOME": str(home), "PYTHONPATH": os.getcwd()}
    if max_files is not None:
        env["AISTUDIO_API_UPLOAD_MAX_FILES"] = str(max_files)
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "aistudio.api.app:create_app",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).is_success:
                return proc
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the API server did not start")


def body() -> Iterator[bytes]:
    """A multipart body of TOTAL bytes: one 'files' part of zeros."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="big.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    yield head
    left = TOTAL - len(head) - len(tail)
    zeros = b"\0" * CHUNK
    while left > 0:
        n = min(CHUNK, left)
        yield zeros[:n]
        left -= n
    yield tail


def hwm(pid: int) -> int:
    """The kernel's record of the process's peak RSS (VmHWM), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


class Peak(threading.Thread):
    """Samples a process's RSS every 5 ms until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(0.005)


def upload(port: int, key: str, chunked: bool) -> tuple[str, int, float]:
    """Send the body until the server answers; (status line, bytes sent, seconds)."""
    head = [
        "POST /api/v1/models/andie/photos?role=source HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        f"Authorization: Bearer {key}",
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
        "Transfer-Encoding: chunked" if chunked else f"Content-Length: {TOTAL}",
    ]
    sent = 0
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        try:
            for data in body():
                if select.select([sock], [], [], 0)[0]:
                    break  # the server answered: stop sending
                sock.sendall(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
                sent += len(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.settimeout(10)
        try:
            status = sock.recv(65536).split(b"\r\n", 1)[0].decode()
        except (ConnectionResetError, TimeoutError):
            status = "(no answer: connection reset)"
    return status, sent, time.perf_counter() - start


def case(home: Path, key: str, max_files: int | None, chunked: bool) -> None:
    port = free_port()
    server = serve(home, port, max_files)
    try:
        rss_before = psutil.Process(server.pid).memory_info().rss
        peak = Peak(server.pid)
        peak.start()
        status, sent, seconds = upload(port, key, chunked)
        time.sleep(0.2)
        peak.done.set()
        peak.join()
        left = list((home / "uploads").rglob("*")) if (home / "uploads").exists() else []
        how = "chunked, no length" if chunked else f"Content-Length {TOTAL:.0e}"
        caps = f"max_files={max_files or 100}"
        print(
            f"{how:<20} {caps:<14} {status:<34} client sent {sent / 1e6:8.1f} MB in "
            f"{seconds:5.2f} s; server RSS {rss_before / 2**20:.0f} MiB before, peak "
            f"{peak.peak / 2**20:.0f} MiB sampled, {hwm(server.pid) / 2**20:.0f} MiB VmHWM; "
            f"{len(left)} files left in uploads/"
        )
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-files", type=int, default=20, help="files per request cap")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "studio"
        key = setup(home)
        case(home, key, args.max_files, chunked=False)
        case(home, key, args.max_files, chunked=True)
        case(home, key, None, chunked=False)


if __name__ == "__main__":
    main()
