"""The base families a LoRA trains on, one module each (its adapter and its file naming), and
the registry that finds a family's module from core.families' table: nothing here names one."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from aistudio.core.errors import ConfigError
from aistudio.core.families import SPECS
from aistudio.training.families.base import (
    Adapter,
    Cond,
    NameOf,
    Naming,
    Noised,
    is_file,
    text_targets,
)

__all__ = [
    "Adapter",
    "Cond",
    "NameOf",
    "Naming",
    "Noised",
    "family_module",
    "is_file",
    "load_adapter",
    "naming",
    "text_targets",
]


def family_module(family: str) -> ModuleType:
    """The module that trains a family (aistudio.training.families.<module>)."""
    if family not in SPECS:
        raise ConfigError(f"the {family} family cannot be trained by this version of aistudio")
    return importlib.import_module(f"{__name__}.{SPECS[family].module}")


def naming(family: str) -> Naming:
    """How a family's LoRA modules are named in single files."""
    found: Naming = family_module(family).NAMING
    return found


def load_adapter(
    family: str, base: str, device: str, dtype: Any, parts: str | None = None
) -> Adapter:
    """The family's adapter over a base model (a single transformer file: with `parts`)."""
    made: Adapter = family_module(family).Adapter(base, device, dtype, parts)
    return made
