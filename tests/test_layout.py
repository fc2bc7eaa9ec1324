"""The library's shape: small modules, the import contracts of pyproject.toml kept, and tests
that share builders only through tests/fakes/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

MAX_LINES = 400


def test_no_library_module_is_over_400_lines() -> None:
    sizes = {
        p.relative_to(REPO).as_posix(): len(p.read_text().splitlines())
        for p in (REPO / "aistudio").rglob("*.py")
    }
    assert len(sizes) > 30  # the walk found the library
    assert {path: n for path, n in sizes.items() if n > MAX_LINES} == {}


def test_import_contracts_are_kept() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(exe)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout and "7 kept" in proc.stdout


def test_no_test_module_imports_another() -> None:
    """Shared builders live in tests/fakes/ (or conftest): a test module is not a library."""
    importing = re.compile(r"^\s*(from|import)\s+tests\.(\w+\.)*test_\w+", re.M)
    found = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "tests").rglob("*.py")
        if importing.search(p.read_text())
    }
    assert len(list((REPO / "tests").rglob("test_*.py"))) > 40  # the walk found the tests
    assert found == set()
