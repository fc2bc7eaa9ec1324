"""Run in a venv installed from pyproject's ranges alone (dev.sh test): one SD 1.5 LoRA
training with the text encoder's LoRA on a tiny base built from config, as a user who ran
`pip install -e ".[ml]"` without the locks would; exits non-zero when it fails."""

from __future__ import annotations

import json
import logging
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.fakes, from a checkout

from aistudio.training import TrainParams, train
from tests.fakes.photos import astronaut
from tests.fakes.sd import tiny_sd15

log = logging.getLogger("ranges_check")
STACK = ("torch", "transformers", "diffusers", "peft", "accelerate", "huggingface_hub")


def dataset(folder: Path) -> Path:
    """An imagefolder as a dataset version writes it: 3 captioned crops of the astronaut."""
    images = folder / "imagefolder"
    images.mkdir(parents=True)
    lines = []
    for i in range(3):
        name = f"{i + 1:03d}.jpg"
        crop = astronaut(256)[:, i * 20 : i * 20 + 200 + 28 * (i % 2)]
        cv2.imwrite(str(images / name), np.ascontiguousarray(crop))
        lines.append(json.dumps({"file_name": name, "text": f"a photo of andie, person, {i}"}))
    (images / "metadata.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def main() -> int:
    """Train 4 steps; the file must hold the text encoder's LoRA, moved off its zero init."""
    from safetensors.torch import load_file

    logging.basicConfig(level=logging.INFO, format="ranges_check: %(message)s")
    log.info("installed: %s", ", ".join(f"{p} {version(p)}" for p in STACK))
    params = TrainParams(family="sd15", rank=4, steps=4, lr=1e-3, text_encoder_lr=1e-3,
                         resolution=32, checkpoint_every=2, seed=7, samples=0)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        made = train(str(tiny_sd15(root / "base")), dataset(root / "data"), root / "lora", params,
                     device="cpu")  # fmt: skip
        weights = load_file(made.path)
    te = {k: v for k, v in weights.items() if k.startswith("text_encoder.")}
    # peft's gaussian init starts every lora_B at zero: nonzero means the text encoder trained
    up = {k: float(v.abs().max()) for k, v in te.items() if ".lora_B." in k}
    still = sorted(k for k, m in up.items() if not m > 0)
    if len(te) != 2 * 12 or len(up) != 12 or still:  # 2 layers x q, k, v, out, fc1, fc2
        log.error("text encoder LoRA: %d tensors (want 24), unchanged: %s", len(te), still)
        return 1
    log.info("ok: %d text encoder LoRA tensors, all lora_B moved off zero", len(te))
    return 0


if __name__ == "__main__":
    sys.exit(main())
