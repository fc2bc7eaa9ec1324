"""The training loop: one explicit, linear loop in the shape of diffusers' DreamBooth-LoRA
example, with the latents and text encodings computed once (and cached on disk), and
checkpoints to resume from.

Every step's randomness comes from (seed, step), and the data order from (seed, epoch): a run
resumed from a checkpoint takes the same steps as one that was never stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel

from aistudio.core.families import SPECS
from aistudio.training import checkpoint
from aistudio.training.attached import Attached
from aistudio.training.cache import Encoded, encode_all
from aistudio.training.data import Box, load_examples
from aistudio.training.families import Adapter, load_adapter
from aistudio.training.lora_files import write_diffusers
from aistudio.training.params import ResolvedParams, SampleSpec, TrainParams, resolve

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, float], None]  # step, steps, loss
# Asked for while running: the actions to take after this step ("sample", "save")
Requests = Callable[[int], set[str]]
# Samples drawn on request between checkpoints: the step and the images
OnSamples = Callable[[int, list[Any]], None]
# A checkpoint was written: its step, folder, mean loss since the last one, and its samples
OnCheckpoint = Callable[[int, Path, float, list[Any]], None]
LORA_FILE = "pytorch_lora_weights.safetensors"


class TrainResult(BaseModel):
    """Where a training's LoRA is, how far it went and its losses."""

    path: str  # the LoRA file (diffusers format)
    steps: int
    resumed_from: int  # the checkpoint step it started at (0: from scratch)
    losses: list[float]  # this run's steps
    version: int | None = None  # the LoRA version it is, when trained for a studio model


def _generator(seed: int, key: int) -> Any:
    import torch

    return torch.Generator().manual_seed((seed * 1_000_003 + key) % 2**63)


def face_mask(face: Box | None, shape: tuple[int, int], weight: float) -> Any:
    """Per-latent-pixel loss weights: the face box `weight` times the rest, averaging 1 (so the
    learning rate means what it did); all ones without a face."""
    import torch

    h, w = shape
    mask = torch.ones((1, 1, h, w))
    if face is None or weight == 1:
        return mask
    x, y, fw, fh = face
    x0, y0 = max(0, int(x * w)), max(0, int(y * h))
    x1, y1 = min(w, max(x0 + 1, round((x + fw) * w))), min(h, max(y0 + 1, round((y + fh) * h)))
    mask[..., y0:y1, x0:x1] = weight
    return mask / mask.mean()


def train(
    base: str,
    dataset_dir: Path,
    out_dir: Path,
    params: TrainParams,
    *,
    device: str | None = None,
    faces: Mapping[str, Box] | None = None,
    cache: Path | None = None,
    samples: SampleSpec | None = None,
    on_checkpoint: OnCheckpoint | None = None,
    stop_after: int | None = None,
    progress: Progress | None = None,
    parts: str | None = None,
    keep_checkpoints: int = checkpoint.KEEP,
    best: Callable[[], int | None] | None = None,
    requests: Requests | None = None,
    on_samples: OnSamples | None = None,
) -> TrainResult:
    """Train (or resume training) a LoRA of `base` on a dataset version into `out_dir`.

    A single-file transformer as `base` (ComfyUI's diffusion_models/) takes its text encoder,
    VAE and configs from `parts`, a diffusers folder or hub id of the same family.

    `faces` weighs each image's face region more (face_weight); `cache` is the file the
    encodings are kept in (same dataset, base and resolution: the encoders do not run again);
    `samples` are drawn at every checkpoint and handed to `on_checkpoint`. `stop_after` ends
    the run after that many steps in all, as a kill would (what comes after the last
    checkpoint is lost), for tests and for training in slices. Older checkpoints are deleted
    but the last `keep_checkpoints` and the step `best` names (the best scored so far).
    `requests` is asked after each step for what a person wants now: "save" writes (and
    evaluates) a checkpoint at that step, "sample" draws the samples and hands them to
    `on_samples`; neither changes the weights the run ends with."""
    import torch

    checkpoint.check_keep(keep_checkpoints)
    params = resolve(params)
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    dtype = torch.float32 if device == "cpu" else torch.bfloat16
    with checkpoint.exclusive(out_dir):
        adapter = load_adapter(params.family, base, device, dtype, parts)
        examples = load_examples(dataset_dir, params.size, adapter.align, faces)
        encoded = encode_all(adapter, examples, cache)
        release = getattr(adapter, "release_text_encoder", None)
        if release is not None:  # a language model as text encoder: free it before training
            release(samples.prompts if samples else [])
        hooks = Hooks(on_checkpoint, progress, best, requests, on_samples)
        return _run(adapter, examples, encoded, out_dir, params, samples, hooks, stop_after,
                    keep_checkpoints)  # fmt: skip


