"""What the MaxStudio benches share: a fake account (moto S3 + the fake API) and a model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3


@contextmanager
def fake_account(
    home: Path, *, swap: float, enhance: float, concurrency: int
) -> Iterator[tuple[str, dict[str, str]]]:
    """Start moto S3 and the fake API on 127.0.0.1; yields (API URL, the settings for them).

    The settings are also put in this process's environment, for the library calls.
    """
    from tests.fakes.maxstudio import serve
    from tests.fakes.s3server import moto_server

    with (
        moto_server() as s3_url,
        serve(swap_latency=swap, enhance_latency=enhance, max_concurrent=concurrency) as api_url,
    ):
        settings = {
            "AWS_ENDPOINT_URL": s3_url,
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AISTUDIO_HOME": str(home / "studio"),
            "AISTUDIO_S3_BUCKET": "bench-bucket",
            "MAXSTUDIO_API_KEY": "test-key",
            "MAXSTUDIO_BASE_URL": api_url,
            "MAXSTUDIO_MAX_CONCURRENT": str(concurrency),
        }
        os.environ.update(settings)
        boto3.client("s3", endpoint_url=s3_url).create_bucket(Bucket="bench-bucket")
        yield api_url, settings


def bench_model(home: Path, sources: int, targets: int, provider: str | None = None) -> None:
    """Model `bench` with consent and 256 px photos (thresholds lowered to match)."""
    from aistudio.consent.records import set_consent
    from aistudio.core.config import get_settings, load_model_config, save_model_config
    from aistudio.ingest.importer import create_model, import_photos
    from aistudio.studio import Studio
    from tests.fakes.photos import photo_set

    studio = Studio(get_settings())
    paths = create_model(studio, "bench")
    cfg = load_model_config(paths.config)
    cfg.thresholds.min_side = 200
    cfg.provider = provider or cfg.provider
    save_model_config(paths.config, cfg)
    set_consent(studio, "bench", kind="synthetic", scopes="sfw", attest_adult=True)
    faces = photo_set(home / "s", "f", sources, size=256)
    shots = photo_set(home / "t", "t", targets, 50, size=256)
    import_photos(studio, "bench", faces, role="source")
    import_photos(studio, "bench", shots, role="target", category="sfw")
