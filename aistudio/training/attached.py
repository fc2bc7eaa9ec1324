"""The LoRA attached to a base: the denoiser's adapter (and the text encoders', when they
train), its optimizer and its average, as the loop steps them, saves them and resumes them."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aistudio.training import checkpoint
from aistudio.training.ema import EMA
from aistudio.training.families import Adapter, text_targets
from aistudio.training.memory import make_optimizer, quantize_base
from aistudio.training.params import ResolvedParams

if TYPE_CHECKING:
    from torch import Tensor


def lora_config(params: ResolvedParams, targets: list[str]) -> Any:
    """peft's config for a LoRA of the params' rank and alpha on these modules."""
    from peft import LoraConfig

    return LoraConfig(r=params.rank, lora_alpha=params.lora_alpha, init_lora_weights="gaussian",
                      target_modules=targets)  # fmt: skip


class Attached:
    """The trainable LoRA weights of a training, and what steps and averages them."""

    def __init__(self, adapter: Adapter, params: ResolvedParams, out_dir: Path, keep: int) -> None:
        import torch

        torch.manual_seed(params.seed)  # the adapter's initial weights
        self.net = adapter.denoiser
        quantize_base(self.net, params.base_precision)
        self.net.add_adapter(lora_config(params, adapter.targets()))
        if params.gradient_checkpointing:
            self.net.enable_gradient_checkpointing()
        self.encoders = adapter.text_encoders() if params.text_encoder_lr else {}
        for te in self.encoders.values():
            te.add_adapter(lora_config(params, text_targets(te)))
        trained = [p for p in self.net.parameters() if p.requires_grad]
        te_trained = [p for te in self.encoders.values() for p in te.parameters()
                      if p.requires_grad]  # fmt: skip
        for p in trained + te_trained:
            p.data = p.data.float()  # LoRA weights train in fp32 under a bf16 base
        groups = [{"params": trained, "lr": params.lr}]
        if te_trained:
            groups.append({"params": te_trained, "lr": params.text_encoder_lr})
        self.optimizer = make_optimizer(groups, params.optimizer)
        weights = sum(p.numel() * p.element_size() for p in trained + te_trained)
        checkpoint.check_space(out_dir, weights, params.steps // params.checkpoint_every + 1, keep)
        self.ema = EMA(trained + te_trained, params.ema_decay) if params.ema_decay else None

    def averaged(self) -> AbstractContextManager[None]:
        """The weights samples and files use: the average when there is one."""
        return self.ema.applied() if self.ema is not None else nullcontext()

    def states(self, tail: str = "") -> dict[str, dict[str, Tensor]]:
        """The LoRA weights as they are now (copies): the denoiser's, the text encoders'."""
        from peft.utils import get_peft_model_state_dict

        out = {
            "lora" + tail: {k: v.clone() for k, v in get_peft_model_state_dict(self.net).items()}
        }
        if self.encoders:
            out["lora_te" + tail] = {
                f"{name}.{k}": v.clone()
                for name, te in self.encoders.items()
                for k, v in get_peft_model_state_dict(te).items()
            }
        return out

    def step(self) -> None:
        """The optimizer's step (the gradients then cleared) and the average's."""
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        if self.ema is not None:
            self.ema.update()

    def save(self, out_dir: Path, step: int, meta: dict[str, Any]) -> Path:
        """A checkpoint of everything a resume needs: the weights, their average (and the
        averaged weights as files use them), the optimizer's state."""
        now = self.states()
        if self.ema is not None:
            with self.averaged():  # copied out: the weights go back on leaving
                now |= self.states("_ema")
            now["ema"] = self.ema.state()
        lora = now.pop("lora")
        return checkpoint.save(out_dir, step, lora, self.optimizer.state_dict(), meta, now)

    def resume(self, last: Path) -> dict[str, Any]:
        """Everything a checkpoint saved put back; its state (step, loss, params)."""
        from peft.utils import set_peft_model_state_dict

        lora, opt_state, state = checkpoint.load(last)
        set_peft_model_state_dict(self.net, lora)
        stored = (checkpoint.tensors(last, "lora_te") or {}) if self.encoders else {}
        for name, te in self.encoders.items():  # the file read once, split by encoder
            sub = {k.removeprefix(name + "."): v for k, v in stored.items()
                   if k.startswith(name + ".")}  # fmt: skip
            set_peft_model_state_dict(te, sub)
        self.optimizer.load_state_dict(opt_state)
        if self.ema is not None:
            self.ema.load(checkpoint.tensors(last, "ema") or self.ema.state())
        return state

    def peft_states(self) -> tuple[dict[str, Tensor], dict[str, dict[str, Tensor]]]:
        """The denoiser's peft weights and each trained text encoder's, as they are now."""
        from peft.utils import get_peft_model_state_dict

        tes = {name: get_peft_model_state_dict(te) for name, te in self.encoders.items()}
        return get_peft_model_state_dict(self.net), tes
