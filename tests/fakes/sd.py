"""Tiny Stable Diffusion 1.5- and SDXL-shaped pipelines built from config with random weights,
saved as diffusers folders: CLIP's real tokenizer, 2-level UNets and VAEs, the DDPM schedule."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from tests.fakes.clip import write_clip_tokenizer

# A 2-layer CLIP text encoder with CLIP's vocabulary and 77 positions
TEXT: dict[str, Any] = dict(
    hidden_size=32, intermediate_size=64, num_attention_heads=4, num_hidden_layers=2,
    vocab_size=49408, max_position_embeddings=77,
)  # fmt: skip


@lru_cache(maxsize=1)
def shared_sd15(root: Path) -> Path:
    """The tiny SD 1.5 base tests share, built once a session under `root` (the basetemp)."""
    return tiny_sd15(root / "tiny-sd15")


def tiny_sd15(folder: Path, seed: int = 0) -> Path:
    """Save the pipeline into folder (save_pretrained, as a downloaded base is laid out)."""
    import torch
    from diffusers import StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

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
    text = CLIPTextModel(CLIPTextConfig(**TEXT))
    pipe = StableDiffusionPipeline(
        unet=unet, text_encoder=text, safety_checker=None, feature_extractor=None,
        requires_safety_checker=False, **_parts(folder),
    )  # fmt: skip
    pipe.save_pretrained(folder)
    return folder


def _parts(folder: Path) -> dict[str, Any]:
    """The VAE, tokenizer and scheduler both families share."""
    from diffusers import AutoencoderKL, DDPMScheduler
    from transformers import CLIPTokenizer

    vae = AutoencoderKL(
        block_out_channels=(16, 32),
        down_block_types=("DownEncoderBlock2D",) * 2,
        up_block_types=("UpDecoderBlock2D",) * 2,
        latent_channels=4,
        norm_num_groups=16,
    )
    write_clip_tokenizer(folder / "bpe")
    tokenizer = CLIPTokenizer.from_pretrained(folder / "bpe", model_max_length=77)
    scheduler = DDPMScheduler(
        beta_schedule="scaled_linear", beta_start=0.00085, beta_end=0.012, clip_sample=False,
        steps_offset=1,
    )  # fmt: skip
    return {"vae": vae, "tokenizer": tokenizer, "scheduler": scheduler}


def tiny_sdxl(folder: Path, seed: int = 0) -> Path:
    """An SDXL-shaped pipeline: SDXL's block layout (2 resnets a block, linear projections,
    1 and 2 transformer layers), two text encoders (the second projected), size conditioning."""
    import torch
    from diffusers import StableDiffusionXLPipeline, UNet2DConditionModel
    from transformers import (
        CLIPTextConfig,
        CLIPTextModel,
        CLIPTextModelWithProjection,
        CLIPTokenizer,
    )

    torch.manual_seed(seed)
    unet = UNet2DConditionModel(
        sample_size=16,
        block_out_channels=(32, 64),
        layers_per_block=2,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        transformer_layers_per_block=(1, 2),
        attention_head_dim=(2, 4),
        use_linear_projection=True,
        cross_attention_dim=64,
        addition_embed_type="text_time",
        addition_time_embed_dim=8,
        projection_class_embeddings_input_dim=32 + 6 * 8,
        norm_num_groups=16,
    )
    config = TEXT
    parts = _parts(folder)
    pipe = StableDiffusionXLPipeline(
        unet=unet, text_encoder=CLIPTextModel(CLIPTextConfig(**config)),
        text_encoder_2=CLIPTextModelWithProjection(CLIPTextConfig(projection_dim=32, **config)),
        tokenizer_2=CLIPTokenizer.from_pretrained(folder / "bpe", model_max_length=77),
        **parts,
    )  # fmt: skip
    pipe.save_pretrained(folder)
    return folder


def t5_tokenizer(folder: Path) -> Any:
    """A small T5 (Unigram) tokenizer: the words the tests' captions and prompts use, and
    letters for anything else."""
    from transformers import T5Tokenizer

    words = ["a", "photo", "of", "andie", "person", "woman", "portrait", "looking", "at", "the",
             "viewer", "upper", "body", "smiling", "outdoors", "full", "standing", "in", "city",
             "street", "close-up", "soft", "window", "light"]  # fmt: skip
    letters = "abcdefghijklmnopqrstuvwxyz0123456789,.-"
    vocab = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)]
    vocab += [("\u2581" + w, -1.0) for w in words] + [(c, -5.0) for c in letters + "\u2581"]
    tok = T5Tokenizer(vocab=vocab, extra_ids=0, model_max_length=64)
    tok.save_pretrained(folder)
    return T5Tokenizer.from_pretrained(folder)


def tiny_flux(folder: Path, seed: int = 0) -> Path:
    """A Flux.1-shaped pipeline: one double- and one single-stream block, T5 and CLIP text
    encoders, a VAE with Flux's shift and scale, the flow-matching scheduler, guidance embeds
    (as Flux.1-dev)."""
    import torch
    from diffusers import (
        AutoencoderKL,
        FlowMatchEulerDiscreteScheduler,
        FluxPipeline,
        FluxTransformer2DModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer, T5Config, T5EncoderModel

    torch.manual_seed(seed)
    transformer = FluxTransformer2DModel(
        patch_size=1, in_channels=16, num_layers=1, num_single_layers=1, attention_head_dim=16,
        num_attention_heads=2, joint_attention_dim=32, pooled_projection_dim=32,
        guidance_embeds=True, axes_dims_rope=(4, 6, 6),
    )  # fmt: skip
    vae = AutoencoderKL(
        block_out_channels=(16, 32), down_block_types=("DownEncoderBlock2D",) * 2,
        up_block_types=("UpDecoderBlock2D",) * 2, latent_channels=4, norm_num_groups=16,
        scaling_factor=1.5, shift_factor=0.1,
    )  # fmt: skip
    write_clip_tokenizer(folder / "bpe")
    t5_tok = t5_tokenizer(folder / "t5")
    t5 = T5EncoderModel(T5Config(vocab_size=len(t5_tok), d_model=32, d_ff=64, d_kv=16,
                                 num_layers=1, num_heads=2))  # fmt: skip
    pipe = FluxPipeline(
        transformer=transformer, vae=vae, text_encoder=CLIPTextModel(CLIPTextConfig(**TEXT)),
        tokenizer=CLIPTokenizer.from_pretrained(folder / "bpe", model_max_length=77),
        text_encoder_2=t5, tokenizer_2=t5_tok, scheduler=FlowMatchEulerDiscreteScheduler(),
    )  # fmt: skip
    pipe.save_pretrained(folder)
    return folder


def draw(family: str, base: Path, lora: Path | None = None, part: str | None = None) -> Any:
    """The 32 px image a tiny pipeline draws for the trigger's prompt (2 steps, seed 0), with a
    LoRA loaded first: each module the studio trains in `part` (default: the denoiser) must get
    it, and no other."""
    import diffusers
    import numpy as np
    import torch

    from aistudio.core.families import SPECS
    from aistudio.training.families import family_module, text_targets
    from aistudio.training.families.unet import lora_targets

    safety = {"safety_checker": None, "requires_safety_checker": False}
    pipe = getattr(diffusers, SPECS[family].pipeline).from_pretrained(
        base, **(safety if family == "sd15" else {})
    )
    if lora is not None:
        name = part or SPECS[family].diffusers_prefix
        module = getattr(pipe, name)
        if name.startswith("text_encoder"):
            want = text_targets(module)
        elif name == "unet":
            want = lora_targets(module)
        else:  # the adapter's own choice, without loading its base again
            adapter: Any = family_module(family).Adapter
            want = adapter.targets(SimpleNamespace(denoiser=module))
        pipe.load_lora_weights(lora)
        loaded = [n for n, m in module.named_modules() if getattr(m, "lora_A", None)]
        assert sorted(loaded) == sorted(want), "LoRA modules missing or extra"
    extra = {"max_sequence_length": 48 if family != "flux" else 64} if family != "sd15" else {}
    if family == "sdxl":
        extra = {}
    out = pipe(
        prompt="a photo of andie", num_inference_steps=2, height=32, width=32, output_type="np",
        generator=torch.Generator().manual_seed(0), **extra,
    )  # fmt: skip
    return np.asarray(out.images)
