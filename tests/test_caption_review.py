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
from tests.fakes.datasets import processed


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


def test_captions_and_review_fields_are_bounded_and_approval_is_audited(
    studio: Studio, captioned: str
) -> None:
    from aistudio.captions.template import MAX_CAPTION_CHARS, MAX_TSV_BYTES
    from aistudio.consent import audit
    from aistudio.db import queries

    first = str(dataset.show_dataset(studio, captioned).included[0]["image"])
    long = "a photo of andie, person, " + "x" * MAX_CAPTION_CHARS
    with pytest.raises(UserError, match=f"at most {MAX_CAPTION_CHARS}"):
        captions.edit_captions(studio, captioned, {first: long}, author="ana")
    escaped = "a photo of andie, person, \x1b]8;;http://evil\x07click\x1b[2J"
    with pytest.raises(UserError, match="control characters"):
        captions.edit_captions(studio, captioned, {first: escaped}, author="ana")
    with pytest.raises(UserError, match="TSV size"):
        captions.from_tsv(f"{first}\t" + "a" * (MAX_TSV_BYTES + 1))
    # The API's path: who acts is given, and nobody is not an answer.
    for nobody in ("", "   ", "\x1b[31mred"):
        with pytest.raises(UserError, match="rule: approval names who approved"):
            captions.apply_review(studio, captioned, 2, {}, approved=True, author=nobody)
    assert dataset.show_dataset(studio, captioned, 2).reviewed_by is None
    captions.apply_review(studio, captioned, 2, {}, approved=True, author="ana@studio")
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=captioned)
        events = [e for e in audit.events(session, model_id=model_id)
                  if e.action == "captions.approve"]  # fmt: skip
    assert [(e.actor, json.loads(e.detail)["dataset_version"]) for e in events] == [
        ("ana@studio", 2)
    ]


def test_the_review_form_approves_only_when_the_reviewer_acts() -> None:
    import pydantic

    from tasks.captions import CaptionReview

    with pytest.raises(pydantic.ValidationError):
        CaptionReview()  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError):
        CaptionReview(reviewer="")
    assert CaptionReview(reviewer="ana").approve is False


def test_captions_show_and_log_print_terminal_escapes_escaped(
    studio: Studio, captioned: str, tmp_path: Path
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text(
        "#!/bin/sh\nsed -i 's/^002.jpg\\t.*/002.jpg\\ta photo of andie, person, outdoors/' \"$1\"\n"
    )
    editor.chmod(0o755)
    actor = "ana\x1b[2J"  # an actor name from the environment, with a clear-screen escape
    done = aistudio(
        tmp_path, "captions", "edit", captioned, EDITOR=str(editor), AISTUDIO_ACTOR=actor
    )
    assert done.returncode == 0, done.stderr
    log = aistudio(tmp_path, "captions", "log", captioned, "3")
    assert "\x1b" not in log.stdout and "ana\\x1b[2J" in log.stdout
