"""Quality gates on real detections (astronaut photo) and on synthetic Face lists."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray
from skimage import data

from aistudio.core.config import Thresholds
from aistudio.core.errors import ImageRejected
from aistudio.media.faces import Face, FaceDetector, get_detector
from aistudio.media.images import decode_image, encode_jpeg
from aistudio.media.quality import CheckedImage, check_faces, check_image, check_resolution

Image = NDArray[np.uint8]
DEFAULT = Thresholds()


@pytest.fixture(scope="module")
def detector() -> FaceDetector:
    return get_detector()


@pytest.fixture(scope="module")
def astronaut() -> Image:
    """One face, 1024x1024 BGR (upscaled so it passes min-side 800)."""
    rgb = cv2.resize(
        data.astronaut(),
        (1024, 1024),  # type: ignore[no-untyped-call]
        interpolation=cv2.INTER_CUBIC,
    )
    return np.ascontiguousarray(rgb[:, :, ::-1])


class ExplodingDetector(FaceDetector):
    """Proves the cheaper gates run first: detection must not be reached."""

    def __init__(self) -> None:
        pass

    def detect(self, image: Image) -> list[Face]:
        raise AssertionError("detector called before a cheaper gate rejected the image")


def face(x: float, size: float, score: float = 0.9) -> Face:
    """A square synthetic face."""
    return Face(x=x, y=0.0, w=size, h=size, score=score, landmarks=((0.0, 0.0),) * 5)


def rejected(excinfo: pytest.ExceptionInfo[ImageRejected], rule: str, name: str) -> None:
    """Assert the rule and that the message names the file."""
    assert excinfo.value.rule == rule
    assert name in str(excinfo.value)


# --- check_image on real photos -------------------------------------------------------------


def test_source_with_one_face_passes(astronaut: Image, detector: FaceDetector) -> None:
    checked = check_image(astronaut, "astro.jpg", "source", DEFAULT, detector)

    assert isinstance(checked, CheckedImage)
    assert (checked.width, checked.height) == (1024, 1024)
    assert len(checked.faces) == 1
    main = checked.faces[0]
    assert main.score >= DEFAULT.min_face_score
    # The astronaut's face is in the upper middle of the picture.
    assert 300 < main.x + main.w / 2 < 700 and main.y + main.h / 2 < 500
    assert checked.jpeg[:2] == b"\xff\xd8" and len(checked.jpeg) <= DEFAULT.max_bytes
    assert decode_image(checked.jpeg, "round.jpg", DEFAULT.max_pixels).shape == (1024, 1024, 3)
    assert checked.image is astronaut


def test_no_face(detector: FaceDetector) -> None:
    coffee = cv2.resize(
        data.coffee(),
        None,
        fx=2,
        fy=2,  # type: ignore[no-untyped-call]
        interpolation=cv2.INTER_LINEAR,
    )
    with pytest.raises(ImageRejected) as exc:
        check_image(
            np.ascontiguousarray(coffee[:, :, ::-1]), "coffee.jpg", "target", DEFAULT, detector
        )
    rejected(exc, "face", "coffee.jpg")
    assert "no face found" in exc.value.detail


def test_gradient_has_no_face(detector: FaceDetector) -> None:
    ramp = np.linspace(0, 255, 1000).astype(np.uint8)
    gradient = np.ascontiguousarray(np.broadcast_to(ramp[None, :, None], (900, 1000, 3)))
    with pytest.raises(ImageRejected) as exc:
        check_image(gradient, "ramp.png", "result", DEFAULT, detector)
    rejected(exc, "face", "ramp.png")


def test_too_small_rejected_before_detection(astronaut: Image) -> None:
    small = np.ascontiguousarray(astronaut[:100, :100])
    with pytest.raises(ImageRejected) as exc:
        check_image(small, "tiny.jpg", "source", DEFAULT, ExplodingDetector())
    rejected(exc, "min-side", "tiny.jpg")
    assert "100x100" in exc.value.detail


def test_min_side_uses_the_shortest_side(astronaut: Image) -> None:
    wide = np.zeros((799, 4000, 3), np.uint8)
    with pytest.raises(ImageRejected) as exc:
        check_resolution(wide, "wide.jpg", DEFAULT)
    rejected(exc, "min-side", "wide.jpg")
    check_resolution(astronaut, "astro.jpg", DEFAULT)
    check_resolution(wide, "wide.jpg", Thresholds(min_side=799))


def test_source_with_two_equal_faces_rejected(astronaut: Image, detector: FaceDetector) -> None:
    pair = np.ascontiguousarray(np.hstack([astronaut, astronaut]))
    with pytest.raises(ImageRejected) as exc:
        check_image(pair, "pair.jpg", "source", DEFAULT, detector)
    rejected(exc, "one-face", "pair.jpg")
    assert "2 faces found" in exc.value.detail


def test_target_with_two_faces_passes(astronaut: Image, detector: FaceDetector) -> None:
    pair = np.ascontiguousarray(np.hstack([astronaut, astronaut]))
    checked = check_image(pair, "pair.jpg", "target", DEFAULT, detector)
    assert len(checked.faces) == 2
    assert checked.faces[0].area >= checked.faces[1].area
    assert (checked.width, checked.height) == (2048, 1024)


def test_jpeg_over_max_bytes_rejected_last(astronaut: Image, detector: FaceDetector) -> None:
    # Faces pass; the detailed photo cannot fit 10 kB even at the lowest quality.
    strict = Thresholds(max_bytes=10_000)
    with pytest.raises(ImageRejected) as exc:
        check_image(astronaut, "astro.jpg", "target", strict, detector)
    rejected(exc, "max-bytes", "astro.jpg")


def test_jpeg_quality_lowered_to_fit(astronaut: Image, detector: FaceDetector) -> None:
    # Fine noise on top of the photo makes JPEG large; the limit forces a lower quality.
    noise = np.random.default_rng(2).integers(-40, 41, astronaut.shape)
    noisy = np.clip(astronaut.astype(int) + noise, 0, 255).astype(np.uint8)
    at_95, at_85 = len(encode_jpeg(noisy, 95)), len(encode_jpeg(noisy, 85))
    checked = check_image(noisy, "noisy.jpg", "target", Thresholds(max_bytes=at_85), detector)
    assert len(checked.jpeg) <= at_85 < at_95


# --- check_faces on synthetic detections ----------------------------------------------------


def test_low_scores_are_dropped() -> None:
    with pytest.raises(ImageRejected) as exc:
        check_faces(
            [face(0, 100, score=0.3), face(200, 50, score=0.59)], "weak.jpg", "target", DEFAULT
        )
    rejected(exc, "face", "weak.jpg")
    with pytest.raises(ImageRejected):
        check_faces([], "none.jpg", "result", DEFAULT)


def test_faces_sorted_largest_first_and_weak_ones_dropped() -> None:
    faces = [face(0, 50), face(100, 200), face(400, 300, score=0.1), face(800, 120)]
    kept = check_faces(faces, "crowd.jpg", "target", DEFAULT)
    assert [f.w for f in kept] == [200, 120, 50]


def test_source_small_background_face_is_fine() -> None:
    main, background = face(0, 200), face(500, 100)  # area ratio 0.25 < 0.5
    assert check_faces([background, main], "src.jpg", "source", DEFAULT) == (main,)


def test_source_second_face_at_ratio_rejected() -> None:
    # Areas 100 and 50: exactly at second_face_ratio 0.5, which counts as a second main face.
    main, other = face(0, 10), Face(x=50, y=0, w=10, h=5, score=0.9, landmarks=())
    with pytest.raises(ImageRejected) as exc:
        check_faces([main, other, face(90, 1)], "two.jpg", "source", DEFAULT)
    rejected(exc, "one-face", "two.jpg")
    assert "3 faces found" in exc.value.detail
    # A stricter ratio makes the same photo acceptable.
    assert check_faces([main, other], "two.jpg", "source", Thresholds(second_face_ratio=0.6)) == (
        main,
    )


def test_second_face_below_score_does_not_count() -> None:
    main, weak_twin = face(0, 200), face(300, 200, score=0.2)
    assert check_faces([main, weak_twin], "src.jpg", "source", DEFAULT) == (main,)


def test_detect_near_finds_the_face_where_it_is_expected(
    astronaut: Image, detector: FaceDetector
) -> None:
    (full,) = detector.detect(astronaut)
    (near,) = detector.detect_near(astronaut, [full])
    # The same face, in full-image coordinates, from a crop about twice its size.
    assert abs(near.x - full.x) < 0.05 * full.w and abs(near.y - full.y) < 0.05 * full.h
    assert abs(near.w - full.w) < 0.1 * full.w and near.score >= 0.6
    assert all(
        abs(a - b) < 0.05 * full.w
        for p, q in zip(near.landmarks, full.landmarks, strict=True)
        for a, b in zip(p, q, strict=True)
    )


def test_detect_near_sees_nothing_where_no_face_is(
    astronaut: Image, detector: FaceDetector
) -> None:
    (full,) = detector.detect(astronaut)
    # The bottom-left corner (the suit and background), with the face's size.
    elsewhere = Face(10, 1024 - full.h - 10, full.w, full.h, 1.0, full.landmarks)
    assert detector.detect_near(astronaut, [elsewhere]) == []
    # A box that lies outside the image is no region at all.
    assert detector.detect_near(astronaut, [Face(5000, 5000, 50, 50, 1.0, ())]) == []


def test_a_face_scaled_with_its_image(astronaut: Image, detector: FaceDetector) -> None:
    (full,) = detector.detect(astronaut)
    big = cv2.resize(astronaut, (2048, 2048), interpolation=cv2.INTER_LINEAR)
    (near,) = detector.detect_near(big, [full.scaled(2.0)])
    assert abs(near.x - 2 * full.x) < 0.1 * full.w and abs(near.w - 2 * full.w) < 0.2 * full.w
