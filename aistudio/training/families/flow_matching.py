"""What the flow-matching families share: the noised example of rectified flow (x_t between the
image and noise, the velocity as target) and the modules their LoRAs go on."""

from __future__ import annotations

from typing import Any

from aistudio.training.families.base import Noised


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


def flow_noised(scheduler: Any, x0: Any, noise: Any, g: Any, device: str, dtype: Any) -> Noised:
    """x_t = (1 - sigma) x0 + sigma noise at a logit-normal timestep of the scheduler's
    schedule (with its static shift, if any); the target is the velocity noise - x0, weight 1."""
    import torch

    u = torch.sigmoid(torch.randn((1,), generator=g))
    index = (u * scheduler.config.num_train_timesteps).long().clamp(max=len(scheduler.sigmas) - 2)
    sigma = scheduler.sigmas[index].to(device, dtype)
    noisy = (1 - sigma) * x0 + sigma * noise
    return Noised(noisy, sigma, noise - x0, torch.ones(1, device=device))
