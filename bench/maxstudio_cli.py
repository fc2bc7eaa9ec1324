"""`aistudio run` against the fake MaxStudio API, as a user runs it: only the job limit set.

    PYTHONPATH=. python bench/maxstudio_cli.py [--pairs 48] [--swap 2.0] [--enhance 0.5]
                                                [--concurrency 8]

Starts moto S3 and the fake API on 127.0.0.1, imports a model (256 px photos) with the library,
then times the installed CLI with MAXSTUDIO_MAX_CONCURRENT set and every other setting at its
default. Prints the paid window (first job accepted -> last result served, from the fake's
clock) and the whole command against the ideal ceil(pairs / concurrency) x (swap + enhance).
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3


def main() -> None:
    """Set up, run the CLI once, print the ratios."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pairs", type=int, default=48)
    p.add_argument("--swap", type=float, default=2.0)
    p.add_argument("--enhance", type=float, default=0.5)
    p.add_argument("--concurrency", type=int, default=8)
    args = p.parse_args()
    from tests.fakes.maxstudio import ledger, serve
    from tests.fakes.s3server import moto_server

    sources = 2
    targets = math.ceil(args.pairs / sources)
    with (
        tempfile.TemporaryDirectory() as tmp,
        moto_server() as s3_url,
        serve(
            swap_latency=args.swap, enhance_latency=args.enhance, max_concurrent=args.concurrency
        ) as api_url,
    ):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AISTUDIO_", "PREFECT_"))}
        env.update(
            AWS_ENDPOINT_URL=s3_url,
            AWS_ACCESS_KEY_ID="bench",
            AWS_SECRET_ACCESS_KEY="bench",
            AWS_DEFAULT_REGION="us-east-1",
            AISTUDIO_HOME=f"{tmp}/studio",
            AISTUDIO_S3_BUCKET="bench-bucket",
            MAXSTUDIO_API_KEY="test-key",
            MAXSTUDIO_BASE_URL=api_url,
            MAXSTUDIO_MAX_CONCURRENT=str(args.concurrency),
            PREFECT_HOME=f"{tmp}/prefect",
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PYTHONPATH=str(Path(__file__).resolve().parents[1]),
        )
        os.environ.update(env)
        boto3.client("s3", endpoint_url=s3_url).create_bucket(Bucket="bench-bucket")
        from aistudio.consent.records import set_consent
        from aistudio.core.config import get_settings, load_model_config, save_model_config
        from aistudio.ingest.importer import create_model, import_photos
        from aistudio.studio import Studio
        from tests.fakes.photos import photo_set

        studio = Studio(get_settings())
        paths = create_model(studio, "bench")
        cfg = load_model_config(paths.config)
        cfg.thresholds.min_side = 200
        cfg.provider = "maxstudio"
        save_model_config(paths.config, cfg)
        set_consent(studio, "bench", kind="synthetic", scopes="sfw", attest_adult=True)
        faces = photo_set(Path(tmp) / "s", "f", sources, size=256)
        shots = photo_set(Path(tmp) / "t", "t", targets, 50, size=256)
        import_photos(studio, "bench", faces, role="source")
        import_photos(studio, "bench", shots, role="target", category="sfw")
        exe = Path(sys.executable).with_name("aistudio")
        wall0 = time.time()
        proc = subprocess.run(
            [str(exe), "run", "bench", "--yes"], env=env, capture_output=True, text=True
        )
        wall = time.time() - wall0
        billed = ledger(api_url)
    n = sources * targets
    ideal = math.ceil(n / args.concurrency) * (args.swap + args.enhance)
    window = billed["last_result"] - billed["first_submit"]
    jobs = billed["swap"] + billed["enhance"]
    print(proc.stdout.strip().splitlines()[-4] if proc.returncode == 0 else proc.stderr[-2000:])
    print(
        f"{n} pairs, swap {args.swap:g} s + enhance {args.enhance:g} s, "
        f"MAXSTUDIO_MAX_CONCURRENT={args.concurrency}, everything else default"
    )
    print(f"paid window {window:.1f} s vs ideal {ideal:.1f} s: ratio {window / ideal:.3f}")
    print(f"whole command {wall:.1f} s (ideal + 10 s = {ideal + 10:.1f} s)")
    print(f"status polls {billed['polls']} for {jobs} jobs: {billed['polls'] / jobs:.2f} per job")
    print(f"billed {billed['swap']} swaps + {billed['enhance']} enhances = {billed['credits']:g}")


if __name__ == "__main__":
    main()
