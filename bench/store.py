"""Does the progress poll block writers? Writers commit pair states while a reader polls.

    python bench/store.py [--seconds 5] [--url postgresql://...]

The reader polls like the CLI's progress bar (the run and its pair states) with a 20 ms pause
inside its transaction, standing in for a slow disk or a big run. Reads first use a write
session (what every read was before: BEGIN IMMEDIATE on SQLite), then a read session.
Prints commits per second and the slowest commit for each.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

from aistudio.core.config import Settings
from aistudio.db import queries
from aistudio.db.tables import Run
from aistudio.studio import Studio


def measure(studio: Studio, run_id: str, model_id: int, seconds: float, read: bool) -> str:
    """Commit pair states for `seconds` while a poller reads; returns a line of numbers."""
    stop = threading.Event()
    polls = 0

    def poller() -> None:
        nonlocal polls
        while not stop.is_set():
            session_cm = studio.read() if read else studio.session()
            with session_cm as session:
                queries.get_run(session, run_id=run_id)
                list(queries.pair_states(session, run_id=run_id))
                time.sleep(0.02)  # a slow read holds its transaction open
            polls += 1

    thread = threading.Thread(target=poller, daemon=True)
    thread.start()
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        t0 = time.perf_counter()
        with studio.session() as session:
            queries.set_pair_state(
                session,
                model_id=model_id,
                run_id=run_id,
                pair=f"p{n}-{read}",
                status="done",
            )
        latencies.append(time.perf_counter() - t0)
        n += 1
    stop.set()
    thread.join()
    latencies.sort()
    return (
        f"{'read session ' if read else 'write session'}: {n / seconds:7.1f} commits/s, "
        f"median {1000 * latencies[len(latencies) // 2]:6.1f} ms, "
        f"max {1000 * latencies[-1]:6.1f} ms, {polls / seconds:5.1f} polls/s"
    )


def main() -> None:
    """Run both modes on one store and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--url", default=None, help="a PostgreSQL URL (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        studio = Studio(Settings(home=Path(tmp), database_url=args.url))
        with studio.session() as session:
            model = queries.create_model(session, name=f"bench{int(time.time())}")
            assert model.id is not None
            run_id = f"{model.name}-workflow-1"
            session.add(
                Run(id=run_id, model_id=model.id, category="sfw", provider="local", enhance=True)
            )
        print(f"store: {studio.engine.url.get_backend_name()}")
        for read in (False, True):
            print(measure(studio, run_id, model.id, args.seconds, read))


if __name__ == "__main__":
    main()
