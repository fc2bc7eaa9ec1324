"""Vision-language captioners: tiny Florence-2, BLIP, BLIP-2, Qwen2.5-VL and JoyCaption (LLaVA)
models built from config, loaded and run through the studio's own path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aistudio import captions, dataset
from aistudio.captions.vlm import FAMILIES, get_captioner, tidy
from aistudio.core.config import get_settings
from aistudio.core.errors import ConfigError
from aistudio.media.images import load_stored_image
from aistudio.studio import Studio
from tests.cli import aistudio
from tests.fakes.datasets import processed
from tests.fakes.photos import astronaut
from tests.fakes.vlm import BUILDERS, teach

SENTENCE = "a woman in a red dress standing in a park"


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_each_captioner_loads_once_and_answers_through_the_real_path(
    kind: str, tmp_path: Path
) -> None:
    folder = BUILDERS[kind](tmp_path / kind)
    model = get_captioner(kind, str(folder), "cpu")
    assert get_captioner(kind, str(folder), "cpu") is model  # loaded once per process
    assert type(model.model).__name__ == FAMILIES[kind].model_class
    image = astronaut()
    untaught = model.describe([image])
    teach(model, [image, image[:, ::-1]], SENTENCE)
    assert model.describe([image, image[:, ::-1]]) == [SENTENCE, SENTENCE]
    assert untaught != [SENTENCE]  # what it says is what it learned, not the test's words


def test_answers_lose_their_lead_in_and_echoed_prompt() -> None:
    assert tidy("The image shows a woman on a bench.") == "a woman on a bench"
    assert tidy("In this photo, a man  runs.") == "a man runs"
    assert tidy("a photography of a woman smiling", "a photography of") == "a woman smiling"


def test_a_dataset_captioned_by_a_vision_language_model_keeps_the_caption_rules(
    studio: Studio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = processed(studio, tmp_path)
    first = dataset.build_dataset(studio, name)
    folder = BUILDERS["qwen2.5-vl"](tmp_path / "qwen")
    monkeypatch.setenv("AISTUDIO_QWEN_VL_MODEL", str(folder))
    monkeypatch.setenv("AISTUDIO_TORCH_DEVICE", "cpu")
    monkeypatch.setenv("AISTUDIO_CAPTION_BATCH", "4")  # 6 images: a full and a padded batch
    configured = Studio(get_settings())
    images = [
        load_stored_image(Path(first.path) / "imagefolder" / str(i["image"]), 10**9)[0]
        for i in first.included
    ]
    model = get_captioner("qwen2.5-vl", str(folder), "cpu")
    teach(model, images, "The image shows a smiling young woman with blonde hair in a red dress.")
    seen: list[tuple[int, int]] = []
    made = captions.caption_dataset(
        configured, name, captioner="qwen2.5-vl", progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(4, 6), (6, 6)]
    for item in made.included:
        # The lead-in and the banned words (age, hair colour) are gone; the trigger starts it.
        assert item["caption"] == "a photo of andie, person, a smiling woman in a red dress"
    row = json.loads((Path(made.path) / "dataset.json").read_text())
    assert row["captioner"] == "qwen2.5-vl" and row["captioned_from"] == first.version


def test_a_captioner_without_weights_says_which_setting_to_fix(
    studio: Studio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-weights"
    empty.mkdir()
    with pytest.raises(ConfigError, match="AISTUDIO_BLIP_MODEL"):
        get_captioner("blip", str(empty), "cpu")
    name = processed(studio, tmp_path)
    dataset.build_dataset(studio, name)
    command = ("captions", "generate", name, "--captioner", "blip")
    result = aistudio(tmp_path, *command, AISTUDIO_BLIP_MODEL=str(empty))
    assert result.returncode != 0 and "AISTUDIO_BLIP_MODEL" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
