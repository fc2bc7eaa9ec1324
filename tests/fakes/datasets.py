"""A studio model ready to build dataset versions from: its one source swapped onto 6 truly
different targets by the local engine."""

from __future__ import annotations

from pathlib import Path

from aistudio.ingest.importer import create_model
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.drive import drive
from tests.fakes.photos import photo_set, training_photos, write_jpeg


def processed(
    studio: Studio, tmp_path: Path, name: str = "andie", *, owner_id: int | None = None
) -> str:
    """A model whose one source was swapped onto 6 truly different targets (local engine),
    owned by an API user when owner_id is given."""
    folder = tmp_path / "targets"
    good = list(training_photos().items())[:6]
    targets = [write_jpeg(folder / f"{k}.jpg", img) for k, img in good]
    sources = photo_set(tmp_path / "faces", "face", 2)
    if owner_id is not None:
        create_model(studio, name, owner_id=owner_id)
    make_model(studio, {"sources": sources, "targets": targets}, name, sources=1, targets=6,
               create=owner_id is None)  # fmt: skip
    summary = drive(studio, name, "local", 2)
    assert summary.done == 6
    return name
