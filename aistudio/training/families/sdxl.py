"""Stable Diffusion XL: two CLIP text encoders (their penultimate hidden states side by side,
the second's pooled embedding), the size and crop conditioning SDXL's UNet takes, and kohya's
names, which follow the original (SGM) UNet's block numbering."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aistudio.training.families.base import Cond, Naming
from aistudio.training.families.unet import UNetAdapter, clip_kohya_namer, kohya_unet_name

if TYPE_CHECKING:
    from torch import Tensor


TEXT_ENCODERS = {"text_encoder": "lora_te1", "text_encoder_2": "lora_te2"}
LAYERS = 2  # resnets per SDXL down block (the original UNet's block numbering counts them)


class Adapter(UNetAdapter):
    """A Stable Diffusion XL base: a diffusers folder, a single .safetensors file or a hub id."""

    family = "sdxl"

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
        assert pooled is not None
        return {"hidden": torch.cat(hidden, dim=-1), "pooled": pooled}

    def predict(self, noisy: Tensor, timesteps: Tensor, cond: Cond) -> Tensor:
        """The UNet's prediction, told the image's size (the bucket: no crop, no upscale)."""
        import torch

        h, w = (s * self.vae_factor for s in noisy.shape[-2:])
        ids = torch.tensor([[h, w, 0, 0, h, w]], device=self.device, dtype=self.dtype)
        extra = {"text_embeds": cond["pooled"], "time_ids": ids.repeat(noisy.shape[0], 1)}
        pred: Tensor = self.unet(noisy, timesteps, cond["hidden"], added_cond_kwargs=extra).sample
        return pred


def sgm_name(module: str, per_block: int = LAYERS) -> str:
    """A diffusers SDXL UNet module's name in the original (SGM) UNet, which kohya's SDXL
    LoRAs use: down_blocks.i.attentions.j -> input_blocks.(1 + i(n+1) + j).1, up_blocks ->
    output_blocks.(i(n+1) + j).1, mid_block.attentions.0 -> middle_block.1."""
    parts = module.split(".")
    if len(parts) > 4 and parts[0] in ("down_blocks", "up_blocks") and parts[2] == "attentions":
        i, j = int(parts[1]), int(parts[3])
        head = (
            f"input_blocks.{1 + i * (per_block + 1) + j}.1"
            if parts[0] == "down_blocks"
            else f"output_blocks.{i * (per_block + 1) + j}.1"
        )
        return ".".join([head, *parts[4:]])
    if parts[:3] == ["mid_block", "attentions", "0"]:
        return ".".join(["middle_block.1", *parts[3:]])
    raise ValueError(f"no SDXL name for {module}: not inside a transformer block")


def kohya_name(module: str) -> tuple[str, int]:
    """kohya's name for an SDXL UNet module (the original UNet's path)."""
    return kohya_unet_name(sgm_name(module))


NAMING = Naming(
    kohya=kohya_name,
    text_encoder=clip_kohya_namer(TEXT_ENCODERS),
    text_encoders=TEXT_ENCODERS,
)
