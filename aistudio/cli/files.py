"""Commands over stored files: sync to S3, share links, verify provenance marks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aistudio.cli.output import console, fail, ok
from aistudio.core.config import get_settings
from aistudio.core.errors import UserError
from aistudio.studio import Studio


def _studio() -> Studio:
    return Studio(get_settings())


def sync(
    name: str,
    pull: Annotated[bool, typer.Option("--pull", help="Also download what only S3 has")] = False,
) -> None:
    """Make S3 hold every local file of a model with a matching sha256 (local files win)."""
    from aistudio.storage.sync import sync_model

    report = sync_model(_studio(), name, pull=pull)
    for key in report.uploaded:
        ok(f"Uploaded: {key}")
    for key in report.repaired:
        ok(f"Re-uploaded (checksum differed): {key}")
    for rel in report.downloaded:
        ok(f"Downloaded: {rel}")
    for refused in report.refused:
        fail(f"Not pulled: {refused}")
    ok(
        f"Verified {report.checked} files in {report.location}: {len(report.uploaded)} uploaded, "
        f"{len(report.repaired)} repaired, {len(report.downloaded)} downloaded"
    )
    if report.refused:
        raise typer.Exit(1)  # objects outside the studio's layout: someone should look


def share(
    name: str,
    stage: Annotated[str, typer.Option(help="swapped or enhanced")] = "enhanced",
    expires: Annotated[
        int | None, typer.Option(help="Seconds (default AISTUDIO_S3_PRESIGN_SECONDS)")
    ] = None,
) -> None:
    """Print presigned download links for a model's results."""
    from aistudio.storage.sync import share_links

    links = share_links(_studio(), name, stage=stage, seconds=expires)
    if not links:
        raise UserError(f"model {name!r} has no {stage} results yet; run 'aistudio run {name}'")
    for filename, url in links:
        console.print(f"{filename}  {url}", markup=False)


def verify_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Image files to inspect")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Report whether images say they are AI-made: XMP source type and invisible watermark."""
    from aistudio.provenance.verify import verify

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
