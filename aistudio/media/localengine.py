"""Offline, CPU-only face swap and enhance: classical, preview-grade image operations."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from aistudio.core.errors import ProviderError
from aistudio.media.faces import Face, Image

Matrix = NDArray[np.float64]  # 2x3 affine
Points = NDArray[np.float64]  # Nx2

_ROI_EXPAND = 1.4  # target face box grown by this much: the only pixels a swap may touch
_SRC_EXPAND = 1.6  # source crop around its face, so warping never reads the whole source image
_MIN_MASK_PX = 64  # a warped face smaller than this is not worth (or able to be) cloned
_BORDER = 2  # mask pixels kept clear of the ROI edge: seamlessClone needs a ring of target


@dataclass(frozen=True)
class _Box:
    """An integer pixel rectangle [x0, x1) x [y0, y1)."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def empty(self) -> bool:
        return self.x1 - self.x0 < 8 or self.y1 - self.y0 < 8


def _check_image(image: Image, what: str) -> None:
    """Reject anything that is not a non-empty BGR uint8 image."""
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3 or image.size == 0:
        raise ProviderError(
            f"{what}: expected a BGR uint8 HxWx3 image, got {image.dtype} {image.shape}"
        )


def _landmarks(face: Face) -> Points | None:
    """The 5 landmarks as an array, or None when they cannot drive a transform."""
    if len(face.landmarks) != 5:
        return None
    pts = np.asarray(face.landmarks, dtype=np.float64)
    if pts.shape != (5, 2) or not np.all(np.isfinite(pts)):
        return None
    if np.hypot(*(pts[1] - pts[0])) < 2.0:  # coincident eyes: no scale or angle to recover
        return None
    return pts


def _expanded_box(face: Face, factor: float, width: int, height: int) -> _Box:
    """The face box grown about its centre by factor, clipped to the image."""
    cx, cy = face.x + face.w / 2, face.y + face.h / 2
    hw, hh = face.w * factor / 2, face.h * factor / 2
    if not all(math.isfinite(v) for v in (cx, cy, hw, hh)):
        return _Box(0, 0, 0, 0)
    return _Box(
        max(0, math.floor(cx - hw)),
        max(0, math.floor(cy - hh)),
        min(width, math.ceil(cx + hw)),
        min(height, math.ceil(cy + hh)),
    )


def _similarity(src: Points, dst: Points) -> Matrix | None:
    """A rotation+uniform-scale+translation taking src landmarks onto dst, or None."""
    est, _ = cv2.estimateAffinePartial2D(src, dst, method=cv2.LMEDS)
    m: Matrix | None = None if est is None else np.asarray(est, dtype=np.float64)
    if m is None or not np.all(np.isfinite(m)):
        m = _two_point_similarity(src, dst)
    if m is None:
        return None
    scale = math.hypot(float(m[0, 0]), float(m[1, 0]))
    return m if 1e-2 < scale < 1e2 else None


def _two_point_similarity(src: Points, dst: Points) -> Matrix | None:
    """The exact similarity mapping the source eye centres onto the target's."""
    s0, s1, d0, d1 = src[0], src[1], dst[0], dst[1]
    sv, dv = s1 - s0, d1 - d0
    sn = float(sv @ sv)
    if sn < 1e-6 or float(dv @ dv) < 1e-6:
        return None
    # complex division dv/sv gives scale*e^(i*angle) in one step
    a = float(sv @ dv) / sn
    b = float(sv[0] * dv[1] - sv[1] * dv[0]) / sn
    rot = np.array([[a, -b], [b, a]])
    t = d0 - rot @ s0
    return np.hstack([rot, t[:, None]])


