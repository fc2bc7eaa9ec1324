"""An exponential moving average of the LoRA weights: smoother weights to sample and export
(the raw ones keep training, and both are checkpointed so a resume is exact)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class EMA:
    """shadow <- decay * shadow + (1 - decay) * weight, after every optimizer step."""

    def __init__(self, params: list[Any], decay: float) -> None:
        self.params, self.decay = params, decay
        self.shadow = [p.detach().clone() for p in params]

    def update(self) -> None:
        """Move the average towards the weights."""
        import torch

        with torch.no_grad():
            for s, p in zip(self.shadow, self.params, strict=True):
                s.lerp_(p.detach(), 1.0 - self.decay)

    @contextmanager
    def applied(self) -> Iterator[None]:
        """The averaged weights in place of the raw ones, for a while (samples, export)."""
        import torch

        with torch.no_grad():
            raw = [p.detach().clone() for p in self.params]
            for p, s in zip(self.params, self.shadow, strict=True):
                p.copy_(s)
        try:
            yield
        finally:
            with torch.no_grad():
                for p, r in zip(self.params, raw, strict=True):
                    p.copy_(r)

    def state(self) -> dict[str, Any]:
        """The averages, to checkpoint."""
        return {f"ema.{i}": s.detach().cpu().contiguous() for i, s in enumerate(self.shadow)}

    def load(self, state: dict[str, Any]) -> None:
        """Averages from a checkpoint."""
        for i, s in enumerate(self.shadow):
            s.copy_(state[f"ema.{i}"])
