"""Tiny Qwen-style tokenizers and text encoders, made by the tests (no hub downloads): the
text side of Z-Image, FLUX.2 klein and Qwen-Image."""

from __future__ import annotations

from pathlib import Path
from typing import Any

WORDS = ["a", "photo", "of", "andie", "person", "woman", "portrait", "looking", "at", "the",
         "viewer", "upper", "body", "smiling", "outdoors", "full", "standing", "in", "city",
         "street", "close-up", "soft", "window", "light", "user",
         "assistant", "system"]  # fmt: skip
SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>"]
# Qwen3's template in short: the turns, then the assistant's (with an empty thought when
# thinking is off, as FLUX.2 klein asks for)
TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n"
    "{% if enable_thinking is defined and not enable_thinking %}<think>\n\n</think>\n\n"
    "{% endif %}{% endif %}"
)


def qwen_tokenizer(folder: Path, max_length: int = 48) -> Any:
    """A word-level BPE tokenizer with Qwen's special tokens and chat template."""
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    letters = list("abcdefghijklmnopqrstuvwxyz0123456789,.-:\n ")
    vocab = {t: i for i, t in enumerate(dict.fromkeys(SPECIAL + WORDS + letters))}
    core = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<|endoftext|>"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex(r"\s|[,.:-]|\w+"), behavior="isolated")
    tok = PreTrainedTokenizerFast(
        tokenizer_object=core, pad_token="<|endoftext|>", eos_token="<|im_end|>",
        model_max_length=max_length, additional_special_tokens=SPECIAL[1:],
    )  # fmt: skip
    tok.chat_template = TEMPLATE
    tok.save_pretrained(folder)
    return PreTrainedTokenizerFast.from_pretrained(folder)


def qwen3(vocab: int, hidden: int, layers: int = 2, causal: bool = False) -> Any:
    """A Qwen3 text model (Z-Image) or causal LM (FLUX.2 klein) of a few small layers."""
    from transformers import Qwen3Config, Qwen3ForCausalLM, Qwen3Model

    config = Qwen3Config(
        vocab_size=vocab, hidden_size=hidden, intermediate_size=hidden * 2,
        num_hidden_layers=layers, num_attention_heads=2, num_key_value_heads=1, head_dim=16,
        max_position_embeddings=256,
    )  # fmt: skip
    return Qwen3ForCausalLM(config) if causal else Qwen3Model(config)


def tiny_zimage(folder: Path, seed: int = 0) -> Path:
    """A Z-Image-shaped pipeline: one main and one refiner block each, a Qwen3 text model, a
    VAE with a shift and scale, the flow-matching scheduler with Z-Image's static shift."""
    import torch
    from diffusers import (
        AutoencoderKL,
        FlowMatchEulerDiscreteScheduler,
        ZImagePipeline,
        ZImageTransformer2DModel,
    )

    torch.manual_seed(seed)
    tok = qwen_tokenizer(folder / "tok")
    transformer = ZImageTransformer2DModel(
        in_channels=4, dim=32, n_layers=1, n_refiner_layers=1, n_heads=2, n_kv_heads=2,
        cap_feat_dim=32, axes_dims=[4, 6, 6], axes_lens=[128, 32, 32],
    )  # fmt: skip
    vae = AutoencoderKL(
        block_out_channels=(16, 32), down_block_types=("DownEncoderBlock2D",) * 2,
        up_block_types=("UpDecoderBlock2D",) * 2, latent_channels=4, norm_num_groups=16,
        scaling_factor=0.36, shift_factor=0.11,
    )  # fmt: skip
    pipe = ZImagePipeline(
        transformer=transformer, vae=vae, text_encoder=qwen3(len(tok), 32), tokenizer=tok,
        scheduler=FlowMatchEulerDiscreteScheduler(shift=3.0),
    )  # fmt: skip
    pipe.save_pretrained(folder)
    return folder


