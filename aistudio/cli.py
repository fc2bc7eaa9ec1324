"""The `aistudio` command line: an interactive menu and scriptable subcommands over the library."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from aistudio import consent as consent_lib
from aistudio import registry
from aistudio.config import get_settings
from aistudio.costs import fmt_credits, model_costs
from aistudio.errors import StudioError, UserError
from aistudio.naming import Category
from aistudio.runner import RunOutcome, preflight, run_with_progress
from aistudio.status import all_models, model_status
from aistudio.studio import Studio

console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

app = typer.Typer(
    help="AI Model Studio: consented persona photos -> swapped, enhanced, validated dataset.\n\n"
    "Run with no command for the interactive menu. Data lives in AISTUDIO_HOME (default ./studio).",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
model_app = typer.Typer(help="Create and inspect models (personas).", no_args_is_help=True)
sources_app = typer.Typer(help="Import source (face) photos.", no_args_is_help=True)
targets_app = typer.Typer(
    help="Import target photos into targets/nsfw or targets/sfw.", no_args_is_help=True
)
consent_app = typer.Typer(
    help="Consent records: required before any face is swapped.", no_args_is_help=True
)
app.add_typer(model_app, name="model")
app.add_typer(sources_app, name="sources")
app.add_typer(targets_app, name="targets")
app.add_typer(consent_app, name="consent")

CategoryOpt = Literal["nsfw", "sfw"]
RunCategory = Literal["nsfw", "sfw", "both"]


def _studio() -> Studio:
    return Studio(get_settings())


def ok(text: str) -> None:
    """A success line in the product's style."""
    console.print(f"[green]✓[/green] {escape(text)}")


def _print_import(report: registry.ImportReport) -> None:
    for original, new in report.imported:
        ok(f"Renamed: {Path(original).name} -> {new}")
    for original, existing in report.duplicates:
        console.print(
            f"[yellow]=[/yellow] Already imported: {escape(Path(original).name)} ({existing})"
        )
    for rej in report.rejected:
        err.print(f"[red]✗[/red] Rejected {escape(str(rej))}")
    for name, gap in report.strangers:
        err.print(
            f"[yellow]![/yellow] Flagged: {escape(name)} looks like a different person "
            f"(distance {gap:.2f} from the other sources); it is left out of runs"
        )
    for name, labels in report.flagged:
        err.print(
            f"[yellow]![/yellow] Flagged explicit: {escape(name)} ({escape(labels)}); "
            "it is processed only under nsfw consent"
        )


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context) -> None:
    """AI Model Studio."""
    if ctx.invoked_subcommand is None:
        from aistudio.menu import Menu

        Menu(_studio(), console).run()


# --- models ---------------------------------------------------------------------------------


@model_app.command("create")
def model_create(
    name: Annotated[str, typer.Argument(help="Model name: a-z, 0-9, '-', '_' (e.g. andie)")],
    trigger: Annotated[
        str | None, typer.Option(help="Caption trigger word (default: name)")
    ] = None,
    class_word: Annotated[str | None, typer.Option(help="Class word, e.g. woman")] = None,
) -> None:
    """Create a model: folders, config.json and a database record."""
    paths = registry.create_model(_studio(), name, trigger=trigger, class_word=class_word)
    ok(f"Model created: {paths.root}/")
    console.print(f"Next: aistudio consent set {name} --kind synthetic --scope sfw --attest-adult")


@model_app.command("show")
def model_show(name: str) -> None:
    """Show a model's photos, consent, results and costs."""
    st = model_status(_studio(), name)
    console.print_json(st.model_dump_json())


@app.command("models")
def models() -> None:
    """List all models."""
    rows = all_models(_studio())
    if not rows:
        console.print(
            "No models yet. Create one with 'aistudio model create NAME' or run 'aistudio demo'."
        )
        return
    table = Table("model", "sources", "nsfw", "sfw", "consent", "results", "runs", "credits")
    for st in rows:
        table.add_row(
            st.name,
            str(st.sources),
            str(st.targets["nsfw"]),
            str(st.targets["sfw"]),
            st.consent,
            str(sum(st.results.values())),
            str(st.runs),
            fmt_credits(st.credits),
        )
    console.print(table)


# --- photos ---------------------------------------------------------------------------------


def _import_cmd(
    name: str, paths: list[Path], role: Literal["source", "target"], category: Category | None
) -> None:
    report = registry.import_photos(_studio(), name, paths, role=role, category=category)
    _print_import(report)
    what = "photos" if role == "source" else "targets"
    ok(
        f"Validated: {len(report.imported)} {what} imported, {len(report.duplicates)} already "
        f"there, {len(report.rejected)} rejected"
    )
    if report.rejected:
        raise typer.Exit(2)


