"""Options declared once: every TrainParams and DatasetOptions field is an option of its CLI
command and a field of its flow's run form, with the field's description as its help."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from prefect.utilities.callables import parameter_schema
from pydantic import BaseModel

from aistudio.cli.app import app
from aistudio.dataset import DatasetOptions
from aistudio.training import TrainParams
from tests.cli import aistudio


def _cli_options(*path: str) -> dict[str, Any]:
    """A command's options by their long flag."""
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return {opt: p for p in command.params for opt in p.opts if opt.startswith("--")}


def _form_fields(flow: Any, parameter: str) -> dict[str, Any]:
    """The fields the flow's run form shows for one of its parameters (a pydantic model)."""
    schema = parameter_schema(flow).model_dump()
    ref = schema["properties"][parameter]["$ref"].rsplit("/", 1)[-1]
    return dict(schema["definitions"][ref]["properties"])


@pytest.mark.parametrize(
    ("declaration", "command", "flow", "parameter"),
    [
        (TrainParams, ("lora", "train"), "flows.train_lora:train_lora", "params"),
        (DatasetOptions, ("dataset", "build"), "flows.build_dataset:build_dataset", "options"),
    ],
)
def test_the_cli_and_the_run_form_offer_every_field_of_the_declaration(
    declaration: type[BaseModel], command: tuple[str, ...], flow: str, parameter: str
) -> None:
    import importlib

    module, name = flow.split(":")
    options = _cli_options(*command)
    form = _form_fields(getattr(importlib.import_module(module), name), parameter)
    for field, info in declaration.model_fields.items():
        flag = "--" + field.replace("_", "-")
        assert flag in options, f"{field} is not an option of aistudio {' '.join(command)}"
        assert (info.description or "") in (options[flag].help or ""), field
        assert field in form, f"{field} is not in the {flow} run form"
    assert set(form) == set(declaration.model_fields)


def test_a_value_out_of_range_names_its_flag(tmp_path: Path) -> None:
    done = aistudio(tmp_path, "lora", "train", "andie", "--rank", "0")
    assert done.returncode == 2 and "--rank: Input should be greater than or equal to 1" in (
        done.stderr + done.stdout
    )
