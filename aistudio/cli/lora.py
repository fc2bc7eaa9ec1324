"""`aistudio lora`: train a model's LoRA, list and inspect its versions, export the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from aistudio import training
from aistudio.cli.lora_report import (
    no_versions,
    print_metrics,
    size,
    train_and_report,
    version_numbers,
    versions_table,
)
from aistudio.cli.options import model_options, parse
from aistudio.cli.output import console, ok
from aistudio.core.config import get_settings
from aistudio.core.families import DEFAULT_FAMILY, Family
from aistudio.studio import Studio
from aistudio.training.params import ResolvedParams, filled
from aistudio.training.preflight import family_table
from aistudio.training.run import dataset_family, default_base

lora_app = typer.Typer(
    help="LoRAs: train on a reviewed dataset version, compare the versions, export the file "
    "ComfyUI, A1111/Forge and diffusers load.",
    no_args_is_help=True,
)


@lora_app.command("families")
def families_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """The base families a LoRA trains on: defaults, the default base's license, VRAM."""
    rows = family_table(Studio(get_settings()))
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    table = Table("family", "px", "rank", "steps", "VRAM", "license", "base", box=None)
    for r in rows:
        table.add_row(
            str(r["family"]), str(r["resolution"]), str(r["rank"]), str(r["steps"]),
            escape(str(r["vram"])), str(r["license"]), escape(str(r["base"])),
        )  # fmt: skip
    console.print(table)
    for r in rows:
        console.print(f"{r['family']}: {escape(str(r['vram_source']))}. {escape(str(r['note']))}")
    console.print(f"New models train {DEFAULT_FAMILY} (see the README for why).")


@lora_app.command("train")
@model_options(training.TrainParams)
def train(
    name: str,
    params: training.TrainParams,
    dataset_version: Annotated[
        int | None, typer.Option("--dataset", help="Dataset version (default: the newest)")
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            help="Base model: a .safetensors checkpoint, a diffusers folder or a hub id "
            "(default: the family's AISTUDIO_<FAMILY>_BASE; 'aistudio lora families')"
        ),
    ] = None,
    parts: Annotated[
        str | None,
        typer.Option(
            help="With a single-file transformer as --base (ComfyUI's diffusion_models/): the "
            "diffusers folder or hub id its text encoder, VAE and configs come from (default: "
            "the family's base)"
        ),
    ] = None,
    unreviewed: Annotated[
        bool, typer.Option("--unreviewed", help="Train on captions nobody has reviewed")
    ] = False,
    base_license: Annotated[
        str | None,
        typer.Option(help="The base's license (SPDX id or name) when it cannot be read off it"),
    ] = None,
    license_override: Annotated[
        bool,
        typer.Option(
            "--license-override",
            help="Train a model marked commercial on a base whose license forbids that "
            "(written to the audit log)",
        ),
    ] = False,
    keep_checkpoints: Annotated[
        int,
        typer.Option(
            help="Checkpoints kept on disk: the last N, plus the best one (older ones are "
            "deleted as training goes)"
        ),
    ] = training.KEEP_CHECKPOINTS,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", help="Also show the libraries' own output (loading bars, warnings)"
        ),
    ] = False,
) -> None:
    """Train a LoRA on a dataset version whose captions were reviewed. Stopped or killed, the
    same command resumes from the last checkpoint; done, it reports the best checkpoint by
    identity and writes its file."""
    if not verbose:
        training.quiet_libraries()
    studio = Studio(get_settings())
    family = params.family or dataset_family(studio, name, dataset_version)
    resolved = _resolve(params, family)
    train_and_report(
        studio, console, name, base or default_base(studio, family), resolved,
        dataset_version=dataset_version, unreviewed=unreviewed, base_license=base_license,
        license_override=license_override, parts=parts, keep_checkpoints=keep_checkpoints,
    )  # fmt: skip


@lora_app.command("list")
def list_cmd(name: str) -> None:
    """A model's LoRA versions."""
    loras = training.list_loras(Studio(get_settings()), name)
    if not loras:
        console.print(no_versions(name))
        return
    console.print(versions_table(loras))


