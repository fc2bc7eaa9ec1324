"""The Z-Image adapter: Qwen3's second-to-last hidden states of the chat-formatted caption
(padding dropped), the transformer's own patching, and rectified flow with Z-Image's reversed
timestep (1 - sigma) and negated output, as diffusers' Z-Image example trains it.

Z-Image Turbo is step-distilled; training it directly undoes the distillation, so the default
base is the undistilled Z-Image (Base), whose LoRAs load on Turbo too."""

from __future__ import annotations

from typing import Any

from aistudio.training.flow import flow_noised, linears_in, to_uint8
from aistudio.training.sd15 import Cond, Noised, load_pipeline

MAX_TOKENS = 512  # the pipeline's max_sequence_length
SAMPLE_GUIDANCE = 5.0  # Z-Image Base's default (Turbo: 0, 8 steps)


class ZImage:
    """A Z-Image base: a diffusers folder or a hub id (Base, or Turbo with a caveat)."""

    family = "zimage"
    pipeline = "ZImagePipeline"

    def __init__(self, base: str, device: str, dtype: Any, parts: str | None = None) -> None:
        import diffusers

        lib: Any = diffusers
        pipe = load_pipeline(self.pipeline, base, dtype, parts)
        self.parts = pipe.components
        self.pipe = pipe
        self.text_encoder = pipe.text_encoder.to(device).requires_grad_(False).eval()
        self.vae = pipe.vae.to(device).requires_grad_(False).eval()
        self.denoiser = pipe.transformer.to(device).requires_grad_(False)
        self.scheduler = lib.FlowMatchEulerDiscreteScheduler.from_config(pipe.scheduler.config)
        self.device, self.dtype = device, dtype
        self.vae_factor = 2 ** (len(self.vae.config.block_out_channels) - 1)
        self.align = self.vae_factor * 2  # the transformer's 2x2 patches
        self.max_tokens = min(pipe.tokenizer.model_max_length, MAX_TOKENS)
        self.prompts: dict[str, Any] = {}  # sample prompts' encodings, kept when the encoder goes

    def targets(self) -> list[str]:
        """Every Linear of the main and refiner blocks (attention, SwiGLU, modulation)."""
        return linears_in(self.denoiser, ("ZImageTransformerBlock",))

    def text_encoders(self) -> dict[str, Any]:
        """None: the text encoder (a 4B language model) stays frozen."""
        return {}

    def encode_text(self, captions: list[str]) -> Cond:
        """Each caption's hidden states, its padding dropped (one caption per call)."""
        if self.text_encoder is None:
            return {"hidden": self.prompts[captions[0]]}
        embeds = self.pipe._encode_prompt(
            list(captions), device=self.device, max_sequence_length=self.max_tokens
        )
        return {"hidden": embeds[0][None]}

    def release_text_encoder(self, keep: list[str]) -> None:
        """Encode the sample prompts (and the empty one), then free the text encoder."""
        import torch

        with torch.no_grad():
            for prompt in {*keep, ""}:
                self.prompts[prompt] = self.encode_text([prompt])["hidden"]
        self.text_encoder = None
        self.parts["text_encoder"] = None
        self.pipe = None
        if torch.cuda.is_available():
            torch.cuda.empty_cache()

    def encode_image(self, pixels: Any) -> tuple[Any, Any]:
        """The VAE's latent distribution, shifted and scaled as Z-Image's VAE wants."""
        dist = self.vae.encode(pixels.to(self.device, self.dtype)).latent_dist
        scale, shift = self.vae.config.scaling_factor, self.vae.config.shift_factor or 0.0
        return (dist.mean - shift) * scale, dist.std * scale

    def noised(self, x0: Any, noise: Any, g: Any, min_snr_gamma: float | None) -> Noised:
        """Rectified flow at a logit-normal timestep of the (shifted) schedule."""
        return flow_noised(self.scheduler, x0, noise, g, self.device, self.dtype)

    def predict(self, noisy: Any, sigma: Any, cond: Cond) -> Any:
        """The velocity: the transformer takes one (C, 1, H, W) latent and one caption per
        sample, at 1 - sigma, and predicts its negative."""
        import torch

        latents = list(noisy.unsqueeze(2).unbind(0))
        captions = list(cond["hidden"].unbind(0))
        t = (1 - sigma).expand(noisy.shape[0])
        out = self.denoiser(latents, t, captions, return_dict=False)[0]
        return -torch.stack(out, 0).squeeze(2)

    def sample(self, prompts: list[str], seeds: list[int], steps: int, size: int,
               guidance: float) -> list[Any]:  # fmt: skip
        """One image per prompt and seed with the transformer as it is now (its LoRA on),
        from the kept prompt encodings, with the Base model's guidance."""
        import diffusers
        import torch

        lib: Any = diffusers
        pipe = lib.ZImagePipeline(**{**self.parts, "transformer": self.denoiser})
        pipe.set_progress_bar_config(disable=True)
        empty = self.encode_text([""])["hidden"][0]
        out = []
        for prompt, seed in zip(prompts, seeds, strict=True):
            images = pipe(
                prompt_embeds=[self.encode_text([prompt])["hidden"][0]],
                negative_prompt_embeds=[empty], num_inference_steps=steps,
                guidance_scale=SAMPLE_GUIDANCE, height=size, width=size, output_type="np",
                generator=torch.Generator(self.device).manual_seed(seed),
            ).images  # fmt: skip
            out.append(to_uint8(images[0]))
        return out
