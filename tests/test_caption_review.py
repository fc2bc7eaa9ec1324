"""Caption review: edits checked and kept as a new version with an audit log, then approved;
the CLI's `captions edit` through a scripted $EDITOR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aistudio import captions, dataset
from aistudio.core.errors import UserError
from aistudio.studio import Studio
from tests.cli import aistudio
from tests.test_datasets import processed


@pytest.fixture
def captioned(studio: Studio, tmp_path: Path) -> str:
    name = processed(studio, tmp_path)
    dataset.build_dataset(studio, name, max_images=3)
    captions.caption_dataset(studio, name)  # v2
    return name


def test_edits_make_a_new_version_logged_with_who_and_when(studio: Studio, captioned: str) -> None:
    v2 = dataset.show_dataset(studio, captioned)
    assert v2.version == 2 and v2.captioner == "tagger" and v2.reviewed_by is None
    first, second = (str(i["image"]) for i in v2.included[:2])
    with pytest.raises(UserError, match=r"001.jpg: uses banned words: blonde hair"):
        captions.edit_captions(
            studio, captioned, {first: "a photo of andie, person, blonde hair"}, author="ana"
        )
    with pytest.raises(UserError, match="does not start with 'a photo of andie'"):
        captions.edit_captions(studio, captioned, {first: "andie on a beach"}, author="ana")
    assert [v.number for v in dataset.list_datasets(studio, captioned)] == [1, 2]  # none saved
    edits = {
        first: "a photo of andie, person, on a beach at sunset",
        second: "a photo of andie, person, reading in a cafe",
    }
    v3 = captions.edit_captions(studio, captioned, edits, author="ana", approve=True)
    assert (v3.version, v3.captioned_from, v3.reviewed_by) == (3, 2, "ana")
    assert v3.hash != v2.hash and v3.reviewed_at
    root = Path(v3.path)
    kohya = next((root / "kohya").glob("*_andie person"))
    assert (kohya / first).with_suffix(".txt").read_text() == edits[first] + "\n"
    lines = [json.loads(x) for x in (root / "imagefolder/metadata.jsonl").read_text().splitlines()]
    assert {x["file_name"]: x["text"] for x in lines}[second] == edits[second]
    log = captions.caption_log(studio, captioned, 3)
    assert [(e.image, e.source, e.author) for e in log] == [
        (first, "edit", "ana"),
        (second, "edit", "ana"),
    ]
    assert log[0].previous == v2.included[0]["caption"] and log[0].created_at is not None
    tagged = captions.caption_log(studio, captioned, 2)
    assert {e.source for e in tagged} == {"tagger"} and len(tagged) == len(v2.included)
    # The same edits again: the same content, the version that has it.
    assert captions.edit_captions(studio, captioned, edits, author="bo").version == 3


def test_approve_checks_every_caption_and_marks_the_version(studio: Studio, captioned: str) -> None:
    v1 = dataset.show_dataset(studio, captioned, 1)
    approved = captions.approve(studio, captioned, 1, author="ana")
    assert approved.reviewed_by == "ana" and approved.hash == v1.hash
    config = studio.config(captioned)
    config.captions.banned.append("person")  # every caption now breaks a rule
    from aistudio.core.config import save_model_config

    save_model_config(studio.paths(captioned).config, config)
    with pytest.raises(UserError, match=r"dataset v2 not approved: 001\.jpg: uses banned words"):
        captions.approve(studio, captioned, 2, author="ana")
    assert dataset.show_dataset(studio, captioned, 2).reviewed_by is None


def test_the_cli_edits_captions_in_the_editor_then_approves(
    studio: Studio, captioned: str, tmp_path: Path
) -> None:
    editor = tmp_path / "editor.sh"
    # Rewrites 002.jpg's caption, as a person would in the TSV.
    editor.write_text(
        "#!/bin/sh\n"
        "sed -i 's/^002.jpg\\t.*/002.jpg\\ta photo of andie, person, laughing outdoors/' \"$1\"\n"
    )
    editor.chmod(0o755)
    done = aistudio(tmp_path, "captions", "edit", captioned, EDITOR=str(editor))
    assert done.returncode == 0, done.stderr
    assert "1 captions changed: dataset v3" in done.stdout
    v3 = dataset.show_dataset(studio, captioned, 3)
    assert {i["image"]: i["caption"] for i in v3.included}["002.jpg"] == (
        "a photo of andie, person, laughing outdoors"
    )
    editor.write_text("#!/bin/sh\nsed -i 's/^002.jpg\\t.*/002.jpg\\tandie/' \"$1\"\n")
    bad = aistudio(tmp_path, "captions", "edit", captioned, EDITOR=str(editor))
    assert bad.returncode == 2 and "002.jpg: does not start with" in bad.stderr
    assert "Traceback" not in bad.stderr
    approved = aistudio(tmp_path, "captions", "approve", captioned)
    assert approved.returncode == 0 and "Dataset v3 approved by" in approved.stdout
    shown = aistudio(tmp_path, "captions", "show", captioned)
    assert "dataset v3 of andie: approved by" in shown.stdout
    log = aistudio(tmp_path, "captions", "log", captioned, "3")
    assert "laughing outdoors" in log.stdout and "edit" in log.stdout
