"""BRISQUE: the studio's features and regressor give the brisque package's own scores."""

from __future__ import annotations

import pickle
from pathlib import Path

import cv2
import numpy as np
import pytest
import skimage.data

from aistudio.media import brisque

# brisque 0.2.0 with libsvm-official 3.36 (numpy 1.26; its code fails on NumPy 2), on these
# scikit-image photos as RGB arrays: BRISQUE().score(image). The studio scores BGR images.
REFERENCE = {"astronaut": 10.7995, "chelsea": 2.8708, "coffee": 3.0479, "camera": -7.8794}
REFERENCE_BLUR = 76.3296  # the astronaut after cv2.GaussianBlur(sigma 3)


def _bgr(rgb: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray((np.dstack([rgb] * 3) if rgb.ndim == 2 else rgb)[..., ::-1])


@pytest.fixture(scope="module")
def model() -> brisque.BrisqueModel:
    found = brisque.load_model()
    assert found is not None, "brisque is not installed: pip install --no-deps brisque==0.2.0"
    return found


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_scores_match_the_reference_implementation(name: str, model: brisque.BrisqueModel) -> None:
    image = _bgr(getattr(skimage.data, name)())
    assert max(image.shape[:2]) <= brisque.MAX_SIDE  # scored as the reference scored it
    assert brisque.score(image, model) == pytest.approx(REFERENCE[name], abs=0.01)


def test_distortion_raises_the_score(model: brisque.BrisqueModel) -> None:
    sharp = _bgr(skimage.data.astronaut())
    blurred = cv2.GaussianBlur(sharp, (0, 0), 3)
    assert brisque.score(blurred, model) == pytest.approx(REFERENCE_BLUR, abs=0.05)
    ok, buf = cv2.imencode(".jpg", sharp, [cv2.IMWRITE_JPEG_QUALITY, 5])
    assert ok
    blocky = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    assert (brisque.score(blocky, model) or 0) > 60 > (brisque.score(sharp, model) or 100)


def test_a_large_image_is_scored_at_the_capped_size(model: brisque.BrisqueModel) -> None:
    small = _bgr(skimage.data.chelsea())  # 451 x 300
    h, w = small.shape[:2]
    big = cv2.resize(small, (w * 4, h * 4), interpolation=cv2.INTER_CUBIC)
    capped = cv2.resize(big, (768, round(h * 768 / w)), interpolation=cv2.INTER_AREA)
    assert brisque.score(big, model) == brisque.score(capped, model)


def test_a_model_folder_must_hold_plain_data(tmp_path: Path) -> None:
    folder = brisque.package_models()
    assert folder is not None
    (tmp_path / "svm.txt").write_text((folder / "svm.txt").read_text())

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("this would run",))

    (tmp_path / "normalize.pickle").write_bytes(pickle.dumps({"min_": Evil(), "max_": []}))
    with pytest.raises(pickle.UnpicklingError, match="not allowed"):
        brisque.BrisqueModel.load(tmp_path)
    (tmp_path / "svm.txt").write_text("svm_type c_svc\nkernel_type linear\nSV\n")
    with pytest.raises(ValueError, match="not an RBF epsilon-SVR"):
        brisque.BrisqueModel.load(tmp_path)


def test_without_the_package_images_go_unscored(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    brisque.load_model.cache_clear()
    try:
        assert brisque.load_model() is None
    finally:
        monkeypatch.undo()
        brisque.load_model.cache_clear()
