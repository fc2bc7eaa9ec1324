"""Wall time and peak memory of `aistudio targets add` and `aistudio run` at 100 and 1000 targets.

Usage: PYTHONPATH=. python bench/scale.py [--sizes 100 1000] [--keep]
Runs the installed CLI as a user does (local engine, embedded Prefect API, one source photo, so
N targets make N pairs) and samples the resident memory of the command and of everything it
started (the Prefect API server) every 0.2 s. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from tests.fakes.photos import photo_set

EXE = str(Path(sys.executable).with_name("aistudio"))


@dataclass
class Measured:
    """One command: how long it took and the most memory it held."""

    wall: float
    peak_main_mb: float  # the aistudio process
    peak_tree_mb: float  # it plus its children, at the same instant
    returncode: int


def measured(args: list[str], env: dict[str, str], log: Path) -> Measured:
    """Run a command, sampling its memory until it exits."""
    with log.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([EXE, *args], env=env, stdout=out, stderr=subprocess.STDOUT)
        peak_main = peak_tree = 0
        while proc.poll() is None:
            with contextlib.suppress(psutil.NoSuchProcess):
                me = psutil.Process(proc.pid)
                main = me.memory_info().rss
                tree = main
                for child in me.children(recursive=True):
                    with contextlib.suppress(psutil.NoSuchProcess):
                        tree += child.memory_info().rss
                peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
            time.sleep(0.2)
        wall = time.perf_counter() - start
    return Measured(wall, peak_main / 1e6, peak_tree / 1e6, proc.returncode)


def bench(n: int, root: Path) -> tuple[Measured, Measured]:
    """A fresh studio with one source and n targets: (import, run)."""
    env = {
        **os.environ,
        "AISTUDIO_HOME": str(root / "studio"),
        "PREFECT_HOME": str(root / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    sources = photo_set(root / "in" / "faces", "face", 1)
    photo_set(root / "in" / "targets", "photo", n, start=1)
    for step in (
        ["model", "create", "bench"],
        ["consent", "set", "bench", "--kind", "synthetic", "--scope", "sfw", "--attest-adult"],
        ["sources", "add", "bench", str(sources[0])],
    ):
        subprocess.run([EXE, *step], env=env, check=True, capture_output=True)
    imported = measured(
        ["targets", "add", "bench", "--category", "sfw", str(root / "in" / "targets")],
        env,
        root / "import.log",
    )
    ran = measured(["run", "bench", "--yes"], env, root / "run.log")
    tail = (root / "run.log").read_text().strip().splitlines()[-3:]
    print(f"  run output ends: {' | '.join(line.strip() for line in tail)}")
    return imported, ran


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--keep", action="store_true", help="keep the temporary studios")
    args = parser.parse_args()
    concurrency = os.environ.get("AISTUDIO_CONCURRENCY", "2")
    print(
        f"cores: {os.cpu_count()}, photos 1024x1024 JPEG, local engine, concurrency {concurrency}"
    )
    rows = []
    for n in args.sizes:
        root = Path(tempfile.mkdtemp(prefix=f"aistudio-scale-{n}-"))
        try:
            print(f"{n} targets ({root})")
            imported, ran = bench(n, root)
            rows.append((n, imported, ran))
            print(
                f"  import: {imported.wall:7.1f} s ({imported.wall / n:.3f} s/photo), peak RSS "
                f"{imported.peak_main_mb:.0f} MB, exit {imported.returncode}"
            )
            print(
                f"  run:    {ran.wall:7.1f} s ({ran.wall / n:.3f} s/pair), peak RSS "
                f"{ran.peak_main_mb:.0f} MB (with the Prefect API server: "
                f"{ran.peak_tree_mb:.0f} MB), exit {ran.returncode}"
            )
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
    if len(rows) >= 2:
        (n0, i0, r0), (n1, i1, r1) = rows[0], rows[-1]
        tree = r1.peak_tree_mb / r0.peak_tree_mb
        print(
            f"{n1} vs {n0} targets: run wall x{r1.wall / r0.wall:.1f}, run peak RSS "
            f"x{r1.peak_main_mb / r0.peak_main_mb:.2f} (tree x{tree:.2f}), "
            f"import peak RSS x{i1.peak_main_mb / i0.peak_main_mb:.2f}"
        )


if __name__ == "__main__":
    main()
