"""LoRA training speed of the flow-matching families on this machine: the studio's loop
against the step of diffusers' DreamBooth-LoRA example for each (train_dreambooth_lora_z_image,
_flux2_klein, _qwen_image: the VAE and the text encoder run at every step, as without
--cache_latents), on the tests' tiny pipelines and the same LoRA modules; and what the on-disk
encodings cache saves.

Usage: PYTHONPATH=. python bench/families.py [--family zimage|flux2-klein|qwen-image|all]
       [--steps 30] [--images 8] [--size 32] [--repeats 3]
Prints numbers (the best of the repeats: other processes may share the cores); asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from aistudio.training.families.language_model import (
    MAX_TOKENS,  # the examples' --max_sequence_length
)
from bench.training import dataset, ours

FAMILIES = ("zimage", "flux2-klein", "qwen-image")
KLEIN_LAYERS = (9, 18, 27)  # the klein pipelines' layers (the example's 10/20/30: #13445)
Step = Callable[[Any, str], Any]  # (pixels, caption) -> the loss, graph attached


def tiny(family: str, folder: Path) -> str:
    """The tests' tiny diffusers folder of a family."""
    from tests.fakes.qwen import tiny_flux2_klein, tiny_qwen_image, tiny_zimage

    makers = {"zimage": tiny_zimage, "flux2-klein": tiny_flux2_klein,
              "qwen-image": tiny_qwen_image}  # fmt: skip
    return str(makers[family](folder))


def sigmas(scheduler: Any, batch: int, ndim: int) -> tuple[Any, Any]:
    """The examples' timesteps and sigmas (weighting scheme "none": u uniform)."""
    from diffusers.training_utils import compute_density_for_timestep_sampling

    u = compute_density_for_timestep_sampling("none", batch, 0.0, 1.0, 1.29)
    indices = (u * scheduler.config.num_train_timesteps).long()
    timesteps = scheduler.timesteps[indices]
    index = [(scheduler.timesteps == t).nonzero().item() for t in timesteps]
    sigma = scheduler.sigmas[index].flatten()
    while sigma.ndim < ndim:
        sigma = sigma.unsqueeze(-1)
    return timesteps, sigma


def flow_loss(pred: Any, target: Any, sigma: Any) -> Any:
    """The examples' weighted MSE (weighting "none": ones)."""
    import torch
    from diffusers.training_utils import compute_loss_weighting_for_sd3

    weighting = compute_loss_weighting_for_sd3("none", sigma)
    err = weighting.float() * (pred.float() - target.float()) ** 2
    return torch.mean(err.reshape(target.shape[0], -1), 1).mean()


def tokens(pipe: Any) -> int:
    """The prompt length the studio uses too: the example's 512, or the tiny tokenizer's."""
    return min(pipe.tokenizer.model_max_length, MAX_TOKENS)


def zimage_step(pipe: Any, scheduler: Any) -> Step:
    """train_dreambooth_lora_z_image.py's step: caption list, reversed timestep, negated out."""
    import torch

    vae, transformer, length = pipe.vae, pipe.transformer, tokens(pipe)

    def step(pixels: Any, caption: str) -> Any:
        """One example's loss."""
        with torch.no_grad():
            embeds = pipe._encode_prompt([caption], device="cpu", max_sequence_length=length)
            x0 = vae.encode(pixels).latent_dist.mode()
            x0 = (x0 - vae.config.shift_factor) * vae.config.scaling_factor
        noise = torch.randn_like(x0)
        timesteps, sigma = sigmas(scheduler, x0.shape[0], x0.ndim)
        noisy = (1.0 - sigma) * x0 + sigma * noise
        latents = list(noisy.unsqueeze(2).unbind(0))
        out = transformer(latents, (1000 - timesteps) / 1000, embeds, return_dict=False)[0]
        return flow_loss(-torch.stack(out, 0).squeeze(2), noise - x0, sigma)

    return step


