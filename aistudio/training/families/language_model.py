"""What the 2026 families' adapters share: a pipeline whose text encoder is a language model,
used once (the captions and the sample prompts encoded, then freed before training), a
frozen text side, rectified flow, and samples drawn from the kept prompt encodings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from aistudio.core.families import SPECS
from aistudio.training.families.base import Cond, Noised, draw, load_pipeline
from aistudio.training.families.flow_matching import flow_noised

if TYPE_CHECKING:
    from torch import Generator, Tensor


MAX_TOKENS = 512  # the examples' --max_sequence_length


class LanguageModelAdapter:
    """The common half of the Z-Image, FLUX.2 klein and Qwen-Image adapters."""

    family: ClassVar[str]
    transformer: ClassVar[str]  # the diffusers class a single transformer file holds

    def __init__(self, base: str, device: str, dtype: Any, parts: str | None = None) -> None:
        import diffusers

        lib: Any = diffusers
        self.pipeline = SPECS[self.family].pipeline
        pipe = load_pipeline(self.pipeline, base, dtype, parts, transformer=self.transformer)
        self.parts = pipe.components
        self.pipe: Any = pipe
        self.text_encoder = pipe.text_encoder.to(device).requires_grad_(False).eval()
        self.vae = pipe.vae.to(device).requires_grad_(False).eval()
        self.denoiser = pipe.transformer.to(device).requires_grad_(False)
        self.scheduler = lib.FlowMatchEulerDiscreteScheduler.from_config(pipe.scheduler.config)
        self.device, self.dtype = device, dtype
        self.max_tokens = min(pipe.tokenizer.model_max_length, MAX_TOKENS)
        self.prompts: dict[str, Any] = {}  # sample prompts' encodings, kept when the encoder goes

    def text_encoders(self) -> dict[str, Any]:
        """None: the language model stays frozen, as its trainers leave it."""
        return {}

    def encode(self, captions: list[str]) -> Any:
        """The family's encoding of one caption (batch of one)."""
        raise NotImplementedError

    def encode_text(self, captions: list[str]) -> Cond:
        """One caption's encoding: from the text encoder, or kept once it is gone."""
        if self.text_encoder is None:
            return {"hidden": self.prompts[captions[0]]}
        return {"hidden": self.encode(list(captions))}

    def release_text_encoder(self, keep: list[str]) -> None:
        """Encode the sample prompts (and the empty one), then free the text encoder."""
        import torch

        with torch.no_grad():
            for prompt in {*keep, ""}:
                self.prompts[prompt] = self.encode_text([prompt])["hidden"]
        self.text_encoder = self.pipe = None
        self.parts["text_encoder"] = None
        if torch.cuda.is_available():
            torch.cuda.empty_cache()

    def noised(
        self, x0: Tensor, noise: Tensor, g: Generator, min_snr_gamma: float | None
    ) -> Noised:
        """Rectified flow at a logit-normal timestep of the (shifted) schedule."""
        return flow_noised(self.scheduler, x0, noise, g, self.device, self.dtype)

    def sample_args(self, embeds: Any, empty: Any) -> dict[str, Any]:
        """The pipeline's prompt and guidance arguments for one sample."""
        raise NotImplementedError

    def sample(self, prompts: list[str], seeds: list[int], steps: int, size: int,
               guidance: float) -> list[Any]:  # fmt: skip
        """One image per prompt and seed with the transformer as it is now (its LoRA on), from
        the kept prompt encodings, at the family's own guidance."""
        import diffusers

        pipe = getattr(diffusers, self.pipeline)(**{**self.parts, "transformer": self.denoiser})
        empty = self.encode_text([""])["hidden"]
        return draw(pipe, prompts, seeds, steps, size, self.device,
                    lambda p: self.sample_args(self.encode_text([p])["hidden"], empty))  # fmt: skip
