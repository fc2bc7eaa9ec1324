"""Creating models and importing photos (aistudio.ingest.importer): copies only, rules enforced."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlmodel import select

from aistudio.core.errors import InvalidName, ModelExists, UserError
from aistudio.core.fs import sha256_bytes
from aistudio.db import queries
from aistudio.db.tables import Photo, Rejection
from aistudio.ingest.importer import create_model, import_photos, parse_path_list
from aistudio.studio import Studio
from tests.fakes.photos import astronaut, write_jpeg


def _snapshot(files: list[Path]) -> dict[Path, tuple[bytes, int]]:
    return {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}


def _photos(studio: Studio, name: str) -> list[Photo]:
    with studio.session() as s:
        model_id = queries.get_model_id(s, name=name)
        return list(s.exec(select(Photo).where(Photo.model_id == model_id)).all())


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_create_model_makes_folders_and_config(studio: Studio) -> None:
    paths = create_model(studio, "andie")
    root = studio.home / "models" / "andie"
    assert paths.root == root
    for sub in ("source", "targets/nsfw", "targets/sfw", "results"):
        assert (root / sub).is_dir(), sub
    config = json.loads((root / "config.json").read_text())
    assert config["trigger"] == "andie"
    assert config["class_word"] == "person"
    assert studio.config("andie").trigger == "andie"
    with studio.session() as s:
        assert [m.name for m in queries.list_models(s)] == ["andie"]

    create_model(studio, "blondie", trigger="bl0nd", class_word="woman")
    assert studio.config("blondie").trigger == "bl0nd"
    assert studio.config("blondie").class_word == "woman"


def test_create_model_refuses_duplicates_and_keeps_the_config(studio: Studio) -> None:
    paths = create_model(studio, "andie", trigger="first")
    edited = paths.config.read_text().replace('"provider": "local"', '"provider": "fake"')
    paths.config.write_text(edited)
    with pytest.raises(ModelExists, match="'andie'"):
        create_model(studio, "andie", trigger="second")
    assert paths.config.read_text() == edited
    assert studio.config("andie").trigger == "first"


@pytest.mark.parametrize("name", ["../x", "a b", "", "A", "-x", "a" * 41, "models", "con", "x/y"])
def test_create_model_refuses_unsafe_names_and_writes_nothing(studio: Studio, name: str) -> None:
    with pytest.raises(InvalidName):
        create_model(studio, name)
    assert not (studio.home / "models").exists()
    assert not (studio.home / "x").exists()
    assert not (studio.home.parent / "x").exists()
    with studio.session() as s:
        assert queries.list_models(s) == []


def test_import_copies_renames_and_records(studio: Studio, photos: dict[str, list[Path]]) -> None:
    create_model(studio, "andie")
    originals = photos["sources"][:2] + photos["targets"][:1]
    before = _snapshot(originals)

    src = import_photos(studio, "andie", photos["sources"][:2], role="source")
    tgt = import_photos(studio, "andie", photos["targets"][:1], role="target", category="nsfw")

    paths = studio.paths("andie")
    assert [new for _, new in src.imported] == ["andie-source-1.jpg", "andie-source-2.jpg"]
    assert [new for _, new in tgt.imported] == ["andie-t001-nsfw.jpg"]
    assert src.faces == {"andie-source-1.jpg": 1, "andie-source-2.jpg": 1}
    assert tgt.faces["andie-t001-nsfw.jpg"] >= 1
    assert not src.rejected and not src.duplicates and not tgt.rejected
    assert _files(paths.source_dir) == ["andie-source-1.jpg", "andie-source-2.jpg"]
    assert _files(paths.target_dir("nsfw")) == ["andie-t001-nsfw.jpg"]
    assert _files(paths.target_dir("sfw")) == []

    rows = {p.path: p for p in _photos(studio, "andie")}
    assert set(rows) == {
        "models/andie/source/andie-source-1.jpg",
        "models/andie/source/andie-source-2.jpg",
        "models/andie/targets/nsfw/andie-t001-nsfw.jpg",
    }
    first = rows["models/andie/source/andie-source-1.jpg"]
    assert first.original_path == str(photos["sources"][0].resolve())
    assert first.original_sha256 == sha256_bytes(photos["sources"][0].read_bytes())
    stored = studio.home / first.path
    assert first.sha256 == sha256_bytes(stored.read_bytes())
    assert (first.role, first.category, first.number) == ("source", None, 1)
    assert (first.width, first.height) == (1024, 1024)
    assert len(json.loads(first.faces_json)) == 1
    target = rows["models/andie/targets/nsfw/andie-t001-nsfw.jpg"]
    assert (target.role, target.category, target.number) == ("target", "nsfw", 1)

    # The originals are read, never modified, moved or deleted.
    assert _snapshot(originals) == before


def test_reimport_of_the_same_content_is_a_no_op(
    studio: Studio, photos: dict[str, list[Path]], tmp_path: Path
) -> None:
    create_model(studio, "andie")
    import_photos(studio, "andie", photos["sources"][:1], role="source")
    renamed = tmp_path / "renamed copy.jpg"
    shutil.copyfile(photos["sources"][0], renamed)

    again = import_photos(studio, "andie", [photos["sources"][0], renamed], role="source")

    assert again.imported == []
    assert again.duplicates == [
        (str(photos["sources"][0]), "andie-source-1.jpg"),
        (str(renamed), "andie-source-1.jpg"),
    ]
    assert _files(studio.paths("andie").source_dir) == ["andie-source-1.jpg"]
    assert len(_photos(studio, "andie")) == 1


def test_folder_input_imports_image_files_only(
    studio: Studio, photos: dict[str, list[Path]], tmp_path: Path
) -> None:
    create_model(studio, "andie")
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copyfile(photos["targets"][1], folder / "beach.JPG")
    shutil.copyfile(photos["targets"][2], folder / ".hidden.jpg")  # a valid image, but hidden
    (folder / "notes.txt").write_text("not a photo")
    (folder / "sub").mkdir()
    shutil.copyfile(photos["targets"][3], folder / "sub" / "nested.jpg")

    report = import_photos(studio, "andie", [folder], role="target", category="sfw")

    assert report.imported == [(str(folder / "beach.JPG"), "andie-t001-sfw.jpg")]
    assert not report.rejected and not report.duplicates
    assert _files(studio.paths("andie").target_dir("sfw")) == ["andie-t001-sfw.jpg"]
    with studio.session() as s:
        assert s.exec(select(Rejection)).all() == []


def test_folder_without_images_is_a_user_error(studio: Studio, tmp_path: Path) -> None:
    create_model(studio, "andie")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.txt").write_text("x")
    with pytest.raises(UserError, match="no image files"):
        import_photos(studio, "andie", [tmp_path / "empty"], role="source")


def test_targets_need_a_category(studio: Studio, photos: dict[str, list[Path]]) -> None:
    create_model(studio, "andie")
    with pytest.raises(UserError, match="category"):
        import_photos(studio, "andie", photos["targets"][:1], role="target")
    assert _photos(studio, "andie") == []


def test_bad_files_are_rejected_with_their_rule(
    studio: Studio, photos: dict[str, list[Path]], tmp_path: Path
) -> None:
    create_model(studio, "andie")
    bad = tmp_path / "bad"
    bad.mkdir()
    zero = bad / "zero.jpg"
    zero.write_bytes(b"")
    text = bad / "text.jpg"
    text.write_text("this is not a JPEG\n" * 20)
    truncated = bad / "truncated.jpg"
    truncated.write_bytes(photos["sources"][0].read_bytes()[:20_000])
    tiny = write_jpeg(
        bad / "tiny.jpg", np.asarray(cv2.resize(astronaut(512), (100, 100)), dtype=np.uint8)
    )
    ramp = np.linspace(0, 255, 1024, dtype=np.uint8)
    gradient = write_jpeg(
        bad / "gradient.jpg", np.ascontiguousarray(np.repeat(ramp[None, :, None], 3, 2)[[0] * 1024])
    )
    face = astronaut(800)
    two_faces = write_jpeg(bad / "two.jpg", np.ascontiguousarray(np.hstack([face, face])))
    good = photos["sources"][2]
    expected = {
        zero: "decodes",
        text: "decodes",
        truncated: "decodes",
        tiny: "min-side",
        gradient: "face",
        two_faces: "one-face",
    }
    before = _snapshot([*expected, good])

    report = import_photos(studio, "andie", [*expected, good], role="source")

    assert {exc.path: exc.rule for exc in report.rejected} == {
        str(p): rule for p, rule in expected.items()
    }
    for exc in report.rejected:
        assert exc.path in str(exc) and exc.rule in str(exc) and exc.detail
    assert report.imported == [(str(good), "andie-source-1.jpg")]
    with studio.session() as s:
        rows = s.exec(select(Rejection)).all()
        model_id = queries.get_model_id(s, name="andie")
    assert {(r.path, r.rule) for r in rows} == {(str(p), rule) for p, rule in expected.items()}
    assert all(r.model_id == model_id and r.detail for r in rows)
    assert _files(studio.paths("andie").source_dir) == ["andie-source-1.jpg"]
    assert len(_photos(studio, "andie")) == 1
    # No partial or temporary files anywhere, and the rejected originals are left as they were.
    assert [p for p in studio.home.rglob("*") if p.name.endswith(".tmp")] == []
    assert _snapshot([*expected, good]) == before


def test_two_faces_are_fine_in_a_target(studio: Studio, tmp_path: Path) -> None:
    create_model(studio, "andie")
    face = astronaut(800)
    group = write_jpeg(tmp_path / "group.jpg", np.ascontiguousarray(np.hstack([face, face])))
    report = import_photos(studio, "andie", [group], role="target", category="sfw")
    assert report.imported == [(str(group), "andie-t001-sfw.jpg")]
    assert report.faces["andie-t001-sfw.jpg"] == 2


def test_parse_path_list() -> None:
    assert parse_path_list("a.jpg, 'b c.jpg', \"d.jpg\", e\\ f.jpg") == [
        "a.jpg",
        "b c.jpg",
        "d.jpg",
        "e f.jpg",
    ]
    assert parse_path_list("  /x/one.jpg ,, ") == ["/x/one.jpg"]
    assert parse_path_list("") == []


def test_parse_path_list_keeps_commas_inside_quotes() -> None:
    """Quoting is how a user passes a name that holds the separator."""
    assert parse_path_list("'Paris, 2019.jpg', b.jpg") == ["Paris, 2019.jpg", "b.jpg"]