@sources_app.command("add")
def sources_add(
    name: str,
    paths: Annotated[list[Path], typer.Argument(help="Image files or folders")],
) -> None:
    """Validate and import source photos (each must show exactly one main face)."""
    _import_cmd(name, paths, "source", None)


@targets_app.command("add")
def targets_add(
    name: str,
    paths: Annotated[list[Path], typer.Argument(help="Image files or folders")],
    category: Annotated[CategoryOpt, typer.Option(help="Target folder: nsfw or sfw")] = "sfw",
) -> None:
    """Validate and import target photos into targets/<category>/."""
    _import_cmd(name, paths, "target", category)


# --- consent --------------------------------------------------------------------------------


@consent_app.command("set")
def consent_set(
    name: str,
    kind: Annotated[str, typer.Option(help="synthetic (AI-made face) or real-person")],
    scope: Annotated[str, typer.Option(help="sfw, or sfw,nsfw")] = "sfw",
    attest_adult: Annotated[
        bool,
        typer.Option(
            "--attest-adult", help="I attest the person or persona depicted is an adult (18+)"
        ),
    ] = False,
    subject: Annotated[str | None, typer.Option(help="real-person: who agreed")] = None,
    release: Annotated[Path | None, typer.Option(help="real-person: signed release file")] = None,
) -> None:
    """Record consent for a model (required before any swap)."""
    rec = consent_lib.set_consent(
        _studio(),
        name,
        kind=kind,
        scopes=scope,
        attest_adult=attest_adult,
        subject=subject,
        release=release,
    )
    ok(f"Consent recorded for {name}: {rec.kind}, scopes {rec.scopes}")


@consent_app.command("show")
def consent_show(name: str) -> None:
    """Show the consent in force, its record hash and the audit log."""
    from aistudio import audit
    from aistudio.store import data

    studio = _studio()
    st = model_status(studio, name)
    console.print(f"{name}: {st.consent}", markup=False)
    with studio.session() as session:
        model_id = data.get_model_id(session, name=name)
        record = data.current_consent(session, model_id=model_id)
        log = audit.events(session, model_id=model_id)
    if record is not None:
        console.print(f"  record hash: {record.record_hash}", markup=False)
    for event in log:
        console.print(
            f"  {event.at:%Y-%m-%d %H:%M:%S} {event.actor} {event.action} {event.detail}",
            markup=False,
        )


@consent_app.command("revoke")
def consent_revoke(
    name: str,
    purge: Annotated[
        bool, typer.Option("--purge", help="Also delete the model's results locally and on S3")
    ] = False,
) -> None:
    """Revoke consent: no new runs until it is set again; --purge deletes the outputs."""
    studio = _studio()
    consent_lib.revoke_consent(studio, name)
    ok(f"Consent revoked for {name}; new runs are refused")
    if purge:
        from aistudio.remote import purge_outputs

        report = purge_outputs(studio, name)
        ok(
            f"Purged {report.local_files} local result files and {report.remote_objects} S3 "
            "objects (source photos and the cost ledger are kept)"
        )


# --- runs -----------------------------------------------------------------------------------


def print_outcome(outcome: RunOutcome) -> None:
    """The end of a run, in the product's words."""
    s = outcome.summary
    if s is None:
        err.print(f"[red]✗[/red] {escape(outcome.error or 'the run did not start')}")
        return
    mark = "[green]✓[/green]" if s.failed == 0 else "[red]✗[/red]"
    console.print(
        f"{mark} Complete! {s.done}/{s.pairs_total} successful"
        + (f" ({s.cached} already done)" if s.cached else "")
    )
    for pair, status, reason in s.problems:
        console.print(f"  [yellow]{status}[/yellow] {pair}: {escape(reason)}")
    for d in s.results_dirs:
        ok(f"Saved to: {d}/")
    if s.uploaded or get_settings().s3_bucket:
        ok(f"Uploaded to S3: {s.run_id} ({s.uploaded} new objects)")
    else:
        ok(f"Run: {s.run_id}")
    ok(f"Cost: {fmt_credits(s.credits)} credits")
    if outcome.error:
        err.print(f"[red]✗[/red] {escape(outcome.error)}")


@app.command("run")
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
    print_outcome(outcome)
    if outcome.summary is None or outcome.summary.failed or outcome.error:
        raise typer.Exit(1)


@app.command("status")
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