def flux2_klein_step(pipe: Any, scheduler: Any) -> Step:
    """train_dreambooth_lora_flux2_klein.py's step: 2x2 patches, batch-norm, ids, sigma."""
    import torch
    from diffusers import Flux2KleinPipeline as P

    vae, transformer, length = pipe.vae, pipe.transformer, tokens(pipe)
    bn_mean = vae.bn.running_mean.view(1, -1, 1, 1)
    bn_std = torch.sqrt(vae.bn.running_var.view(1, -1, 1, 1) + vae.config.batch_norm_eps)

    def step(pixels: Any, caption: str) -> Any:
        """One example's loss."""
        with torch.no_grad():
            embeds, text_ids = pipe.encode_prompt([caption], device="cpu",
                                                  max_sequence_length=length,
                                                  text_encoder_out_layers=KLEIN_LAYERS)  # fmt: skip
            x0 = P._patchify_latents(vae.encode(pixels).latent_dist.mode())
            x0 = (x0 - bn_mean) / bn_std
        img_ids = P._prepare_latent_ids(x0)
        noise = torch.randn_like(x0)
        timesteps, sigma = sigmas(scheduler, x0.shape[0], x0.ndim)
        packed = P._pack_latents((1.0 - sigma) * x0 + sigma * noise)
        guidance = None
        if transformer.config.guidance_embeds:
            guidance = torch.full([x0.shape[0]], 3.5)
        pred = transformer(hidden_states=packed, timestep=timesteps / 1000, guidance=guidance,
                           encoder_hidden_states=embeds, txt_ids=text_ids, img_ids=img_ids,
                           return_dict=False)[0]  # fmt: skip
        pred = P._unpack_latents_with_ids(pred[:, : packed.size(1)], img_ids)
        return flow_loss(pred, noise - x0, sigma)

    return step


