"""Lower a kohya-format LoRA's rank to fit a file size or a rank cap, as kohya's resize_lora
does: each module's weight change is factored again by SVD and its strongest directions kept."""

from __future__ import annotations

import logging

from aistudio.training.lora_files.tensors import Weights

logger = logging.getLogger(__name__)
MAX_BYTES = 100_000_000  # what a LoRA file may weigh (fp16)
BYTES = 2  # fp16


def _modules(state: Weights) -> list[str]:
    return sorted(
        k.removesuffix(".lora_down.weight") for k in state if k.endswith(".lora_down.weight")
    )


def ranks_for(state: Weights, max_bytes: int) -> dict[str, int]:
    """Each module's rank scaled by one factor, the largest whose fp16 file fits max_bytes (a
    fused Flux projection of three parts keeps three times a plain module's rank)."""
    size = sum(v.numel() * BYTES for v in state.values())
    fixed = sum(v.numel() * BYTES for k, v in state.items() if not k.endswith("weight"))
    factor = min(1.0, max(0.0, max_bytes - fixed) / max(size - fixed, 1))
    return {
        m: max(1, int(state[f"{m}.lora_down.weight"].shape[0] * factor)) for m in _modules(state)
    }


def ranks_capped(state: Weights, max_rank: int) -> dict[str, int]:
    """Each module's rank scaled so a plain module's is at most max_rank (a fused projection
    keeps its multiple of it)."""
    plain = min(state[f"{m}.lora_down.weight"].shape[0] for m in _modules(state))
    factor = min(1.0, max_rank / plain)
    return {
        m: max(1, int(state[f"{m}.lora_down.weight"].shape[0] * factor)) for m in _modules(state)
    }


def resize(state: Weights, ranks: dict[str, int]) -> tuple[Weights, float]:
    """The LoRA at most `ranks[module]` per module (alpha = its rank: scale 1), and the smallest
    share of a module's weight change (Frobenius norm) it keeps."""
    import torch

    out: Weights = {}
    kept = 1.0
    for m in _modules(state):
        # A 1x1 Conv2d's (SD's projections in and out) as the matrices they are
        shape_down, shape_up = (
            state[f"{m}.lora_down.weight"].shape,
            state[f"{m}.lora_up.weight"].shape,
        )
        down = state[f"{m}.lora_down.weight"].float().reshape(shape_down[0], -1)
        up = state[f"{m}.lora_up.weight"].float().reshape(shape_up[0], -1)
        alpha = float(state.get(f"{m}.alpha", torch.tensor(down.shape[0])))
        # W = scale up @ down, factored through QR of each side: an SVD of an r x r matrix
        qu, ru = torch.linalg.qr(up)
        qd, rd = torch.linalg.qr(down.T)
        u, s, vh = torch.linalg.svd(alpha / down.shape[0] * ru @ rd.T)
        k = min(ranks[m], int((s > 0).sum()) or 1)
        root = s[:k].sqrt()
        new_up = (qu @ u[:, :k] * root).reshape(shape_up[0], k, *shape_up[2:])
        new_down = (root[:, None] * vh[:k] @ qd.T).reshape(k, *shape_down[1:])
        out[f"{m}.lora_up.weight"] = new_up.to(torch.float16).contiguous()
        out[f"{m}.lora_down.weight"] = new_down.to(torch.float16).contiguous()
        out[f"{m}.alpha"] = torch.tensor(float(k), dtype=torch.float16)
        total = float(s.square().sum())
        if total > 0:
            kept = min(kept, float(s[:k].square().sum() / total) ** 0.5)
    return out, kept


def fit(
    state: Weights, max_bytes: int | None = MAX_BYTES, max_rank: int | None = None
) -> tuple[Weights, dict[str, str]]:
    """The LoRA as it is when its file fits and its rank is within max_rank (or neither is
    set), else resized to the rank that fits both; and the metadata that says so."""
    size = sum(v.numel() * BYTES for v in state.values())
    ranks = ranks_for(state, max_bytes) if max_bytes is not None and size > max_bytes else {}
    if max_rank is not None:
        capped = ranks_capped(state, max_rank)
        trained = {m: int(state[f"{m}.lora_down.weight"].shape[0]) for m in capped}
        if capped != trained:
            ranks = {m: min(r, ranks.get(m, r)) for m, r in capped.items()}
    if not ranks:
        return state, {}
    resized, kept = resize(state, ranks)
    rank = min(ranks.values())  # a plain module's (a fused one keeps a multiple of it)
    logger.info("LoRA of %.0f MB resized to rank %d (keeps %.1f%%)", size / 1e6, rank, 100 * kept)
    return resized, {
        "ss_network_dim": str(rank),
        "ss_network_alpha": str(float(rank)),
        "aistudio.resized_from": f"{size / 1e6:.1f} MB",
        "aistudio.resize_kept": f"{kept:.4f}",
    }
