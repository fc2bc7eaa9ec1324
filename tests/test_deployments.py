"""Deployments: secrets travel as Secret blocks, never through prefect.yaml; the pull step."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.secrets import load_secrets, push_secrets
from tests.conftest import REPO

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_secret_blocks_fill_a_workers_missing_credentials() -> None:
    saved = push_secrets({"AWS_ACCESS_KEY_ID": "AKIATEST", "AWS_SECRET_ACCESS_KEY": "s3cr3t"})
    assert saved == ["aistudio-aws-access-key-id", "aistudio-aws-secret-access-key"]
    worker_env: dict[str, str] = {"AWS_ACCESS_KEY_ID": "already-set"}
    filled = load_secrets(worker_env)
    assert filled == ["AWS_SECRET_ACCESS_KEY"]
    assert worker_env == {"AWS_ACCESS_KEY_ID": "already-set", "AWS_SECRET_ACCESS_KEY": "s3cr3t"}


def test_prefect_yaml_holds_no_secret() -> None:
    text = (REPO / "prefect.yaml").read_text()
    for word in ("AWS_SECRET", "aws_secret", "password", "MAXSTUDIO_API_KEY", "api_key"):
        assert word not in text
    assert Path(REPO / ".env").exists() is False or ".env" in (REPO / ".gitignore").read_text()


def test_the_pull_step_finds_the_installed_project(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from deployments.steps import ProjectNotInstalled, use_installed_project

    monkeypatch.chdir("/")
    assert use_installed_project() == {"directory": str(REPO)}
    assert Path.cwd() == REPO and (Path.cwd() / "flows" / "process_model.py").is_file()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ProjectNotInstalled, match="not installed in this worker's Python"):
        use_installed_project()


def test_every_deployments_parameters_are_its_flows() -> None:
    """A run form's defaults the flow no longer takes crash every run of it: checked here."""
    import importlib

    import yaml
    from prefect.utilities.callables import parameters_to_args_kwargs

    deployments = yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"]
    for found in deployments:
        path, name = found["entrypoint"].split(":")
        flow = getattr(importlib.import_module(path.removesuffix(".py").replace("/", ".")), name)
        given = {"model": "andie", **(found.get("parameters") or {})}
        parameters_to_args_kwargs(flow.fn, given)  # raises SignatureMismatchError
        flow.validate_parameters(given)  # the values, as the run form would send them
