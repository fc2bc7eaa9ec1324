"""Content classification of targets (NudeNet, offline) and the sfw gate it feeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from aistudio import processing
from aistudio.consent.records import set_consent
from aistudio.core.errors import UserError
from aistudio.db import engine as db
from aistudio.db.tables import Photo
from aistudio.media import safety
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.photos import astronaut


def test_a_portrait_is_labelled_and_not_explicit() -> None:
    result = safety.classify(astronaut(512))
    names = [name for name, _ in result.labels]
    assert "FACE_FEMALE" in names
    assert result.explicit is False


def test_explicit_threshold_uses_only_exposed_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    # The model's output is given here (no explicit test image is shipped); the rule is ours.
    class Seen:
        def __init__(self, found: list[dict[str, object]]) -> None:
            self.found = found

        def detect(self, image: object) -> list[dict[str, object]]:
            return self.found

    monkeypatch.setattr(
        safety,
        "_detector",
        Seen(
            [
                {"class": "FEMALE_BREAST_COVERED", "score": 0.95},
                {"class": "FEMALE_BREAST_EXPOSED", "score": 0.55},
            ]
        ),
    )
    assert safety.classify(astronaut(64), threshold=0.5).explicit is True
    assert safety.classify(astronaut(64), threshold=0.6).explicit is False
    monkeypatch.setattr(safety, "_detector", Seen([{"class": "FACE_FEMALE", "score": 0.99}]))
    assert safety.classify(astronaut(64)).explicit is False


def test_targets_are_classified_at_import(studio: Studio, photos: dict[str, list[Path]]) -> None:
    make_model(studio, photos, sources=1, targets=2)
    with studio.session() as session:
        targets = session.exec(select(Photo).where(Photo.role == "target")).all()
        sources = session.exec(select(Photo).where(Photo.role == "source")).all()
    assert all(not t.explicit for t in targets)
    assert all("FACE_FEMALE" in t.labels_json for t in targets)
    assert all(json.loads(s.labels_json) == [] for s in sources)  # sources are not classified


def _flag(studio: Studio, number: int) -> None:
    with studio.session() as session:
        photo = session.exec(
            select(Photo).where(Photo.role == "target", Photo.number == number)
        ).one()
        # As the classifier would label it; the stored verdict, judged at another threshold
        # (0.9), says safe: the labels decide at today's threshold (0.5).
        photo.labels_json = json.dumps([{"label": "FEMALE_BREAST_EXPOSED", "score": 0.6}])
        photo.explicit = False
        session.add(photo)


def test_an_explicit_sfw_target_is_not_processed_under_sfw_only_consent(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    name = make_model(studio, photos, sources=1, targets=2)
    _flag(studio, 2)  # as the classifier would have flagged it
    plan = processing.plan_pairs(studio, model=name)
    assert [p.pair for p in plan.pairs] == ["s1-t001-sfw"]
    assert plan.excluded == [
        ("andie-t002-sfw.jpg", "explicit content in targets/sfw/; needs the nsfw consent scope")
    ]
    set_consent(studio, name, kind="synthetic", scopes="sfw,nsfw", attest_adult=True)
    assert len(processing.plan_pairs(studio, model=name).pairs) == 2
    set_consent(studio, name, kind="synthetic", scopes="sfw", attest_adult=True)
    _flag(studio, 1)
    with pytest.raises(UserError, match="nothing to process"):
        processing.plan_pairs(studio, model=name)


def test_an_older_database_gains_the_new_columns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old' / 'studio.db'}"
    engine = db.get_engine(url)
    with engine.begin() as conn:
        # An early Phase 1 studio.db: no migrations table, columns added later missing.
        conn.exec_driver_sql("DROP TABLE alembic_version")
        conn.exec_driver_sql("DROP TABLE reservation")
        conn.exec_driver_sql("DROP TABLE stageclaim")
        # Phase 2's tables
        for table in ("loraversion", "captionedit", "datasetitem", "datasetversion", "imagescore"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
        conn.exec_driver_sql("ALTER TABLE run DROP COLUMN halted_reason")
        conn.exec_driver_sql("ALTER TABLE photo DROP COLUMN labels_json")
        conn.exec_driver_sql("DROP TRIGGER consent_no_update")  # (migration 0007's)
        conn.exec_driver_sql("DROP TRIGGER consent_no_delete")
        conn.exec_driver_sql("DROP INDEX ix_consent_record_hash")
        conn.exec_driver_sql("ALTER TABLE consent DROP COLUMN record_hash")
    db._engines.pop(url).dispose()
    engine = db.get_engine(url)
    with engine.begin() as conn:
        photo_cols = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(photo)")}
        consent_cols = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(consent)")}
        indexes = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list(consent)")}
    assert "labels_json" in photo_cols and "record_hash" in consent_cols
    assert "ix_consent_record_hash" in indexes