@app.command("costs")
def costs(
    name: str,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Credits per run and in total, from the ledger."""
    mc = model_costs(_studio(), name)
    if as_json:
        console.print_json(mc.model_dump_json())
        return
    table = Table("run", "swaps", "enhances", "credits")
    for r in mc.runs:
        table.add_row(
            r.run_id,
            str(r.ops.get("swap", 0)),
            str(r.ops.get("enhance", 0)),
            fmt_credits(r.credits),
        )
    console.print(table)
    console.print(f"Total: {fmt_credits(mc.total_credits)} credits")


@app.command("runs")
def runs(name: str) -> None:
    """A model's runs (e.g. andie-workflow-1730249876) and the objects each uploaded."""
    from aistudio.remote import list_runs

    table = Table("run", "status", "pairs", "credits", "objects uploaded")
    for r in list_runs(_studio(), name):
        table.add_row(r.run_id, r.status, str(r.pairs), fmt_credits(r.credits), str(r.objects))
    console.print(table)


@app.command("sync")
def sync(
    name: str,
    pull: Annotated[bool, typer.Option("--pull", help="Also download what only S3 has")] = False,
) -> None:
    """Make S3 hold every local file of a model with a matching sha256 (local files win)."""
    from aistudio.remote import sync_model

    report = sync_model(_studio(), name, pull=pull)
    for key in report.uploaded:
        ok(f"Uploaded: {key}")
    for key in report.repaired:
        ok(f"Re-uploaded (checksum differed): {key}")
    for rel in report.downloaded:
        ok(f"Downloaded: {rel}")
    ok(
        f"Verified {report.checked} files in {report.location}: {len(report.uploaded)} uploaded, "
        f"{len(report.repaired)} repaired, {len(report.downloaded)} downloaded"
    )


@app.command("share")
def share(
    name: str,
    stage: Annotated[str, typer.Option(help="swapped or enhanced")] = "enhanced",
    expires: Annotated[
        int | None, typer.Option(help="Seconds (default AISTUDIO_S3_PRESIGN_SECONDS)")
    ] = None,
) -> None:
    """Print presigned download links for a model's results."""
    from aistudio.remote import share_links

    links = share_links(_studio(), name, stage=stage, seconds=expires)
    if not links:
        raise UserError(f"model {name!r} has no {stage} results yet; run 'aistudio run {name}'")
    for filename, url in links:
        console.print(f"{filename}  {url}", markup=False)


@app.command("verify")
def verify_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Image files to inspect")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Report whether images say they are AI-made: XMP source type and invisible watermark."""
    from aistudio.verify import verify

    verdicts = verify(_studio(), paths)
    for v in verdicts:
        f = v.findings
        if as_json:
            console.print_json(v.model_dump_json())
            continue
        console.print(f.path, markup=False)
        if v.error:
            console.print(f"  unreadable: {v.error}", markup=False)
            continue
        console.print(
            f"  metadata:  {f.source_type or 'none'}"
            + (f" (model {f.model}, run {f.run_id})" if f.model else ""),
            markup=False,
        )
        if f.manifest:
            problems = f" ({', '.join(f.manifest_problems)})" if f.manifest_problems else ""
            console.print(
                f"  manifest:  C2PA {f.manifest_state}, signed by {f.manifest_issuer}, "
                f"{f.manifest_source_type}{problems}",
                markup=False,
            )
        else:
            console.print("  manifest:  none", markup=False)
        where = (
            f" -> model {v.mark_model}, run {v.mark_run}, pair {v.mark_pair}"
            if v.mark_model
            else " (not from this studio)"
            if f.watermark_id
            else ""
        )
        console.print(f"  watermark: {f.watermark_id or 'none'}{where}", markup=False)
    if not all(v.ai_marked for v in verdicts):
        raise typer.Exit(1)


@app.command("demo")
def demo(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs")] = False,
) -> None:
    """Build the offline demo model from the public-domain astronaut photo and process it."""
    from aistudio.demo import DEMO_MODEL, build_demo

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
    print_outcome(outcome)
    if outcome.summary is None or outcome.summary.failed:
        raise typer.Exit(1)
    console.print(f"Costs: aistudio costs {DEMO_MODEL}    Status: aistudio status {DEMO_MODEL}")


def main() -> None:
    """Entry point: user mistakes become one line on stderr and exit 2, never a traceback."""
    try:
        app()
    except UserError as exc:
        err.print(f"error: {escape(str(exc))}")
        sys.exit(exc.exit_code)
    except StudioError as exc:
        err.print(f"error: {escape(str(exc))}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted; rerun to resume (finished pairs are kept)")
        sys.exit(130)


if __name__ == "__main__":
    main()
