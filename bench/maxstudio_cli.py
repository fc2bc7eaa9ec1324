"""`aistudio run` against the fake MaxStudio API, as a user runs it: only the job limit set.

    PYTHONPATH=. python bench/maxstudio_cli.py [--pairs 48] [--swap 2.0] [--enhance 0.5]
                                                [--concurrency 8] [--first-run]

Starts moto S3 and the fake API on 127.0.0.1, imports a model (256 px photos) with the library,
then times the installed CLI with MAXSTUDIO_MAX_CONCURRENT set and every other setting at its
default, on a Prefect home whose database exists, as after any earlier run (--first-run: one
without). Prints the paid window (first job accepted -> last result served, from the fake's
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


def main() -> None:
    """Set up, run the CLI once, print the ratios."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pairs", type=int, default=48)
    p.add_argument("--swap", type=float, default=2.0)
    p.add_argument("--enhance", type=float, default=0.5)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument(
        "--first-run",
        action="store_true",
        help="time a first run ever: Prefect creates its database inside the command",
    )
    args = p.parse_args()
    from bench.fake_account import bench_model, fake_account
    from tests.fakes.maxstudio import ledger

    sources = 2
    targets = math.ceil(args.pairs / sources)
    with (
        tempfile.TemporaryDirectory() as tmp,
        fake_account(
            Path(tmp), swap=args.swap, enhance=args.enhance, concurrency=args.concurrency
        ) as (api_url, settings),
    ):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AISTUDIO_", "PREFECT_"))}
        env.update(
            settings,
            PREFECT_HOME=f"{tmp}/prefect",
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PYTHONPATH=str(Path(__file__).resolve().parents[1]),
        )
        bench_model(Path(tmp), sources, targets, provider="maxstudio")
        exe = Path(sys.executable).with_name("aistudio")
        if not args.first_run:
            # Any earlier run (the demo, say) has created Prefect's database; a first run
            # creates and migrates it before Prefect's temporary server answers.
            prefect = Path(sys.executable).with_name("prefect")
            t0 = time.time()
            subprocess.run(
                [str(prefect), "server", "database", "upgrade", "-y"],
                env=env,
                capture_output=True,
                check=True,
            )
            print(f"Prefect database created beforehand in {time.time() - t0:.1f} s")
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
    for line in proc.stderr.splitlines():
        if line.startswith("TRACE"):
            print(line.split()[2], f"{float(line.split()[1]) - wall0:.2f}")
    print(
        f"{n} pairs, swap {args.swap:g} s + enhance {args.enhance:g} s, "
        f"MAXSTUDIO_MAX_CONCURRENT={args.concurrency}, everything else default"
    )
    print(f"paid window {window:.1f} s vs ideal {ideal:.1f} s: ratio {window / ideal:.3f}")
    print(f"whole command {wall:.1f} s (ideal + 10 s = {ideal + 10:.1f} s)")
    print(
        f"  first job accepted {billed['first_submit'] - wall0:.1f} s after the command started; "
        f"the command ended {wall0 + wall - billed['last_result']:.1f} s after the last result"
    )
    print(f"status polls {billed['polls']} for {jobs} jobs: {billed['polls'] / jobs:.2f} per job")
    late = [served - done for _, _, done, served in billed["jobs"] if served]
    print(f"a job's result collected {sum(late) / len(late):.2f} s after it was ready (mean)")
    print(f"billed {billed['swap']} swaps + {billed['enhance']} enhances = {billed['credits']:g}")


if __name__ == "__main__":
    main()
