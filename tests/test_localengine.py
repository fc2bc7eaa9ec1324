"""The local CPU engine on a real photo, with the real YuNet detector."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest
import skimage.data
from numpy.typing import NDArray

from aistudio.core.errors import ProviderError
from aistudio.media.faces import Face, Image, get_detector
from aistudio.media.localengine import enhance, swap_face


def _astronaut() -> Image:
    """The public-domain astronaut portrait as BGR, upscaled to ~1 MP."""
    bgr = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)  # type: ignore[no-untyped-call]
    return np.asarray(cv2.resize(bgr, (1024, 1024), interpolation=cv2.INTER_CUBIC), np.uint8)


def _only_face(image: Image) -> Face:
    faces = get_detector().detect(image)
    assert faces, "the detector must find the astronaut's face"
    return faces[0]


def _nose_mouth_point(face: Face) -> tuple[int, int]:
    """Midway between the nose tip and the mouth centre: a spot inside every face mask."""
    lm = np.asarray(face.landmarks)
    p = (lm[2] + (lm[3] + lm[4]) / 2) / 2
    return round(float(p[0])), round(float(p[1]))


def _luma(image: Image, at: tuple[int, int], r: int = 4) -> float:
    x, y = at
    patch = image[y - r : y + r + 1, x - r : x + r + 1]
    return float(cv2.cvtColor(patch, cv2.COLOR_BGR2GRAY).mean())


def _shifted(face: Face, dx: float, dy: float) -> Face:
    return replace(
        face,
        x=face.x + dx,
        y=face.y + dy,
        landmarks=tuple((x + dx, y + dy) for x, y in face.landmarks),
    )


def _outside(face: Face, factor: float, shape: tuple[int, ...]) -> NDArray[np.bool_]:
    """True for pixels outside the face box grown by factor."""
    keep = np.ones(shape[:2], bool)
    cx, cy = face.x + face.w / 2, face.y + face.h / 2
    hw, hh = face.w * factor / 2, face.h * factor / 2
    keep[max(0, int(cy - hh)) : int(cy + hh) + 1, max(0, int(cx - hw)) : int(cx + hw) + 1] = False
    return keep


@pytest.fixture(scope="module")
def photo() -> Image:
    return _astronaut()


@pytest.fixture(scope="module")
def source_face(photo: Image) -> Face:
    return _only_face(photo)


@pytest.fixture(scope="module")
def target(photo: Image) -> Image:
    return np.ascontiguousarray(photo[:, ::-1])


@pytest.fixture(scope="module")
def target_face(target: Image) -> Face:
    return _only_face(target)


@pytest.fixture(scope="module")
def marked_source(photo: Image, source_face: Face) -> Image:
    """The photo with a dark spot between nose and mouth that the target does not have."""
    marked = photo.copy()
    eye_dist = float(np.hypot(*np.subtract(source_face.landmarks[1], source_face.landmarks[0])))
    cv2.circle(marked, _nose_mouth_point(source_face), round(0.12 * eye_dist), (15, 15, 15), -1)
    return marked


def test_swap_carries_the_source_mark_onto_the_target_face(
    marked_source: Image, source_face: Face, target: Image, target_face: Face, photo: Image
) -> None:
    at = _nose_mouth_point(target_face)
    marked = swap_face(marked_source, source_face, target, [target_face])
    plain = swap_face(photo, source_face, target, [target_face])
    assert _luma(target, at) - _luma(marked, at) > 50  # the mark arrived, clearly dark
    assert abs(_luma(target, at) - _luma(plain, at)) < 20  # and it is the mark that darkens it


def test_swap_changes_only_the_face_region(
    marked_source: Image, source_face: Face, target: Image, target_face: Face
) -> None:
    out = swap_face(marked_source, source_face, target, [target_face])
    assert out.shape == target.shape and out.dtype == np.uint8
    outside = _outside(target_face, 1.45, target.shape)
    assert np.array_equal(out[outside], target[outside])
    changed = np.abs(out.astype(np.int16) - target).max(axis=2) > 10
    assert changed.sum() > 0.15 * target_face.area  # the face itself was replaced, not touched up


def test_swapped_face_is_still_a_face_in_the_same_place(
    marked_source: Image, source_face: Face, target: Image, target_face: Face
) -> None:
    out = swap_face(marked_source, source_face, target, [target_face])
    found = get_detector().detect(out)
    assert found
    f, t = found[0], target_face
    ix = max(0.0, min(f.x + f.w, t.x + t.w) - max(f.x, t.x))
    iy = max(0.0, min(f.y + f.h, t.y + t.h) - max(f.y, t.y))
    assert ix * iy / (f.area + t.area - ix * iy) > 0.7


def test_swap_does_not_mutate_its_inputs(
    marked_source: Image, source_face: Face, target: Image, target_face: Face
) -> None:
    src_before, tgt_before = marked_source.copy(), target.copy()
    out = swap_face(marked_source, source_face, target, [target_face])
    assert np.array_equal(marked_source, src_before)
    assert np.array_equal(target, tgt_before)
    assert not np.shares_memory(out, target)


def test_target_without_faces_is_a_provider_error(photo: Image, source_face: Face) -> None:
    blank = np.full((600, 800, 3), 128, np.uint8)
    faces = get_detector().detect(blank)
    assert faces == []
    with pytest.raises(ProviderError, match="no faces"):
        swap_face(photo, source_face, blank, faces)


def test_degenerate_target_faces_are_skipped(
    photo: Image, source_face: Face, target: Image, target_face: Face
) -> None:
    collapsed = replace(target_face, landmarks=((500.0, 200.0),) * 5)
    not_finite = replace(target_face, landmarks=((float("nan"), 1.0),) * 5)
    off_image = _shifted(target_face, 5000, 5000)
    out = swap_face(photo, source_face, target, [collapsed, not_finite, off_image, target_face])
    assert not np.array_equal(out, target)
    with pytest.raises(ProviderError, match="none of the 3 target face"):
        swap_face(photo, source_face, target, [collapsed, not_finite, off_image])


def test_unusable_source_landmarks_are_a_provider_error(
    photo: Image, source_face: Face, target: Image, target_face: Face
) -> None:
    with pytest.raises(ProviderError, match="source face"):
        swap_face(photo, replace(source_face, landmarks=((1.0, 1.0),) * 5), target, [target_face])


@pytest.mark.parametrize("corner", ["left", "top-left", "bottom-right"])
def test_faces_cut_by_the_image_border_do_not_crash(
    photo: Image, source_face: Face, target: Image, target_face: Face, corner: str
) -> None:
    # crop through the face so its box and mask hang over the image edge
    x = int(target_face.x + 0.3 * target_face.w)
    y = int(target_face.y + 0.3 * target_face.h)
    x1 = int(target_face.x + 0.7 * target_face.w)
    y1 = int(target_face.y + 0.7 * target_face.h)
    if corner == "left":
        crop, face = target[:, x:], _shifted(target_face, -x, 0)
    elif corner == "top-left":
        crop, face = target[y:, x:], _shifted(target_face, -x, -y)
    else:
        crop, face = target[:y1, :x1], target_face
    crop = np.ascontiguousarray(crop)
    out = swap_face(photo, source_face, crop, [face])
    assert out.shape == crop.shape and out.dtype == np.uint8
    assert not np.array_equal(out, crop)


def test_source_face_at_the_source_border(
    photo: Image, source_face: Face, target: Image, target_face: Face
) -> None:
    x = int(source_face.x + 0.2 * source_face.w)
    cut = np.ascontiguousarray(photo[:, x:])
    out = swap_face(cut, _shifted(source_face, -x, 0), target, [target_face])
    assert not np.array_equal(out, target)


def test_enhance_doubles_and_sharpens(photo: Image) -> None:
    small = np.ascontiguousarray(photo[::2, ::2][:300, :400])  # non-square on purpose
    before = small.copy()
    out = enhance(small)
    assert out.shape == (600, 800, 3) and out.dtype == np.uint8
    assert np.array_equal(small, before)
    plain = np.asarray(cv2.resize(small, (800, 600), interpolation=cv2.INTER_LINEAR), np.uint8)

    def sharpness(img: Image) -> float:
        return float(cv2.Laplacian(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.CV_64F).var())

    assert sharpness(out) > 1.5 * sharpness(plain)
    mean_diff = np.abs(out.reshape(-1, 3).mean(0) - small.reshape(-1, 3).mean(0))
    assert mean_diff.max() < 3.0


def test_enhance_other_scales() -> None:
    img = np.zeros((10, 7, 3), np.uint8)
    img[3:6, 2:5] = 200
    assert enhance(img, scale=3).shape == (30, 21, 3)
    assert enhance(img, scale=1).shape == img.shape
    with pytest.raises(ProviderError):
        enhance(img, scale=0)
