"""The MaxStudio provider: the production engine, following docs/maxstudio-api.md.

Per pair: the source and target go to S3 and are passed as presigned URLs; the target's faces
are detected by the API; a swap job is submitted with the main face, recorded in the job journal
before it is polled, polled with backoff, and its result downloaded at once. Enhance sends the
image as base64 and reads base64 back. Fast retries (transport errors, 429, 5xx) happen here with
tenacity; a crash or a timeout resumes the recorded job instead of paying for a new one.
"""

from __future__ import annotations

import base64
import random
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from aistudio.core.config import Settings
from aistudio.core.errors import ConfigError, ProviderError, TransientProviderError
from aistudio.core.fs import sha256_file
from aistudio.core.naming import storage_key
from aistudio.media.images import encode_jpeg_within, load_image
from aistudio.providers.base import EnhanceRequest, JobJournal, Operation, SwapRequest
from aistudio.providers.limits import MAXSTUDIO_JOBS, shared_slot
from aistudio.providers.maxstudio_net import (
    Retry,
    check_base_url,
    get_capped,
    message,
    redact,
    retry_after,
    s3_hosts,
)
from aistudio.providers.maxstudio_settings import MaxStudioSettings
from aistudio.providers.polling import Schedule, latency
from aistudio.storage import get_storage
from aistudio.storage.base import Storage

_TERMINAL = {"completed", "failed", "not-found"}
_semaphores: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_sem_lock = threading.Lock()


def _jobs_in_flight(base_url: str, limit: int) -> threading.BoundedSemaphore:
    # One limit per API and size in this process: jobs of every pair and stage share it.
    with _sem_lock:
        return _semaphores.setdefault((base_url, limit), threading.BoundedSemaphore(limit))


_clients_cache: dict[tuple[str, str, float], tuple[httpx.Client, httpx.Client]] = {}


def _clients(
    ms: MaxStudioSettings, transport: httpx.BaseTransport | None
) -> tuple[httpx.Client, httpx.Client]:
    """The API client and the download client, shared per API and key (pooled connections)."""
    assert ms.api_key is not None
    key = (ms.base_url, ms.api_key.get_secret_value(), ms.request_timeout)
    with _sem_lock:
        if transport is None and key in _clients_cache:
            return _clients_cache[key]
        api = httpx.Client(
            base_url=ms.base_url.rstrip("/"),
            transport=transport,
            headers={"x-api-key": ms.api_key.get_secret_value()},
            timeout=ms.request_timeout,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )
        # Result URLs point elsewhere (a CDN, S3): fetched without the API key.
        # Redirects are followed by hand, only to hosts we trust (see _download).
        downloads = httpx.Client(
            timeout=ms.request_timeout, transport=transport, follow_redirects=False
        )
        if transport is None:
            _clients_cache[key] = (api, downloads)
        return api, downloads


_MAX_REDIRECTS = 5