def tiny_flux2_klein(folder: Path, seed: int = 0) -> Path:
    """A FLUX.2-klein-shaped pipeline: one double- and one single-stream block, a 28-layer
    Qwen3 causal LM (klein reads its layers 9, 18 and 27), FLUX.2's batch-normed VAE."""
    import torch
    from diffusers import (
        AutoencoderKLFlux2,
        FlowMatchEulerDiscreteScheduler,
        Flux2KleinPipeline,
        Flux2Transformer2DModel,
    )

    torch.manual_seed(seed)
    tok = qwen_tokenizer(folder / "tok")
    transformer = Flux2Transformer2DModel(
        patch_size=1, in_channels=16, num_layers=1, num_single_layers=1, attention_head_dim=16,
        num_attention_heads=2, joint_attention_dim=3 * 16, axes_dims_rope=(4, 4, 4, 4),
        guidance_embeds=False,
    )  # fmt: skip
    vae = AutoencoderKLFlux2(
        block_out_channels=(16, 32), down_block_types=("DownEncoderBlock2D",) * 2,
        up_block_types=("UpDecoderBlock2D",) * 2, latent_channels=4, norm_num_groups=16,
    )  # fmt: skip
    vae.bn.running_mean.normal_(0, 0.1)
    vae.bn.running_var.uniform_(0.5, 2.0)
    pipe = Flux2KleinPipeline(
        transformer=transformer, vae=vae, text_encoder=qwen3(len(tok), 16, 28, causal=True),
        tokenizer=tok, scheduler=FlowMatchEulerDiscreteScheduler(use_dynamic_shifting=True),
    )  # fmt: skip
    pipe.save_pretrained(folder)
    return folder


def qwen25_vl(vocab: int, hidden: int) -> Any:
    """A Qwen2.5-VL of two small text layers and one small vision layer (Qwen-Image's text
    encoder reads only the text side)."""
    from transformers import Qwen2_5_VLConfig, Qwen2_5_VLForConditionalGeneration

    config = Qwen2_5_VLConfig(
        text_config={
            "vocab_size": vocab, "hidden_size": hidden, "intermediate_size": hidden * 2,
            "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1,
            "max_position_embeddings": 512,
            "rope_scaling": {"type": "mrope", "mrope_section": [2, 3, 3]},
        },
        vision_config={"depth": 1, "hidden_size": 16, "intermediate_size": 32, "num_heads": 2,
                       "out_hidden_size": hidden, "fullatt_block_indexes": [0]},
    )  # fmt: skip
    return Qwen2_5_VLForConditionalGeneration(config)


def tiny_qwen_image(folder: Path, seed: int = 0) -> Path:
    """A Qwen-Image-shaped pipeline: one dual-stream block, a Qwen2.5-VL text encoder, the
    Wan-style VAE with per-channel latent statistics."""
    import torch
    from diffusers import (
        AutoencoderKLQwenImage,
        FlowMatchEulerDiscreteScheduler,
        QwenImagePipeline,
        QwenImageTransformer2DModel,
    )

    torch.manual_seed(seed)
    tok = qwen_tokenizer(folder / "tok", max_length=1024)
    transformer = QwenImageTransformer2DModel(
        patch_size=2, in_channels=16, out_channels=4, num_layers=1, attention_head_dim=16,
        num_attention_heads=2, joint_attention_dim=32, axes_dims_rope=(4, 6, 6),
    )  # fmt: skip
    vae = AutoencoderKLQwenImage(
        base_dim=16, z_dim=4, dim_mult=[1, 2, 2], num_res_blocks=1,
        temperal_downsample=[False, True], latents_mean=[0.1, -0.2, 0.3, 0.0],
        latents_std=[1.5, 2.0, 0.8, 1.2],
    )  # fmt: skip
    pipe = QwenImagePipeline(
        transformer=transformer, vae=vae, text_encoder=qwen25_vl(len(tok), 32), tokenizer=tok,
        scheduler=FlowMatchEulerDiscreteScheduler(use_dynamic_shifting=True),
    )  # fmt: skip
    pipe.save_pretrained(folder)
    return folder
