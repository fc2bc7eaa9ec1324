"""The demo model: a self-swap built only from scikit-image's public-domain astronaut photo."""

from __future__ import annotations

from pathlib import Path

from aistudio.consent.records import set_demo_consent
from aistudio.core.fs import atomic_write_bytes
from aistudio.db import queries
from aistudio.ingest.importer import ImportReport, create_model, import_photos
from aistudio.media.demo import demo_images
from aistudio.studio import Studio

DEMO_MODEL = "demo"


def build_demo(studio: Studio) -> tuple[ImportReport, ImportReport]:
    """Create (or refresh) the demo model with its sources, sfw targets and demo consent."""
    inputs = studio.home / "demo-inputs"
    files: dict[str, Path] = {}
    for name, jpeg in demo_images().items():
        path = inputs / f"astronaut-{name}.jpg"
        if not path.is_file() or path.read_bytes() != jpeg:
            atomic_write_bytes(path, jpeg)
        files[name] = path
    with studio.session() as session:
        exists = any(m.name == DEMO_MODEL for m in queries.list_models(session))
    if not exists:
        create_model(studio, DEMO_MODEL, trigger="astro", class_word="woman")
        with studio.session() as session:
            set_demo_consent(session, model=queries.get_model(session, name=DEMO_MODEL))
    sources = import_photos(
        studio, DEMO_MODEL, [p for n, p in files.items() if n.startswith("s")], role="source"
    )
    targets = import_photos(
        studio,
        DEMO_MODEL,
        [p for n, p in files.items() if n.startswith("t")],
        role="target",
        category="sfw",
    )
    return sources, targets
