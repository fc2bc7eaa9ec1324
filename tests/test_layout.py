"""The library's shape: small modules, and the import contracts of pyproject.toml kept."""

from __future__ import annotations

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
    assert "0 broken" in proc.stdout and "4 kept" in proc.stdout
