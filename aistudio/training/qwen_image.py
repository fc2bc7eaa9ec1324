"""The Qwen-Image adapter: Qwen2.5-VL's last hidden states of the caption in Qwen-Image's
system template, its per-channel-normalised Wan-style latents packed 2x2, and rectified flow
at the timestep sigma, as diffusers' Qwen-Image example trains it."""

from __future__ import annotations

from typing import Any

from aistudio.training.flow import flow_noised, linears_in, to_uint8
from aistudio.training.sd15 import Cond, Noised, load_pipeline

MAX_TOKENS = 512  # the example's prompt length (the pipeline allows 1024)
SAMPLE_GUIDANCE = 4.0  # true CFG, against the empty prompt


class QwenImage:
    """A Qwen-Image base (20B): a diffusers folder or a hub id."""

    family = "qwen-image"
    pipeline = "QwenImagePipeline"

    def __init__(self, base: str, device: str, dtype: Any, parts: str | None = None) -> None:
        import diffusers
        import torch

        lib: Any = diffusers
        pipe = load_pipeline(self.pipeline, base, dtype, parts)
        self.parts = pipe.components
        self.pipe: Any = pipe
        self.text_encoder = pipe.text_encoder.to(device).requires_grad_(False).eval()
        self.vae = pipe.vae.to(device).requires_grad_(False).eval()
        self.denoiser = pipe.transformer.to(device).requires_grad_(False)
        self.scheduler = lib.FlowMatchEulerDiscreteScheduler.from_config(pipe.scheduler.config)
        self.device, self.dtype = device, dtype
        self.vae_factor = pipe.vae_scale_factor
        self.align = self.vae_factor * 2  # 2x2 packed latents
        self.max_tokens = MAX_TOKENS
        self.prompts: dict[str, Any] = {}
        shape = (1, -1, 1, 1, 1)
        self.mean = torch.tensor(self.vae.config.latents_mean).view(shape).to(device, dtype)
        self.std = torch.tensor(self.vae.config.latents_std).view(shape).to(device, dtype)

    def targets(self) -> list[str]:
        """Every Linear of the dual-stream blocks (attention both ways, MLPs, modulations)."""
        return linears_in(self.denoiser, ("QwenImageTransformerBlock",))

    def text_encoders(self) -> dict[str, Any]:
        """None: Qwen2.5-VL stays frozen."""
        return {}

    def encode_text(self, captions: list[str]) -> Cond:
        """One caption's hidden states (every token real: no mask needed)."""
        if self.text_encoder is None:
            return {"hidden": self.prompts[captions[0]]}
        embeds, _ = self.pipe.encode_prompt(
            list(captions), device=self.device, max_sequence_length=self.max_tokens
        )
        return {"hidden": embeds}

    def release_text_encoder(self, keep: list[str]) -> None:
        """Encode the sample prompts (and the empty one), then free the text encoder."""
        import torch

        with torch.no_grad():
            for prompt in {*keep, ""}:
                self.prompts[prompt] = self.encode_text([prompt])["hidden"]
        self.text_encoder = self.pipe = None
        self.parts["text_encoder"] = None
        if torch.cuda.is_available():
            torch.cuda.empty_cache()

    def encode_image(self, pixels: Any) -> tuple[Any, Any]:
        """The VAE's latent distribution of the one-frame video, normalised per channel."""
        dist = self.vae.encode(pixels.to(self.device, self.dtype)[:, :, None]).latent_dist
        mean = (dist.mean - self.mean) / self.std
        return mean[:, :, 0], (dist.std / self.std)[:, :, 0]

    def noised(self, x0: Any, noise: Any, g: Any, min_snr_gamma: float | None) -> Noised:
        """Rectified flow at a logit-normal timestep."""
        return flow_noised(self.scheduler, x0, noise, g, self.device, self.dtype)

    def predict(self, noisy: Any, sigma: Any, cond: Cond) -> Any:
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
        return P._unpack_latents(out, h * f, w * f, f)[:, :, 0]

    def sample(self, prompts: list[str], seeds: list[int], steps: int, size: int,
               guidance: float) -> list[Any]:  # fmt: skip
        """One image per prompt and seed with the transformer as it is now (its LoRA on)."""
        import diffusers
        import torch

        lib: Any = diffusers
        pipe = lib.QwenImagePipeline(**{**self.parts, "transformer": self.denoiser})
        pipe.set_progress_bar_config(disable=True)
        empty = self.encode_text([""])["hidden"]
        out = []
        for prompt, seed in zip(prompts, seeds, strict=True):
            images = pipe(
                prompt_embeds=self.encode_text([prompt])["hidden"], negative_prompt_embeds=empty,
                true_cfg_scale=SAMPLE_GUIDANCE, num_inference_steps=steps, height=size,
                width=size, output_type="np",
                generator=torch.Generator(self.device).manual_seed(seed),
            ).images  # fmt: skip
            out.append(to_uint8(images[0]))
        return out