class Hooks(NamedTuple):
    """What the loop calls out to: checkpoints, progress, the best step, a person's requests."""

    on_checkpoint: OnCheckpoint | None = None
    progress: Progress | None = None
    best: Callable[[], int | None] | None = None
    requests: Requests | None = None
    on_samples: OnSamples | None = None


def _run(
    adapter: Adapter,
    examples: list[Any],
    encoded: Encoded,
    out_dir: Path,
    params: ResolvedParams,
    samples: SampleSpec | None,
    hooks: Hooks,
    stop_after: int | None,
    keep: int,
) -> TrainResult:
    import torch
    import torch.nn.functional as F

    device, dtype = adapter.device, adapter.dtype
    lora = Attached(adapter, params, out_dir, keep)
    masks = [
        face_mask(e.face, tuple(encoded.latents[i][0].shape[-2:]), params.face_weight).to(device)
        for i, e in enumerate(examples)
    ]

    since: list[float] = []  # this checkpoint's losses so far

    def draw() -> list[Any]:
        """The fixed prompts drawn with the averaged weights (their own seeds: the training's
        randomness is untouched)."""
        if samples is None or not samples.prompts:
            return []
        lora.net.eval()
        with lora.averaged():
            drawn: list[Any] = adapter.sample(samples.prompts, samples.seeds, samples.steps,
                                              samples.size, samples.guidance)  # fmt: skip
        lora.net.train()
        return drawn

    def evaluate(step: int, path: Path, loss: float) -> None:
        """Draw the checkpoint's samples, hand them on, mark it."""
        drawn = draw()
        if hooks.on_checkpoint is not None:
            hooks.on_checkpoint(step, path, loss, drawn)
        checkpoint.mark_evaluated(path)

    def save(step: int, epoch: int) -> None:
        """Write, evaluate and prune a checkpoint at this step."""
        nonlocal since
        mean_loss = sum(since) / len(since) if since else 0.0
        meta = {"epoch": epoch, "loss": mean_loss, "params": params.model_dump()}
        path = lora.save(out_dir, step, meta)
        evaluate(step, path, mean_loss)
        # after its scores are in: the best so far is known
        checkpoint.prune(out_dir, keep, hooks.best() if hooks.best is not None else None)
        since = []

    start = 0
    last = checkpoint.latest(out_dir)
    if last is not None:
        state = lora.resume(last)
        start = int(state["step"])
        logger.info("resuming %s from step %d", out_dir, start)
        if not checkpoint.evaluated(last):  # killed between its save and its samples
            evaluate(start, last, float(state.get("loss", 0.0)))

    lora.net.train()
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
        mean, std = encoded.latents[i]
        x0 = mean + std * torch.randn(mean.shape, generator=g).to(device, dtype)
        noise = torch.randn(x0.shape, generator=g).to(device, dtype)
        if params.noise_offset:
            offset = torch.randn((1, x0.shape[1], 1, 1), generator=g).to(device, dtype)
            noise = noise + params.noise_offset * offset
        noisy, t, target, weight = adapter.noised(x0, noise, g, params.min_snr_gamma)
        drop = float(torch.rand((), generator=g)) < params.caption_dropout
        if lora.encoders:  # the text encoders learn: their encodings cannot be kept
            cond = adapter.encode_text(["" if drop else examples[i].caption])
        else:
            cond = encoded.empty if drop else encoded.texts[i]
        pred = adapter.predict(noisy, t, cond)
        loss = F.mse_loss(pred.float(), target.float(), reduction="none")
        loss = ((loss * masks[i]).mean(dim=(1, 2, 3)) * weight).mean()
        loss.backward()
        lora.step()
        losses.append(float(loss.detach()))
        since.append(losses[-1])
        done = step + 1
        if hooks.progress:
            hooks.progress(done, params.steps, losses[-1])
        asked = hooks.requests(done) if hooks.requests is not None else set()
        if done % params.checkpoint_every == 0 or done == params.steps or "save" in asked:
            save(done, epoch)
        elif "sample" in asked and hooks.on_samples is not None:
            hooks.on_samples(done, draw())
    final = out_dir / LORA_FILE
    if end == params.steps:
        with lora.averaged():
            layers, tes = lora.peft_states()
            prefix = SPECS[params.family].diffusers_prefix
            write_diffusers(final, layers, params.rank, params.lora_alpha, {}, prefix, tes)
    return TrainResult(path=str(final), steps=end, resumed_from=start, losses=losses)
