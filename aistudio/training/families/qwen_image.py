"""Qwen-Image: Qwen2.5-VL's last hidden states of the caption in Qwen-Image's system template,
its per-channel-normalised Wan-style latents packed 2x2, and rectified flow at the timestep
sigma, as diffusers' Qwen-Image example trains it; its LoRAs under its native names, which
diffusers' are."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aistudio.training.families.base import Cond, Naming, same_name
from aistudio.training.families.flow_matching import linears_in
from aistudio.training.families.language_model import LanguageModelAdapter

if TYPE_CHECKING:
    from torch import Tensor


SAMPLE_GUIDANCE = 4.0  # true CFG, against the empty prompt


class Adapter(LanguageModelAdapter):
    """A Qwen-Image base (20B): a diffusers folder or a hub id."""

    family = "qwen-image"
    transformer = "QwenImageTransformer2DModel"

    def __init__(self, base: str, device: str, dtype: Any, parts: str | None = None) -> None:
        import torch

        super().__init__(base, device, dtype, parts)
        self.vae_factor = self.pipe.vae_scale_factor
        self.align = self.vae_factor * 2  # 2x2 packed latents
        shape = (1, -1, 1, 1, 1)
        self.mean = torch.tensor(self.vae.config.latents_mean).view(shape).to(device, dtype)
        self.std = torch.tensor(self.vae.config.latents_std).view(shape).to(device, dtype)

    def targets(self) -> list[str]:
        """Every Linear of the dual-stream blocks (attention both ways, MLPs, modulations)."""
        return linears_in(self.denoiser, ("QwenImageTransformerBlock",))

    def encode(self, captions: list[str]) -> Any:
        """The caption's hidden states (every token real: no mask needed)."""
        embeds, _ = self.pipe.encode_prompt(
            captions, device=self.device, max_sequence_length=self.max_tokens
        )
        return embeds

    def encode_image(self, pixels: Tensor) -> tuple[Tensor, Tensor]:
        """The VAE's latent distribution of the one-frame video, normalised per channel."""
        dist = self.vae.encode(pixels.to(self.device, self.dtype)[:, :, None]).latent_dist
        mean = (dist.mean - self.mean) / self.std
        return mean[:, :, 0], (dist.std / self.std)[:, :, 0]

    def predict(self, noisy: Tensor, sigma: Tensor, cond: Cond) -> Tensor:
        """The velocity, the latents packed into 2x2 tokens and unpacked around the call."""
        from diffusers import QwenImagePipeline as P

        b, c, h, w = noisy.shape
        out = self.denoiser(
            hidden_states=P._pack_latents(noisy, b, c, h, w),
            encoder_hidden_states=cond["hidden"], encoder_hidden_states_mask=None,
            timestep=sigma.expand(b), img_shapes=[[(1, h // 2, w // 2)]] * b,
            return_dict=False,
        )[0]  # fmt: skip
        f = self.vae_factor
        pred: Tensor = P._unpack_latents(out, h * f, w * f, f)[:, :, 0]
        return pred

    def sample_args(self, embeds: Any, empty: Any) -> dict[str, Any]:
        """True CFG against the empty prompt."""
        return {"prompt_embeds": embeds, "negative_prompt_embeds": empty,
                "true_cfg_scale": SAMPLE_GUIDANCE}  # fmt: skip


NAMING = Naming(comfyui=same_name)
