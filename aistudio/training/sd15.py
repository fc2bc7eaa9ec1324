"""The SD 1.5 adapter: a base model's parts, its text and image encodings, its UNet's noise
prediction and its samples, for the training loop."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from aistudio.core.errors import ConfigError

Cond = dict[str, Any]  # a caption's encoding: what the denoiser is conditioned on


class Noised(NamedTuple):
    """One training example's noisy input, its timestep, the prediction target, the weight."""

    noisy: Any
    timesteps: Any
    target: Any
    weight: Any


def snr_weights(scheduler: Any, timesteps: Any, gamma: float) -> Any:
    """Min-SNR-gamma loss weights (Hang et al. 2023), for noise or velocity prediction."""
    import torch
    from diffusers.training_utils import compute_snr

    snr = compute_snr(scheduler, timesteps)  # type: ignore[no-untyped-call]
    clipped = torch.minimum(snr, torch.full_like(snr, gamma))
    if scheduler.config.prediction_type == "v_prediction":
        return clipped / (snr + 1)
    return clipped / snr


def lora_targets(unet: Any) -> list[str]:
    """The modules kohya's sd-scripts puts a LoRA on by default: every Linear and 1x1 Conv2d
    inside a Transformer2DModel (attention, projections in and out, feed-forward)."""
    out = []
    for name, module in unet.named_modules():
        if type(module).__name__ != "Transformer2DModel":
            continue
        for child, layer in module.named_modules():
            kind = type(layer).__name__
            if kind == "Linear" or (kind == "Conv2d" and tuple(layer.kernel_size) == (1, 1)):
                out.append(f"{name}.{child}")
    return out


def text_targets(encoder: Any) -> list[str]:
    """The text encoder modules kohya trains: every Linear of each CLIP encoder layer
    (attention q, k, v, out and the MLP's two)."""
    out = []
    for name, module in encoder.named_modules():
        if type(module).__name__ == "CLIPEncoderLayer":
            out += [
                f"{name}.{c}" for c, m in module.named_modules() if type(m).__name__ == "Linear"
            ]
    return out


# The transformer a single file holds, for the families ComfyUI keeps in separate files (its
# diffusion_models/ folder): the text encoders, VAE and configs come from `parts`
TRANSFORMERS = {
    "FluxPipeline": "FluxTransformer2DModel", "ZImagePipeline": "ZImageTransformer2DModel",
    "Flux2KleinPipeline": "Flux2Transformer2DModel",
    "QwenImagePipeline": "QwenImageTransformer2DModel",
}  # fmt: skip


def is_file(base: str) -> bool:
    """Whether the base is a single checkpoint file (not a folder or a hub id)."""
    return base.endswith((".safetensors", ".ckpt")) and Path(base).is_file()


def load_pipeline(pipeline: str, base: str, dtype: Any, parts: str | None = None) -> Any:
    """A diffusers pipeline from a single .safetensors/.ckpt file (SD: the whole checkpoint;
    the transformer families: the transformer, the rest from `parts`), a folder or a hub id."""
    import diffusers

    cls = getattr(diffusers, pipeline)
    try:
        if is_file(base) and pipeline in TRANSFORMERS and parts:
            kind = getattr(diffusers, TRANSFORMERS[pipeline])
            transformer = kind.from_single_file(
                base, config=parts, subfolder="transformer", torch_dtype=dtype
            )
            return cls.from_pretrained(parts, transformer=transformer, dtype=dtype)
        if is_file(base):
            return cls.from_single_file(base, dtype=dtype)
        extra = {"safety_checker": None, "requires_safety_checker": False}
        return cls.from_pretrained(base, dtype=dtype, **(extra if pipeline == PIPELINE else {}))
    except (OSError, ValueError, KeyError) as exc:  # no such folder, no network, wrong family
        first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        raise ConfigError(
            f"base model {base!r} could not be loaded as a {pipeline} ({first}); give --base a "
            "checkpoint file, a diffusers folder or a hub id this machine can download, of the "
            "--family chosen"
        ) from exc


PIPELINE = "StableDiffusionPipeline"


