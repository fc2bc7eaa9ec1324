"""LoRA training speed on this machine: the studio's loop against the step diffusers'
DreamBooth-LoRA example takes (the VAE and text encoder run at every step), on the same tiny
SD 1.5-shaped pipeline and the same LoRA modules; and what the on-disk encodings cache saves.

Usage: PYTHONPATH=. python bench/training.py [--steps 40] [--images 8] [--size 32]
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np


def dataset(folder: Path, images: int, size: int) -> Path:
    """An imagefolder of astronaut crops, captioned."""
    from tests.fakes.photos import astronaut

    (folder / "imagefolder").mkdir(parents=True)
    photo = astronaut(512)
    lines = []
    for i in range(images):
        crop = photo[i * 8 : i * 8 + 384, i * 8 : i * 8 + 384]
        name = f"{i + 1:03d}.jpg"
        cv2.imwrite(str(folder / "imagefolder" / name), cv2.resize(crop, (size * 4, size * 4)))
        lines.append(json.dumps({"file_name": name, "text": f"a photo of andie, person, {i}"}))
    (folder / "imagefolder" / "metadata.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def ours(base: str, data: Path, out: Path, steps: int, size: int, cache: Path,
         family: str = "sd15") -> dict[str, float]:  # fmt: skip
    """The studio's loop: seconds to its first step, and the median step."""
    from aistudio.training import TrainParams, train

    params = TrainParams.model_validate({"family": family, "rank": 4, "steps": steps,
                                         "resolution": size, "checkpoint_every": steps,
                                         "samples": 0})  # fmt: skip
    stamps: list[float] = []
    start = time.perf_counter()
    train(base, data, out, params, device="cpu", cache=cache,
          progress=lambda step, total, loss: stamps.append(time.perf_counter()))  # fmt: skip
    deltas = np.diff(stamps[2:])  # past the first steps' warm-up
    return {"first_step_s": stamps[0] - start, "step_ms": 1000 * float(np.median(deltas))}


def reference(base: str, data: Path, steps: int, size: int) -> float:
    """diffusers' example's step: encode the batch's image and caption, noise, predict, step."""
    import torch
    import torch.nn.functional as F
    from diffusers import DDPMScheduler, StableDiffusionPipeline
    from peft import LoraConfig

    from aistudio.training.data import load_examples
    from aistudio.training.families.unet import lora_targets

    pipe = StableDiffusionPipeline.from_pretrained(
        base, safety_checker=None, requires_safety_checker=False
    )
    unet, vae, text, tok = pipe.unet, pipe.vae, pipe.text_encoder, pipe.tokenizer
    vae.requires_grad_(False)
    text.requires_grad_(False)
    unet.requires_grad_(False)
    unet.add_adapter(LoraConfig(r=4, lora_alpha=4, init_lora_weights="gaussian",
                                target_modules=lora_targets(unet)))  # fmt: skip
    optimizer = torch.optim.AdamW([p for p in unet.parameters() if p.requires_grad], lr=1e-4)
    noise_scheduler: Any = DDPMScheduler.from_config(pipe.scheduler.config)  # type: ignore[no-untyped-call]
    examples = load_examples(data, size, 8)
    times = []
    for step in range(steps):
        e = examples[step % len(examples)]
        t0 = time.perf_counter()
        pixels = torch.from_numpy(e.pixels)[None]
        latents = vae.encode(pixels).latent_dist.sample() * vae.config.scaling_factor
        ids = tok([e.caption], padding="max_length", max_length=77, truncation=True,
                  return_tensors="pt").input_ids  # fmt: skip
        hidden = text(ids)[0]
        noise = torch.randn_like(latents)
        t = torch.randint(0, noise_scheduler.config.num_train_timesteps, (1,))
        noisy = noise_scheduler.add_noise(latents, noise, t)
        loss = F.mse_loss(unet(noisy, t, hidden).sample.float(), noise.float())
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times[2:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--images", type=int, default=8)
    parser.add_argument("--size", type=int, default=32, help="bucket side, pixels")
    args = parser.parse_args()
    import torch

    from tests.fakes.sd import tiny_sd15

    torch.set_num_threads(2)
    root = Path(tempfile.mkdtemp())
    base = str(tiny_sd15(root / "base"))
    data = dataset(root / "data", args.images, args.size)
    cache = root / "cache.safetensors"
    cold = ours(base, data, root / "a", args.steps, args.size, cache)
    warm = ours(base, data, root / "b", args.steps, args.size, cache)
    ref = reference(base, data, args.steps, args.size)
    print(f"tiny SD 1.5 config, {args.images} images at {args.size} px, {args.steps} steps, rank 4")
    print(f"studio loop: {cold['step_ms']:.1f} ms/step (cached encodings: {warm['step_ms']:.1f})")
    print(f"diffusers-example step (encoders every step): {ref:.1f} ms/step")
    print(f"  ratio studio / reference: {min(cold['step_ms'], warm['step_ms']) / ref:.2f}x")
    print(f"to the first step: {cold['first_step_s']:.2f} s encoding, "
          f"{warm['first_step_s']:.2f} s from the cache")  # fmt: skip


if __name__ == "__main__":
    main()
