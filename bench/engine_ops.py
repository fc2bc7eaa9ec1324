"""Micro-benchmark of the local engine's per-image operations on a ~1 MP photo.

Run from the repository root with the package installed: ``python bench/engine_ops.py``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import cv2
import numpy as np
import skimage.data

from aistudio.media.faces import Image, get_detector
from aistudio.media.localengine import enhance, swap_face

RUNS = 5


def _photo() -> Image:
    """The public-domain astronaut portrait as BGR, upscaled to 1024x1024."""
    bgr = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)  # type: ignore[no-untyped-call]
    return np.asarray(cv2.resize(bgr, (1024, 1024), interpolation=cv2.INTER_CUBIC), np.uint8)


def _time(name: str, op: Callable[[], object]) -> None:
    """Print best-of-RUNS and median milliseconds for op, after one warm-up call."""
    op()  # first calls pay for model loading and OpenCV's lazy initialisation
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        op()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{name:<34} best {min(times):7.1f} ms   median {statistics.median(times):7.1f} ms")


def main() -> None:
    photo = _photo()
    target = np.ascontiguousarray(photo[:, ::-1])  # mirrored, so source and target differ
    detector = get_detector()
    source_faces, target_faces = detector.detect(photo), detector.detect(target)
    if not source_faces or not target_faces:
        raise SystemExit("no face found in the benchmark photo")
    enhanced = enhance(target)
    h, w = photo.shape[:2]
    eh, ew = enhanced.shape[:2]
    print(f"cv2 {cv2.__version__}, {cv2.getNumThreads()} threads, best/median of {RUNS} runs")
    _time(f"detect {w}x{h}", lambda: detector.detect(target))
    _time(f"swap_face {w}x{h}", lambda: swap_face(photo, source_faces[0], target, target_faces))
    _time(f"enhance {w}x{h} -> {ew}x{eh}", lambda: enhance(target))
    _time(
        f"jpeg q92 encode {ew}x{eh}",
        lambda: cv2.imencode(".jpg", enhanced, [cv2.IMWRITE_JPEG_QUALITY, 92]),
    )


if __name__ == "__main__":
    main()
