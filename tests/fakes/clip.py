"""Tiny CLIP models built from config with random weights, saved as a real checkpoint folder.

The tokenizer is CLIP's own BPE: its merges ship in the open-clip-torch wheel (installed
without its dependencies, requirements-nodeps.lock), so text is tokenized as a real CLIP does.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from aistudio.captions.tokens import bpe_file, byte_chars, clip_merges


def write_clip_tokenizer(folder: Path) -> None:
    """vocab.json and merges.txt of CLIP's 49408-token BPE (as open_clip builds them)."""
    path = bpe_file()
    assert path is not None, (
        "open-clip-torch is not installed: pip install --no-deps -r requirements-nodeps.lock"
    )
    merges = clip_merges(path)
    chars = list(byte_chars().values())
    vocab = chars + [c + "</w>" for c in chars] + ["".join(m.split()) for m in merges]
    vocab += ["<|startoftext|>", "<|endoftext|>"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.json").write_text(json.dumps({v: i for i, v in enumerate(vocab)}))
    (folder / "merges.txt").write_text("#version: 0.2\n" + "\n".join(merges) + "\n")


@lru_cache(maxsize=4)
def tiny_clip(folder: Path, seed: int = 0) -> Path:
    """A CLIP with 2 small layers per tower and 64 px images, saved with its tokenizer and
    image processor exactly as save_pretrained writes a real checkpoint."""
    import torch
    from transformers import CLIPConfig, CLIPImageProcessorPil, CLIPModel, CLIPTokenizer

    small = {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2}
    config = CLIPConfig(
        text_config={**small, "num_attention_heads": 2, "vocab_size": 49408},
        vision_config={**small, "num_attention_heads": 2, "image_size": 64, "patch_size": 16},
        projection_dim=16,
    )
    torch.manual_seed(seed)
    CLIPModel(config).save_pretrained(folder)
    write_clip_tokenizer(folder / "bpe")
    CLIPTokenizer.from_pretrained(folder / "bpe").save_pretrained(folder)
    CLIPImageProcessorPil(
        size={"shortest_edge": 64}, crop_size={"height": 64, "width": 64}
    ).save_pretrained(folder)
    return folder