class MaxStudioProvider:
    """An httpx client of the MaxStudio API (the key lives only in the request header)."""

    name = "maxstudio"

    def __init__(
        self,
        settings: Settings,
        ms: MaxStudioSettings | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.ms = ms or MaxStudioSettings()
        if self.ms.api_key is None or not self.ms.api_key.get_secret_value().strip():
            raise ConfigError(
                "provider maxstudio needs MAXSTUDIO_API_KEY (in .env, or a Prefect "
                "Secret block on workers)"
            )
        storage = get_storage(settings)
        if storage is None:
            raise ConfigError(
                "provider maxstudio passes images by URL: configure S3 "
                "(AISTUDIO_S3_BUCKET and the AWS_* settings) first"
            )
        check_base_url(self.ms)
        self.storage: Storage = storage
        self.settings = settings
        self.prices: dict[Operation, float] = {
            "swap": self.ms.swap_credits,
            "enhance": self.ms.enhance_credits,
        }
        self.api, self.downloads = _clients(self.ms, transport)
        self.max_in_flight = self.ms.max_concurrent  # the account's job limit
        self.slots = _jobs_in_flight(self.ms.base_url, self.ms.max_concurrent)

    # --- HTTP with fast retries -------------------------------------------------------------

    def _call(
        self, method: str, path: str, *, json: dict[str, Any] | None = None, submit: bool = False
    ) -> dict[str, Any]:
        """One API call; retries 429, 5xx and (unless it may have created a job) timeouts."""

        def attempt() -> dict[str, Any]:
            try:
                resp = self.api.request(method, path, json=json)
            except httpx.ConnectError as exc:  # never reached the server: always safe to retry
                raise Retry(f"cannot connect to MaxStudio: {exc}", None) from None
            except httpx.TransportError as exc:
                if submit:  # the job may exist now; let the journal-aware caller decide
                    raise TransientProviderError(
                        f"MaxStudio {method} {path}: {type(exc).__name__}"
                    ) from None
                raise Retry(f"{type(exc).__name__} on {path}", None) from None
            if resp.status_code == 429 or resp.status_code >= 500:
                raise Retry(
                    f"MaxStudio {method} {path}: HTTP {resp.status_code} {message(resp)}",
                    retry_after(resp),
                )
            if resp.status_code >= 400:
                raise ProviderError(
                    f"MaxStudio {method} {path}: HTTP {resp.status_code} {message(resp)}"
                )
            body = resp.json()
            if not isinstance(body, dict):
                raise ProviderError(
                    f"MaxStudio {method} {path}: unexpected response {redact(repr(body))}"
                )
            return body

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            backoff = min(8.0, 0.25 * 2 ** (state.attempt_number - 1))
            jittered = random.uniform(0, backoff)  # full jitter spreads clients apart
            after = exc.retry_after if isinstance(exc, Retry) else None
            return max(after or 0.0, jittered)

        try:
            for attempt_state in Retrying(
                retry=retry_if_exception(lambda e: isinstance(e, Retry)),
                stop=stop_after_attempt(self.ms.http_retries + 1),
                wait=wait,
                reraise=True,
            ):
                with attempt_state:
                    return attempt()
        except Retry as exc:
            raise TransientProviderError(str(exc)) from None
        raise AssertionError("unreachable")  # pragma: no cover

    # --- jobs -------------------------------------------------------------------------------

    def _poll(self, endpoint: str, job_id: str, submitted: float | None) -> dict[str, Any]:
        """Poll until completed/failed/not-found; a timeout leaves the job open.

        A job submitted just now is first polled near the latency this process has seen for
        its kind (monotonic `submitted`); a resumed one is polled at once.
        """
        kind = (self.ms.base_url, endpoint)
        schedule = Schedule(
            latency.expected(kind), self.ms.poll_interval, self.ms.poll_max_interval
        )
        start = submitted if submitted is not None else time.monotonic()
        deadline = time.monotonic() + self.ms.job_timeout
        if submitted is not None:
            time.sleep(schedule.next_delay(0.0))
        running_at: float | None = None  # when the last poll that found it running was sent
        while True:
            # Times are taken when a poll is sent: a busy client reads the answer late, and
            # counting that delay as job time would push every later first poll past the end.
            sent = time.monotonic()
            body = self._call("GET", f"/{endpoint}/{job_id}")
            now = time.monotonic()
            status = str(body.get("status"))
            if status in _TERMINAL:
                if status == "completed" and submitted is not None:
                    if running_at is None:
                        latency.observe_done_by(kind, sent - submitted)
                    else:  # it finished between the last two polls: take the middle
                        latency.observe(kind, (running_at + sent) / 2 - submitted)
                return body
            running_at = sent
            delay = schedule.next_delay(now - start)
            if now + delay > deadline:
                raise TransientProviderError(
                    f"MaxStudio job {job_id} still running after {self.ms.job_timeout:g} s; "
                    "a rerun resumes it"
                )
            time.sleep(delay)

    def _run_job(
        self,
        op: Operation,
        endpoint: str,
        journal: JobJournal | None,
        prepare: Callable[[], dict[str, Any]],
        submit: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> dict[str, Any]:
        """Resume or submit a job, poll it, and retry failed jobs up to the per-pair cap.

        `prepare` (e.g. face detection) runs outside the jobs-in-flight limit and only when a
        new job is needed; `submit` gets its result.
        """
        # A job that completed before a crash is fetched again, not paid again.
        reuse = journal.completed_job(op) if journal else None
        payload: dict[str, Any] | None = None
        while True:
            job_id = reuse or (journal.open_job(op) if journal else None)
            if job_id is None:
                done = journal.attempts(op) if journal else 0
                if done >= self.ms.max_attempts:
                    raise ProviderError(
                        f"MaxStudio {op}: {done} jobs failed for these inputs "
                        f"(cap MAXSTUDIO_MAX_ATTEMPTS={self.ms.max_attempts})"
                    )
                payload = payload if payload is not None else prepare()
            # Held from submit to a terminal status: the account's job limit, in this process
            # and (when the runner shares it, e.g. a Prefect global limit) across workers. A
            # job resumed after a crash is already running: the dead worker's slot stands for
            # it until its lease runs out, so waiting for a new one would only stall the rerun.
            shared = shared_slot(MAXSTUDIO_JOBS) if job_id is None else nullcontext()
            with self.slots, shared:
                submitted: float | None = None
                if job_id is None:
                    assert payload is not None
                    job_id = str(submit(payload)["jobId"])
                    submitted = time.monotonic()
                    if journal:
                        journal.submitted(op, job_id)
                try:
                    body = self._poll(endpoint, job_id, submitted)
                except ProviderError as exc:
                    if exc.retryable:
                        raise
                    # The job exists and may be billed: the journal keeps it open, so another
                    # attempt resumes this job rather than paying for a new one.
                    raise TransientProviderError(
                        f"{exc} (job {job_id} is kept; a retry resumes it)"
                    ) from None
            status = str(body.get("status"))
            if status == "completed":
                if journal and not reuse:
                    journal.completed(op, job_id)
                return body
            if reuse:  # the provider forgot it; fall back to a new, counted attempt
                reuse = None
                continue
            reason = redact(str(body.get("error") or body.get("message") or status))
            billed = self.prices[op] if status == "failed" and self.ms.bill_failed_jobs else 0.0
            if journal:
                journal.failed(op, job_id, f"{status}: {reason}", billed)
            else:
                raise ProviderError(f"MaxStudio {op} job {job_id} {status}: {reason}")

    def _url(self, path_rel: str, local: Any) -> str:
        """Upload a studio file (skipped when present) and return a presigned GET URL."""
        key = storage_key(self.settings.s3_prefix, path_rel)
        self.storage.put_file(key, local, sha256_file(local))
        return self.storage.presign(key, self.settings.s3_presign_seconds)

    def _studio_rel(self, path: Any) -> str:
        return str(path.relative_to(self.settings.home).as_posix())

    # --- the Provider interface -------------------------------------------------------------

    def swap(self, request: SwapRequest) -> bytes:
        """Detect the target's faces, swap the main one with the source face, download."""
        source_url = self._url(self._studio_rel(request.source_path), request.source_path)
        target_url = self._url(self._studio_rel(request.target_path), request.target_path)
        journal = request.journal

        def prepare() -> dict[str, Any]:
            found = self._call("POST", "/detect-face-image", json={"imageUrl": target_url})
            faces = found.get("detectedFaces", found.get("faces")) or []
            if not faces:
                raise ProviderError("MaxStudio found no face in the target")
            main = max(faces, key=lambda f: float(f["width"]) * float(f["height"]))
            original = {k: main[k] for k in ("x", "y", "width", "height")}
            return {
                "mediaUrl": target_url,
                "faces": [{"newFace": source_url, "originalFace": original}],
            }

        def submit(payload: dict[str, Any]) -> dict[str, Any]:
            return self._call("POST", "/swap-image", json=payload, submit=True)

        body = self._run_job("swap", "swap-image", journal, prepare, submit)
        result = body.get("result")
        url = result.get("mediaUrl") if isinstance(result, dict) else None
        if not url:
            raise ProviderError(
                f"MaxStudio swap completed without result.mediaUrl: {redact(repr(body))}"
            )
        return self._download(str(url))

    def _trusted(self, host: str) -> bool:
        """A redirect may lead only to the provider's own host or the studio's S3 endpoint."""
        host = host.lower()
        own = (urlsplit(self.ms.base_url).hostname or "").lower()
        bucket = (self.settings.s3_bucket or "").lower()
        aws = bool(bucket) and host.startswith(f"{bucket}.s3.") and host.endswith(".amazonaws.com")
        return host == own or host in s3_hosts() or aws

    def _download(self, url: str) -> bytes:
        """Stream the result with a size cap, following redirects only to trusted hosts."""
        first = url
        for _ in range(self.ms.http_retries + 1):
            url = first
            try:
                for _hop in range(_MAX_REDIRECTS + 1):
                    got = get_capped(self.downloads, url, self.settings.max_download_bytes)
                    if isinstance(got, bytes):
                        return got
                    if not got.is_redirect:
                        break
                    target = urljoin(url, got.headers.get("Location", ""))
                    parts = urlsplit(target)
                    host = parts.hostname or ""
                    if parts.scheme not in ("http", "https") or not self._trusted(host):
                        raise ProviderError(
                            f"the MaxStudio result redirects to {host or redact(target)!r}, "
                            "not the provider's or the S3 host: refused"
                        )
                    url = target
                else:
                    raise ProviderError(
                        f"the MaxStudio result redirects more than {_MAX_REDIRECTS} times"
                    )
            except httpx.TransportError:
                time.sleep(0.5)
                continue
            if got.status_code < 500 and got.status_code != 429:
                break
            time.sleep(0.5)
        raise TransientProviderError(
            f"could not download the MaxStudio result ({first.split('?')[0]})"
        )

    def enhance(self, request: EnhanceRequest) -> bytes:
        """Send base64, poll, read base64 back."""

        def prepare() -> dict[str, Any]:
            image, raw = load_image(
                request.image_path, 200_000_000, self.settings.max_image_file_bytes
            )
            if len(raw) > self.ms.max_image_bytes:
                raw = encode_jpeg_within(image, self.ms.max_image_bytes, str(request.image_path))
            return {"image": base64.b64encode(raw).decode()}

        body = self._run_job(
            "enhance",
            "image-enhancer",
            request.journal,
            prepare,
            lambda payload: self._call("POST", "/image-enhancer", json=payload, submit=True),
        )
        try:
            return base64.b64decode(str(body.get("result")), validate=True)
        except ValueError:
            raise ProviderError("MaxStudio enhance returned a result that is not base64") from None
