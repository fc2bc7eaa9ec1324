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

    from bench.fake_account import bench_model, fake_account
    from tests.fakes.maxstudio import ledger

    targets = 20
    sources = math.ceil(args.pairs / targets)
    with (
        tempfile.TemporaryDirectory() as tmp,
        fake_account(
            Path(tmp), swap=args.swap, enhance=args.enhance, concurrency=args.concurrency
        ) as (api_url, _),
    ):
        if args.poll is not None:
            os.environ["MAXSTUDIO_POLL_INTERVAL"] = os.environ["MAXSTUDIO_POLL_MAX_INTERVAL"] = str(
                args.poll
            )
        bench_model(Path(tmp), sources, targets)
        from aistudio.core.config import get_settings
        from aistudio.studio import Studio
        from tests.fakes.drive import drive

        studio = Studio(get_settings())
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