@lora_app.command("show")
def show(
    name: str,
    version: Annotated[int | None, typer.Argument(help="Version number (default: newest)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """One LoRA version: its dataset, base, parameters, checkpoint scores and file."""
    info = training.show_lora(Studio(get_settings()), name, version)
    if as_json:
        print(info.model_dump_json(indent=2))
        return
    console.print(f"LoRA v{info.version} of {escape(name)} ({info.family}, {info.status})")
    console.print(f"dataset v{info.dataset_version} ({info.dataset_hash[:12]})")
    console.print(f"base {escape(info.base)} ({info.base_hash[:12]}), license {info.base_license}")
    console.print(f"params {escape(json.dumps(info.params, sort_keys=True))}")
    console.print(f"training folder {escape(info.training_dir)}")
    print_metrics(info, console)
    if info.file:
        console.print(f"file {escape(info.file)} ({size(info.file_size)}, {info.file_sha256})")
    if info.withdrawn_at:
        console.print(
            f"[red]withdrawn {info.withdrawn_at[:10]}[/]: {escape(info.withdrawn_reason or '')} "
            "(not exported or served again)"
        )


@lora_app.command("export")
def export(
    name: str,
    version: Annotated[int | None, typer.Argument(help="Version number (default: newest)")] = None,
    fmt: Annotated[
        training.Format | None,
        typer.Option(
            "--format",
            help="kohya (SD 1.5, SDXL, Flux.1: ComfyUI, A1111/Forge, diffusers load it), "
            "comfyui (Z-Image, FLUX.2 klein, Qwen-Image: ComfyUI and diffusers load it) or "
            "diffusers (default: the family's own)",
        ),
    ] = None,
    step: Annotated[
        int | None, typer.Option(help="Checkpoint step (default: the best one)")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="File or folder to write (default: the model's lora/)")
    ] = None,
    max_mb: Annotated[
        float | None,
        typer.Option(
            help="Lower the rank (kohya's resize) until the file weighs at most this (default: "
            "100 for kohya files; the 2026 families' keep their rank)"
        ),
    ] = None,
    max_rank: Annotated[
        int | None,
        typer.Option(min=1, help="Lower the rank (kohya's resize) to at most this"),
    ] = None,
) -> None:
    """Write a LoRA version as a .safetensors file with its training metadata (refused once the
    version is withdrawn: its model's consent was revoked)."""
    path = training.export_lora(
        Studio(get_settings()), name, version, fmt=fmt, step=step, out=out, max_mb=max_mb,
        max_rank=max_rank,
    )  # fmt: skip
    ok(f"Exported: {path} ({size(path.stat().st_size)})")


@lora_app.command("verify")
def verify(
    file: Annotated[Path, typer.Argument(help="A LoRA .safetensors file")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Whether the consent record a LoRA file cites is in force in this studio, whether its
    version was withdrawn, and whether its dataset is one of the studio's versions (exit 1 when
    the consent is not in force or the version withdrawn)."""
    from aistudio.training.consent import verify_lora

    found = verify_lora(Studio(get_settings()), file)
    if as_json:
        print(found.model_dump_json(indent=2))
    else:
        who = f" ({found.subject}, {found.scopes})" if found.subject else ""
        cited = found.consent_hash[:12] or "-"
        data = found.dataset or "not a version in this studio"
        console.print(f"{found.file}: {found.title or 'no title'}", markup=False)
        console.print(f"consent {cited}: {found.consent}{who}", markup=False)
        console.print(f"dataset {found.dataset_hash[:12] or '-'}: {data}", markup=False)
        if found.withdrawn and found.withdrawn_at:
            console.print(f"version {found.version}: withdrawn {found.withdrawn_at[:10]}",
                          markup=False)  # fmt: skip
    if not found.in_force:
        raise typer.Exit(1)


@lora_app.command("compare")
def compare(
    name: str,
    versions: Annotated[list[str], typer.Argument(help="Two versions or more: 1 2, or v1 v2")],
    out: Annotated[
        Path | None, typer.Option(help="PNG to write (default: the model's lora/)")
    ] = None,
) -> None:
    """A grid PNG: each version's best-checkpoint samples (the same prompts and seeds) in a row,
    with its identity scores."""
    path = training.compare_loras(Studio(get_settings()), name, version_numbers(versions), out)
    ok(f"Comparison: {path}")


def _resolve(params: training.TrainParams, family: Family) -> ResolvedParams:
    """The family's defaults filled in; its limits are the user's to keep, named by flag."""
    return parse(ResolvedParams, filled(params, family))
