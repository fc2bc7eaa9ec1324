"""Face-aware crops into the aspect buckets a base family trains at."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from aistudio.core.families import SPECS, Family
from aistudio.media.faces import Image

RESOLUTION: dict[str, int] = {name: s.resolution for name, s in SPECS.items()}  # trained at
# Both sides of a bucket are a multiple of this: kohya's bucket_reso_steps, which its SD 1.5
# trainer requires (SDXL and Flux 32); SimpleTuner and ai-toolkit step by 64 too.
STEP = 64
# Portrait aspects (width:height) the buckets are chosen near, squares first; each bucket comes
# with its landscape twin.
_ASPECTS = ((1, 1), (7, 9), (13, 19), (4, 7))


def budget(family: Family) -> int:
    """The most pixels a crop may have: the family's side squared (kohya's max_area)."""
    # A larger crop is shrunk or cut to fit a bucket when trained.
    return RESOLUTION[family] ** 2


def buckets(family: Family) -> list[tuple[int, int]]:
    """The (width, height) buckets of a family: kohya's for its budget, one near each aspect."""
    area = budget(family)
    # As sd-scripts' library/model_util.py make_bucket_resolutions lists them: the square, then
    # each width with the tallest multiple of the step within the area: kohya then trains every
    # crop at its own size.
    side = int(area**0.5) // STEP * STEP
    table = [(side, side)] + [(w, area // w // STEP * STEP) for w in range(STEP, side, STEP)]
    out = []
    for aw, ah in _ASPECTS:
        w, h = min(table, key=lambda b: abs(np.log((b[0] / b[1]) / (aw / ah))))
        out += [(w, h), (h, w)]
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Crop:
    """Where the crop lies in the candidate and the bucket it is resized to."""

    x: int
    y: int
    w: int
    h: int
    bucket: tuple[int, int]

    def to_list(self) -> list[int]:
        """Stored with the dataset item: x, y, w, h, bucket width, bucket height."""
        return [self.x, self.y, self.w, self.h, *self.bucket]

    @classmethod
    def from_list(cls, values: list[int]) -> Crop:
        """The inverse of to_list."""
        x, y, w, h, bw, bh = values
        return cls(x, y, w, h, (bw, bh))


def plan_crop(
    width: int, height: int, face: tuple[float, float, float, float], family: Family
) -> Crop:
    """The largest window of the bucket's aspect nearest the image's, with the face whole, off
    the edge and a little above the middle (where portrait framing puts the eyes)."""
    fx, fy, fw, fh = face
    aspect = width / height
    bucket = min(buckets(family), key=lambda b: abs(np.log((b[0] / b[1]) / aspect)))
    ratio = bucket[0] / bucket[1]
    w, h = (
        (width, round(width / ratio))
        if width / ratio <= height
        else (round(height * ratio), height)
    )
    cx, cy = fx + fw / 2, fy + fh / 2
    x = round(min(max(cx - w / 2, 0), width - w))
    # The face centre at 40% of the height leaves room for the shoulders below it.
    y = round(min(max(cy - 0.4 * h, 0), height - h))
    # A face the window cuts (a tall face in a wide image): move the window to hold it whole.
    if fy < y:
        y = max(0, int(fy))
    elif fy + fh > y + h:
        y = min(height - h, int(np.ceil(fy + fh - h)))
    if fx < x:
        x = max(0, int(fx))
    elif fx + fw > x + w:
        x = min(width - w, int(np.ceil(fx + fw - w)))
    return Crop(x, y, w, h, bucket)


def apply_crop(image: Image, crop: Crop) -> Image:
    """The crop, resized to its bucket (area filter down, cubic up)."""
    part = image[crop.y : crop.y + crop.h, crop.x : crop.x + crop.w]
    shrink = crop.bucket[0] <= crop.w
    out = cv2.resize(part, crop.bucket, interpolation=cv2.INTER_AREA if shrink else cv2.INTER_CUBIC)
    return np.ascontiguousarray(out, dtype=np.uint8)
