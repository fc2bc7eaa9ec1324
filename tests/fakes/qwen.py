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
    vocab = {t: i for i, t in enumerate(SPECIAL + WORDS + letters)}
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
