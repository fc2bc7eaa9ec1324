"""What the flow-matching families share: the noised example of rectified flow (x_t between the
image and noise, the velocity as target), the modules their LoRAs go on, and the original
(BFL) block names the Flux models' files use."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from aistudio.training.families.base import NameOf, Noised

if TYPE_CHECKING:
    from torch import Generator, Tensor
    from torch import dtype as torch_dtype


_BLOCK = re.compile(r"^(transformer_blocks|single_transformer_blocks)\.(\d+)\.(.+)$")


def linears_in(net: Any, kinds: tuple[str, ...]) -> list[str]:
    """Every Linear inside the blocks of these classes (attention, projections, MLPs,
    modulations): what kohya and ai-toolkit train on a transformer by default."""
    out = []
    for name, module in net.named_modules():
        if type(module).__name__ in kinds:
            out += [
                f"{name}.{c}" for c, m in module.named_modules() if type(m).__name__ == "Linear"
            ]
    return out


def flow_noised(
    scheduler: Any, x0: Tensor, noise: Tensor, g: Generator, device: str, dtype: torch_dtype
) -> Noised:
    """x_t = (1 - sigma) x0 + sigma noise at a logit-normal timestep of the scheduler's
    schedule (with its static shift, if any); the target is the velocity noise - x0, weight 1."""
    import torch

    u = torch.sigmoid(torch.randn((1,), generator=g))
    index = (u * scheduler.config.num_train_timesteps).long().clamp(max=len(scheduler.sigmas) - 2)
    sigma = scheduler.sigmas[index].to(device, dtype)
    noisy = (1 - sigma) * x0 + sigma * noise
    return Noised(noisy, sigma, noise - x0, torch.ones(1, device=device))


def block_namer(
    double: dict[str, tuple[str, int]], single: dict[str, tuple[str, int]], form: str, what: str
) -> NameOf:
    """Names for a Flux-style transformer's modules in the original model: a double or single
    block's module (diffusers' name inside the block) looked up in its table, written in
    `form` (with {block}, {index} and {name}), with its place in a fused projection."""

    def name_of(module: str) -> tuple[str, int]:
        found = _BLOCK.match(module)
        kind, index, rest = found.groups() if found else ("", "", "")
        table, block = (
            (double, "double_blocks") if kind == "transformer_blocks" else (single, "single_blocks")
        )
        if rest not in table:
            raise ValueError(f"no {what} name for {module}")
        name, place = table[rest]
        return form.format(block=block, index=index, name=name), place

    return name_of
