"""Dataset versions built from a processed model: folders trainers read, stable content hashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from aistudio import dataset
from aistudio.consent.records import set_consent
from aistudio.core.config import save_model_config
from aistudio.core.errors import ConfigError, ConsentError, InvalidName, UserError
from aistudio.dataset.scores import ImageScores
from aistudio.dataset.writer import Entry, write_folder
from aistudio.db.tables import ImageScore
from aistudio.ingest.importer import create_model, import_photos
from aistudio.provenance.stamp import COMPOSITE, inspect_file
from aistudio.provenance.verify import verify
from aistudio.studio import Studio
from aistudio.training import TrainParams, list_loras, train_model
from tests.cli import aistudio
from tests.conftest import make_model
from tests.fakes.datasets import processed
from tests.fakes.drive import drive
from tests.fakes.photos import photo_set, training_photos, write_jpeg


def test_a_build_writes_kohya_and_imagefolder_layouts_and_rebuilds_to_the_same_version(
    studio: Studio, tmp_path: Path
) -> None:
    name = processed(studio, tmp_path)
    with pytest.raises(UserError, match="no datasets"):
        dataset.show_dataset(studio, name)
    info = dataset.build_dataset(studio, name)
    assert info.new and info.version == 1 and len(info.included) == 6, info.excluded
    root = Path(info.path)
    assert root == studio.home / "models/andie/datasets/v1"
    kohya = root / "kohya" / "20_andie person"  # 200 views an epoch over 6 images, at most 20
    images = sorted(kohya.glob("*.jpg"))
    assert [p.name for p in images] == [f"{i:03d}.jpg" for i in range(1, 7)]
    assert (kohya / "001.txt").read_text() == "a photo of andie, person\n"
    toml = (root / "kohya" / "dataset.toml").read_text()
    # image_dir relative to the toml's folder (sd-scripts is run from there), not absolute
    assert 'caption_extension = ".txt"' in toml and 'image_dir = "20_andie person"' in toml
    assert str(root) not in toml
    lines = [json.loads(x) for x in (root / "imagefolder/metadata.jsonl").read_text().splitlines()]
    assert [x["file_name"] for x in lines] == [p.name for p in images]
    assert {x["text"] for x in lines} == {"a photo of andie, person"}
    assert (root / "imagefolder" / "001.jpg").read_bytes() == images[0].read_bytes()
    # Crops land in SDXL buckets, and each still says it is AI-made, mark included.
    for item in info.included:
        crop = item["crop"]
        assert isinstance(crop, list) and tuple(crop[4:]) in dataset.crops.buckets("sdxl")
    sheet = Path(info.contact_sheet)
    assert sheet == root / "report" / "contact-sheet.png"
    assert sheet.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The sheet shows AI results: it says so like every output (XMP, watermark, signed C2PA).
    (said,) = verify(studio, [sheet])
    assert said.ai_marked and said.findings.source_type == COMPOSITE
    assert said.findings.manifest_state == "Valid"
    assert said.findings.manifest_source_type == COMPOSITE
    assert said.findings.watermark_id == said.findings.xmp_mark is not None
    assert (said.mark_model, said.mark_run) == (name, "dataset-v1")
    assert (root / "report" / "histograms.png").stat().st_size > 1000
    found = inspect_file(images[0])
    assert found.source_type == COMPOSITE and found.watermark_id is not None and found.manifest
    # The same inputs: the same version, nothing written again.
    mtime = images[0].stat().st_mtime_ns
    again = dataset.build_dataset(studio, name)
    assert (again.version, again.hash, again.new) == (1, info.hash, False)
    assert images[0].stat().st_mtime_ns == mtime
    # Other crops (SD 1.5 buckets), then another caption: each a new version with its own hash.
    sd15 = dataset.build_dataset(studio, name, family="sd15")
    assert sd15.version == 2 and sd15.hash != info.hash
    assert {tuple(i["crop"][4:]) for i in sd15.included} <= set(dataset.crops.buckets("sd15"))  # type: ignore[index]
    config = studio.config(name)
    config.class_word = "woman"
    save_model_config(studio.paths(name).config, config)
    woman = dataset.build_dataset(studio, name)
    assert woman.version == 3 and woman.hash not in (info.hash, sd15.hash)
    assert (Path(woman.path) / "kohya" / "20_andie woman" / "001.txt").is_file()
    assert [v.number for v in dataset.list_datasets(studio, name)] == [1, 2, 3]
    assert dataset.show_dataset(studio, name, 1).hash == info.hash


def test_the_cli_builds_lists_and_shows_json(studio: Studio, tmp_path: Path) -> None:
    name = processed(studio, tmp_path)
    proc = aistudio(tmp_path, "dataset", "build", name, "--max", "4", "--include-sources")
    assert proc.returncode == 0, proc.stderr
    assert "Training dataset v1: 4 images in" in proc.stdout
    shown = json.loads(aistudio(tmp_path, "dataset", "show", name, "--json").stdout)
    assert {"version", "hash", "path", "included", "excluded"} <= shown.keys()
    assert len(shown["included"]) == 4 and all(
        "file" in i and "scores" in i for i in shown["included"]
    )
    assert shown["excluded"] and all(
        i["reason"] in dataset.REASONS and i["file"] for i in shown["excluded"]
    )
    # The only source is kept out of training as the identity reference.
    assert shown["holdout"] == ["models/andie/source/andie-source-1.jpg"]
    assert "v1" in aistudio(tmp_path, "dataset", "list", name).stdout
    missing = aistudio(tmp_path, "dataset", "show", name, "7")
    assert missing.returncode == 2 and "no dataset v7" in missing.stderr
    assert "Traceback" not in missing.stderr


def mixed(studio: Studio, tmp_path: Path, name: str = "andie") -> str:
    """A model with sfw,nsfw consent whose source was swapped onto 3 sfw and 3 nsfw targets
    (harmless portraits: the classifier calls every one safe)."""
    folder = tmp_path / "targets"
    good = list(training_photos().items())[:6]
    targets = [write_jpeg(folder / f"{k}.jpg", img) for k, img in good]
    sources = photo_set(tmp_path / "faces", "face", 2)
    make_model(studio, {"sources": sources, "targets": targets}, name, sources=1, targets=3,
               scopes="sfw,nsfw")  # fmt: skip
    import_photos(studio, name, targets[3:], role="target", category="nsfw")
    assert drive(studio, name, "local", 2).done == 6
    return name


def test_a_consent_narrowed_to_sfw_keeps_nsfw_pairs_out_of_datasets_and_loras(
    studio: Studio, tmp_path: Path
) -> None:
    name = mixed(studio, tmp_path)
    wide = dataset.build_dataset(studio, name)
    files = [str(i["file"]) for i in wide.included + wide.excluded]
    assert sum("-nsfw-" in f for f in files) == 3 and len(files) == 6
    set_consent(studio, name, kind="synthetic", scopes="sfw", attest_adult=True)
    # The classifier called every nsfw result safe (stored so): the category still decides.
    with studio.read() as session:
        stored = [ImageScores.model_validate_json(r.scores_json) for r in
                  session.exec(select(ImageScore)).all()]  # fmt: skip
    assert len(stored) == 6 and not any(s.explicit for s in stored)
    narrow = dataset.build_dataset(studio, name)
    files = [str(i["file"]) for i in narrow.included + narrow.excluded]
    assert narrow.version == 2 and len(files) == 3
    assert all("-sfw-" in f and "-nsfw-" not in f for f in files), files
    # The dataset built before the narrowing trains no LoRA now, reviewed or not.
    with pytest.raises(ConsentError, match="nsfw consent scope"):
        train_model(studio, name, "unused", TrainParams(steps=1), dataset_version=1,
                    unreviewed=True)  # fmt: skip
    assert show_lora_count(studio, name) == 0


def show_lora_count(studio: Studio, name: str) -> int:
    return len(list_loras(studio, name))


def test_stored_labels_are_judged_at_todays_threshold_and_1_0_is_refused(
    studio: Studio, tmp_path: Path
) -> None:
    name = processed(studio, tmp_path)
    first = dataset.build_dataset(studio, name)
    assert len(first.included) == 6
    # One image's stored verdict says safe (judged at 0.9), its labels say 0.6 exposed.
    with studio.session() as session:
        row = session.exec(select(ImageScore)).first()
        assert row is not None
        scores = ImageScores.model_validate_json(row.scores_json)
        row.scores_json = scores.model_copy(
            update={"explicit": False, "label_scores": [("FEMALE_BREAST_EXPOSED", 0.6)]}
        ).model_dump_json()
        session.add(row)
    again = dataset.build_dataset(studio, name)  # today's threshold: 0.5
    out = [i for i in again.excluded if i["reason"] == "nsfw_scope"]
    assert len(again.included) == 5 and len(out) == 1
    config_file = studio.paths(name).config
    raw = json.loads(config_file.read_text())
    raw["thresholds"]["nsfw_score"] = 1.0  # would switch the gate off
    config_file.write_text(json.dumps(raw))
    with pytest.raises(ConfigError, match="nsfw_score"):
        studio.config(name)
    proc = aistudio(tmp_path, "dataset", "build", name)
    assert proc.returncode == 2 and "nsfw_score" in proc.stderr and "Traceback" not in proc.stderr


# Seven '..' climb from the kohya folder of the build's temp folder to above the studio home.
ESCAPE = "x/../../../../../../../OUTSIDE"


def test_a_trigger_that_climbs_out_of_the_dataset_writes_nothing_outside(tmp_path: Path) -> None:
    dest = tmp_path / "studio/models/andie/datasets/v1"
    entry = Entry("001.jpg", b"\xff\xd8 not really", "a photo of x", (512, 512))
    for trigger, class_word in ((ESCAPE, "person"), ("andie", "../../../../../OUTSIDE")):
        with pytest.raises(InvalidName, match="invalid"):
            write_folder(dest, [entry], trigger=trigger, class_word=class_word, resolution=512,
                         manifest={})  # fmt: skip
    assert not list(tmp_path.rglob("*OUTSIDE*")) and not list(tmp_path.rglob("001.jpg"))
    assert not dest.exists()


def test_a_hand_edited_config_with_a_path_for_a_trigger_is_refused_on_load(
    studio: Studio, tmp_path: Path
) -> None:
    create_model(studio, "andie", trigger="ohwx", class_word="young man")
    config = studio.paths("andie").config
    data = json.loads(config.read_text())
    config.write_text(json.dumps({**data, "trigger": ESCAPE}))
    with pytest.raises(ConfigError, match=r"config\.json: trigger: .*invalid trigger"):
        dataset.build_dataset(studio, "andie")
    proc = aistudio(tmp_path, "dataset", "build", "andie")
    assert proc.returncode == 2 and "invalid trigger" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    made = aistudio(tmp_path, "model", "create", "bob", "--trigger", ESCAPE)
    assert made.returncode == 2 and "invalid trigger" in made.stderr, made.stderr
    assert not (studio.home / "models" / "bob").exists()
    assert not list(tmp_path.rglob("*OUTSIDE*"))
