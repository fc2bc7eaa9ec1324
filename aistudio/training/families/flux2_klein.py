"""FLUX.2 klein: Qwen3's hidden states of layers 9, 18 and 27 side by side (the chat-formatted
caption, thinking off), latents patched 2x2 and normalised by the VAE's batch norm, and
rectified flow at the timestep sigma, as diffusers' klein example trains it (which passes
10/20/30 by mistake, diffusers #13445; the pipeline and this use 9/18/27); its LoRAs under the
original model's (BFL) names, as ComfyUI's FLUX.2 model has its weights: a double block's q, k,
v fused into one `qkv` per stream (a single block's fused projection is one module in diffusers
too).

The Base models (FLUX.2-klein-base-4B/-9B) are what trains; the distilled klein-4B/9B sample
in four steps but lose their distillation when trained."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aistudio.training.families.base import Cond, Naming
from aistudio.training.families.flow_matching import block_namer, linears_in
from aistudio.training.families.language_model import LanguageModelAdapter

if TYPE_CHECKING:
    from torch import Tensor


LAYERS = (9, 18, 27)  # the text encoder's hidden states klein conditions on
SAMPLE_GUIDANCE = 4.0  # the Base models' default


class Adapter(LanguageModelAdapter):
    """A FLUX.2 klein base (4B or 9B): a diffusers folder or a hub id."""

    family = "flux2-klein"
    transformer = "Flux2Transformer2DModel"

    def __init__(self, base: str, device: str, dtype: Any, parts: str | None = None) -> None:
        super().__init__(base, device, dtype, parts)
        self.align = 2 ** (len(self.vae.config.block_out_channels) - 1) * 2  # 2x2 patches
        bn, eps = self.vae.bn, self.vae.config.batch_norm_eps
        self.bn_mean = bn.running_mean.view(1, -1, 1, 1).to(device, dtype)
        self.bn_std = (bn.running_var.view(1, -1, 1, 1) + eps).sqrt().to(device, dtype)

    def targets(self) -> list[str]:
        """Every Linear of the double- and single-stream blocks (the modulations are shared
        by all blocks in FLUX.2 and stay as they are)."""
        return linears_in(self.denoiser, ("Flux2TransformerBlock", "Flux2SingleTransformerBlock"))

    def encode(self, captions: list[str]) -> Any:
        """The caption's stacked hidden states (padded to the full length, as klein sees it)."""
        embeds, _ = self.pipe.encode_prompt(
            captions, device=self.device, max_sequence_length=self.max_tokens,
            text_encoder_out_layers=LAYERS,
        )  # fmt: skip
        return embeds

    def _patch(self, x: Any) -> Any:
        from diffusers import Flux2KleinPipeline

        return Flux2KleinPipeline._patchify_latents(x)

    def _unpatch(self, x: Any) -> Any:
        from diffusers import Flux2KleinPipeline

        return Flux2KleinPipeline._unpatchify_latents(x)

    def encode_image(self, pixels: Tensor) -> tuple[Tensor, Tensor]:
        """The VAE's latent distribution normalised by its batch norm over the 2x2-patched
        channels, laid out unpatched again (the face mask and the noise see pixels' order)."""
        dist = self.vae.encode(pixels.to(self.device, self.dtype)).latent_dist
        mean = (self._patch(dist.mean) - self.bn_mean) / self.bn_std
        return self._unpatch(mean), self._unpatch(self._patch(dist.std) / self.bn_std)

    def predict(self, noisy: Tensor, sigma: Tensor, cond: Cond) -> Tensor:
        """The velocity, the latents patched, packed and unpacked around the call."""
        import torch
        from diffusers import Flux2KleinPipeline as P

        patched = self._patch(noisy)
        ids = P._prepare_latent_ids(patched).to(self.device)
        packed = P._pack_latents(patched)
        hidden = cond["hidden"]
        guidance = None
        if self.denoiser.config.guidance_embeds:
            guidance = torch.ones(noisy.shape[0], device=self.device, dtype=self.dtype)
        out = self.denoiser(
            hidden_states=packed, timestep=sigma.expand(noisy.shape[0]), guidance=guidance,
            encoder_hidden_states=hidden, txt_ids=P._prepare_text_ids(hidden).to(self.device),
            img_ids=ids, return_dict=False,
        )[0][:, : packed.shape[1]]  # fmt: skip
        pred: Tensor = self._unpatch(torch.stack(list(P._unpack_latents_with_ids(out, ids)), 0))
        return pred

    def sample_args(self, embeds: Any, empty: Any) -> dict[str, Any]:
        """The padded encodings, with the Base models' guidance."""
        return {
            "prompt_embeds": embeds, "negative_prompt_embeds": empty,
            "guidance_scale": SAMPLE_GUIDANCE, "max_sequence_length": self.max_tokens,
        }  # fmt: skip


DOUBLE: dict[str, tuple[str, int]] = {
    "attn.to_q": ("img_attn.qkv", 0),
    "attn.to_k": ("img_attn.qkv", 1),
    "attn.to_v": ("img_attn.qkv", 2),
    "attn.to_out.0": ("img_attn.proj", 0),
    "attn.add_q_proj": ("txt_attn.qkv", 0),
    "attn.add_k_proj": ("txt_attn.qkv", 1),
    "attn.add_v_proj": ("txt_attn.qkv", 2),
    "attn.to_add_out": ("txt_attn.proj", 0),
    "ff.linear_in": ("img_mlp.0", 0),
    "ff.linear_out": ("img_mlp.2", 0),
    "ff_context.linear_in": ("txt_mlp.0", 0),
    "ff_context.linear_out": ("txt_mlp.2", 0),
}
SINGLE: dict[str, tuple[str, int]] = {
    "attn.to_qkv_mlp_proj": ("linear1", 0),
    "attn.to_out": ("linear2", 0),
}
# A diffusers FLUX.2 module's original name and its place in a fused projection
native_name = block_namer(DOUBLE, SINGLE, "{block}.{index}.{name}", "original FLUX.2")


NAMING = Naming(comfyui=native_name)
