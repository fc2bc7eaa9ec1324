"""Scoring and choosing training images: planted bad images are left out for the right reason."""

from __future__ import annotations

import math

import pytest

from aistudio.core.config import DatasetRules, Thresholds
from aistudio.dataset import Candidate, ImageScores, choose, exclusion, score_image
from aistudio.media import brisque, measures
from aistudio.media.brisque import load_model
from aistudio.media.faces import Face, get_detector
from aistudio.media.identity import descriptor
from tests.fakes.photos import astronaut, planted_bad, training_photos, variant

RULES, THRESHOLDS = DatasetRules(), Thresholds()


@pytest.fixture(scope="module")
def scored() -> dict[str, Candidate]:
    """Every good and planted image, scored against two source photos of the face."""
    det = get_detector()
    refs = [descriptor(v, det.detect(v)[0]) for v in (variant(0), variant(3))]
    images = {**training_photos(), **{k: img for k, (img, _) in planted_bad().items()}}
    model = load_model()
    assert model is not None, "the brisque package is not installed (requirements-nodeps.lock)"
    return {
        k: Candidate(
            k,
            score_image(
                img, detector=det, min_face_score=0.6, references=refs, brisque_model=model
            ),
        )
        for k, img in images.items()
    }


def test_every_planted_image_is_left_out_for_its_reason_and_no_good_one_is(
    scored: dict[str, Candidate],
) -> None:
    result = choose(list(scored.values()), RULES, THRESHOLDS, allow_explicit=False)
    reasons = {c.key: why for c, why, _ in result.excluded}
    expected = {k: why for k, (_, why) in planted_bad().items()}
    assert reasons == expected, {c.key: detail for c, _, detail in result.excluded}
    assert {c.key for c in result.included} == set(training_photos())
    # The better copy stays: the exact copy and the recompressed re-crop name what they repeat.
    details = {c.key: detail for c, _, detail in result.excluded}
    assert "near-duplicate of base" in details["exact-duplicate"]
    assert "near-duplicate of base" in details["near-duplicate"]


def test_the_same_inputs_choose_the_same_images(scored: dict[str, Candidate]) -> None:
    forward = choose(list(scored.values()), RULES, THRESHOLDS, allow_explicit=False, max_images=4)
    backward = choose(
        list(reversed(scored.values())), RULES, THRESHOLDS, allow_explicit=False, max_images=4
    )
    assert [c.key for c in forward.included] == [c.key for c in backward.included]
    assert len(forward.included) == 4
    # The rest of the good ones are out only for the limit, and say so.
    limited = [c.key for c, why, d in forward.excluded if why == "quality" and "ranked" in d]
    assert sorted(limited + [c.key for c in forward.included]) == sorted(training_photos())


def test_a_small_set_spreads_over_poses_and_frames(scored: dict[str, Candidate]) -> None:
    good = [scored[k] for k in training_photos()]
    chosen = choose(good, RULES, THRESHOLDS, allow_explicit=False, max_images=3).included
    # Three of nine similar-quality images: not three of one framing and pose.
    fractions = sorted(c.scores.face_fraction or 0 for c in chosen)
    yaws_rolls = {
        (round(c.scores.roll or 0), round(c.scores.face_fraction or 0, 3)) for c in chosen
    }
    assert len(yaws_rolls) == 3 and fractions[-1] / fractions[0] > 1.5


def test_scope_beauty_and_distortion_rules(scored: dict[str, Candidate]) -> None:
    base = scored["base"].scores
    assert exclusion(base, RULES, THRESHOLDS, allow_explicit=False) is None
    explicit = base.model_copy(update={"explicit": True})
    assert exclusion(explicit, RULES, THRESHOLDS, allow_explicit=False)[0] == "nsfw_scope"  # type: ignore[index]
    assert exclusion(explicit, RULES, THRESHOLDS, allow_explicit=True) is None
    plain = base.model_copy(update={"aesthetic": 0.4})
    assert exclusion(plain, RULES, THRESHOLDS, allow_explicit=False)[0] == "aesthetic"  # type: ignore[index]
    noisy = base.model_copy(update={"brisque": 75.0})
    assert exclusion(noisy, RULES, THRESHOLDS, allow_explicit=False)[0] == "quality"  # type: ignore[index]
    strict = RULES.model_copy(update={"min_sharpness": 1000.0})
    assert exclusion(base, strict, THRESHOLDS, allow_explicit=False)[0] == "blur"  # type: ignore[index]


