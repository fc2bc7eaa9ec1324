"""Dataset builds: images scored per second, and what a build of N candidates costs.

Usage: PYTHONPATH=. python bench/dataset.py [--images 100]. Prints numbers; asserts nothing.
Processes 2 sources x N/2 targets (~1 MP astronaut variants, turned, zoomed and tinted) with the
local engine first (not timed), so the candidates are real 4 MP enhanced results.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np


def target(i: int) -> np.ndarray:
    """A distinct frame of the one face: a turn, a zoom, a flip and a tint by index."""
    from tests.fakes.photos import astronaut

    img = astronaut()
    if i % 2:
        img = cv2.flip(img, 1)
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 3), (i * 7) % 31 - 15, 1.0 + (i % 5) * 0.08)
    img = cv2.warpAffine(img, m, (w, h), borderMode=cv2.BORDER_REFLECT)
    tint = np.array([(i * 7) % 23 - 11, (i * 5) % 17 - 8, (i * 3) % 13 - 6], np.int16)
    return np.clip(img.astype(np.int16) + tint, 0, 255).astype(np.uint8)


def main() -> None:
    """Set up, process, then time a cold build, a rebuild and the scoring alone."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--images", type=int, default=100)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AISTUDIO_HOME"] = f"{tmp}/studio"
        from aistudio import dataset
        from aistudio.consent.records import set_consent
        from aistudio.core.config import get_settings
        from aistudio.ingest.importer import create_model, import_photos
        from aistudio.studio import Studio
        from tests.fakes.drive import drive
        from tests.fakes.photos import photo_set, write_jpeg

        studio = Studio(get_settings())
        create_model(studio, "bench")
        set_consent(studio, "bench", kind="synthetic", scopes="sfw", attest_adult=True)
        import_photos(studio, "bench", photo_set(Path(tmp) / "s", "face", 2), role="source")
        n = max(1, args.images // 2)
        files = [write_jpeg(Path(tmp) / "t" / f"t{i}.jpg", target(i)) for i in range(n)]
        import_photos(studio, "bench", files, role="target", category="sfw")
        t0 = time.perf_counter()
        summary = drive(studio, "bench", "local", 2)
        print(f"processed {summary.done} pairs in {time.perf_counter() - t0:.1f} s (not counted)")
        t0 = time.perf_counter()
        info = dataset.build_dataset(studio, "bench")
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        dataset.build_dataset(studio, "bench")
        warm = time.perf_counter() - t0
        total = len(info.included) + len(info.excluded)
        print(f"cores: {os.cpu_count()}, candidates: {total} (4 MP enhanced results)")
        print(f"build, nothing scored before: {cold:.1f} s ({cold / total:.3f} s per candidate)")
        from collections import Counter

        why = Counter(str(i["reason"]) for i in info.excluded)
        print(f"  {len(info.included)} in, {len(info.excluded)} out: {dict(why.most_common())}")
        print(f"rebuild of the same inputs (scores cached, same version): {warm:.2f} s")
        from sqlmodel import select

        from aistudio.dataset.candidates import gather, score_all
        from aistudio.db.tables import ImageScore

        with studio.session() as session:
            for row in session.exec(select(ImageScore)).all():
                session.delete(row)
        pool = gather(studio, "bench", include_sources=False, holdout=2, scopes=("sfw",))  # consent
        t0 = time.perf_counter()
        score_all(studio, pool, studio.config("bench").thresholds)
        took = time.perf_counter() - t0
        print(f"scoring alone: {len(pool.candidates) / took:.1f} images/s ({took:.1f} s)")
        breakdown(studio, studio.home / pool.candidates[0].file)


def breakdown(studio: object, path: Path) -> None:
    """Milliseconds per measure on one candidate (median of 5)."""
    import statistics

    from aistudio.media import brisque, measures, safety
    from aistudio.media.identity import descriptor
    from aistudio.media.images import load_stored_image
    from aistudio.studio import Studio

    assert isinstance(studio, Studio)
    thresholds = studio.config("bench").thresholds
    image, _ = load_stored_image(path, thresholds.max_pixels * 4)
    det = studio.detector(thresholds)
    face = det.detect(image)[0]
    model = brisque.load_model()
    assert model is not None
    steps = {
        "decode": lambda: load_stored_image(path, thresholds.max_pixels * 4),
        "detect faces": lambda: det.detect(image),
        "identity descriptor (dlib)": lambda: descriptor(image, face),
        "face sharpness": lambda: measures.sharpness(image, face),
        "exposure": lambda: measures.exposure(image),
        "pHash": lambda: measures.phash(image),
        "BRISQUE": lambda: brisque.score(image, model),
        "content labels (NudeNet)": lambda: safety.classify(image, thresholds.nsfw_score),
    }
    h, w = image.shape[:2]
    print(f"per measure on one {w}x{h} candidate (median of 5):")
    for name, step in steps.items():
        step()  # first use loads models
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            step()
            times.append(time.perf_counter() - t0)
        print(f"  {name:28s} {1000 * statistics.median(times):7.1f} ms")


if __name__ == "__main__":
    main()
