"""Training datasets: score candidate images, choose the best varied set, write versioned folders.

The public surface the CLI, tasks and (later) the API call.
"""

from aistudio.dataset.builder import DatasetInfo, build_dataset, list_datasets, show_dataset
from aistudio.dataset.crops import FAMILIES, Family
from aistudio.dataset.scores import REASONS, ImageScores, exclusion, score_image
from aistudio.dataset.select import Candidate, Selection, choose, quality

__all__ = [
    "FAMILIES",
    "REASONS",
    "Candidate",
    "DatasetInfo",
    "Family",
    "ImageScores",
    "Selection",
    "build_dataset",
    "choose",
    "exclusion",
    "list_datasets",
    "quality",
    "score_image",
    "show_dataset",
]
