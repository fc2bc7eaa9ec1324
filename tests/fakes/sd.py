"""A tiny Stable Diffusion 1.5-shaped pipeline built from config with random weights, saved as
a diffusers folder: CLIP's real tokenizer, a 2-level UNet and VAE, the DDPM schedule."""

from __future__ import annotations

from pathlib import Path

from tests.fakes.clip import write_clip_tokenizer


def tiny_sd15(folder: Path, seed: int = 0) -> Path:
    """Save the pipeline into folder (save_pretrained, as a downloaded base is laid out)."""
    import torch
    from diffusers import (
        AutoencoderKL,
        DDPMScheduler,
        StableDiffusionPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    torch.manual_seed(seed)
    unet = UNet2DConditionModel(
        sample_size=16,
        block_out_channels=(32, 64),
        layers_per_block=1,
        down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
        cross_attention_dim=32,
        attention_head_dim=8,
        norm_num_groups=16,
    )
    vae = AutoencoderKL(
        block_out_channels=(16, 32),
        down_block_types=("DownEncoderBlock2D",) * 2,
        up_block_types=("UpDecoderBlock2D",) * 2,
        latent_channels=4,
        norm_num_groups=16,
    )
    text = CLIPTextModel(
        CLIPTextConfig(
            hidden_size=32, intermediate_size=64, num_attention_heads=4, num_hidden_layers=2,
            vocab_size=49408, max_position_embeddings=77,
        )
    )  # fmt: skip
    write_clip_tokenizer(folder / "bpe")
    tokenizer = CLIPTokenizer.from_pretrained(folder / "bpe", model_max_length=77)
    scheduler = DDPMScheduler(
        beta_schedule="scaled_linear",
        beta_start=0.00085,
        beta_end=0.012,
        clip_sample=False,
        steps_offset=1,
    )
    pipe = StableDiffusionPipeline(
        unet=unet, vae=vae, text_encoder=text, tokenizer=tokenizer, scheduler=scheduler,
        safety_checker=None, feature_extractor=None, requires_safety_checker=False,
    )  # fmt: skip
    pipe.save_pretrained(folder)
    return folder
