"""What the CLI and the menu print: one renderer for imports and run outcomes."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from aistudio.cli.runner import RunOutcome
from aistudio.core.config import Settings
from aistudio.ingest import importer
from aistudio.processing.costs import fmt_credits
from aistudio.processing.runs import RunSummary

console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def ok(text: str, out: Console = console) -> None:
    """A success line in the product's style."""
    out.print(f"[green]✓[/green] {escape(text)}")


def fail(text: str, out: Console = err) -> None:
    """A failure line."""
    out.print(f"[red]✗[/red] {escape(text)}")


def print_import(report: importer.ImportReport) -> None:
    """Every file an import renamed, then its problems."""
    for original, new in report.imported:
        ok(f"Renamed: {Path(original).name} -> {new}")
    print_import_problems(report)


def print_import_problems(
    report: importer.ImportReport, out: Console = console, problems: Console = err
) -> None:
    """Duplicates, rejections (file and rule) and flagged photos of an import."""
    for original, existing in report.duplicates:
        out.print(
            f"[yellow]=[/yellow] Already imported: {escape(Path(original).name)} ({existing})"
        )
    for rej in report.rejected:
        problems.print(f"[red]✗[/red] Rejected {escape(str(rej))}")
    for name, gap in report.strangers:
        problems.print(
            f"[yellow]![/yellow] Flagged: {escape(name)} looks like a different person "
            f"(distance {gap:.2f} from the other sources); it is left out of runs"
        )
    for name, labels in report.flagged:
        problems.print(
            f"[yellow]![/yellow] Flagged explicit: {escape(name)} ({escape(labels)}); "
            "it is processed only under nsfw consent"
        )


def result_folders(summary: RunSummary) -> list[str]:
    """The results/<category>/ folders a run wrote to (its pairs' outputs lie below them)."""
    folders = set()
    for d in summary.results_dirs:
        parts = Path(d).parts
        # models/<name>/results/<category>/source_<n>/<stage>
        folders.add(str(Path(*parts[:4])) if len(parts) >= 4 else d)
    return sorted(folders)


def print_outcome(outcome: RunOutcome, settings: Settings, out: Console = console) -> None:
    """The end of a run, in the product's words (the CLI and the menu both print this)."""
    s = outcome.summary
    if s is None:
        fail(outcome.error or "the run did not start")
        return
    cached = f" ({s.cached} already done)" if s.cached else ""
    if s.failed:
        fail(f"Finished: {s.done}/{s.pairs_total} successful, {s.failed} failed{cached}", out)
    else:
        ok(f"Complete! {s.done}/{s.pairs_total} successful{cached}", out)
    for pair, status, reason in s.problems:
        out.print(f"  [yellow]{status}[/yellow] {pair}: {escape(reason)}")
    for folder in result_folders(s):
        ok(f"Saved to: {folder}/", out)
    if s.uploaded or settings.s3_bucket:
        ok(f"Uploaded to S3: {s.run_id} ({s.uploaded} new objects)", out)
    else:
        ok(f"Run: {s.run_id}", out)
    ok(f"Cost: {fmt_credits(s.credits)} credits", out)
    if outcome.error:
        fail(outcome.error)