def qwen_image_step(pipe: Any, scheduler: Any) -> Step:
    """train_dreambooth_lora_qwen_image.py's step: one-frame latents, 2x2 packing, sigma."""
    import torch
    from diffusers import QwenImagePipeline as P

    vae, transformer = pipe.vae, pipe.transformer
    factor = 2 ** len(vae.temperal_downsample)
    mean = torch.tensor(vae.config.latents_mean).view(1, -1, 1, 1, 1)
    inv_std = 1.0 / torch.tensor(vae.config.latents_std).view(1, -1, 1, 1, 1)

    def step(pixels: Any, caption: str) -> Any:
        """One example's loss."""
        with torch.no_grad():
            embeds, mask = pipe.encode_prompt([caption], device="cpu",
                                              max_sequence_length=MAX_TOKENS)  # fmt: skip
            x0 = (vae.encode(pixels.unsqueeze(2)).latent_dist.sample() - mean) * inv_std
        noise = torch.randn_like(x0)
        timesteps, sigma = sigmas(scheduler, x0.shape[0], x0.ndim)
        noisy = ((1.0 - sigma) * x0 + sigma * noise).permute(0, 2, 1, 3, 4)
        b, _, c, h, w = noisy.shape
        pred = transformer(hidden_states=P._pack_latents(noisy, b, c, h, w),
                           encoder_hidden_states=embeds, encoder_hidden_states_mask=mask,
                           timestep=timesteps / 1000, img_shapes=[(1, h // 2, w // 2)] * b,
                           return_dict=False)[0]  # fmt: skip
        pred = P._unpack_latents(pred, h * factor, w * factor, factor)
        return flow_loss(pred, noise - x0, sigma)

    return step


STEPS: dict[str, Callable[[Any, Any], Step]] = {
    "zimage": zimage_step, "flux2-klein": flux2_klein_step, "qwen-image": qwen_image_step,
}  # fmt: skip


def reference(family: str, base: str, data: Path, steps: int, size: int) -> dict[str, float]:
    """The example's loop (encoders every step, clipped AdamW): first step, median step."""
    import diffusers
    import torch
    from peft import LoraConfig

    from aistudio.core.families import SPECS
    from aistudio.training.data import load_examples
    from aistudio.training.families import family_module

    start = time.perf_counter()
    lib: Any = diffusers
    cls: Any = family_module(family).Adapter
    pipe = getattr(lib, SPECS[family].pipeline).from_pretrained(base, dtype=torch.float32)
    for part in (pipe.vae, pipe.text_encoder, pipe.transformer):
        part.requires_grad_(False)
    targets = cls.targets(SimpleNamespace(denoiser=pipe.transformer))  # the studio's modules
    pipe.transformer.add_adapter(LoraConfig(r=4, lora_alpha=4, lora_dropout=0.0,
                                            init_lora_weights="gaussian",
                                            target_modules=targets))  # fmt: skip
    pipe.transformer.train()
    trained = [p for p in pipe.transformer.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trained, lr=1e-4, betas=(0.9, 0.999), weight_decay=1e-4,
                                  eps=1e-8)  # fmt: skip
    scheduler = lib.FlowMatchEulerDiscreteScheduler.from_config(pipe.scheduler.config)
    step = STEPS[family](pipe, scheduler)
    examples = load_examples(data, size, 2 * pipe.vae_scale_factor)  # 2x2 patches, as ours
    times: list[float] = []
    first = 0.0
    for i in range(steps):
        e = examples[i % len(examples)]
        t0 = time.perf_counter()
        loss = step(torch.from_numpy(e.pixels)[None], e.caption)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trained, 1.0)
        optimizer.step()
        optimizer.zero_grad()
        times.append(time.perf_counter() - t0)
        first = first or time.perf_counter() - start
    return {"first_step_s": first, "step_ms": 1000 * statistics.median(times[2:])}


def bench(family: str, root: Path, steps: int, images: int, size: int,
          repeats: int) -> dict[str, float]:  # fmt: skip
    """One family: the studio cold, then the reference and the studio from the warm cache in
    turn, `repeats` times (the best of each: other processes share the cores)."""
    base = tiny(family, root / family / "base")
    data = dataset(root / family / "data", images, size)
    cache = root / family / "cache.safetensors"
    cold = ours(base, data, root / family / "a", steps, size, cache, family)
    refs, warms = [], []
    for r in range(repeats):
        refs.append(reference(family, base, data, steps, size))
        warms.append(ours(base, data, root / family / f"b{r}", steps, size, cache, family))
    ref = min(x["step_ms"] for x in refs)
    warm = min(x["step_ms"] for x in warms)
    warm_first = min(x["first_step_s"] for x in warms)
    ref_first = min(x["first_step_s"] for x in refs)
    best = min(cold["step_ms"], warm)
    print(f"{family} (tiny config), {images} images at {size} px, {steps} steps, rank 4, "
          f"best of {repeats}")  # fmt: skip
    print(f"  studio loop: {cold['step_ms']:.1f} ms/step (cached encodings: {warm:.1f}; all: "
          + ", ".join(f"{x['step_ms']:.1f}" for x in warms) + ")")  # fmt: skip
    print(f"  diffusers-example step (encoders every step): {ref:.1f} ms/step (all: "
          + ", ".join(f"{x['step_ms']:.1f}" for x in refs) + ")")  # fmt: skip
    print(f"  ratio studio / reference: {best / ref:.2f}x")
    print(f"  to the first step: {cold['first_step_s']:.2f} s encoding, {warm_first:.2f} s from "
          f"the cache (reference {ref_first:.2f} s)", flush=True)  # fmt: skip
    return {"cold_ms": cold["step_ms"], "warm_ms": warm, "ref_ms": ref, "ratio": best / ref,
            "first_s": cold["first_step_s"], "cached_first_s": warm_first}  # fmt: skip


def main() -> None:
    """Benchmark the chosen families and print a summary line for each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--family", choices=[*FAMILIES, "all"], default="all")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--images", type=int, default=8)
    parser.add_argument("--size", type=int, default=32, help="bucket side, pixels")
    parser.add_argument("--repeats", type=int, default=3, help="reference and cached runs")
    args = parser.parse_args()
    import diffusers
    import torch
    import transformers

    for logs in (diffusers.utils.logging, transformers.utils.logging):
        logs.set_verbosity_error()
        logs.disable_progress_bar()
    torch.set_num_threads(2)
    root = Path(tempfile.mkdtemp())
    chosen = FAMILIES if args.family == "all" else (args.family,)
    results = {f: bench(f, root, args.steps, args.images, args.size, args.repeats) for f in chosen}
    for family, r in results.items():
        print(f"summary {family}: studio {r['cold_ms']:.1f} ms/step ({r['warm_ms']:.1f} cached), "
              f"reference {r['ref_ms']:.1f}, ratio {r['ratio']:.2f}x, first step "
              f"{r['first_s']:.2f} s ({r['cached_first_s']:.2f} cached)")  # fmt: skip


if __name__ == "__main__":
    main()
