"""The tagger's speed: captions per second on this machine's cores (tags and the template,
with exact CLIP token counts), on the 768 px labelled set (square and tall).

Usage: PYTHONPATH=. python bench/captions.py [--images 200]. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    """Detect faces once (the dataset stores them), then time tagging and composing."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--images", type=int, default=200)
    args = p.parse_args()
    from aistudio.captions import TagInput, compose, count_tokens, tags
    from aistudio.core.config import CaptionRules
    from aistudio.media import measures
    from aistudio.media.faces import get_detector
    from tests.fakes.labelled import framings

    det = get_detector()
    inputs = []
    for _, image, *_ in framings():
        face = max(det.detect(image), key=lambda f: f.score)
        pose = measures.head_pose(face)
        yaw, pitch = (pose.yaw, pose.pitch) if pose else (None, None)
        inputs.append(TagInput(image, (face.x, face.y, face.w, face.h), yaw, pitch))
    rules = CaptionRules()
    count_tokens("warm-up", "sdxl")  # loads CLIP's merges once
    t0 = time.perf_counter()
    for i in range(args.images):
        item = inputs[i % len(inputs)]
        compose("andie", "person", tags(item, allow_explicit=False), rules, "sdxl")
    took = time.perf_counter() - t0
    h, w = inputs[0].image.shape[:2]
    print(f"cores: {os.cpu_count()}, images: {args.images} ({w}x{h} and 598x{h})")
    each = 1000 * took / args.images
    print(f"tagger + template: {args.images / took:.0f} captions/s ({each:.1f} ms each)")


if __name__ == "__main__":
    main()
