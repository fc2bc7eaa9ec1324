"""FLUX.1: CLIP's pooled embedding and T5's hidden states, latents packed into 2x2 patches, and
the rectified-flow objective (the velocity from image to noise) with the timestep drawn
logit-normal, as SD3's paper and diffusers' Flux example weigh it; its LoRAs under the names
kohya's sd-scripts writes (the original model's, q/k/v fused)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aistudio.core.families import SPECS
from aistudio.training.families.base import Cond, Naming, Noised, draw, load_pipeline
from aistudio.training.families.flow_matching import block_namer, flow_noised, linears_in

if TYPE_CHECKING:
    from torch import Generator, Tensor


T5_TOKENS = 512  # Flux.1-dev's prompt length (schnell: 256)
GUIDANCE = 1.0  # the distilled guidance a dev base trains at
SAMPLE_GUIDANCE = 3.5
TRANSFORMER = "FluxTransformer2DModel"  # what a single file (ComfyUI's diffusion_models/) holds


def flux_targets(transformer: Any) -> list[str]:
    """The modules kohya's sd-scripts trains on Flux by default: every Linear of the double-
    and single-stream blocks (attention, its projections, the MLPs, the modulations)."""
    return linears_in(transformer, ("FluxTransformerBlock", "FluxSingleTransformerBlock"))


class Adapter:
    """A Flux.1 base (dev or schnell): a diffusers folder, a single file or a hub id."""

    family = "flux"

    def __init__(self, base: str, device: str, dtype: Any, parts: str | None = None) -> None:
        import diffusers

        lib: Any = diffusers
        self.pipeline = SPECS[self.family].pipeline
        pipe = load_pipeline(self.pipeline, base, dtype, parts, transformer=TRANSFORMER)
        self.parts = pipe.components
        self.tokenizer, self.tokenizer_2 = pipe.tokenizer, pipe.tokenizer_2
        self.text_encoder = pipe.text_encoder.to(device).requires_grad_(False).eval()
        self.text_encoder_2 = pipe.text_encoder_2.to(device).requires_grad_(False).eval()
        self.vae = pipe.vae.to(device).requires_grad_(False).eval()
        self.denoiser = pipe.transformer.to(device).requires_grad_(False)
        self.scheduler = lib.FlowMatchEulerDiscreteScheduler.from_config(pipe.scheduler.config)
        self.device, self.dtype = device, dtype
        self.vae_factor = 2 ** (len(self.vae.config.block_out_channels) - 1)
        self.align = self.vae_factor * 2  # latents pack into 2x2 patches
        self.t5_tokens = min(self.tokenizer_2.model_max_length, T5_TOKENS)

    def targets(self) -> list[str]:
        """The modules the LoRA goes on."""
        return flux_targets(self.denoiser)

    def text_encoders(self) -> dict[str, Any]:
        """None: Flux's LoRA leaves T5 and CLIP as they are."""
        return {}

    def _ids(self, tokenizer: Any, captions: list[str], length: int) -> Any:
        return tokenizer(
            captions, padding="max_length", max_length=length, truncation=True,
            return_tensors="pt",
        ).input_ids.to(self.device)  # fmt: skip

    def encode_text(self, captions: list[str]) -> Cond:
        """T5's hidden states (the sequence attended to) and CLIP's pooled embedding."""
        clip = self.text_encoder(self._ids(self.tokenizer, captions, 77))
        t5 = self.text_encoder_2(self._ids(self.tokenizer_2, captions, self.t5_tokens))
        return {"hidden": t5[0], "pooled": clip.pooler_output}

    def encode_image(self, pixels: Tensor) -> tuple[Tensor, Tensor]:
        """The VAE's latent distribution, shifted and scaled as Flux's VAE wants."""
        dist = self.vae.encode(pixels.to(self.device, self.dtype)).latent_dist
        scale, shift = self.vae.config.scaling_factor, self.vae.config.shift_factor or 0.0
        return (dist.mean - shift) * scale, dist.std * scale

    def noised(
        self, x0: Tensor, noise: Tensor, g: Generator, min_snr_gamma: float | None
    ) -> Noised:
        """Rectified flow at a logit-normal timestep (flow_matching.flow_noised)."""
        return flow_noised(self.scheduler, x0, noise, g, self.device, self.dtype)

    def predict(self, noisy: Tensor, sigma: Tensor, cond: Cond) -> Tensor:
        """The transformer's velocity, packed and unpacked around the call."""
        import torch
        from diffusers import FluxPipeline

        b, c, h, w = noisy.shape
        packed = FluxPipeline._pack_latents(noisy, b, c, h, w)
        image_ids = FluxPipeline._prepare_latent_image_ids(
            b, h // 2, w // 2, self.device, self.dtype
        )
        text_ids = torch.zeros(cond["hidden"].shape[1], 3, device=self.device, dtype=self.dtype)
        guidance = None
        if self.denoiser.config.guidance_embeds:
            guidance = torch.full((b,), GUIDANCE, device=self.device, dtype=self.dtype)
        out = self.denoiser(
            hidden_states=packed, timestep=sigma.expand(b), guidance=guidance,
            pooled_projections=cond["pooled"], encoder_hidden_states=cond["hidden"],
            txt_ids=text_ids, img_ids=image_ids, return_dict=False,
        )[0]  # fmt: skip
        f = self.vae_factor
        pred: Tensor = FluxPipeline._unpack_latents(out, h * f, w * f, f)
        return pred

    def sample(self, prompts: list[str], seeds: list[int], steps: int, size: int,
               guidance: float) -> list[Any]:  # fmt: skip
        """One image per prompt and seed with the transformer as it is now (its LoRA on), at
        Flux's own guidance."""
        import diffusers

        lib: Any = diffusers
        pipe = getattr(lib, self.pipeline)(**{**self.parts, "transformer": self.denoiser})
        return draw(pipe, prompts, seeds, steps, size, self.device, lambda p: {
            "prompt": p, "guidance_scale": SAMPLE_GUIDANCE,
            "max_sequence_length": self.t5_tokens,
        })  # fmt: skip


