"""From photos to a LoRA through the studio API: model, consent, uploads, processing, dataset,
captions, training, download.

    export AISTUDIO_API_URL=http://127.0.0.1:8000 AISTUDIO_API_KEY=ais_...
    python examples/train_persona.py andie --sources faces/*.jpg --targets photos/*.jpg \
        --release release.pdf --subject "Andie Example" --out andie.safetensors

It uses the generated client (`pip install ./clients/python`) and waits on each job's event
stream (server-sent events, read with httpx) rather than polling. Any refusal ends it with the
problem's detail and exit status 1.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TypeVar, get_args

import httpx
from aistudio_client import AuthenticatedClient
from aistudio_client.api.captions import approve_captions, generate_captions, read_captions
from aistudio_client.api.consent import record_consent
from aistudio_client.api.datasets import build_dataset
from aistudio_client.api.jobs import create_job, read_job
from aistudio_client.api.loras import export_version
from aistudio_client.api.models import create_model
from aistudio_client.api.photos import upload_photos
from aistudio_client.api.trainings import create_training
from aistudio_client.models import (
    CaptionsGenerate,
    DatasetOptions,
    ExportRequest,
    JobCreate,
    JobCreated,
    ModelCreate,
    ModelCreateFamilyType0,
    Problem,
    RecordConsentBody,
    TrainingCreate,
    TrainParams,
    UploadPhotosBody,
    UploadReport,
)
from aistudio_client.types import UNSET, File, Response

log = logging.getLogger("train_persona")
T = TypeVar("T")
Event = dict[str, Any]
STEPS = ["process", "dataset", "captions", "train", "download"]
RETRIES = 4  # job starts refused with 503 or 429
RUN = uuid.uuid4().hex[:12]  # this run's Idempotency-Keys: its retries never start twice
FAMILIES = get_args(ModelCreateFamilyType0)


class Refused(Exception):
    """The API said no (its problem's detail), or a job did not succeed."""


def ok(response: Response[T | Problem]) -> T:
    """The parsed answer of a generated call, or Refused with the problem's detail."""
    if isinstance(response.parsed, Problem):
        raise Refused(f"{response.parsed.detail} ({response.status_code})")
    if response.status_code >= 400 or response.parsed is None:
        raise Refused(f"HTTP {response.status_code}: {response.content[:300]!r}")
    return response.parsed


def refused(response: httpx.Response) -> Refused:
    """A failed plain httpx call (the stream, a download) as Refused with the problem's detail."""
    response.read()
    try:
        detail = response.json().get("detail", response.text)
    except ValueError:
        detail = response.text[:300]
    return Refused(f"{detail} ({response.status_code})")


def events(http: httpx.Client, job_id: str) -> Iterator[Event]:
    """A job's events from its SSE stream, resuming after a dropped connection, until the
    stream ends after the job's final state."""
    last: str | None = None
    drops = 0
    while True:
        headers = {"Last-Event-ID": last} if last else {}
        try:
            with http.stream(
                "GET",
                f"/api/v1/jobs/{job_id}/stream",
                headers=headers,
                timeout=httpx.Timeout(30, read=120),  # the stream sends a keep-alive every 15 s
            ) as stream:
                if stream.status_code != 200:
                    raise refused(stream)
                data: list[str] = []
                for line in stream.iter_lines():
                    if line.startswith("id:"):
                        last = line.removeprefix("id:").strip()
                    elif line.startswith("data:"):
                        data.append(line.removeprefix("data:").strip())
                    elif line == "" and data:
                        yield json.loads("\n".join(data))
                        data = []
            return  # the server closed it: the job is over
        except httpx.TransportError as exc:
            drops += 1
            if drops > 5:
                raise Refused(f"the event stream of job {job_id} keeps dropping: {exc}") from exc
            log.warning("the event stream dropped (%s); resuming after event %s", exc, last)
            time.sleep(2)


def show(event: Event) -> None:
    """A progress line for the events a person wants to see."""
    kind, data = event["type"], event["data"]
    if kind == "state":
        print(f"  {data['state']}", flush=True)
    elif kind == "pair":
        print(f"  pairs {data['done']}/{data['total']} ({data['pair']}: {data['status']})")
    elif kind == "summary":
        print(f"  {data['done']} done, {data['rejected']} rejected, {data['failed']} failed")
    elif kind == "progress":
        eta = data.get("eta_seconds")
        left = f", {eta:.0f} s left" if isinstance(eta, int | float) else ""
        print(f"  step {data['step']}/{data['steps']} loss {data['loss']:.4f}{left}", flush=True)
    elif kind == "checkpoint":
        scores = data.get("scores") or {}
        numbers = ", ".join(f"{k} {v:.3f}" for k, v in scores.items() if isinstance(v, float))
        samples = len(data.get("urls", []))
        print(f"  checkpoint at step {data['step']}: {samples} samples; {numbers}", flush=True)


class Studio:
    """The generated client, and its httpx client for the event stream and file downloads."""

    def __init__(self, url: str, key: str) -> None:
        self.client = AuthenticatedClient(
            base_url=url, token=key, timeout=httpx.Timeout(120), follow_redirects=True
        )
        self.http = self.client.get_httpx_client()  # same base URL, key and timeout

    def events(self, job_id: str) -> Iterator[Event]:
        return events(self.http, job_id)


def wait(api: Studio, job_id: str, what: str) -> dict[str, Any]:
    """Follow a job's stream to its end; its `result` data when it succeeded, else Refused."""
    print(f"{what}: job {job_id}", flush=True)
    result: dict[str, Any] = {}
    for event in api.events(job_id):
        show(event)
        if event["type"] == "result":
            result = dict(event["data"])
    job = ok(read_job.sync_detailed(job_id, client=api.client))
    if job.state != "succeeded":
        raise Refused(f"{what} {job.state}: {job.state_message or 'see the job in the studio'}")
    return result


def upload(api: Studio, name: str, photos: list[Path], role: str) -> None:
    """Upload photos in one request; print each one's verdict."""
    with ExitStack() as stack:
        files = [File(payload=stack.enter_context(p.open("rb")), file_name=p.name) for p in photos]
        report: UploadReport = ok(
            upload_photos.sync_detailed(
                name,
                client=api.client,
                body=UploadPhotosBody(files=files),
                role="source" if role == "source" else "target",
                category=None if role == "source" else "sfw",
            )
        )
    for verdict in report.files:
        why = f": {verdict.rule} ({verdict.detail})" if verdict.verdict == "rejected" else ""
        print(f"  {role} {verdict.filename}: {verdict.verdict}{why}")
    if report.imported + report.duplicates == 0:
        raise Refused(f"none of the {role} photos was accepted")


def prepare(api: Studio, args: argparse.Namespace) -> None:
    """The model, its consent (the signed release) and its photos."""
    new = ModelCreate(name=args.model, family=args.family or UNSET)
    made = ok(create_model.sync_detailed(client=api.client, body=new))
    print(f"model {made.name} (trigger {made.trigger!r}, family {made.family})")
    with args.release.open("rb") as release:
        body = RecordConsentBody(
            kind="real-person",
            scopes="sfw",
            attest_adult=True,
            subject=args.subject,
            release=File(payload=release, file_name=args.release.name),
        )
        consent = ok(record_consent.sync_detailed(args.model, client=api.client, body=body))
    print(
        f"consent recorded: {consent.kind}, {','.join(consent.scopes)} ({consent.record_hash[:12]})"
    )
    upload(api, args.model, args.sources, "source")
    upload(api, args.model, args.targets, "target")


def start(key: str, call: Callable[[str], Response[Any]]) -> str:
    """Start a job (call sends the Idempotency-Key), again while the studio answers 503
    (Prefect busy) or 429: the same key never starts a second job. Returns the job's id."""
    for attempt in range(RETRIES + 1):
        response = call(f"{RUN}-{key}")
        if response.status_code not in (429, 503) or attempt == RETRIES:
            break
        try:
            pause = float(response.headers.get("Retry-After", ""))
        except ValueError:
            pause = 2.0**attempt
        log.warning("%s: the studio answered %d; again in %.0f s", key, response.status_code, pause)
        time.sleep(min(pause, 30))
    started = ok(response)
    if not isinstance(started, JobCreated):
        raise Refused(f"unexpected answer to a job start: {started!r}")
    return started.id


def process(api: Studio, args: argparse.Namespace) -> None:
    """Swap every source onto every sfw target."""
    body = JobCreate(category="sfw")
    job = start(
        "process",
        lambda key: create_job.sync_detailed(
            args.model, client=api.client, body=body, idempotency_key=key
        ),
    )
    wait(api, job, "processing")


def dataset(api: Studio, args: argparse.Namespace) -> int:
    """Build a dataset version from the results; returns its number."""
    body = DatasetOptions.from_dict(args.dataset_options)
    job = start(
        "dataset",
        lambda key: build_dataset.sync_detailed(
            args.model, client=api.client, body=body, idempotency_key=key
        ),
    )
    result = wait(api, job, "dataset")
    if "dataset_version" not in result:
        raise Refused("the dataset job succeeded without saying its version")
    return int(result["dataset_version"])


def captions(api: Studio, args: argparse.Namespace, version: int) -> int:
    """Caption the version (a new version), show a few, approve them (the review gate
    training checks); returns the captioned version's number."""
    body = CaptionsGenerate(captioner=args.captioner or UNSET)
    job = start(
        f"captions-{version}",
        lambda key: generate_captions.sync_detailed(
            args.model, version, client=api.client, body=body, idempotency_key=key
        ),
    )
    version = int(wait(api, job, "captions").get("dataset_version", version))
    shown = ok(read_captions.sync_detailed(args.model, version, client=api.client))
    for item in shown.items[:3]:
        print(f"  {item.image}: {item.caption}")
    ok(approve_captions.sync_detailed(args.model, version, client=api.client))
    print(f"captions of dataset v{version} approved")
    return version


def train(api: Studio, args: argparse.Namespace, version: int) -> int:
    """Train a LoRA on the gpu pool; returns its version number."""
    body = TrainingCreate(
        dataset_version=version, base=args.base or UNSET, params=TrainParams.from_dict(args.params)
    )
    job = start(
        f"train-{version}",
        lambda key: create_training.sync_detailed(
            args.model, client=api.client, body=body, idempotency_key=key
        ),
    )
    result = wait(api, job, "training")
    if "lora_version" not in result:
        raise Refused("the training job succeeded without saying its LoRA version")
    return int(result["lora_version"])


def download(api: Studio, args: argparse.Namespace, version: int) -> None:
    """Download the LoRA file: the published one, or an export in --format / --max-rank (made
    by a job when it lowers the rank). The API answers the file, or 307 to a presigned URL."""
    url = f"/api/v1/models/{args.model}/loras/{version}/file"
    if args.format or args.max_rank:
        body = ExportRequest(format_=args.format or UNSET, max_rank=args.max_rank or UNSET)
        made = ok(export_version.sync_detailed(args.model, version, client=api.client, body=body))
        if made.job is not None:
            wait(api, made.job.id, "export")
        url = made.url
    # Streamed to disk (a LoRA may be large); the generated call would hold it in memory.
    part = args.out.with_name(args.out.name + ".part")
    with api.http.stream("GET", url) as got:
        if got.status_code != 200:
            raise refused(got)
        with part.open("wb") as out:
            for chunk in got.iter_bytes():
                out.write(chunk)
    part.replace(args.out)
    print(f"LoRA v{version} saved to {args.out} ({args.out.stat().st_size} bytes)")


def run(api: Studio, args: argparse.Namespace) -> None:
    """Each step in turn, up to --until."""
    last = STEPS.index(args.until)
    prepare(api, args)
    process(api, args)
    if last < STEPS.index("dataset"):
        return
    version = dataset(api, args)
    print(f"dataset v{version} built")
    if last < STEPS.index("captions"):
        return
    version = captions(api, args, version)
    if last < STEPS.index("train"):
        return
    lora = train(api, args, version)
    print(f"LoRA v{lora} trained")
    if last >= STEPS.index("download"):
        download(api, args, lora)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arg = parser.add_argument
    arg("model", help="the new model's name (a-z, 0-9, '-', '_')")
    arg("--url", default=os.environ.get("AISTUDIO_API_URL", "http://127.0.0.1:8000"))
    arg("--key", default=os.environ.get("AISTUDIO_API_KEY"), help="or AISTUDIO_API_KEY")
    arg("--sources", type=Path, nargs="+", required=True, help="photos of the person")
    arg("--targets", type=Path, nargs="+", required=True, help="sfw photos to swap onto")
    arg("--release", type=Path, required=True, help="the signed release (any document)")
    arg("--subject", required=True, help="who signed it")
    arg("--family", choices=FAMILIES, help="the base family to train for (default: the studio's)")
    arg("--base", help="the base to train on (a name the studio allows); default: the family's")
    arg("--params", type=json.loads, default={}, help='training params as JSON: {"steps": 500}')
    arg("--dataset-options", type=json.loads, default={}, help="dataset build options (JSON)")
    arg("--captioner", help="tagger, or a configured vision-language model (default: the model's)")
    arg("--format", choices=["kohya", "diffusers", "comfyui"], help="default: the family's own")
    arg("--max-rank", type=int, help="lower the LoRA's rank to at most this (an export job)")
    arg(
        "--out", type=Path, default=None, help="where to save the LoRA (default: MODEL.safetensors)"
    )
    arg("--until", choices=STEPS, default=STEPS[-1], help="stop after this step")
    args = parser.parse_args(argv)
    if not args.key:
        parser.error("no API key: pass --key or set AISTUDIO_API_KEY")
    args.out = args.out or Path(f"{args.model}.safetensors")
    return args


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    args = parse(argv)
    api = Studio(args.url.rstrip("/"), args.key)
    try:
        run(api, args)
    except Refused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except httpx.TransportError as exc:
        print(f"error: cannot reach the studio at {args.url}: {exc}", file=sys.stderr)
        return 1
    finally:
        api.http.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
