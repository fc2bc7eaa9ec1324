"""The training loop: one explicit, linear loop in the shape of diffusers' DreamBooth-LoRA
example, with the latents and text encodings computed once, and checkpoints to resume from.

Every step's randomness comes from (seed, step), and the data order from (seed, epoch): a run
resumed from a checkpoint takes the same steps as one that was never stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from aistudio.training import checkpoint
from aistudio.training.data import load_examples
from aistudio.training.params import TrainParams
from aistudio.training.sd15 import SD15, lora_targets

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, float], None]  # step, steps, loss
LORA_FILE = "pytorch_lora_weights.safetensors"


class TrainResult(BaseModel):
    """Where a training's LoRA is, how far it went and its losses."""

    path: str  # the LoRA file (diffusers format)
    steps: int
    resumed_from: int  # the checkpoint step it started at (0: from scratch)
    losses: list[float]  # this run's steps


def _generator(seed: int, key: int) -> Any:
    import torch

    return torch.Generator().manual_seed((seed * 1_000_003 + key) % 2**63)


def _snr_weights(scheduler: Any, timesteps: Any, gamma: float) -> Any:
    """Min-SNR-gamma loss weights (Hang et al. 2023), for noise or velocity prediction."""
    import torch
    from diffusers.training_utils import compute_snr

    snr = compute_snr(scheduler, timesteps)  # type: ignore[no-untyped-call]
    clipped = torch.minimum(snr, torch.full_like(snr, gamma))
    if scheduler.config.prediction_type == "v_prediction":
        return clipped / (snr + 1)
    return clipped / snr


def train(
    base: str,
    dataset_dir: Path,
    out_dir: Path,
    params: TrainParams,
    *,
    device: str | None = None,
    stop_after: int | None = None,
    progress: Progress | None = None,
) -> TrainResult:
    """Train (or resume training) a LoRA of `base` on a dataset version into `out_dir`.

    `stop_after` ends the run after that many steps in all, as a kill would (what comes after
    the last checkpoint is lost), for tests and for training in slices."""
    import torch
    import torch.nn.functional as F
    from peft import LoraConfig
    from peft.utils import get_peft_model_state_dict, set_peft_model_state_dict

    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    dtype = torch.float32 if device == "cpu" else torch.bfloat16
    model = SD15(base, device, dtype)
    examples = load_examples(dataset_dir, params.resolution, model.align)
    with torch.no_grad():
        latents = [model.encode_image(torch.from_numpy(e.pixels)[None]) for e in examples]
        texts = [model.encode_text([e.caption]) for e in examples]
        empty = model.encode_text([""])
    torch.manual_seed(params.seed)  # the adapter's initial weights
    config = LoraConfig(
        r=params.rank,
        lora_alpha=params.lora_alpha,
        init_lora_weights="gaussian",
        target_modules=lora_targets(model.unet),
    )
    model.unet.add_adapter(config)
    trained = [p for p in model.unet.parameters() if p.requires_grad]
    for p in trained:
        p.data = p.data.float()  # LoRA weights train in fp32 under a bf16 base
    optimizer = torch.optim.AdamW(trained, lr=params.lr)

    start = 0
    last = checkpoint.latest(out_dir)
    if last is not None:
        lora, opt_state, state = checkpoint.load(last)
        set_peft_model_state_dict(model.unet, lora)
        optimizer.load_state_dict(opt_state)
        start = int(state["step"])
        logger.info("resuming %s from step %d", out_dir, start)

    model.unet.train()
    scheduler = model.scheduler
    n = len(examples)
    losses: list[float] = []
    end = min(params.steps, stop_after) if stop_after is not None else params.steps
    order: list[int] = []
    for step in range(start, end):
        epoch, index = divmod(step, n)
        if index == 0 or not order:  # each epoch's order, drawn once from (seed, epoch)
            order = torch.randperm(n, generator=_generator(params.seed, -1 - epoch)).tolist()
        i = order[index]
        g = _generator(params.seed, step)
        mean, std = latents[i]
        x0 = mean + std * torch.randn(mean.shape, generator=g).to(device, dtype)
        noise = torch.randn(x0.shape, generator=g).to(device, dtype)
        if params.noise_offset:
            offset = torch.randn((1, x0.shape[1], 1, 1), generator=g).to(device, dtype)
            noise = noise + params.noise_offset * offset
        t = torch.randint(0, scheduler.config.num_train_timesteps, (1,), generator=g).to(device)
        drop = float(torch.rand((), generator=g)) < params.caption_dropout
        noisy = scheduler.add_noise(x0, noise, t)
        pred = model.predict(noisy, t, empty if drop else texts[i])
        target = noise
        if scheduler.config.prediction_type == "v_prediction":
            target = scheduler.get_velocity(x0, noise, t)
        loss = F.mse_loss(pred.float(), target.float(), reduction="none").mean(dim=(1, 2, 3))
        if params.min_snr_gamma:
            loss = loss * _snr_weights(scheduler, t, params.min_snr_gamma).to(loss.device)
        loss = loss.mean()
        loss.backward()  # type: ignore[no-untyped-call]
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        losses.append(float(loss.detach()))
        done = step + 1
        if progress:
            progress(done, params.steps, losses[-1])
        if done % params.checkpoint_every == 0 or done == params.steps:
            state = {"epoch": epoch, "params": params.model_dump()}
            lora = get_peft_model_state_dict(model.unet)
            checkpoint.save(out_dir, done, lora, optimizer.state_dict(), state)
    final = out_dir / LORA_FILE
    if end == params.steps:
        _export_diffusers(model.unet, out_dir)
    return TrainResult(path=str(final), steps=end, resumed_from=start, losses=losses)


def _export_diffusers(unet: Any, out_dir: Path) -> None:
    """The LoRA in diffusers' format (pipe.load_lora_weights reads it). peft's own key names:
    the older diffusers names (`.lora.down`) lose the attention modules when projections and
    feed-forward layers are trained beside them."""
    from diffusers import StableDiffusionPipeline
    from peft.utils import get_peft_model_state_dict

    layers = get_peft_model_state_dict(unet)
    StableDiffusionPipeline.save_lora_weights(out_dir, unet_lora_layers=layers)
