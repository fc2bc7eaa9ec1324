"""`aistudio captions`: caption a dataset version and check the captions before training."""

from __future__ import annotations

from typing import Annotated

import click
import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from aistudio import captions, dataset
from aistudio.cli.output import console, ok
from aistudio.core.config import Captioner, get_settings
from aistudio.core.errors import printable
from aistudio.studio import Studio

captions_app = typer.Typer(
    help="Training captions: 'a photo of {trigger}, {class}, {description}', checked before "
    "training.",
    no_args_is_help=True,
)


@captions_app.command("generate")
def generate(
    name: str,
    version: Annotated[
        int | None, typer.Option("--version", help="Dataset version to caption (default: newest)")
    ] = None,
    captioner: Annotated[
        Captioner | None,
        typer.Option(
            "--captioner",
            help="tagger (offline), or a vision-language model whose weights a setting names: "
            "florence2, blip, blip2, qwen2.5-vl, joycaption (default: config.json's)",
        ),
    ] = None,
) -> None:
    """Caption every image of a dataset version with the model's captioner (config.json
    'captions': the offline tagger by default) and write the result as a new version."""
    studio = Studio(get_settings())
    with Progress(
        TextColumn("Captioning"), BarColumn(), MofNCompleteColumn(), console=console,
        transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("caption", total=None)
        info = captions.caption_dataset(
            studio,
            name,
            version,
            captioner,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    word = "Captioned" if info.new else "Unchanged: the same captions are"
    ok(f"{word} dataset v{info.version} ({len(info.included)} images)")
    ok(f"Dataset: {info.path}")
    _print(studio, name, info.version)


@captions_app.command("show")
def show(
    name: str,
    version: Annotated[int | None, typer.Argument(help="Version number (default: newest)")] = None,
) -> None:
    """Each image's caption, the tag frequency, and what needs a look (missing, too long, no
    trigger)."""
    studio = Studio(get_settings())
    _print(studio, name, version)


@captions_app.command("edit")
def edit(
    name: str,
    version: Annotated[int | None, typer.Argument(help="Version number (default: newest)")] = None,
    approve: Annotated[
        bool, typer.Option("--approve", help="Approve the edited version too")
    ] = False,
) -> None:
    """Open $EDITOR on a TSV of image and caption; the saved edits become a new version
    (checked first: the trigger once at the start, no banned words)."""
    studio = Studio(get_settings())
    info = dataset.show_dataset(studio, name, version)
    text = click.edit(captions.to_tsv(info), extension=".tsv", require_save=True)
    if text is None:
        console.print("No changes saved; nothing written.")
        return
    edits = {
        image: caption
        for image, caption in captions.from_tsv(text).items()
        if caption != _caption_of(info, image)
    }
    if not edits and not approve:
        console.print("No caption changed; nothing written.")
        return
    made = captions.edit_captions(studio, name, edits, version=info.version, approve=approve)
    state = " (approved)" if approve else ""
    ok(f"{len(edits)} captions changed: dataset v{made.version}{state}")


@captions_app.command("approve")
def approve_cmd(
    name: str,
    version: Annotated[int | None, typer.Argument(help="Version number (default: newest)")] = None,
) -> None:
    """Approve a version's captions: training takes only approved (reviewed) versions."""
    info = captions.approve(Studio(get_settings()), name, version)
    ok(f"Dataset v{info.version} approved by {info.reviewed_by} at {info.reviewed_at}")


@captions_app.command("log")
def log_cmd(
    name: str,
    version: Annotated[int | None, typer.Argument(help="Version number (default: newest)")] = None,
) -> None:
    """Who gave each caption of a version, and when (the audit log)."""
    table = Table("when", "who", "how", "image", "caption", box=None)
    for e in captions.caption_log(Studio(get_settings()), name, version):
        table.add_row(
            e.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            escape(printable(e.author)),
            e.source,
            e.image,
            escape(printable(e.caption)),
        )
    console.print(table)


def _caption_of(info: dataset.DatasetInfo, image: str) -> str | None:
    return next((str(i.get("caption")) for i in info.included if i["image"] == image), None)


def _print(studio: Studio, name: str, version: int | None) -> None:
    info = dataset.show_dataset(studio, name, version)
    cov = captions.coverage(studio, name, info.version)
    state = f"approved by {info.reviewed_by}" if info.reviewed_by else "not reviewed yet"
    console.print(f"dataset v{info.version} of {escape(name)}: {state}")
    table = Table("image", "caption", box=None)
    for item in info.included:
        table.add_row(str(item["image"]), escape(printable(str(item.get("caption") or "(none)"))))
    console.print(table)
    tags = Table("tag", "images", box=None)
    for folder, freq in cov.tag_frequency.items():
        console.print(f"tag frequency ({escape(folder)}):")
        for tag, n in freq.items():
            tags.add_row(escape(tag), str(n))
    console.print(tags)
    problems = {
        "without a caption": cov.missing,
        "over the text encoder's length": cov.over_length,
        "without the trigger at the start": cov.no_trigger,
    }
    for what, images in problems.items():
        if images:
            console.print(f"[yellow]![/yellow] {len(images)} {what}: {', '.join(images)}")
    if not any(problems.values()):
        ok(f"All {cov.images} images have a caption that starts with the trigger and fits")