def test_head_pose_from_landmarks() -> None:
    def face(points: list[tuple[float, float]]) -> Face:
        return Face(0, 0, 100, 100, 0.9, tuple(points))

    frontal = [(30, 40), (70, 40), (50, 62), (35, 80), (65, 80)]
    pose = measures.head_pose(face(frontal))
    assert pose is not None and abs(pose.yaw) < 1 and abs(pose.roll) < 1 and abs(pose.pitch) < 1
    turned = measures.head_pose(face([(30, 40), (70, 40), (62, 62), (40, 80), (68, 80)]))
    assert turned is not None and 30 < turned.yaw < 50
    # The same frontal face tilted 15 degrees: roll follows, yaw and pitch stay near zero.
    a = math.radians(15)
    tilted = [
        (
            50 + (x - 50) * math.cos(a) - (y - 40) * math.sin(a),
            40 + (x - 50) * math.sin(a) + (y - 40) * math.cos(a),
        )
        for x, y in frontal
    ]
    t = measures.head_pose(face(tilted))
    assert t is not None and abs(t.roll - 15) < 0.5 and abs(t.yaw) < 1 and abs(t.pitch) < 1
    assert measures.head_pose(Face(0, 0, 10, 10, 0.9, ())) is None


def test_phash_sees_copies_and_tells_different_frames_apart() -> None:
    photos = training_photos()
    h = {k: measures.phash(v) for k, v in photos.items()}
    assert measures.hamming(h["base"], measures.phash(photos["base"].copy())) == 0
    apart = [measures.hamming(h[a], h[b]) for a in h for b in h if a < b]
    assert min(apart) > RULES.duplicate_bits


def test_scores_of_a_faceless_image() -> None:
    s = score_image(
        planted_bad()["no-face"][0], detector=get_detector(), min_face_score=0.6, references=[]
    )
    assert isinstance(s, ImageScores) and s.face_fraction is None and s.sharpness is None
    assert s.brightness == pytest.approx(128, abs=1) and s.highlights == 0 and len(s.phash) == 16


@pytest.mark.parametrize(
    ("size", "face"),
    [
        ((2000, 1000), (1850.0, 100.0, 120.0, 150.0)),  # wide frame, face at the right edge
        ((1000, 2000), (50.0, 1800.0, 150.0, 180.0)),  # tall frame, face at the bottom left
        ((1024, 1024), (400.0, 100.0, 200.0, 250.0)),
        ((1500, 1000), (0.0, 0.0, 300.0, 400.0)),  # face in the corner
    ],
)
def test_crops_keep_the_face_whole_in_a_bucket_of_the_family(
    size: tuple[int, int], face: tuple[float, float, float, float]
) -> None:
    from aistudio.dataset.crops import buckets, plan_crop

    width, height = size
    for family in ("sd15", "sdxl", "flux"):
        crop = plan_crop(width, height, face, family)  # type: ignore[arg-type]
        assert crop.bucket in buckets(family)  # type: ignore[arg-type]
        assert (
            crop.x >= 0 and crop.x + crop.w <= width and crop.y >= 0 and crop.y + crop.h <= height
        )
        fx, fy, fw, fh = face
        assert crop.x <= fx and fx + fw <= crop.x + crop.w + 1
        assert crop.y <= fy and fy + fh <= crop.y + crop.h + 1
        # The window has the bucket's shape and is as large as the frame allows.
        assert abs(crop.w / crop.h - crop.bucket[0] / crop.bucket[1]) < 0.01
        assert crop.w == width or crop.h == height
    assert all(w % 64 == 0 and h % 64 == 0 for w, h in buckets("sdxl"))
    assert (512, 512) in buckets("sd15") and (1024, 1024) in buckets("sdxl")


def test_the_main_face_is_a_confident_one_not_the_largest() -> None:
    from aistudio.dataset.scores import main_face

    real = Face(550, 160, 480, 600, 0.94, ())
    helmet = Face(1100, 150, 820, 1070, 0.60, ())  # larger, but barely over the threshold
    near = Face(100, 100, 700, 700, 0.85, ())  # larger and nearly as sure: a closer face
    assert main_face([helmet, real]) is real
    assert main_face([real, near, helmet]) is near


def test_a_large_image_is_measured_on_the_detectors_copy_and_means_the_same() -> None:
    """A 4 MP result: the face is found as the detector finds it, and its sharpness and identity
    are read at full size; the whole-image measures read the copy and stay close."""
    det, model = get_detector(), load_model()
    assert model is not None
    image = astronaut(2048)
    small, k = det.working_copy(image)
    assert max(small.shape[:2]) == det.max_side and k == 2.0
    s = score_image(image, detector=det, min_face_score=0.6, references=[], brisque_model=model)
    face = det.detect(image)[0]
    assert s.face_box == (face.x, face.y, face.w, face.h)  # full-size pixels, as before
    assert (s.width, s.height) == (2048, 2048) and s.face_fraction == face.area / 2048**2
    assert s.sharpness == measures.sharpness(image, face)
    assert s.descriptor == descriptor(image, face)
    assert s.brightness == pytest.approx(measures.exposure(image).brightness, abs=0.5)
    assert measures.hamming(s.phash_int, measures.phash(image)) <= 2
    full = brisque.score(image, model)
    assert s.brisque is not None and full is not None and s.brisque == pytest.approx(full, abs=3)
