"""The menu's LoRA entries: train (the family, the base and the few options that matter
asked, the rest the family's defaults), the versions, a comparison grid, a file to export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aistudio import dataset, training
from aistudio.cli.lora_report import (
    no_versions,
    train_and_report,
    version_numbers,
    versions_table,
)
from aistudio.cli.options import parse
from aistudio.core.families import DEFAULT_FAMILY, FAMILIES, SPECS, Family
from aistudio.training.params import ResolvedParams, TrainParams, filled
from aistudio.training.publish import native_format
from aistudio.training.run import default_base

if TYPE_CHECKING:
    from aistudio.cli.menu import Menu

ASKED = ("steps", "rank", "resolution", "samples")  # what the menu asks; the rest: defaults
_FORMATS: dict[str, training.Format] = {"1": "kohya", "2": "comfyui", "3": "diffusers"}
# The family table's rows by number, the default (what new models train) first
FAMILY_KEYS: dict[str, Family] = {
    str(i): f for i, f in enumerate(sorted(FAMILIES, key=lambda f: f != DEFAULT_FAMILY), 1)
}


def family_prompt() -> str:
    """[1] Z-Image  [2] Stable Diffusion 1.5 (512 px) ...: each family by its title."""
    native = SPECS[DEFAULT_FAMILY].resolution
    return "  ".join(
        f"[{key}] {SPECS[f].title}"
        + (f" ({SPECS[f].resolution} px)" if SPECS[f].resolution != native else "")
        for key, f in FAMILY_KEYS.items()
    )


def lora_menu(menu: Menu, name: str) -> None:
    """A persona's LoRAs until Back."""
    while True:
        choice = menu.ask(
            f"{name} LoRAs:  [1] Train a LoRA  [2] Versions  [3] Compare versions  "
            "[4] Export a file  [5] Back"
        )
        if choice == "1":
            train(menu, name)
        elif choice == "2":
            loras = training.list_loras(menu.studio, name)
            menu.out.print(versions_table(loras) if loras else no_versions(name))
        elif choice == "3":
            compare(menu, name)
        elif choice == "4":
            export(menu, name)
        elif choice in ("5", "b", "back", ""):
            return
        else:
            menu.fail(f"Unknown choice {choice!r}: enter 1-5")


def ask_family(menu: Menu, default: Family) -> Family:
    """A family by its number in the table, Enter for the default."""
    while True:
        answer = menu.ask_inline(
            f"Base family?  {family_prompt()}  [Enter: {SPECS[default].title}] "
        )
        if not answer:
            return default
        if answer in FAMILY_KEYS:
            return FAMILY_KEYS[answer]
        menu.fail(f"Unknown choice {answer!r}: enter 1-{len(FAMILY_KEYS)}, or Enter")


def ask_number(menu: Menu, field: str, default: int) -> int:
    """A whole number for one of TrainParams' fields, asked by its description."""
    title = (TrainParams.model_fields[field].description or field).split(" (")[0]
    while True:
        answer = menu.ask_inline(f"{title} [Enter: {default}]: ")
        if not answer:
            return default
        if answer.isdigit():
            return int(answer)
        menu.fail(f"{answer!r} is not a whole number")


def train(menu: Menu, name: str) -> None:
    """Train on the newest dataset version, on the family's configured base unless told."""
    training.quiet_libraries()  # the menu's lines and one bar, as `aistudio lora train` shows
    info = dataset.show_dataset(menu.studio, name)
    family = ask_family(menu, info.family if info.family in FAMILIES else DEFAULT_FAMILY)
    configured = default_base(menu.studio, family)
    base = menu.ask_inline(f"Base model [Enter: {configured}]: ") or configured
    spec = SPECS[family]
    defaults = {"steps": spec.steps, "rank": spec.rank, "resolution": spec.resolution,
                "samples": TrainParams().samples}  # fmt: skip
    chosen = {f: ask_number(menu, f, defaults[f]) for f in ASKED}
    unreviewed = not info.reviewed_by and menu.yes(
        "Nobody approved these captions: train anyway (it goes on the record)?", default=False
    )
    params = parse(ResolvedParams, filled(TrainParams(family=family, **chosen)))
    train_and_report(menu.studio, menu.out, name, base, params, unreviewed=unreviewed)


def compare(menu: Menu, name: str) -> None:
    """A grid of two versions or more, side by side."""
    answer = menu.ask_inline("Which versions? (e.g. 1 2) ")
    numbers = version_numbers(answer.replace(",", " ").split())
    if len(numbers) < 2:
        menu.fail("Give two versions or more, e.g. 1 2")
        return
    menu.ok(f"Comparison: {training.compare_loras(menu.studio, name, numbers)}")


def export(menu: Menu, name: str) -> None:
    """A version's file in a format its family has."""
    answer = menu.ask_inline("Which version? [Enter: the newest] ").lower().removeprefix("v")
    version = int(answer) if answer.isdigit() else None
    native = native_format(training.show_lora(menu.studio, name, version).family)
    listing = "  ".join(f"[{k}] {v}" for k, v in _FORMATS.items())
    picked = menu.ask_inline(f"Format?  {listing}  [Enter: {native}] ")
    path = training.export_lora(menu.studio, name, version, fmt=_FORMATS.get(picked, native))
    menu.ok(f"Exported: {path}")
