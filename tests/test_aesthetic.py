"""The CLIP beauty score: a tiny CLIP built from config goes through the real loading and
scoring path, and a configured scorer's scores reach the dataset rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from aistudio import dataset
from aistudio.core.config import get_settings, save_model_config
from aistudio.core.errors import ConfigError, UserError
from aistudio.media.aesthetic import AestheticScorer, get_scorer
from aistudio.studio import Studio
from tests.fakes.clip import tiny_clip
from tests.fakes.datasets import processed
from tests.fakes.photos import stranger, training_photos


@pytest.fixture(scope="module")
def clip_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_clip(tmp_path_factory.mktemp("clip") / "tiny-clip")


def test_a_clip_checkpoint_folder_scores_images(clip_folder: Path) -> None:
    scorer = AestheticScorer(str(clip_folder), device="cpu")
    photos = [*list(training_photos().values())[:3], stranger()]
    scores = scorer.score_many(photos)
    assert all(0.0 < s < 1.0 for s in scores)
    assert len(set(scores)) == len(scores)  # each image its own score
    assert [scorer.score(p) for p in photos] == pytest.approx(scores, abs=1e-3)  # batch = one
    assert get_scorer(str(clip_folder), "cpu") is get_scorer(str(clip_folder), "cpu")


def test_prompt_fidelity_is_each_images_cosine_to_its_own_prompt(clip_folder: Path) -> None:
    scorer = AestheticScorer(str(clip_folder), device="cpu")
    a, b = list(training_photos().values())[:2]
    one = scorer.prompt_similarity([a, b], ["a photo of a woman", "a photo of a woman"])
    two = scorer.prompt_similarity([a, b], ["a photo of a woman", "a red car on a street"])
    assert all(-1 <= c <= 1 for c in one + two) and one[0] == two[0] != one[1] != two[1]


def test_a_checkpoint_that_cannot_be_loaded_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # a hub id is looked up, not fetched, here
    with pytest.raises(ConfigError, match="AISTUDIO_AESTHETIC_MODEL"):
        AestheticScorer(str(tmp_path / "no-such-clip"), device="cpu")


def test_configured_scores_reach_the_rules_and_are_added_to_stored_ones(
    studio: Studio, tmp_path: Path, clip_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = processed(studio, tmp_path)
    plain = dataset.build_dataset(studio, name)
    assert all(i["scores"]["aesthetic"] is None for i in plain.included)  # type: ignore[index]
    monkeypatch.setenv("AISTUDIO_AESTHETIC_MODEL", str(clip_folder))
    monkeypatch.setenv("AISTUDIO_TORCH_DEVICE", "cpu")
    scored = Studio(get_settings())
    config = scored.config(name)
    config.dataset.min_aesthetic = 0.0  # a random tiny CLIP's scores mean nothing: take all
    save_model_config(scored.paths(name).config, config)
    kept = dataset.build_dataset(scored, name)
    before = {str(i["file"]): i["scores"] for i in plain.included}
    after = {str(i["file"]): i["scores"] for i in kept.included}
    assert before.keys() == after.keys()
    for file, a in before.items():
        b = after[file]
        assert isinstance(a, dict) and isinstance(b, dict)
        assert 0.0 < b["aesthetic"] < 1.0 and b["aesthetic_model"] == str(clip_folder)
        # Stored scores were kept: only the beauty score was measured now.
        assert {k: v for k, v in b.items() if not k.startswith("aesthetic")} == {
            k: v for k, v in a.items() if not k.startswith("aesthetic")
        }
    config.dataset.min_aesthetic = 0.99
    save_model_config(scored.paths(name).config, config)
    with pytest.raises(UserError, match=r"no image passed the rules \(6 aesthetic\)"):
        dataset.build_dataset(scored, name)
