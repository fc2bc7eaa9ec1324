"""A training run in the terminal and what it made: the progress bar, the versions table and
each checkpoint's scores; `aistudio lora` and the interactive menu both show them."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from aistudio import training
from aistudio.cli.output import ok
from aistudio.core.errors import UserError
from aistudio.studio import Studio
from aistudio.training.params import ResolvedParams


def train_and_report(
    studio: Studio, out: Console, name: str, base: str, params: ResolvedParams, **options: Any
) -> training.LoraInfo:
    """Train (or resume) with one progress bar, then say what was made: the version, its
    best step, the scores per checkpoint and the file. `options` go to train_model."""
    with Progress(
        TextColumn("Training"), BarColumn(), MofNCompleteColumn(),
        TextColumn("loss {task.fields[loss]}"), TimeElapsedColumn(), TimeRemainingColumn(),
        console=out, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("train", total=params.steps, loss="-")
        made = training.train_model(
            studio, name, base, params, device=studio.settings.torch_device,
            progress=lambda step, total, loss: bar.update(
                task, completed=step, total=total, loss=f"{loss:.4f}"
            ),
            **options,
        )  # fmt: skip
    info = training.show_lora(studio, name, made.version)
    if made.resumed_from:
        ok(f"Resumed from step {made.resumed_from}", out)
    ok(f"LoRA v{info.version}: {info.steps} steps, best step {info.best_step}", out)
    print_metrics(info, out)
    if info.file:
        ok(f"File: {info.file} ({size(info.file_size)})", out)
    return info


def versions_table(loras: list[training.LoraInfo]) -> Table:
    """A persona's LoRA versions, one row each."""
    table = Table("version", "status", "dataset", "family", "rank", "steps", "best", "identity",
                  "size", box=None)  # fmt: skip
    for v in loras:
        best = v.metrics.get(str(v.best_step), {}) if v.best_step else {}
        table.add_row(
            f"v{v.version}", "withdrawn" if v.withdrawn_at else v.status,
            f"v{v.dataset_version}", v.family,
            str(v.params.get("rank")), f"{v.steps}/{v.params.get('steps')}",
            str(v.best_step or "-"), num(best.get("identity")), size(v.file_size),
        )  # fmt: skip
    return table


def print_metrics(info: training.LoraInfo, out: Console) -> None:
    """Each checkpoint's loss and scores, the best one marked."""
    if not info.metrics:
        return
    table = Table("step", "loss", "faces", "identity", "drift", "bleed", "clip", "", box=None)
    for step in sorted(info.metrics, key=int):
        m = info.metrics[step]
        table.add_row(
            step, num(m.get("loss")), num(m.get("face_rate")), num(m.get("identity")),
            num(m.get("drift")), num(m.get("bleed")), num(m.get("clip")),
            "best" if str(info.best_step) == step else "",
        )  # fmt: skip
    out.print(table)


def version_numbers(values: list[str]) -> list[int]:
    """Version numbers as people write them: 1, 2 or v1, v2."""
    numbers = []
    for v in values:
        if not v.lower().removeprefix("v").isdigit():
            raise UserError(f"{v!r} is not a version number (1, 2 or v1, v2)")
        numbers.append(int(v.lower().removeprefix("v")))
    return numbers


def no_versions(name: str) -> str:
    """What to say when a persona has no LoRA yet."""
    return f"{escape(name)} has no LoRAs yet: aistudio lora train {escape(name)}"


def num(value: float | None) -> str:
    """A score to three places, or '-'."""
    return "-" if value is None else f"{value:.3f}"


def size(value: int | None) -> str:
    """A file size in MB, or '-'."""
    return "-" if value is None else f"{value / 1e6:.1f} MB"
