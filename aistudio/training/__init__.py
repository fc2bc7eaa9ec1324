"""LoRA training: a dataset version and a base model in, scored LoRA versions out.

The public surface the CLI, tasks and (later) the API call.
"""

from aistudio.training.checkpoint import KEEP as KEEP_CHECKPOINTS
from aistudio.training.compare import compare_loras
from aistudio.training.evaluation import Events
from aistudio.training.loop import TrainResult, train
from aistudio.training.noise import quiet_backends, quiet_libraries
from aistudio.training.params import ResolvedParams, SampleSpec, TrainParams, resolve
from aistudio.training.publish import Format, export_lora
from aistudio.training.run import run_key, train_model
from aistudio.training.versions import LoraInfo, list_loras, show_lora

quiet_backends()

__all__ = [
    "KEEP_CHECKPOINTS",
    "Events",
    "Format",
    "LoraInfo",
    "ResolvedParams",
    "SampleSpec",
    "TrainParams",
    "TrainResult",
    "compare_loras",
    "export_lora",
    "list_loras",
    "quiet_libraries",
    "resolve",
    "run_key",
    "show_lora",
    "train",
    "train_model",
]
