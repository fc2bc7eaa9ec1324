"""Commands that process a model and report on it: run, demo, status, costs, runs."""

from __future__ import annotations

from typing import Annotated, Literal

import typer
from rich.markup import escape
from rich.table import Column, Table

from aistudio.cli.datasets import build_and_report
from aistudio.cli.output import console, err, ok, print_outcome
from aistudio.cli.runner import preflight, run_with_progress, start_prefect_early
from aistudio.core.config import get_settings
from aistudio.processing.costs import fmt_credits, model_costs
from aistudio.processing.status import model_status
from aistudio.studio import Studio

RunCategory = Literal["nsfw", "sfw", "both"]


def _studio() -> Studio:
    return Studio(get_settings())


def run(
    name: str,
    category: Annotated[RunCategory, typer.Option(help="nsfw, sfw or both")] = "both",
    provider: Annotated[
        str | None, typer.Option(help="local (default) or a configured one")
    ] = None,
    enhance: Annotated[bool, typer.Option("--enhance/--no-enhance", help="2x enhance")] = True,
    budget: Annotated[float | None, typer.Option(help="Credit budget for this run")] = None,
    source: Annotated[list[int] | None, typer.Option(help="Only these source numbers")] = None,
    dry_run: Annotated[bool, typer.Option(help="Plan and estimate only")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs")] = False,
) -> None:
    """Process a model: swap, enhance and validate every (source x target) pair."""
    if not dry_run:
        start_prefect_early(verbose)  # its server boots while the run is planned and checked
    studio = _studio()
    pre = preflight(
        studio,
        name,
        category=category,
        sources=source,
        provider=provider,
        enhance=enhance,
        budget=budget,
    )
    console.print(f"{len(pre.plan.pairs)} pairs ({pre.plan.provider} engine)")
    for filename, why in pre.plan.excluded:
        err.print(f"[yellow]![/yellow] Not processed: {escape(filename)}: {escape(why)}")
    console.print(pre.estimate.describe())
    if dry_run:
        return
    if not yes and pre.estimate.total > 0 and not typer.confirm("Continue?", default=True):
        raise typer.Exit(1)
    outcome = run_with_progress(
        studio,
        console,
        name,
        category=category,
        sources=source,
        provider=provider,
        enhance=enhance,
        budget=budget,
        verbose=verbose,
    )
    print_outcome(outcome, studio.settings)
    if outcome.summary is None or outcome.summary.failed or outcome.error:
        raise typer.Exit(1)


def status(name: str) -> None:
    """Where a model stands: photos, results, runs, credits."""
    st = model_status(_studio(), name)
    console.print(f"[bold]{st.name}[/bold]  {st.path}")
    console.print(f"  consent: {st.consent}   engine: {st.provider}   trigger: {st.trigger}")
    console.print(
        f"  sources: {st.sources}   targets: nsfw {st.targets['nsfw']}, sfw {st.targets['sfw']}"
    )
    for k, v in sorted(st.results.items()):
        console.print(f"  results {k}: {v}")
    console.print(
        f"  runs: {st.runs}   last: {st.last_run or '-'} ({st.last_run_status or '-'})"
        f"   credits: {fmt_credits(st.credits)}"
    )


def costs(
    name: str,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Credits per run (billed, from the ledger, against the estimate) and in total."""
    mc = model_costs(_studio(), name)
    if as_json:
        console.print_json(mc.model_dump_json())
        return
    # Run ids are what other commands take: never cut short.
    widest = max((len(r.run_id) for r in mc.runs), default=3)
    table = Table(Column("run", min_width=widest, no_wrap=True), "swaps", "enhances")
    table.add_column("estimate", justify="right")
    table.add_column("credits", justify="right")
    for r in mc.runs:
        table.add_row(
            r.run_id,
            str(r.ops.get("swap", 0)),
            str(r.ops.get("enhance", 0)),
            fmt_credits(r.estimate_credits),
            fmt_credits(r.credits),
        )
    console.print(table)
    console.print(f"Total: {fmt_credits(mc.total_credits)} credits")


def runs(name: str) -> None:
    """A model's runs (e.g. andie-workflow-1730249876) and the objects each uploaded."""
    from aistudio.storage.sync import list_runs

    table = Table("run", "status", "pairs", "credits", "objects uploaded")
    for r in list_runs(_studio(), name):
        table.add_row(r.run_id, r.status, str(r.pairs), fmt_credits(r.credits), str(r.objects))
    console.print(table)


def demo(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs")] = False,
) -> None:
    """Build the offline demo model from the public-domain astronaut photo and process it."""
    from aistudio.cli.demo import DEMO_MODEL, build_demo

    start_prefect_early(verbose)  # its server boots while the demo model is built
    studio = _studio()
    console.print("AI Model Studio demo (local engine, offline)")
    sources, targets = build_demo(studio)
    ok(
        f"Model ready: {studio.paths(DEMO_MODEL).root}/ "
        f"({len(sources.imported) + len(sources.duplicates)} sources, "
        f"{len(targets.imported) + len(targets.duplicates)} sfw targets)"
    )
    pre = preflight(
        studio, DEMO_MODEL, category="sfw", sources=None, provider=None, enhance=True, budget=None
    )
    console.print(pre.estimate.describe())
    outcome = run_with_progress(
        studio,
        console,
        DEMO_MODEL,
        category="sfw",
        sources=None,
        provider=None,
        enhance=True,
        budget=None,
        verbose=verbose,
    )
    print_outcome(outcome, studio.settings)
    if outcome.summary is None or outcome.summary.failed:
        raise typer.Exit(1)
    build_and_report(studio, console, DEMO_MODEL)
    console.print(f"Costs: aistudio costs {DEMO_MODEL}    Status: aistudio status {DEMO_MODEL}")
    console.print(f"Dataset: aistudio dataset show {DEMO_MODEL}")
