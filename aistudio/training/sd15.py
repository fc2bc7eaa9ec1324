"""The SD 1.5 adapter: a base model's parts, its text and image encodings, and its UNet's
noise prediction, for the training loop."""

from __future__ import annotations

from pathlib import Path
from typing import Any


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


class SD15:
    """A Stable Diffusion 1.x base: a diffusers folder, a single .safetensors file or a hub id."""

    family = "sd15"

    def __init__(self, base: str, device: str, dtype: Any) -> None:
        import diffusers

        tf: Any = diffusers
        if base.endswith((".safetensors", ".ckpt")) and Path(base).is_file():
            pipe = tf.StableDiffusionPipeline.from_single_file(base, dtype=dtype)
        else:
            pipe = tf.StableDiffusionPipeline.from_pretrained(
                base, dtype=dtype, safety_checker=None, requires_safety_checker=False
            )
        self.tokenizer = pipe.tokenizer
        self.text_encoder = pipe.text_encoder.to(device).requires_grad_(False).eval()
        self.vae = pipe.vae.to(device).requires_grad_(False).eval()
        self.unet = pipe.unet.to(device).requires_grad_(False)
        self.scheduler = tf.DDPMScheduler.from_config(pipe.scheduler.config)
        self.device, self.dtype = device, dtype
        positions = self.text_encoder.config.max_position_embeddings
        self.max_tokens = min(self.tokenizer.model_max_length, positions)  # CLIP's 77
        vae_factor = 2 ** (len(self.vae.config.block_out_channels) - 1)
        self.align = vae_factor * 2 ** (len(self.unet.config.block_out_channels) - 1)

    def encode_text(self, captions: list[str]) -> Any:
        """The text encoder's last hidden states (what the UNet cross-attends to)."""
        ids = self.tokenizer(
            captions,
            padding="max_length",
            max_length=self.max_tokens,
            truncation=True,
            return_tensors="pt",
        ).input_ids.to(self.device)
        return self.text_encoder(ids)[0]

    def encode_image(self, pixels: Any) -> tuple[Any, Any]:
        """The VAE's latent distribution (mean, std), scaled: a step samples from it."""
        dist = self.vae.encode(pixels.to(self.device, self.dtype)).latent_dist
        scale = self.vae.config.scaling_factor
        return dist.mean * scale, dist.std * scale

    def predict(self, noisy: Any, timesteps: Any, text: Any) -> Any:
        """The UNet's prediction (noise or velocity, as the scheduler's config says)."""
        return self.unet(noisy, timesteps, text).sample

    def sample(self, prompts: list[str], seeds: list[int], steps: int, size: int,
               guidance: float) -> list[Any]:  # fmt: skip
        """Draw one image per prompt and seed with the UNet as it is now (its LoRA on), in the
        training's precision: uint8 RGB arrays."""
        import diffusers
        import torch

        tf: Any = diffusers
        pipe = tf.StableDiffusionPipeline(
            vae=self.vae,
            text_encoder=self.text_encoder,
            tokenizer=self.tokenizer,
            unet=self.unet,
            scheduler=tf.DPMSolverMultistepScheduler.from_config(self.scheduler.config),
            safety_checker=None,
            feature_extractor=None,
            requires_safety_checker=False,
        )
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
