"""A person's keep/reject of single images: a new version beside the automatic choice, the same
change the same version, and the rules a put-back image must still pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from aistudio import captions, dataset
from aistudio.consent.records import revoke_consent
from aistudio.core.errors import ConsentError, ImageRejected, UserError
from aistudio.dataset.candidates import SCORER_VERSION
from aistudio.dataset.crops import plan_crop
from aistudio.dataset.overrides import Change, override_dataset
from aistudio.dataset.versions import items_of, version_row
from aistudio.db.tables import AuditEvent, ImageScore
from aistudio.studio import Studio
from tests.cli import aistudio
from tests.fakes.datasets import processed


def _images(info: dataset.DatasetInfo) -> dict[str, bytes]:
    """Each included candidate's training image bytes, by candidate file."""
    folder = Path(info.path) / "imagefolder"
    return {str(i["file"]): (folder / str(i["image"])).read_bytes() for i in info.included}


def _rescore(studio: Studio, sha: str, **changes: object) -> None:
    """Change an image's stored scores (as if the measures had found this)."""
    with studio.session() as session:
        row = session.exec(
            select(ImageScore).where(ImageScore.sha256 == sha, ImageScore.version == SCORER_VERSION)
        ).one()
        row.scores_json = json.dumps({**json.loads(row.scores_json), **changes})
        session.add(row)


@pytest.fixture
def built(studio: Studio, tmp_path: Path) -> tuple[str, dataset.DatasetInfo]:
    """A model's v1: 4 of its 6 results in, 2 out (quality)."""
    name = processed(studio, tmp_path)
    info = dataset.build_dataset(studio, name, max_images=4)
    assert len(info.included) == 4 and [e["reason"] for e in info.excluded] == ["quality"] * 2
    return name, info


def test_an_override_writes_a_new_version_beside_the_automatic_choice(
    studio: Studio, built: tuple[str, dataset.DatasetInfo]
) -> None:
    name, v1 = built
    gone, back = str(v1.included[1]["file"]), str(v1.excluded[0]["file"])
    changes = [
        Change(file=gone, keep=False, reason="eyes closed"),
        Change(file=back.rsplit("/", 1)[-1], keep=True, reason="best smile"),  # by file name
    ]
    v2 = override_dataset(studio, name, 1, changes, actor="api:ada")
    assert (v2.version, v2.new, v2.overridden_from) == (2, True, 1)
    assert v2.reviewed_by is None and v2.hash != v1.hash
    inside = {str(i["file"]): i for i in v2.included}
    outside = {str(i["file"]): i for i in v2.excluded}
    assert set(inside) == {str(i["file"]) for i in v1.included} - {gone} | {back}
    # The person's choice and the automatic one, side by side.
    assert outside[gone]["reason"] == "override" and outside[gone]["detail"] == "eyes closed"
    assert (outside[gone]["auto_included"], outside[gone]["override_by"]) == (True, "api:ada")
    assert (inside[back]["auto_included"], inside[back]["override_reason"]) == (False, "best smile")
    untouched = str(v1.excluded[1]["file"])
    assert outside[untouched]["reason"] == "quality" and "auto_included" not in outside[untouched]
    # Kept images are the very bytes trained before; the one put back is cropped like a build.
    before, after = _images(v1), _images(v2)
    assert all(after[f] == before[f] for f in inside if f != back)
    scores = inside[back]["scores"]
    assert isinstance(scores, dict)
    crop = plan_crop(scores["width"], scores["height"], tuple(scores["face_box"]), "sdxl")  # type: ignore[arg-type]
    assert inside[back]["crop"] == crop.to_list() and after[back][:2] == b"\xff\xd8"
    assert Path(v2.contact_sheet).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    lines = (Path(v2.path) / "imagefolder" / "metadata.jsonl").read_text().splitlines()
    assert len(lines) == 4
    assert {json.loads(x)["text"] for x in lines} == {"a photo of andie, person"}
    with studio.read() as session:
        (entry,) = session.exec(
            select(AuditEvent).where(AuditEvent.action == "dataset.override")
        ).all()
    detail = json.loads(entry.detail)
    assert entry.actor == "api:ada" and detail["keep"] == [back] and detail["reject"] == [gone]
    assert (detail["dataset_version"], detail["base_version"]) == (2, 1)
    # The same change again: the same content, the same version; nothing written.
    again = override_dataset(studio, name, 1, changes, actor="api:ada")
    assert (again.version, again.hash, again.new) == (2, v2.hash, False)
    # Another change on v2: what was overridden before keeps its override.
    other = str(v2.included[0]["file"])
    v3 = override_dataset(
        studio, name, 2, [Change(file=other, keep=False, reason="blurry")], actor="api:ben"
    )
    out3 = {str(i["file"]): i for i in v3.excluded}
    in3 = {str(i["file"]): i for i in v3.included}
    assert v3.version == 3 and out3[other]["override_by"] == "api:ben"
    assert out3[gone]["override_by"] == "api:ada" and in3[back]["override_by"] == "api:ada"
    assert [v.number for v in dataset.list_datasets(studio, name)] == [1, 2, 3]
    # Captioning it makes a version captioned from v3, not one a person overrode.
    captioned = captions.caption_dataset(studio, name, 3, "tagger")
    assert (captioned.captioned_from, captioned.overridden_from) == (3, None)


