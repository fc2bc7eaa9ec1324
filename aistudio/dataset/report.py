"""What a person looks at after a build: a contact sheet and score histograms, as PNG."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from aistudio.core.config import DatasetRules
from aistudio.dataset.scores import ImageScores
from aistudio.media.faces import Image

THUMB = 200  # px, the longer side of a thumbnail
COLS = 6
LABEL_H = 46
IN, OUT = (60, 170, 60), (50, 50, 210)  # BGR: green chosen, red left out
FONT = cv2.FONT_HERSHEY_SIMPLEX


@dataclass(frozen=True)
class Tile:
    """One image on the sheet: its pixels, whether it is in, and two short lines about it."""

    image: Image
    included: bool
    title: str
    detail: str


def thumb(image: Image) -> Image:
    """An image fitted into a THUMB-sided dark square."""
    h, w = image.shape[:2]
    k = THUMB / max(h, w)
    small = cv2.resize(
        image, (max(1, round(w * k)), max(1, round(h * k))), interpolation=cv2.INTER_AREA
    )
    canvas = np.full((THUMB, THUMB, 3), 32, np.uint8)
    y, x = (THUMB - small.shape[0]) // 2, (THUMB - small.shape[1]) // 2
    canvas[y : y + small.shape[0], x : x + small.shape[1]] = small
    return canvas


def _text(img: Image, text: str, y: int, scale: float = 0.38) -> None:
    # Keep it within the tile: Hershey fonts are about 20 px per unit of scale per character.
    fit = text[: max(1, int(THUMB / (18 * scale)))]
    cv2.putText(img, fit, (4, y), FONT, scale, (235, 235, 235), 1, cv2.LINE_AA)


def contact_sheet(tiles: Sequence[Tile], heading: str) -> Image:
    """Chosen images first, then the left-out ones, each framed and labelled (the caller marks
    and encodes it: the sheet shows AI images)."""
    ordered = [t for t in tiles if t.included] + [t for t in tiles if not t.included]
    rows = max(1, -(-len(ordered) // COLS))
    cell_w, cell_h = THUMB + 8, THUMB + LABEL_H + 8
    sheet = np.full((40 + rows * cell_h, COLS * cell_w, 3), 18, np.uint8)
    cv2.putText(sheet, heading[:110], (8, 26), FONT, 0.6, (240, 240, 240), 1, cv2.LINE_AA)
    for i, t in enumerate(ordered):
        r, c = divmod(i, COLS)
        x, y = c * cell_w + 4, 40 + r * cell_h
        colour = IN if t.included else OUT
        cv2.rectangle(sheet, (x - 3, y - 3), (x + THUMB + 2, y + THUMB + 2), colour, 3)
        sheet[y : y + THUMB, x : x + THUMB] = thumb(t.image)
        label = np.zeros((LABEL_H, THUMB, 3), np.uint8)
        label[:] = colour
        _text(label, t.title, 16)
        _text(label, t.detail, 36)
        sheet[y + THUMB + 2 : y + THUMB + 2 + LABEL_H, x : x + THUMB] = label
    return sheet


# The scores worth a histogram, with the rule's limit drawn on each.
_PANELS: tuple[tuple[str, str], ...] = (
    ("sharpness", "min_sharpness"),
    ("brightness", "min_brightness"),
    ("face_fraction", "min_face_fraction"),
    ("identity_distance", "max_identity_distance"),
)


def histograms(scores: Sequence[tuple[ImageScores, bool]], rules: DatasetRules) -> bytes:
    """One panel per score: chosen (green) and left-out (red) counts per bin, the limit in white."""
    pw, ph, bins = 360, 200, 12
    out = np.full((ph * 2 + 20, pw * 2 + 20, 3), 18, np.uint8)
    for n, (field, limit_name) in enumerate(_PANELS):
        ox, oy = (n % 2) * (pw + 10) + 5, (n // 2) * (ph + 10) + 5
        values = [(getattr(s, field), inc) for s, inc in scores if getattr(s, field) is not None]
        limit = float(getattr(rules, limit_name))
        cv2.putText(out, field, (ox + 4, oy + 16), FONT, 0.45, (240, 240, 240), 1, cv2.LINE_AA)
        if not values:
            continue
        lo = min(min(v for v, _ in values), limit)
        hi = max(max(v for v, _ in values), limit)
        span = (hi - lo) or 1.0
        edges = np.linspace(lo, hi + span * 1e-9, bins + 1)
        counts = {
            inc: np.histogram([v for v, i in values if i == inc], edges)[0] for inc in (True, False)
        }
        top = max(1, int(max(counts[True].max(), counts[False].max())))
        bw = (pw - 20) // bins
        for b in range(bins):
            for k, inc in enumerate((True, False)):
                hgt = int((ph - 50) * counts[inc][b] / top)
                x = ox + 10 + b * bw + k * (bw // 2)
                cv2.rectangle(
                    out,
                    (x, oy + ph - 20 - hgt),
                    (x + bw // 2 - 1, oy + ph - 20),
                    IN if inc else OUT,
                    -1,
                )
        lx = ox + 10 + int((limit - lo) / span * bins * bw)
        cv2.line(out, (lx, oy + 24), (lx, oy + ph - 20), (255, 255, 255), 1)
        scale = f"{lo:.3g} .. {hi:.3g}, limit {limit:g}"
        cv2.putText(out, scale, (ox + 4, oy + ph - 4), FONT, 0.38, (200, 200, 200), 1, cv2.LINE_AA)
    ok, buf = cv2.imencode(".png", out)
    assert ok
    return buf.tobytes()
