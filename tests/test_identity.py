"""Source identity: dlib's descriptor on real faces, and the different-person flag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from aistudio import processing
from aistudio.db.tables import Photo
from aistudio.ingest import importer as registry
from aistudio.ingest.importer import create_model, import_photos
from aistudio.media.identity import descriptor, distance_to
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.photos import variant


def test_photos_of_the_same_person_are_close() -> None:
    from aistudio.media.faces import get_detector

    a, b = variant(0), variant(3)
    da = descriptor(a, get_detector().detect(a)[0])
    db = descriptor(b, get_detector().detect(b)[0])
    assert len(da) == 128
    gap = distance_to(da, [db])
    assert gap is not None and gap < 0.4  # same person: about 0.2 here
    assert distance_to(da, []) is None


def test_sources_are_stored_with_their_identity_and_not_flagged(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    make_model(studio, photos, sources=3, targets=1)
    with studio.session() as session:
        sources = session.exec(select(Photo).where(Photo.role == "source")).all()
    assert [len(json.loads(s.descriptor_json)) for s in sources] == [128, 128, 128]
    assert sources[0].identity_distance is None  # the first has nothing to compare with
    assert all(s.identity_distance is not None and s.identity_distance < 0.6 for s in sources[1:])
    assert not any(s.identity_flag for s in sources)


def test_a_different_person_is_flagged_and_left_out_of_runs(
    studio: Studio, photos: dict[str, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    create_model(studio, "andie")
    from aistudio.consent.records import set_consent

    set_consent(studio, "andie", kind="synthetic", scopes="sfw", attest_adult=True)
    import_photos(studio, "andie", photos["sources"][:2], role="source")
    import_photos(studio, "andie", photos["targets"][:1], role="target", category="sfw")
    # No second person's photo ships with a clear license, so the descriptor of "someone
    # else" is given here: far from the others, as dlib reports for different people.
    real = registry.descriptor
    monkeypatch.setattr(
        registry, "descriptor", lambda image, face: [v + 0.1 for v in real(image, face)]
    )
    report = import_photos(studio, "andie", photos["sources"][2:3], role="source")
    assert [name for name, _ in report.strangers] == ["andie-source-3.jpg"]
    assert report.strangers[0][1] > 0.6
    plan = processing.plan_pairs(studio, model="andie")
    assert {p.source for p in plan.pairs} == {1, 2}
    assert plan.excluded[0][0] == "andie-source-3.jpg"
    assert "different person" in plan.excluded[0][1]


def test_the_descriptor_is_dlibs_on_the_whole_image() -> None:
    """Read from a crop around the face, it is the number dlib gives on the whole image."""
    import dlib
    import numpy as np

    from aistudio.media.faces import Face, get_detector
    from aistudio.media.identity import _load
    from tests.fakes.photos import astronaut

    image = astronaut(2048)
    found = get_detector().detect(image)[0]
    predictor, resnet = _load()
    rgb = np.ascontiguousarray(image[:, :, ::-1])
    # The detected face, and one whose box runs off the image's top-left corner.
    for face in (found, Face(-20.0, -10.0, found.w, found.h, found.score, found.landmarks)):
        x0, y0 = int(face.x), int(face.y)
        box = dlib.rectangle(x0, y0, int(face.x + face.w), int(face.y + face.h))
        whole = [float(v) for v in resnet.compute_face_descriptor(rgb, predictor(rgb, box))]
        assert descriptor(image, face) == whole