# diffusers module (inside a block) -> (kohya module, its place in a fused projection)
DOUBLE: dict[str, tuple[str, int]] = {
    "attn.to_q": ("img_attn_qkv", 0),
    "attn.to_k": ("img_attn_qkv", 1),
    "attn.to_v": ("img_attn_qkv", 2),
    "attn.to_out.0": ("img_attn_proj", 0),
    "ff.net.0.proj": ("img_mlp_0", 0),
    "ff.net.2": ("img_mlp_2", 0),
    "norm1.linear": ("img_mod_lin", 0),
    "attn.add_q_proj": ("txt_attn_qkv", 0),
    "attn.add_k_proj": ("txt_attn_qkv", 1),
    "attn.add_v_proj": ("txt_attn_qkv", 2),
    "attn.to_add_out": ("txt_attn_proj", 0),
    "ff_context.net.0.proj": ("txt_mlp_0", 0),
    "ff_context.net.2": ("txt_mlp_2", 0),
    "norm1_context.linear": ("txt_mod_lin", 0),
}
SINGLE: dict[str, tuple[str, int]] = {
    "attn.to_q": ("linear1", 0),
    "attn.to_k": ("linear1", 1),
    "attn.to_v": ("linear1", 2),
    "proj_mlp": ("linear1", 3),
    "proj_out": ("linear2", 0),
    "norm.linear": ("modulation_lin", 0),
}
# A diffusers Flux module's kohya name and its place in that module's fused projection
kohya_name = block_namer(DOUBLE, SINGLE, "lora_unet_{block}_{index}_{name}", "kohya Flux")


NAMING = Naming(kohya=kohya_name)
