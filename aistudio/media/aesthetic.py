"""A "beauty" score from a CLIP model, zero-shot: how much more an image matches prompts for a
good photo than prompts for a bad one (0-1; the training-image rule wants > 0.6).

The model (any CLIP checkpoint: a local folder or a hub id, AISTUDIO_AESTHETIC_MODEL) is loaded
once per process, on the GPU when there is one. torch and transformers come with the `ml`
extra; they are imported only when a scorer is configured.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import numpy as np

from aistudio.core.errors import ConfigError
from aistudio.media.faces import Image

logger = logging.getLogger(__name__)

GOOD = (
    "a beautiful, high quality photo of a person",
    "a professional portrait photograph, sharp focus, flattering light",
    "an attractive, well composed photo",
)
BAD = (
    "an ugly, low quality photo of a person",
    "a blurry, badly lit amateur snapshot",
    "a distorted, poorly composed photo",
)


def _pooled(out: Any) -> Any:
    """Projected features (transformers 5 returns an output object; 4.x returned a tensor)."""
    return getattr(out, "pooler_output", out)


class AestheticScorer:
    """A CLIP model and its prompts' text features, ready to score images."""

    def __init__(self, source: str, device: str | None = None) -> None:
        try:
            import torch

            # The PIL image processor: the default one needs torchvision, which the pins leave out.
            from transformers import CLIPImageProcessorPil, CLIPModel, CLIPTokenizer
        except ImportError as exc:
            raise ConfigError(
                f"AISTUDIO_AESTHETIC_MODEL is set but {exc.name} is not installed: "
                "pip install 'aistudio[ml]' (or unset it)"
            ) from exc
        self.torch = torch
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        try:
            model: Any = CLIPModel.from_pretrained(source)  # transformers' stubs are loose
            self.model = model.to(self.device).eval()
            tokenizer = CLIPTokenizer.from_pretrained(source)
            self.tokenizer = tokenizer
            self.processor = CLIPImageProcessorPil.from_pretrained(source)
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"aesthetic model {source!r} could not be loaded ({exc}); set "
                "AISTUDIO_AESTHETIC_MODEL to a CLIP folder (save_pretrained) or a hub id "
                "reachable from here"
            ) from exc
        self.source = source
        with torch.inference_mode():
            tokens = tokenizer(list(GOOD + BAD), padding=True, return_tensors="pt")
            text = _pooled(self.model.get_text_features(**tokens.to(self.device)))
            self.text = text / text.norm(dim=-1, keepdim=True)
            self.scale = self.model.logit_scale.exp()
        logger.info("aesthetic scorer %s on %s", source, self.device)

    def score_many(self, images: list[Image]) -> list[float]:
        """The share of the softmax over all prompts that falls on the good ones, per image."""
        rgb = [np.ascontiguousarray(im[..., ::-1]) for im in images]  # the studio's are BGR
        pixels = self.processor(images=rgb, return_tensors="pt")["pixel_values"]
        with self.torch.inference_mode():
            feats = _pooled(self.model.get_image_features(pixel_values=pixels.to(self.device)))
            feats = feats / feats.norm(dim=-1, keepdim=True)
            probs = (self.scale * feats @ self.text.T).softmax(dim=-1)
        good = probs[:, : len(GOOD)].sum(dim=-1)
        return [round(float(p), 4) for p in good.cpu()]

    def score(self, image: Image) -> float:
        """One image's beauty score."""
        return self.score_many([image])[0]

    def prompt_similarity(self, images: list[Image], prompts: list[str]) -> list[float]:
        """Each image's cosine similarity to its prompt (CLIPScore / 100: prompt fidelity)."""
        rgb = [np.ascontiguousarray(im[..., ::-1]) for im in images]
        pixels = self.processor(images=rgb, return_tensors="pt")["pixel_values"]
        tokens = self.tokenizer(prompts, padding=True, truncation=True, return_tensors="pt")
        with self.torch.inference_mode():
            feats = _pooled(self.model.get_image_features(pixel_values=pixels.to(self.device)))
            text = _pooled(self.model.get_text_features(**tokens.to(self.device)))
            cos = self.torch.nn.functional.cosine_similarity(feats, text, dim=-1)
        return [round(float(c), 4) for c in cos.cpu()]


@lru_cache(maxsize=2)
def get_scorer(source: str, device: str | None = None) -> AestheticScorer:
    """The scorer for a model source, loaded once per process."""
    return AestheticScorer(source, device)
