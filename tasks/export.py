"""The export stage: a LoRA version's file in a format and rank cap (kohya's resize), written to
the studio's exports folder where the API serves it."""

from __future__ import annotations

from typing import Any

from prefect import task

from aistudio.core.fs import sha256_file
from aistudio.training import Format, export_lora, show_lora
from aistudio.training.publish import export_choice, export_file
from tasks.common import job_event, studio


@task(name="export-lora", task_run_name="export {model} v{version}")
def export(
    model: str, version: int | None, fmt: Format | None, step: int | None, max_rank: int | None
) -> dict[str, Any]:
    """Write the file (refused once the version is withdrawn); its job gets a result event."""
    s = studio()
    info = show_lora(s, model, version)
    fmt, step, max_rank = export_choice(info, fmt, step, max_rank)
    out = export_file(s, model, info.version, fmt, step, max_rank)
    path = export_lora(s, model, info.version, fmt=fmt, step=step, max_rank=max_rank, out=out,
                       confined=True)  # fmt: skip
    made = {"version": info.version, "format": fmt, "step": step, "max_rank": max_rank,
            "file": path.name, "sha256": sha256_file(path),
            "size": path.stat().st_size}  # fmt: skip
    job_event("result", **made)
    return made
