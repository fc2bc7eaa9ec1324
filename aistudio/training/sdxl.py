"""The SDXL adapter: two CLIP text encoders (their penultimate hidden states side by side, the
second's pooled embedding), and the size and crop conditioning SDXL's UNet takes."""

from __future__ import annotations

from typing import Any

from aistudio.training.sd15 import SD15, Cond


class SDXL(SD15):
    """A Stable Diffusion XL base: a diffusers folder, a single .safetensors file or a hub id."""

    family = "sdxl"
    pipeline = "StableDiffusionXLPipeline"

    def __init__(self, base: str, device: str, dtype: Any, parts: str | None = None) -> None:
        super().__init__(base, device, dtype)
        self.tokenizer_2 = self.parts["tokenizer_2"]
        self.text_encoder_2 = self.parts["text_encoder_2"].to(device).requires_grad_(False).eval()

    def text_encoders(self) -> dict[str, Any]:
        """Both CLIP encoders."""
        return {"text_encoder": self.text_encoder, "text_encoder_2": self.text_encoder_2}

    def encode_text(self, captions: list[str]) -> Cond:
        """As SDXL's pipeline encodes a prompt: each encoder's penultimate layer, concatenated,
        and the second encoder's projected, pooled output."""
        import torch

        hidden = []
        pooled = None
        for tokenizer, encoder in (
            (self.tokenizer, self.text_encoder),
            (self.tokenizer_2, self.text_encoder_2),
        ):
            out = encoder(self._ids(tokenizer, captions), output_hidden_states=True)
            hidden.append(out.hidden_states[-2])
            pooled = out[0]
        return {"hidden": torch.cat(hidden, dim=-1), "pooled": pooled}

    def predict(self, noisy: Any, timesteps: Any, cond: Cond) -> Any:
        """The UNet's prediction, told the image's size (the bucket: no crop, no upscale)."""
        import torch

        h, w = (s * self.vae_factor for s in noisy.shape[-2:])
        ids = torch.tensor([[h, w, 0, 0, h, w]], device=self.device, dtype=self.dtype)
        extra = {"text_embeds": cond["pooled"], "time_ids": ids.repeat(noisy.shape[0], 1)}
        return self.unet(noisy, timesteps, cond["hidden"], added_cond_kwargs=extra).sample
