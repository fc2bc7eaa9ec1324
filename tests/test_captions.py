"""Captions: exact CLIP token counts, the template's rules, the tagger on a labelled set, and
captioned dataset versions."""

from __future__ import annotations

import json
from pathlib import Path

from aistudio import captions, dataset
from aistudio.captions.tagger import TagInput, gaze, tags
from aistudio.core.config import CaptionRules
from aistudio.media import measures
from aistudio.media.faces import get_detector
from aistudio.studio import Studio
from tests.cli import aistudio
from tests.fakes.datasets import processed
from tests.fakes.labelled import framings, looks

RULES = CaptionRules()


def test_clip_token_counts_match_clips_own_tokenizer(tmp_path: Path) -> None:
    from transformers import CLIPTokenizer

    from tests.fakes.clip import write_clip_tokenizer

    write_clip_tokenizer(tmp_path)
    reference = CLIPTokenizer.from_pretrained(tmp_path)
    texts = [
        "a photo of andie, person",
        "a photo of zxq9000, woman, close-up, looking at viewer, warm tones, backlit",
        "Ünïcode café naïve 123 tokens!!! it's don't",
        "a photo of andie, person, " + ", ".join(["upper body, dim lighting"] * 12),
    ]
    for text in texts:
        counted, exact = captions.count_tokens(text, "sdxl")
        assert exact and counted == len(reference(text).input_ids), text


def test_the_trigger_starts_the_caption_once_and_banned_words_never_appear() -> None:
    rules = CaptionRules(replace={"girl": "woman"}, max_words=8)
    made = captions.compose(
        "andie",
        "woman",
        ["portrait of andie", "blonde hair, blue eyes, smiling girl", "looking at viewer"],
        rules,
        "sdxl",
    )
    assert made.text.startswith("a photo of andie, woman, ")
    assert made.text.count("andie") == 1
    for banned in ("blonde hair", "blue eyes", "girl"):
        assert banned not in made.text
    assert "smiling woman" in made.text and made.exact and not made.warnings
    assert len(made.text.removeprefix("a photo of andie, woman, ").split()) <= 8
    parts = [f"detail {i}" for i in range(40)]  # distinct: repeated parts are dropped
    long = captions.compose("andie", "person", parts, CaptionRules(max_words=300), "sd15")
    assert long.tokens > 77 and "over the 77" in long.warnings[0]
    assert captions.check("a photo of andie, person, blonde hair", "andie", RULES) == [
        "uses banned words: blonde hair"
    ]
    problems = captions.check("andie and andie", "andie", RULES)
    assert len(problems) == 2 and "2 times" in problems[1]


def _tagged(image: object) -> list[str]:
    face = max(get_detector().detect(image), key=lambda f: f.score)  # type: ignore[arg-type]
    pose = measures.head_pose(face)
    assert pose is not None
    item = TagInput(image, (face.x, face.y, face.w, face.h), pose.yaw, pose.pitch)  # type: ignore[arg-type]
    return tags(item, allow_explicit=False)


def test_the_tagger_frames_and_poses_a_labelled_set_right() -> None:
    labelled = framings()
    wrong = {}
    for name, image, framing, looking in labelled:
        found = _tagged(image)
        if framing not in found or looking not in found:
            wrong[name] = found[:2]
    assert len(labelled) == 64 and len(wrong) / len(labelled) <= 0.1, wrong
    for looking in ("looking at viewer", "looking to the right", "looking to the left"):
        these = [n for n, _, _, g in labelled if g == looking]
        assert len([n for n in these if n not in wrong]) / len(these) >= 0.9, (looking, wrong)
    for name, image, label in looks():
        assert label in _tagged(image), name


def test_gaze_labels_and_content_labels_follow_their_rules() -> None:
    assert gaze(0, 5) == "looking at viewer" and gaze(None, None) == "looking at viewer"
    assert gaze(35, 0) == "looking to the right" and gaze(-35, 0) == "looking to the left"
    assert gaze(0, 40) == "looking down" and gaze(0, -30) == "looking up"
    _, image, _, _ = framings()[0]
    item = TagInput(image, None, labels=["FEMALE_BREAST_EXPOSED"])
    assert "female breast exposed" not in tags(item, allow_explicit=False)
    assert "female breast exposed" in tags(item, allow_explicit=True)


def test_captioning_a_version_writes_a_new_one_with_the_same_images(
    studio: Studio, tmp_path: Path
) -> None:
    name = processed(studio, tmp_path)
    first = dataset.build_dataset(studio, name)
    made = captions.caption_dataset(studio, name)
    assert made.new and made.version == 2 and made.hash != first.hash
    root, parent = Path(made.path), Path(first.path)
    kohya = root / "kohya" / "20_andie person"
    for item in made.included:
        text = str(item["caption"])
        assert text.startswith("a photo of andie, person, ") and text.count("andie") == 1
        assert (kohya / str(item["image"])).with_suffix(".txt").read_text() == text + "\n"
        same = parent / "kohya" / "20_andie person" / str(item["image"])
        assert (kohya / str(item["image"])).read_bytes() == same.read_bytes()
    lines = [json.loads(x) for x in (root / "imagefolder/metadata.jsonl").read_text().splitlines()]
    assert [x["text"] for x in lines] == [i["caption"] for i in made.included]
    assert json.loads((root / "dataset.json").read_text())["captioned_from"] == 1
    assert (root / "report" / "contact-sheet.png").is_file()
    assert len(made.excluded) == len(first.excluded)
    again = captions.caption_dataset(studio, name, 1)
    assert (again.version, again.new) == (2, False)
    cov = captions.coverage(studio, name)
    assert cov.images == 6 and not (cov.missing or cov.over_length or cov.no_trigger)
    freq = cov.tag_frequency["20_andie person"]
    assert freq["a photo of andie"] == 6 and freq["looking at viewer"] >= 1
    shown = aistudio(tmp_path, "captions", "show", name)
    assert shown.returncode == 0 and "All 6 images have a caption" in shown.stdout
    missing = aistudio(tmp_path, "captions", "generate", name, "--version", "9")
    assert missing.returncode == 2 and "no dataset v9" in missing.stderr
