"""Pull steps for prefect.yaml: run deployed flows from wherever the project is installed.

A worker needs no AISTUDIO_PROJECT_DIR: `flows/` is importable wherever `pip install` put the
project (the checkout for an editable install, site-packages otherwise), so the step changes to
that folder and the entrypoint `flows/process_model.py` resolves as it does on a laptop.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


class ProjectNotInstalled(RuntimeError):
    """The worker's Python cannot import the studio's flows."""


def installed_project() -> Path:
    """The folder holding the installed `flows` package (a checkout, or site-packages)."""
    spec = importlib.util.find_spec("flows.process_model")
    if spec is None or spec.origin is None:
        raise ProjectNotInstalled(
            "aistudio is not installed in this worker's Python: run the worker from the "
            "project's environment (./dev.sh, or pip install -e /path/to/aistudio)"
        )
    return Path(spec.origin).resolve().parents[1]


def use_installed_project() -> dict[str, str]:
    """Change to the folder holding the installed `flows` package; returns it as `directory`."""
    folder = installed_project()
    os.chdir(folder)
    return {"directory": str(folder)}
