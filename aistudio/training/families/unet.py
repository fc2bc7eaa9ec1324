"""What the UNet families (SD 1.5, SDXL) share: a base's parts, its CLIP text and VAE image
encodings, noise or velocity prediction with min-SNR weights, the modules kohya trains, kohya's
text encoder names, and samples drawn with DPM-Solver."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from aistudio.core.families import SPECS
from aistudio.training.families.base import Cond, Noised, draw, load_pipeline

if TYPE_CHECKING:
    from torch import Generator, Tensor


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


def kohya_unet_name(module: str) -> tuple[str, int]:
    """kohya's name for a UNet module: its prefix and path, dots turned to underscores."""
    return f"lora_unet_{module.replace('.', '_')}", 0


def clip_kohya_namer(prefixes: dict[str, str]) -> Any:
    """kohya's names for the CLIP text encoders' modules, by diffusers component."""

    def name(part: str, module: str) -> str:
        if not module.startswith("text_model."):
            # transformers 5 dropped CLIPTextModel's text_model level; kohya's names keep it
            module = "text_model." + module
        return f"{prefixes[part]}_{module.replace('.', '_')}"

    return name


class UNetAdapter:
    """A Stable Diffusion base: a diffusers folder, a single .safetensors file or a hub id."""

    family: ClassVar[str]
    from_pretrained: ClassVar[dict[str, Any]] = {}  # what the pipeline's loader is told

    def __init__(self, base: str, device: str, dtype: Any, parts: str | None = None) -> None:
        import diffusers

        lib: Any = diffusers  # its from_config is untyped
        self.pipeline = SPECS[self.family].pipeline
        pipe = load_pipeline(self.pipeline, base, dtype, extra=self.from_pretrained)
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

    def encode_image(self, pixels: Tensor) -> tuple[Tensor, Tensor]:
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

    def noised(
        self, x0: Tensor, noise: Tensor, g: Generator, min_snr_gamma: float | None
    ) -> Noised:
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

    def predict(self, noisy: Tensor, timesteps: Tensor, cond: Cond) -> Tensor:
        """The UNet's prediction (noise or velocity, as the scheduler's config says)."""
        pred: Tensor = self.unet(noisy, timesteps, cond["hidden"]).sample
        return pred

    def sample(self, prompts: list[str], seeds: list[int], steps: int, size: int,
               guidance: float) -> list[Any]:  # fmt: skip
        """Draw one image per prompt and seed with the UNet as it is now (its LoRA on), in the
        training's precision."""
        import diffusers

        lib: Any = diffusers
        parts = {**self.parts, "unet": self.unet, "vae": self.vae}
        if "requires_safety_checker" in self.from_pretrained:
            parts["requires_safety_checker"] = False
        parts["scheduler"] = lib.DPMSolverMultistepScheduler.from_config(self.scheduler.config)
        pipe = getattr(lib, self.pipeline)(**parts)
        return draw(pipe, prompts, seeds, steps, size, self.device,
                    lambda p: {"prompt": p, "guidance_scale": guidance})  # fmt: skip
