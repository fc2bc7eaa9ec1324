"""Z-Image: Qwen3's second-to-last hidden states of the chat-formatted caption (padding
dropped), the transformer's own patching, and rectified flow with Z-Image's reversed timestep
(1 - sigma) and negated output, as diffusers' Z-Image example trains it; its LoRAs under
diffusers' names, which ComfyUI's Lumina2 branch maps onto its fused qkv.

Z-Image Turbo is step-distilled; training it directly undoes the distillation, so the default
base is the undistilled Z-Image (Base), whose LoRAs load on Turbo too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aistudio.training.families.base import Cond, Naming, same_name
from aistudio.training.families.flow_matching import linears_in
from aistudio.training.families.language_model import LanguageModelAdapter

if TYPE_CHECKING:
    from torch import Tensor


SAMPLE_GUIDANCE = 5.0  # Z-Image Base's default (Turbo: 0, 8 steps)


class Adapter(LanguageModelAdapter):
    """A Z-Image base: a diffusers folder or a hub id (Base, or Turbo with a caveat)."""

    family = "zimage"
    transformer = "ZImageTransformer2DModel"

    def __init__(self, base: str, device: str, dtype: Any, parts: str | None = None) -> None:
        super().__init__(base, device, dtype, parts)
        self.vae_factor = 2 ** (len(self.vae.config.block_out_channels) - 1)
        self.align = self.vae_factor * 2  # the transformer's 2x2 patches

    def targets(self) -> list[str]:
        """Every Linear of the main and refiner blocks (attention, SwiGLU, modulation)."""
        return linears_in(self.denoiser, ("ZImageTransformerBlock",))

    def encode(self, captions: list[str]) -> Any:
        """The caption's hidden states, its padding dropped."""
        embeds = self.pipe._encode_prompt(
            captions, device=self.device, max_sequence_length=self.max_tokens
        )
        return embeds[0][None]

    def encode_image(self, pixels: Tensor) -> tuple[Tensor, Tensor]:
        """The VAE's latent distribution, shifted and scaled as Z-Image's VAE wants."""
        dist = self.vae.encode(pixels.to(self.device, self.dtype)).latent_dist
        scale, shift = self.vae.config.scaling_factor, self.vae.config.shift_factor or 0.0
        return (dist.mean - shift) * scale, dist.std * scale

    def predict(self, noisy: Tensor, sigma: Tensor, cond: Cond) -> Tensor:
        """The velocity: the transformer takes one (C, 1, H, W) latent and one caption per
        sample, at 1 - sigma, and predicts its negative."""
        import torch

        latents = list(noisy.unsqueeze(2).unbind(0))
        captions = list(cond["hidden"].unbind(0))
        t = (1 - sigma).expand(noisy.shape[0])
        out = self.denoiser(latents, t, captions, return_dict=False)[0]
        return -torch.stack(out, 0).squeeze(2)

    def sample_args(self, embeds: Any, empty: Any) -> dict[str, Any]:
        """Lists of unpadded encodings, with the Base model's guidance."""
        return {"prompt_embeds": [embeds[0]], "negative_prompt_embeds": [empty[0]],
                "guidance_scale": SAMPLE_GUIDANCE}  # fmt: skip


NAMING = Naming(comfyui=same_name)
