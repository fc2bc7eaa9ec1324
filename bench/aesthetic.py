"""The CLIP beauty score's cost on 2 cores, at full size: ViT-L/14 (clip-vit-large-patch14's
architecture, built from its config with random weights, as no weights can be downloaded here).

Usage: PYTHONPATH=. python bench/aesthetic.py [--images 8]. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    """Save a random ViT-L/14 CLIP as a checkpoint, load it the studio's way, time scoring."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--images", type=int, default=8)
    args = p.parse_args()
    import torch
    from transformers import CLIPConfig, CLIPImageProcessorPil, CLIPModel, CLIPTokenizer

    from aistudio.media.aesthetic import AestheticScorer
    from tests.fakes.clip import write_clip_tokenizer
    from tests.fakes.photos import training_photos

    config = CLIPConfig(
        text_config={"hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12,
                     "num_attention_heads": 12, "vocab_size": 49408},
        vision_config={"hidden_size": 1024, "intermediate_size": 4096, "num_hidden_layers": 24,
                       "num_attention_heads": 16, "image_size": 224, "patch_size": 14},
        projection_dim=768,
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "clip-l14"
        t0 = time.perf_counter()
        model = CLIPModel(config)
        params = sum(p.numel() for p in model.parameters()) / 1e6
        model.save_pretrained(folder)
        del model
        write_clip_tokenizer(folder / "bpe")
        CLIPTokenizer.from_pretrained(folder / "bpe").save_pretrained(folder)
        CLIPImageProcessorPil(
            size={"shortest_edge": 224}, crop_size={"height": 224, "width": 224}
        ).save_pretrained(folder)
        print(f"ViT-L/14 CLIP, {params:.0f} M parameters, built and saved in "
              f"{time.perf_counter() - t0:.1f} s (not counted)")  # fmt: skip
        t0 = time.perf_counter()
        scorer = AestheticScorer(str(folder), device="cpu")
        print(f"load + prompt features: {time.perf_counter() - t0:.1f} s (once per process)")
        photos = list(training_photos().values())
        images = [photos[i % len(photos)] for i in range(args.images)]
        scorer.score(images[0])  # warm-up
        t0 = time.perf_counter()
        for im in images:
            scorer.score(im)
        one = (time.perf_counter() - t0) / len(images)
        t0 = time.perf_counter()
        scorer.score_many(images)
        batch = (time.perf_counter() - t0) / len(images)
        print(f"torch threads: {torch.get_num_threads()}, images: {len(images)} (1024 px)")
        print(f"one at a time: {1000 * one:.0f} ms an image ({1 / one:.2f} images/s)")
        print(f"batched: {1000 * batch:.0f} ms an image ({1 / batch:.2f} images/s)")


if __name__ == "__main__":
    main()
