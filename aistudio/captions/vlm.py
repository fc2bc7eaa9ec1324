"""Vision-language captioners through transformers: Florence-2, BLIP, BLIP-2, Qwen2.5-VL and
JoyCaption (a LLaVA checkpoint), each from a local folder or a hub id in settings, loaded once
per process, on the GPU when there is one.

torch and transformers come with the `ml` extra and are imported only when one is chosen. Image
processors load with their PIL backend when torchvision is missing (the pins leave it out).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from aistudio.core.config import Settings
from aistudio.core.errors import ConfigError
from aistudio.media.faces import Image

logger = logging.getLogger(__name__)

# What a training caption needs, and not what the trigger word should learn.
INSTRUCTION = (
    "Describe this photo in one sentence for an image generator's training data: the clothing, "
    "pose, expression, setting and lighting. Do not mention hair colour, eye colour, age or "
    "ethnicity."
)
SYSTEM = "You are a helpful image captioner."
MAX_NEW_TOKENS = 80


@dataclass(frozen=True)
class Family:
    """One kind of vision-language model: its transformers class, its setting, its prompt."""

    model_class: str
    setting: str  # the Settings field naming its weights
    chat: bool  # prompted through a chat template (else a plain text prompt)
    prompt: str


FAMILIES: dict[str, Family] = {
    # Florence-2's own task token: the processor turns it into its trained prompt.
    "florence2": Family(
        "Florence2ForConditionalGeneration", "florence2_model", False, "<DETAILED_CAPTION>"
    ),
    # BLIP continues a text prefix; the prefix is cut from the answer.
    "blip": Family("BlipForConditionalGeneration", "blip_model", False, "a photography of"),
    "blip2": Family(
        "Blip2ForConditionalGeneration",
        "blip2_model",
        False,
        "Question: what is the person wearing and doing, and where? Answer:",
    ),
    "qwen2.5-vl": Family("Qwen2_5_VLForConditionalGeneration", "qwen_vl_model", True, INSTRUCTION),
    "joycaption": Family("LlavaForConditionalGeneration", "joycaption_model", True, INSTRUCTION),
}

# Openings models put before the description itself ("The image shows a woman ...").
_LEAD_IN = re.compile(
    r"^\s*(?:(?:this|the|in the|in this)\s+(?:image|photo|picture|photograph)\s*"
    r"(?:shows|depicts|features|captures|is of|,)?\s*|a photography of\s*|there is\s+)",
    re.IGNORECASE,
)


def tidy(text: str, prompt: str = "") -> str:
    """A model's answer as a description: no echoed prompt, lead-in or trailing full stop."""
    text = " ".join(text.split())
    if prompt and text.lower().startswith(prompt.lower()):
        text = text[len(prompt) :]
    return _LEAD_IN.sub("", text).strip(" .")


def source_of(settings: Settings, kind: str) -> str:
    """Where a captioner's weights come from (its setting: a folder or a hub id)."""
    return str(getattr(settings, FAMILIES[kind].setting))


class VisionCaptioner:
    """A loaded vision-language model and its processor, ready to describe images."""

    def __init__(self, kind: str, source: str, device: str | None = None) -> None:
        family = FAMILIES[kind]
        env = "AISTUDIO_" + family.setting.upper()
        try:
            import torch
            import transformers
        except ImportError as exc:
            raise ConfigError(
                f"captioner {kind!r} needs {exc.name}: pip install -r requirements-ml.lock"
            ) from exc
        self.torch, self.kind, self.family, self.source = torch, kind, family, source
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        dtype = torch.bfloat16 if self.device.startswith("cuda") else torch.float32
        tf: Any = transformers  # its stubs are loose: the classes are looked up by name anyway
        try:
            cls = getattr(tf, family.model_class)
            self.model = cls.from_pretrained(source, dtype=dtype).to(self.device).eval()
            if kind == "qwen2.5-vl":
                # Its processor needs a video processor, and that needs torchvision: the
                # tokenizer and image processor do the same work for photos.
                self.tokenizer = tf.AutoTokenizer.from_pretrained(source)
                self.images = tf.AutoImageProcessor.from_pretrained(source)
            else:
                self.processor = tf.AutoProcessor.from_pretrained(source)
                self.tokenizer = self.processor.tokenizer
            if family.chat:
                self.tokenizer.padding_side = "left"  # generation continues each row's end
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"captioner {kind!r} could not load {source!r} ({exc}); set {env} to a folder "
                "holding the model (docs/captions.md: 'Vision-language captioners')"
            ) from exc
        logger.info("captioner %s from %s on %s", kind, source, self.device)

    def _inputs(self, images: list[Any]) -> tuple[Any, int, str]:
        """The model's inputs for a batch of RGB images, how many prompt tokens lead the output
        (decoder-only models return prompt and answer), and the prompt text BLIP echoes."""
        family = self.family
        if self.kind == "qwen2.5-vl":
            pixels = self.images(images=images, return_tensors="pt")
            merge = int(getattr(self.images, "merge_size", 2)) ** 2
            texts = [
                "<|im_start|>system\n" + SYSTEM + "<|im_end|>\n<|im_start|>user\n<|vision_start|>"
                + "<|image_pad|>" * (int(grid.prod()) // merge)
                + "<|vision_end|>" + family.prompt + "<|im_end|>\n<|im_start|>assistant\n"
                for grid in pixels["image_grid_thw"]
            ]  # fmt: skip
            text = self.tokenizer(texts, return_tensors="pt", padding=True)
            return {**text, **pixels}, int(text["input_ids"].shape[1]), ""
        if family.chat:
            ask = [{"type": "image"}, {"type": "text", "text": family.prompt}]
            messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": ask}]
            prompt = self.processor.apply_chat_template(messages, add_generation_prompt=True)
            inputs = self.processor(
                images=images, text=[prompt] * len(images), return_tensors="pt", padding=True
            )
            return inputs, int(inputs["input_ids"].shape[1]), ""
        texts = [family.prompt] * len(images)
        inputs = self.processor(images=images, text=texts, return_tensors="pt", padding=True)
        lead = int(inputs["input_ids"].shape[1]) if self.kind == "blip2" else 0
        return inputs, lead, family.prompt if self.kind == "blip" else ""

    def describe(self, images: Sequence[Image]) -> list[str]:
        """One description per image (BGR, as the studio keeps them), greedy and repeatable."""
        from PIL import Image as PILImage

        rgb = [PILImage.fromarray(np.ascontiguousarray(im[..., ::-1])) for im in images]
        inputs, lead, echo = self._inputs(rgb)
        inputs = {k: v.to(self.device) for k, v in inputs.items()}
        if inputs["pixel_values"].is_floating_point():
            inputs["pixel_values"] = inputs["pixel_values"].to(self.model.dtype)
        with self.torch.inference_mode():
            out = self.model.generate(**inputs, max_new_tokens=MAX_NEW_TOKENS, do_sample=False)
        decode = self.tokenizer.batch_decode
        return [tidy(t, echo) for t in decode(out[:, lead:], skip_special_tokens=True)]


@lru_cache(maxsize=2)
def get_captioner(kind: str, source: str, device: str | None = None) -> VisionCaptioner:
    """The captioner for a model source, loaded once per process."""
    return VisionCaptioner(kind, source, device)