class SD15:
    """A Stable Diffusion 1.x base: a diffusers folder, a single .safetensors file or a hub id."""

    family = "sd15"
    pipeline = PIPELINE

    def __init__(self, base: str, device: str, dtype: Any, parts: str | None = None) -> None:
        import diffusers

        lib: Any = diffusers  # its from_config is untyped
        pipe = load_pipeline(self.pipeline, base, dtype)
        self.parts = pipe.components
        self.tokenizer = pipe.tokenizer
        self.text_encoder = pipe.text_encoder.to(device).requires_grad_(False).eval()
        self.vae = pipe.vae.to(device).requires_grad_(False).eval()
        self.unet = pipe.unet.to(device).requires_grad_(False)
        self.denoiser = self.unet  # what the LoRA trains
        self.scheduler = lib.DDPMScheduler.from_config(pipe.scheduler.config)
        self.device, self.dtype = device, dtype
        positions = self.text_encoder.config.max_position_embeddings
        self.max_tokens = min(self.tokenizer.model_max_length, positions)  # CLIP's 77
        self.vae_factor = 2 ** (len(self.vae.config.block_out_channels) - 1)
        self.align = self.vae_factor * 2 ** (len(self.unet.config.block_out_channels) - 1)

    def _ids(self, tokenizer: Any, captions: list[str]) -> Any:
        return tokenizer(
            captions,
            padding="max_length",
            max_length=self.max_tokens,
            truncation=True,
            return_tensors="pt",
        ).input_ids.to(self.device)

    def encode_text(self, captions: list[str]) -> Cond:
        """The text encoder's last hidden states (what the UNet cross-attends to)."""
        return {"hidden": self.text_encoder(self._ids(self.tokenizer, captions))[0]}

    def encode_image(self, pixels: Any) -> tuple[Any, Any]:
        """The VAE's latent distribution (mean, std), scaled: a step samples from it."""
        dist = self.vae.encode(pixels.to(self.device, self.dtype)).latent_dist
        scale = self.vae.config.scaling_factor
        return dist.mean * scale, dist.std * scale

    def targets(self) -> list[str]:
        """The modules the LoRA goes on."""
        return lora_targets(self.unet)

    def text_encoders(self) -> dict[str, Any]:
        """The text encoders a LoRA may train, by diffusers component name."""
        return {"text_encoder": self.text_encoder}

    def noised(self, x0: Any, noise: Any, g: Any, min_snr_gamma: float | None) -> Noised:
        """A training example at a timestep drawn from g: the noisy latents, the timestep, what
        the UNet should predict (noise or velocity) and the loss weight (min-SNR-gamma)."""
        import torch

        s = self.scheduler
        t = torch.randint(0, s.config.num_train_timesteps, (1,), generator=g).to(self.device)
        noisy = s.add_noise(x0, noise, t)
        velocity = s.config.prediction_type == "v_prediction"
        target = s.get_velocity(x0, noise, t) if velocity else noise
        weight = snr_weights(s, t, min_snr_gamma) if min_snr_gamma else torch.ones(1)
        return Noised(noisy, t, target, weight.to(self.device))

    def predict(self, noisy: Any, timesteps: Any, cond: Cond) -> Any:
        """The UNet's prediction (noise or velocity, as the scheduler's config says)."""
        return self.unet(noisy, timesteps, cond["hidden"]).sample

    def sample(self, prompts: list[str], seeds: list[int], steps: int, size: int,
               guidance: float) -> list[Any]:  # fmt: skip
        """Draw one image per prompt and seed with the UNet as it is now (its LoRA on), in the
        training's precision: uint8 RGB arrays."""
        import diffusers
        import torch

        lib: Any = diffusers
        parts = {**self.parts, "unet": self.unet, "vae": self.vae}
        if self.pipeline == PIPELINE:
            parts["requires_safety_checker"] = False
        parts["scheduler"] = lib.DPMSolverMultistepScheduler.from_config(self.scheduler.config)
        pipe = getattr(lib, self.pipeline)(**parts)
        pipe.set_progress_bar_config(disable=True)
        out = []
        for prompt, seed in zip(prompts, seeds, strict=True):
            images = pipe(
                prompt,
                num_inference_steps=steps,
                guidance_scale=guidance,
                height=size,
                width=size,
                output_type="np",
                generator=torch.Generator(self.device).manual_seed(seed),
            ).images
            out.append((images[0] * 255).round().clip(0, 255).astype("uint8"))
        return out
