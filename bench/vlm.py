"""A vision-language captioner's speed on this machine: a full-size Florence-2-base (0.23 B
parameters, random weights, built from config: no download) loaded and run through the studio's
captioner, a caption of a fixed 40 tokens per image, batch 1 and batch 4.

Usage: PYTHONPATH=. python bench/vlm.py [--tokens 40]. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def build(folder: Path) -> None:
    """Florence-2-base's shape (DaViT, BART 6+6 layers of 768) with the tests' small tokenizer."""
    import torch
    from transformers import (
        CLIPImageProcessorPil,
        Florence2Config,
        Florence2ForConditionalGeneration,
        Florence2Processor,
    )

    from tests.fakes import vlm

    tiny = Path(tempfile.mkdtemp())
    vlm.florence2(tiny)  # the tokenizer only
    processor = Florence2Processor.from_pretrained(tiny)
    tok = processor.tokenizer
    bart = {"model_type": "bart", "vocab_size": 51289, "d_model": 768}
    bart |= {"max_position_embeddings": 1024}
    bart |= {"encoder_layers": 6, "decoder_layers": 6, "encoder_ffn_dim": 3072}
    bart |= {"decoder_ffn_dim": 3072, "encoder_attention_heads": 12, "decoder_attention_heads": 12}
    bart |= {"bos_token_id": tok.bos_token_id, "eos_token_id": tok.eos_token_id}
    bart |= {"pad_token_id": tok.pad_token_id, "decoder_start_token_id": tok.eos_token_id}
    config = Florence2Config(
        text_config=bart, vision_config={"projection_dim": 768}, image_token_id=tok.image_token_id
    )
    torch.manual_seed(0)
    Florence2ForConditionalGeneration(config).eval().save_pretrained(folder)
    images = CLIPImageProcessorPil(
        size={"height": 768, "width": 768}, do_center_crop=False, image_seq_length=577
    )
    Florence2Processor(image_processor=images, tokenizer=tok).save_pretrained(folder)


def main() -> None:
    """Build, load through the studio's captioner, then time whole captions."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tokens", type=int, default=40)
    args = p.parse_args()
    import torch
    from PIL import Image

    from aistudio.captions import vlm
    from tests.fakes.photos import astronaut

    folder = Path(tempfile.mkdtemp())
    build(folder)
    t0 = time.perf_counter()
    model = vlm.get_captioner("florence2", str(folder), None)
    loaded = time.perf_counter() - t0
    print(f"cores: {os.cpu_count()}, device: {model.device}, load: {loaded:.1f} s")
    params = sum(x.numel() for x in model.model.parameters()) / 1e9
    print(f"Florence-2-base shape: {params:.2f} B parameters, 768x768 input")
    image = astronaut()
    for batch in (1, 4):
        inputs, _, _ = model._inputs([Image.fromarray(image[..., ::-1].copy())] * batch)
        inputs = {k: v.to(model.device) for k, v in inputs.items()}
        fixed = {"min_new_tokens": args.tokens, "max_new_tokens": args.tokens, "do_sample": False}
        with torch.inference_mode():
            model.model.generate(**inputs, **fixed)  # warm-up
            t0 = time.perf_counter()
            model.model.generate(**inputs, **fixed)
        took = time.perf_counter() - t0
        print(f"batch {batch}: {took / batch:.2f} s an image ({batch / took:.2f} images/s), "
              f"{args.tokens} tokens each")  # fmt: skip


if __name__ == "__main__":
    main()
