"""A corpus of malformed and hostile photos through `aistudio targets add`, as a user would feed it.

Every file either imports as a clean 8-bit JPEG or is refused with one line that names it and the
rule; the originals (and symlinks) are left exactly as they were, and nothing half-written remains.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import PIL.Image
import pytest

from aistudio.core.errors import printable
from tests.cli import aistudio, snapshot
from tests.fakes.hostile import CORPUS

pytestmark = pytest.mark.e2e


def test_corpus_of_hostile_inputs_each_refused_by_rule_or_imported_clean(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, make, _ in CORPUS:
        make(inbox / name)
    rejected = {name: rule for name, _, rule in CORPUS if rule}
    accepted = [name for name, _, rule in CORPUS if rule is None]
    assert len(CORPUS) >= 40 and len(rejected) >= 30
    before = snapshot(inbox)
    assert aistudio(tmp_path, "model", "create", "andie").returncode == 0
    proc = aistudio(
        tmp_path,
        "targets",
        "add",
        "andie",
        "--category",
        "sfw",
        "/dev/zero",
        *(str(inbox / name) for name, _, _ in CORPUS),
    )
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    # One line per refused file (plus /dev/zero), each naming the file and its rule.
    assert len(lines) == len(rejected) + 1, proc.stderr
    assert any("/dev/zero" in line and "[rule: readable]" in line for line in lines)
    for name, rule in rejected.items():
        mine = [line for line in lines if printable(name) in line]
        assert len(mine) == 1 and f"[rule: {rule}]" in mine[0], (name, rule, lines)
    assert f"{len(accepted)} targets imported" in proc.stdout
    # The accepted ones are clean 8-bit colour JPEGs under the studio's own names.
    stored = sorted((tmp_path / "studio/models/andie/targets/sfw").iterdir())
    assert [p.name for p in stored] == [
        f"andie-t{i:03d}-sfw.jpg" for i in range(1, len(accepted) + 1)
    ]
    for path in stored:
        with PIL.Image.open(path) as img:
            assert (img.format, img.mode) == ("JPEG", "RGB"), path
    # Nothing lost, nothing moved, nothing run, nothing half-written.
    assert snapshot(inbox) == before
    assert not (tmp_path / "pwned").exists() and not (inbox / "pwned").exists()
    assert not list((tmp_path / "studio").rglob("*.tmp"))
    with sqlite3.connect(tmp_path / "studio/studio.db") as conn:
        assert conn.execute("select count(*) from rejection").fetchone()[0] == len(rejected) + 1