def test_captions_carry_over_and_the_new_version_is_not_reviewed(
    studio: Studio, built: tuple[str, dataset.DatasetInfo]
) -> None:
    name, _ = built
    captioned = captions.caption_dataset(studio, name, 1, "tagger")
    edits = {str(i["image"]): f"a photo of andie, person, picture {i['image']}"
             for i in captioned.included}  # fmt: skip
    approved = captions.edit_captions(
        studio, name, edits, version=captioned.version, author="ada", approve=True
    )
    assert approved.reviewed_by == "ada"
    gone = str(approved.included[0]["file"])
    made = override_dataset(
        studio, name, approved.version, [Change(file=gone, keep=False, reason="x")], actor="ada"
    )
    assert made.reviewed_by is None and made.captioner == "edit"
    by_file = {str(i["file"]): i["caption"] for i in approved.included}
    assert len(made.included) == 3
    assert all(i["caption"] == by_file[str(i["file"])] for i in made.included)


def test_a_put_back_image_must_still_pass_the_face_and_consent_rules(
    studio: Studio, built: tuple[str, dataset.DatasetInfo]
) -> None:
    name, v1 = built
    faceless, explicit = v1.excluded[0], v1.excluded[1]
    sha = {i.file: i.sha256 for i in items_of(studio, version_row(studio, name, 1))}
    _rescore(studio, sha[str(faceless["file"])], face_box=None)
    _rescore(studio, sha[str(explicit["file"])], label_scores=[["FEMALE_GENITALIA_EXPOSED", 0.99]])
    with pytest.raises(ImageRejected, match=r"no face") as refused:
        override_dataset(
            studio, name, 1, [Change(file=str(faceless["file"]), keep=True, reason="r")], actor="a"
        )
    assert refused.value.rule == "no_face"
    with pytest.raises(ConsentError, match=r"nsfw scope \[rule: nsfw_scope\]"):
        override_dataset(
            studio, name, 1, [Change(file=str(explicit["file"]), keep=True, reason="r")], actor="a"
        )
    with pytest.raises(UserError, match=r"no candidate named 'nobody\.jpg'"):
        override_dataset(
            studio, name, 1, [Change(file="nobody.jpg", keep=True, reason="r")], actor="a"
        )
    twice = [Change(file=str(v1.included[0]["file"]), keep=False, reason="r")] * 2
    with pytest.raises(UserError, match="given twice"):
        override_dataset(studio, name, 1, twice, actor="a")
    everyone = [Change(file=str(i["file"]), keep=False, reason="r") for i in v1.included]
    with pytest.raises(UserError, match="nothing would be left"):
        override_dataset(studio, name, 1, everyone, actor="a")
    assert [v.number for v in dataset.list_datasets(studio, name)] == [1]  # nothing written
    revoke_consent(studio, name)
    with pytest.raises(ConsentError, match="no consent in force"):
        override_dataset(studio, name, 1, everyone[:1], actor="a")


def test_the_cli_overrides_with_one_reason(
    studio: Studio, built: tuple[str, dataset.DatasetInfo], tmp_path: Path
) -> None:
    name, v1 = built
    gone = str(v1.included[0]["file"]).rsplit("/", 1)[-1]
    back = str(v1.excluded[0]["file"]).rsplit("/", 1)[-1]
    proc = aistudio(tmp_path, "dataset", "override", name, "1", "--reject", gone, "--keep", back,
                    "--reason", "a person looked")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "dataset v2" in proc.stdout
    v2 = dataset.show_dataset(studio, name, 2)
    assert {str(i["override_reason"]) for i in v2.included + v2.excluded if "override_by" in i} == {
        "a person looked"
    }
    missing = aistudio(tmp_path, "dataset", "override", name, "1", "--reason", "r")
    assert missing.returncode == 2 and "--keep or --reject" in missing.stderr
