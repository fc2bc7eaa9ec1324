"""The `aistudio` command line: an interactive menu and scriptable subcommands over the library."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.markup import escape
from rich.table import Table

from aistudio.cli import files, runs, serve
from aistudio.cli.accounts import keys_app, users_app
from aistudio.cli.captions import captions_app
from aistudio.cli.datasets import dataset_app
from aistudio.cli.lora import lora_app
from aistudio.cli.output import console, err, fail, ok, print_import
from aistudio.consent import records as consent_lib
from aistudio.core.config import get_settings
from aistudio.core.errors import StudioError, UserError, printable
from aistudio.core.naming import Category
from aistudio.ingest import importer
from aistudio.processing.costs import fmt_credits
from aistudio.processing.status import all_models, model_status
from aistudio.studio import Studio

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
app.add_typer(dataset_app, name="dataset")
app.add_typer(captions_app, name="captions")
app.add_typer(lora_app, name="lora")
app.add_typer(users_app, name="users")
app.add_typer(keys_app, name="keys")
audit_app = typer.Typer(help="The audit log: check that no event was deleted or edited.")
app.add_typer(audit_app, name="audit")

CategoryOpt = Literal["nsfw", "sfw"]


def _studio() -> Studio:
    return Studio(get_settings())


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context) -> None:
    """AI Model Studio."""
    if ctx.invoked_subcommand is None:
        from aistudio.cli.menu import Menu

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
    paths = importer.create_model(_studio(), name, trigger=trigger, class_word=class_word)
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
    report = importer.import_photos(_studio(), name, paths, role=role, category=category)
    print_import(report)
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
    from aistudio.consent import audit
    from aistudio.db import queries

    studio = _studio()
    st = model_status(studio, name)
    console.print(f"{name}: {st.consent}", markup=False)
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=name)
        record = queries.current_consent(session, model_id=model_id)
        log = audit.events(session, model_id=model_id)
    if record is not None:
        console.print(f"  record hash: {record.record_hash}", markup=False)
    for event in log:
        console.print(
            # The actor is free text (AISTUDIO_ACTOR, an API's user): its escapes stay inert.
            f"  {event.at:%Y-%m-%d %H:%M:%S} {printable(event.actor)} {event.action} "
            f"{printable(event.detail)}",
            markup=False,
        )


@consent_app.command("revoke")
def consent_revoke(
    name: str,
    purge: Annotated[
        bool,
        typer.Option(
            "--purge",
            help="Also delete what its photos made (results, datasets, trainings, cached "
            "encodings, LoRA files) here and on S3",
        ),
    ] = False,
) -> None:
    """Revoke consent: no new runs, exports or share links until it is set again; --purge
    deletes what the model's photos made."""
    studio = _studio()
    consent_lib.revoke_consent(studio, name)
    ok(f"Consent revoked for {name}; new runs are refused")
    if purge:
        from aistudio.consent.purge import purge_outputs

        report = purge_outputs(studio, name)
        for item in report.removed:
            console.print(f"  removed {item}", markup=False)
        ok(
            f"Purged {report.local_files} local result files, the datasets, trainings, cached "
            f"encodings and LoRA files, and {report.remote_objects} S3 objects; share links "
            "given before now find nothing (source photos and the cost ledger are kept)"
        )
    else:
        expires = studio.settings.s3_presign_seconds
        ok(
            "'aistudio share' now refuses; links given before work until they expire "
            f"(at most {expires} s): --purge deletes what they point to"
        )


@audit_app.command("verify")
def audit_verify(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Walk the chained audit log and consent records; exit 1 naming the first broken link.
    Keep the printed head hashes elsewhere: a chain rebuilt by hand then shows too."""
    from aistudio.consent import audit

    with _studio().read() as session:
        report = audit.verify(session)
    if as_json:
        print(report.model_dump_json(indent=2))
    elif report.broken is None:
        ok(f"Audit log intact: {report.events} events, {report.consents} consent records")
        for table, digest in report.heads.items():
            console.print(f"  {table} head: {digest}", markup=False)
    else:
        fail(f"Audit log broken: {report.broken}")
    if report.broken is not None:
        raise typer.Exit(1)


# --- runs and files -------------------------------------------------------------------------

app.command("run")(runs.run)
app.command("status")(runs.status)
app.command("costs")(runs.costs)
app.command("runs")(runs.runs)
app.command("demo")(runs.demo)
app.command("sync")(files.sync)
app.command("share")(files.share)
app.command("verify")(files.verify_cmd)
app.command("serve")(serve.serve)


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
