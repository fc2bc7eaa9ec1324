"""`aistudio captions`: caption a dataset version and check the captions before training."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from aistudio import captions, dataset
from aistudio.cli.output import console, ok
from aistudio.core.config import get_settings
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
) -> None:
    """Caption every image of a dataset version with the model's captioner (config.json
    'captions': the offline tagger by default) and write the result as a new version."""
    studio = Studio(get_settings())
    info = captions.caption_dataset(studio, name, version)
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


def _print(studio: Studio, name: str, version: int | None) -> None:
    info = dataset.show_dataset(studio, name, version)
    cov = captions.coverage(studio, name, info.version)
    table = Table("image", "caption", box=None)
    for item in info.included:
        table.add_row(str(item["image"]), escape(str(item.get("caption") or "(none)")))
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
