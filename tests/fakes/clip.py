"""Tiny CLIP models built from config with random weights, saved as a real checkpoint folder.

The tokenizer is CLIP's own BPE: its merges ship in the open-clip-torch wheel (installed
without its dependencies, requirements-nodeps.lock), so text is tokenized as a real CLIP does.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
from functools import lru_cache
from pathlib import Path


def _bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible byte-to-character table, which CLIP's BPE vocabulary is written in."""
    bs = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), 256)]
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs), strict=True))


def clip_bpe_file() -> Path:
    """open_clip's bpe_simple_vocab_16e6.txt.gz, found without importing open_clip."""
    spec = importlib.util.find_spec("open_clip")
    assert spec is not None and spec.submodule_search_locations, (
        "open-clip-torch is not installed: pip install --no-deps -r requirements-nodeps.lock"
    )
    return Path(next(iter(spec.submodule_search_locations))) / "bpe_simple_vocab_16e6.txt.gz"


def write_clip_tokenizer(folder: Path) -> None:
    """vocab.json and merges.txt of CLIP's 49408-token BPE (as open_clip builds them)."""
    lines = gzip.decompress(clip_bpe_file().read_bytes()).decode("utf-8").split("\n")
    merges = lines[1 : 49152 - 256 - 2 + 1]
    chars = list(_bytes_to_unicode().values())
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