def _face_ellipse(pts: Points) -> tuple[tuple[float, float], tuple[float, float], float]:
    """Centre, semi-axes and angle (degrees) of an ellipse from brows to chin."""
    eyes = (pts[0] + pts[1]) / 2
    mouth = (pts[3] + pts[4]) / 2
    eye_dist = float(np.hypot(*(pts[1] - pts[0])))
    down = mouth - eyes
    em_dist = max(float(np.hypot(*down)), 0.5 * eye_dist)
    # brows sit ~0.4 eye-mouth spans above the eyes and the chin ~1.7 below, so the ellipse
    # centre is below the eye-mouth midpoint; reaching further pulls hair and neck shadow
    # into the clone boundary, which darkens the whole face
    centre = eyes + 0.65 * down if np.hypot(*down) > 1e-6 else eyes
    angle = math.degrees(math.atan2(float(pts[1][1] - pts[0][1]), float(pts[1][0] - pts[0][0])))
    axes = (0.88 * eye_dist, 1.05 * em_dist)
    return (float(centre[0]), float(centre[1])), axes, angle


def _source_crop(source: Image, face: Face, pts: Points) -> tuple[Image, NDArray[np.uint8], _Box]:
    """A crop of the source around its face plus the face's elliptical mask in crop space."""
    h, w = source.shape[:2]
    box = _expanded_box(face, _SRC_EXPAND, w, h)
    if box.empty:
        # the box may be unusable while the landmarks are fine: crop around those instead
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        span = float(max(hi - lo)) * 1.5 + 8
        box = _Box(
            max(0, int(lo[0] - span)),
            max(0, int(lo[1] - span)),
            min(w, int(hi[0] + span)),
            min(h, int(hi[1] + span)),
        )
    crop = source[box.y0 : box.y1, box.x0 : box.x1]
    mask = np.zeros(crop.shape[:2], np.uint8)
    (cx, cy), (ax, ay), angle = _face_ellipse(pts - (box.x0, box.y0))
    # cv2.ellipse takes integer geometry; shift=4 keeps sub-pixel precision
    sh = 16
    # absurd landmark coordinates overflow cv2's ints; the empty mask makes the caller reject them
    with contextlib.suppress(cv2.error, OverflowError):
        cv2.ellipse(
            mask,
            (round(cx * sh), round(cy * sh)),
            (round(ax * sh), round(ay * sh)),
            angle,
            0,
            360,
            255,
            -1,
            cv2.LINE_AA,
            4,
        )
    return crop, mask, box


def _colour_match(face: Image, ref: Image, mask: NDArray[np.bool_]) -> Image:
    """Shift face's LAB mean/std inside mask to those of ref inside the same mask."""
    f_lab = cv2.cvtColor(face, cv2.COLOR_BGR2LAB)
    r_lab = cv2.cvtColor(ref, cv2.COLOR_BGR2LAB)
    f_px = f_lab[mask].astype(np.float32)
    r_px = r_lab[mask].astype(np.float32)
    f_mu, f_sd = f_px.mean(axis=0), f_px.std(axis=0)
    r_mu, r_sd = r_px.mean(axis=0), r_px.std(axis=0)
    # bounded gain: a flat patch on either side must not blow noise up or flatten the face
    gain = np.clip(r_sd / np.maximum(f_sd, 1e-3), 0.5, 2.0)
    out = (f_lab.astype(np.float32) - f_mu) * gain + r_mu
    lab = np.clip(out, 0, 255).astype(np.uint8)
    return np.asarray(cv2.cvtColor(lab, cv2.COLOR_LAB2BGR), dtype=np.uint8)


