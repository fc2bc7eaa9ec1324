"""Run the process-model flow from the CLI: a preflight with clean errors, then live progress."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from sqlmodel import col, select

from aistudio import processing
from aistudio.cli.tempserver import await_server, start_temporary_server
from aistudio.core.errors import StudioError
from aistudio.db import queries
from aistudio.db.tables import PairState, Run
from aistudio.processing.preflight import preflight as preflight  # where the CLI imports it
from aistudio.studio import Studio


@dataclass
class RunOutcome:
    """How a run ended: its summary if it started, and the error if it stopped early."""

    summary: processing.RunSummary | None
    error: str | None


def prefect_defaults(verbose: bool) -> None:
    """Environment defaults for a run on Prefect's temporary server (set ones are kept)."""
    # A first run creates and migrates Prefect's own database before its temporary server
    # answers: 23-26 s measured on 2 cores, over Prefect's default 20 s startup timeout.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if not os.environ.get("PREFECT_API_URL"):
        # The temporary server lives as long as this command and no automation runs on it:
        # its trigger and action services would only take CPU from the run.
        os.environ.setdefault("PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED", "false")
        os.environ.setdefault("PREFECT_SERVER_SERVICES_ACTIONS_ENABLED", "false")
    # The library's own log lines (failures, lost bookings) go where Prefect's go: the dashboard.
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "aistudio")
    _quiet_prefect_console(verbose)


def start_prefect_early(verbose: bool) -> None:
    """Prefect's defaults, then its temporary server (which inherits them), booting meanwhile."""
    prefect_defaults(verbose)
    start_temporary_server()


def _quiet_prefect_console(verbose: bool) -> None:
    # Prefect's console handler would print over the progress bar; the API handler (what the
    # dashboard shows) keeps every log line. Prefect reads this override when it sets up logging.
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    for handler in logging.getLogger().handlers:  # already set up (a second run in one process)
        if type(handler).__name__ == "PrefectConsoleHandler":
            handler.setLevel(logging.INFO if verbose else logging.CRITICAL)


def _latest_run(studio: Studio, name: str, since: datetime) -> tuple[Run | None, list[PairState]]:
    with studio.read() as session:
        model = queries.get_model(session, name=name)
        run = session.exec(
            select(Run)
            .where(Run.model_id == model.id, col(Run.started_at) >= since)
            .order_by(col(Run.started_at).desc())
        ).first()
        states = list(queries.pair_states(session, run_id=run.id)) if run else []
    return run, states


def run_with_progress(
    studio: Studio,
    console: Console,
    name: str,
    *,
    category: Literal["nsfw", "sfw", "both"],
    sources: list[int] | None,
    provider: str | None,
    enhance: bool,
    budget: float | None,
    verbose: bool = False,
) -> RunOutcome:
    """Run the flow in a worker thread while a progress bar follows the database."""
    prefect_defaults(verbose)
    from flows.process_model import process_model  # Prefect loads only when a run starts

    await_server()

    since = datetime.now(UTC).replace(microsecond=0)
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = process_model(
                model=name,
                category=category,
                sources=sources,
                enhance=enhance,
                provider=provider,
                budget_credits=budget,
            )
        except BaseException as exc:  # handed to the main thread
            box["error"] = exc

    thread = threading.Thread(target=work, name="process-model", daemon=True)
    thread.start()
    run: Run | None = None
    columns = (
        TextColumn("  "),
        BarColumn(bar_width=20),
        TaskProgressColumn(),
        TextColumn("| {task.fields[file]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        bar = progress.add_task("Processing", total=None, file="starting the processing...")
        while thread.is_alive():
            thread.join(0.3)
            run, states = _latest_run(studio, name, since)
            if run is not None:
                newest = max(states, key=lambda p: p.updated_at, default=None)
                label = (newest.output_path or "").rsplit("/", 1)[-1] if newest else ""
                progress.update(
                    bar, total=run.pairs_total, completed=len(states), file=label or f"{run.id}"
                )
        if run is not None:
            progress.update(bar, completed=run.pairs_total if "value" in box else len(states))
    exc = box.get("error")
    if exc is not None and not isinstance(exc, StudioError):
        raise exc
    run, _ = _latest_run(studio, name, since)
    if run is None:
        return RunOutcome(summary=None, error=str(exc) if exc else "the run did not start")
    summary = processing.summarize_run(studio, run_id=run.id)
    return RunOutcome(summary=summary, error=str(exc) if exc else None)
