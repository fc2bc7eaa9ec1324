"""MaxStudio client throughput against the fake server: wall time vs the ideal, CPU per pair.

Usage: python bench/maxstudio.py [--pairs 200] [--swap 1.0] [--enhance 0.5] [--concurrency 8]
                                [--poll SECONDS]
Starts a moto S3 server and the fake MaxStudio API (tests/fakes) on 127.0.0.1; the pairs run
through the library stages (swap, enhance, validate, record with S3 upload) on threads, as the
flow's window does (pairs in flight as a run derives them from MAXSTUDIO_MAX_CONCURRENT; polls
adaptive unless --poll fixes them). Ideal = ceil(pairs / concurrency) x (swap + enhance).
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
import time
from pathlib import Path

import boto3
import psutil


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--pairs", type=int, default=200)
    p.add_argument("--swap", type=float, default=1.0)
    p.add_argument("--enhance", type=float, default=0.5)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument(
        "--poll", type=float, default=None, help="fixed poll delay (s); default: adaptive"
    )
    args = p.parse_args()

    from tests.fakes.maxstudio import ledger, serve
    from tests.fakes.s3server import moto_server

    targets = 20
    sources = math.ceil(args.pairs / targets)
    with (
        tempfile.TemporaryDirectory() as tmp,
        moto_server() as s3_url,
        serve(
            swap_latency=args.swap, enhance_latency=args.enhance, max_concurrent=args.concurrency
        ) as api_url,
    ):
        os.environ.update(
            {
                "AWS_ENDPOINT_URL": s3_url,
                "AWS_ACCESS_KEY_ID": "bench",
                "AWS_SECRET_ACCESS_KEY": "bench",
                "AWS_DEFAULT_REGION": "us-east-1",
                "AISTUDIO_HOME": f"{tmp}/studio",
                "AISTUDIO_S3_BUCKET": "bench-bucket",
                "MAXSTUDIO_API_KEY": "test-key",
                "MAXSTUDIO_BASE_URL": api_url,
                "MAXSTUDIO_MAX_CONCURRENT": str(args.concurrency),
            }
        )
        if args.poll is not None:
            os.environ["MAXSTUDIO_POLL_INTERVAL"] = os.environ["MAXSTUDIO_POLL_MAX_INTERVAL"] = str(
                args.poll
            )
        boto3.client("s3", endpoint_url=s3_url).create_bucket(Bucket="bench-bucket")
        from aistudio.consent.records import set_consent
        from aistudio.core.config import get_settings, load_model_config, save_model_config
        from aistudio.ingest.importer import create_model, import_photos
        from aistudio.studio import Studio
        from tests.fakes.drive import drive
        from tests.fakes.photos import photo_set

        studio = Studio(get_settings())
        paths = create_model(studio, "bench")
        cfg = load_model_config(paths.config)
        cfg.thresholds.min_side = 200
        save_model_config(paths.config, cfg)
        set_consent(studio, "bench", kind="synthetic", scopes="sfw", attest_adult=True)
        import_photos(
            studio, "bench", photo_set(Path(tmp) / "s", "f", sources, size=256), role="source"
        )
        import_photos(
            studio,
            "bench",
            photo_set(Path(tmp) / "t", "t", targets, 50, size=256),
            role="target",
            category="sfw",
        )
        me = psutil.Process()
        cpu0, wall0 = sum(me.cpu_times()[:2]), time.perf_counter()
        from aistudio import processing

        window = processing.plan_pairs(studio, model="bench", provider="maxstudio").window
        window = min(window, 2 * args.concurrency) if args.poll is not None else window
        summary = drive(studio, "bench", "maxstudio", window)
        wall = time.perf_counter() - wall0
        cpu = sum(me.cpu_times()[:2]) - cpu0
        billed = ledger(api_url)
    n = summary.pairs_total
    ideal = math.ceil(n / args.concurrency) * (args.swap + args.enhance)
    print(
        f"pairs {n} (done {summary.done}, failed {summary.failed}); swap {args.swap:g} s, "
        f"enhance {args.enhance:g} s, server and client concurrency {args.concurrency}, "
        f"polls {'fixed ' + format(args.poll, 'g') + ' s' if args.poll else 'adaptive'}, "
        f"{window} pairs in flight"
    )
    print(f"wall {wall:.1f} s vs ideal {ideal:.1f} s: ratio {wall / ideal:.3f} (goal <= 1.15)")
    print(f"client CPU {cpu / n * 1000:.1f} ms per pair (incl. S3 uploads and validation)")
    jobs = billed["swap"] + billed["enhance"]
    print(f"status polls: {billed['polls']} for {jobs} jobs ({billed['polls'] / jobs:.2f} per job)")
    print(
        f"billed by the server: {billed['swap']} swaps, {billed['enhance']} enhances, "
        f"{billed['credits']:g} credits; ledger says {summary.credits:g}"
    )


if __name__ == "__main__":
    main()