def _swap_one(
    crop: Image, crop_mask: NDArray[np.uint8], crop_pts: Points, out: Image, face: Face
) -> bool:
    """Blend the source crop onto one target face of out in place; False if it was skipped."""
    h, w = out.shape[:2]
    dst_pts = _landmarks(face)
    if dst_pts is None:
        return False
    roi = _expanded_box(face, _ROI_EXPAND, w, h)
    if roi.empty:
        return False
    m = _similarity(crop_pts, dst_pts - (roi.x0, roi.y0))
    if m is None:
        return False
    rw, rh = roi.x1 - roi.x0, roi.y1 - roi.y0
    warped = np.asarray(
        cv2.warpAffine(crop, m, (rw, rh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE),
        dtype=np.uint8,
    )
    wmask = cv2.warpAffine(
        crop_mask,
        m,
        (rw, rh),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0,
    )
    # keep a ring of untouched target: the clone's boundary condition, and faces at image edges
    wmask[:_BORDER] = 0
    wmask[-_BORDER:] = 0
    wmask[:, :_BORDER] = 0
    wmask[:, -_BORDER:] = 0
    hard = wmask > 127
    area = int(np.count_nonzero(hard))
    if area < _MIN_MASK_PX:
        return False
    target_roi = out[roi.y0 : roi.y1, roi.x0 : roi.x1]
    matched = _colour_match(warped, target_roi, hard)
    hard_u8 = hard.astype(np.uint8) * 255
    bx, by, bw, bh = cv2.boundingRect(hard_u8)
    # seamlessClone centres the mask's bounding box on this point; integer halves as OpenCV does
    centre = (bx + bw // 2, by + bh // 2)
    try:
        # seamlessClone overwrites its mask argument in place, and hard_u8 is needed below
        cloned = cv2.seamlessClone(matched, target_roi, hard_u8.copy(), centre, cv2.NORMAL_CLONE)
    except cv2.error:
        cloned = matched  # a clone that cannot be placed still gets the feathered blend
    # feather width follows face size so small and large faces blend alike
    size = math.sqrt(area)
    k = max(1, int(size * 0.06)) | 1
    soft = cv2.erode(hard_u8, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    sigma = max(1.0, size * 0.05)
    alpha = cv2.GaussianBlur(soft, (0, 0), sigma).astype(np.float32)[..., None] * (1 / 255)
    blended = cloned.astype(np.float32) * alpha + target_roi.astype(np.float32) * (1 - alpha)
    out[roi.y0 : roi.y1, roi.x0 : roi.x1] = np.clip(blended + 0.5, 0, 255).astype(np.uint8)
    return True


def swap_face(
    source: Image, source_face: Face, target: Image, target_faces: Sequence[Face]
) -> Image:
    """Return a copy of target with source's face blended onto each target face."""
    _check_image(source, "source")
    _check_image(target, "target")
    if not target_faces:
        raise ProviderError("local swap: the target has no faces to swap onto")
    src_pts = _landmarks(source_face)
    if src_pts is None:
        raise ProviderError("local swap: the source face has unusable landmarks")
    crop, crop_mask, box = _source_crop(source, source_face, src_pts)
    if crop.shape[0] < 8 or crop.shape[1] < 8 or not crop_mask.any():
        raise ProviderError("local swap: the source face lies outside the source image")
    crop_pts = src_pts - (box.x0, box.y0)
    out = target.copy()
    swapped = sum(_swap_one(crop, crop_mask, crop_pts, out, f) for f in target_faces)
    if swapped == 0:
        raise ProviderError(
            f"local swap: none of the {len(target_faces)} target face(s) "
            "could be swapped (degenerate landmarks or off-image boxes)"
        )
    return out


def enhance(image: Image, scale: int = 2) -> Image:
    """Upscale by scale, then sharpen fine detail and lift local contrast slightly."""
    _check_image(image, "image")
    if scale < 1:
        raise ProviderError(f"enhance: scale must be >= 1, got {scale}")
    h, w = image.shape[:2]
    # INTER_CUBIC is ~15x faster than LANCZOS4 here and the unsharp mask evens out the difference
    up = cv2.resize(image, (w * scale, h * scale), interpolation=cv2.INTER_CUBIC)
    fine = cv2.GaussianBlur(up, (0, 0), 0.6 * scale)
    sharp = cv2.addWeighted(up, 1.7, fine, -0.7, 0)
    # local contrast from a wide blur taken at input resolution: 4x fewer pixels to blur
    coarse_small = cv2.GaussianBlur(image, (0, 0), 6.0)
    coarse = cv2.resize(coarse_small, (w * scale, h * scale), interpolation=cv2.INTER_LINEAR)
    return np.asarray(cv2.addWeighted(sharp, 1.15, coarse, -0.15, 0), dtype=np.uint8)
