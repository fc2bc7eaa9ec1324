"""Keep third-party noise out of the user's terminal: the studio's own lines and its progress
bar are what a training shows; `--verbose` shows the rest."""

from __future__ import annotations

import logging
import os
import warnings

# What torchao and bitsandbytes say on import when a wheel's optional kernels do not match this
# torch (CUDA-only extensions, a missing `kernels` package), and diffusers' echo of it: noise
# for the int8 weights and 8-bit AdamW used here, which need none of them.
BACKENDS = ("torchao", "bitsandbytes", "torch.utils._pytree", "diffusers.quantizers.torchao")
# The libraries a training loads: their loading bars, deprecation notes and fallbacks (e.g.
# transformers' "torchvision is not available" for image processors the studio never uses)
LIBRARIES = ("transformers", "diffusers", "huggingface_hub", "peft", "accelerate", "torch")


def quiet_backends() -> None:
    """The optional backends' import-time warnings kept out, unless the user configured
    these loggers."""
    for name in BACKENDS:
        found = logging.getLogger(name)
        if found.level == logging.NOTSET:
            found.setLevel(logging.ERROR)


def quiet_libraries() -> None:
    """Errors only from the libraries a training loads, no loading bars, no Python warnings
    from them (for this process: a command's run)."""
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(logging.ERROR)
    pattern = r"(" + "|".join(LIBRARIES) + r")(\.|$)"
    warnings.filterwarnings("ignore", module=pattern)
    from diffusers.utils import logging as diffusers_logging
    from transformers.utils import logging as transformers_logging

    for lib in (diffusers_logging, transformers_logging):
        lib.set_verbosity_error()
        lib.disable_progress_bar()
