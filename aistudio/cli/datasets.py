"""`aistudio dataset`: build, list and show a model's training datasets."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from aistudio import dataset
from aistudio.cli.options import model_options
from aistudio.cli.output import console, ok
from aistudio.consent import audit
from aistudio.core.config import get_settings
from aistudio.studio import Studio

dataset_app = typer.Typer(
    help="Training datasets: the best varied images of a model, scored, cropped and captioned.",
    no_args_is_help=True,
)


@dataset_app.command("build")
@model_options(dataset.DatasetOptions, into="options", aliases={"max_images": ("--max",)})
def build(name: str, options: dataset.DatasetOptions) -> None:
    """Score the accepted results, choose the best varied set and write a new dataset version."""
    info = build_and_report(Studio(get_settings()), console, name, **options.model_dump())
    console.print(f"hash {info.hash}")
    _print_excluded(info)


def build_and_report(
    studio: Studio,
    out: Console,
    name: str,
    *,
    max_images: int | None = None,
    family: dataset.Family | None = None,
    include_sources: bool = False,
) -> dataset.DatasetInfo:
    """Build with a progress bar, then say what is in it, where it is and its contact sheet."""
    with Progress(
        TextColumn("Scoring"), BarColumn(), MofNCompleteColumn(), console=out, transient=True
    ) as bar:
        task = bar.add_task("score", total=None)
        info = dataset.build_dataset(
            studio,
            name,
            max_images=max_images,
            family=family,
            include_sources=include_sources,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    ok(
        f"Training dataset v{info.version}: {_images(len(info.included))} in, "
        f"{len(info.excluded)} out ({_reasons(info)})"
        + ("" if info.new else "; unchanged, the same content as before"),
        out,
    )
    ok(f"Dataset: {info.path}", out)
    ok(f"Contact sheet: {info.contact_sheet}", out)
    return info


def _images(n: int) -> str:
    return f"{n} image" if n == 1 else f"{n} images"


def _reasons(info: dataset.DatasetInfo) -> str:
    """'4 duplicate, 1 blur': why images were left out, most common first."""
    counts = Counter(str(item["reason"]) for item in info.excluded)
    return ", ".join(f"{n} {why}" for why, n in counts.most_common()) or "none left out"


def _print_excluded(info: dataset.DatasetInfo) -> None:
    if not info.excluded:
        return
    table = Table("left out", "reason", "detail", box=None)
    for item in info.excluded:
        table.add_row(
            escape(str(item["file"]).rsplit("/", 1)[-1]),
            str(item["reason"]),
            escape(str(item["detail"])),
        )
    console.print(table)


@dataset_app.command("list")
def list_cmd(name: str) -> None:
    """A model's dataset versions."""
    versions = dataset.list_datasets(Studio(get_settings()), name)
    if not versions:
        console.print(f"{escape(name)} has no datasets yet: aistudio dataset build {escape(name)}")
        return
    table = Table("version", "hash", "family", "in", "out", "built", box=None)
    for v in versions:
        table.add_row(
            f"v{v.number}",
            v.content_hash[:12],
            v.family,
            str(v.included),
            str(v.excluded),
            v.created_at.strftime("%Y-%m-%d %H:%M"),
        )
    console.print(table)


@dataset_app.command("show")
def show(
    name: str,
    version: Annotated[int | None, typer.Argument(help="Version number (default: newest)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """One dataset version: where it is, what is in it and why the rest is not."""
    info = dataset.show_dataset(Studio(get_settings()), name, version)
    if as_json:
        print(info.model_dump_json(indent=2))
        return
    console.print(f"dataset v{info.version} of {escape(name)} ({info.family}), hash {info.hash}")
    console.print(f"folder: {escape(info.path)}")
    console.print(f"contact sheet: {escape(info.contact_sheet)}")
    for item in info.included:
        s = item["scores"]
        assert isinstance(s, dict)
        console.print(
            f"  in   {escape(str(item['file']).rsplit('/', 1)[-1])}  sharpness "
            f"{s.get('sharpness') or 0:.0f}, identity {s.get('identity_distance') or 0:.2f}"
        )
    _print_excluded(info)


@dataset_app.command("override")
def override(
    name: str,
    version: Annotated[int, typer.Argument(help="The version to change")],
    keep: Annotated[list[str] | None, typer.Option("--keep", help="Put this image in")] = None,
    reject: Annotated[list[str] | None, typer.Option("--reject", help="Take it out")] = None,
    reason: Annotated[str, typer.Option("--reason", help="Why (kept with each image)")] = "",
) -> None:
    """Keep or reject single images (a file as 'dataset show' lists it, or its name): the
    result is a new version; the automatic choice stays beside yours."""
    changes = [(f, True) for f in keep or []] + [(f, False) for f in reject or []]
    if not changes or not reason.strip():
        raise typer.BadParameter("give --keep or --reject FILE (repeatable) and --reason TEXT")
    made = dataset.override_dataset(
        Studio(get_settings()),
        name,
        version,
        [dataset.Change(file=f, keep=k, reason=reason) for f, k in changes],
        actor=audit.cli_actor(),
    )
    word = "New" if made.new else "Unchanged: the same content is"
    ok(f"{word} dataset v{made.version} ({len(made.included)} in, {len(made.excluded)} out)")
    ok(f"Contact sheet: {made.contact_sheet}")
