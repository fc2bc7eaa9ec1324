"""Watermark robustness and cost: detection after JPEG q90 and after a 90% resize.

Usage: python bench/watermark.py [--images 24]. Prints numbers; asserts nothing.
Images: ~1 MP and ~4 MP variants of scikit-image's public-domain photos (astronaut, coffee,
chelsea, rocket...), each marked with its own id.
"""

from __future__ import annotations

import argparse
import time

import cv2
import numpy as np
import skimage.data

from aistudio.provenance import watermark

SOURCES = ("astronaut", "coffee", "chelsea", "rocket", "hubble_deep_field", "camera")


def photo(i: int) -> np.ndarray:
    """A distinct photo: a public-domain source, a size, a flip and a tint by index."""
    rgb = getattr(skimage.data, SOURCES[i % len(SOURCES)])()
    if rgb.ndim == 2:
        rgb = np.stack([rgb] * 3, axis=-1)
    side = 1024 if i % 2 else 2048
    img = cv2.resize(
        cv2.cvtColor(rgb[..., :3], cv2.COLOR_RGB2BGR),
        (side, side * 3 // 4),
        interpolation=cv2.INTER_CUBIC,
    )
    if (i // len(SOURCES)) % 2:
        img = cv2.flip(img, 1)
    return np.clip(img.astype(np.int16) + (i * 3) % 17 - 8, 0, 255).astype(np.uint8)


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--images", type=int, default=24)
    n = p.parse_args().images
    hits = {
        "as written (q92)": 0,
        "JPEG q90": 0,
        "resize 90%": 0,
        "resize 90% + q90": 0,
        "resize 50%": 0,
    }
    false_pos = 0
    embed_s = read_s = psnr = 0.0
    for i in range(n):
        img = photo(i)
        mark = 1000 + i
        t = time.perf_counter()
        marked = watermark.embed(img, mark)
        embed_s += time.perf_counter() - t
        psnr += cv2.PSNR(img, marked)
        h, w = marked.shape[:2]
        variants = {
            "as written (q92)": jpeg(marked, 92),
            "JPEG q90": jpeg(jpeg(marked, 92), 90),
            "resize 90%": cv2.resize(
                jpeg(marked, 92), (w * 9 // 10, h * 9 // 10), interpolation=cv2.INTER_AREA
            ),
            "resize 50%": cv2.resize(
                jpeg(marked, 92), (w // 2, h // 2), interpolation=cv2.INTER_AREA
            ),
        }
        variants["resize 90% + q90"] = jpeg(variants["resize 90%"], 90)
        for name, v in variants.items():
            t = time.perf_counter()
            hits[name] += watermark.read(v) == mark
            read_s += time.perf_counter() - t
        false_pos += watermark.read(jpeg(img, 92)) is not None
    print(f"{n} images (half ~1 MP, half ~3 MP), mean PSNR of the mark {psnr / n:.1f} dB")
    for name, k in hits.items():
        print(f"  detected after {name:<18} {k}/{n} ({100 * k / n:.0f}%)")
    print(f"  unmarked images read as marked: {false_pos}/{n}")
    print(
        f"embed {1000 * embed_s / n:.0f} ms/image, read {1000 * read_s / (n * len(hits)):.0f} "
        "ms/image"
    )


if __name__ == "__main__":
    main()
