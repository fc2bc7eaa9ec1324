"""LoRA training: a dataset version and a base model in, LoRA checkpoints out.

The public surface the CLI, tasks and (later) the API call.
"""

from aistudio.training.loop import TrainResult, train
from aistudio.training.params import TrainParams
from aistudio.training.run import run_key, train_model

__all__ = ["TrainParams", "TrainResult", "run_key", "train", "train_model"]
