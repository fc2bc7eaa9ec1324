"""Training datasets: score candidate images, choose the best varied set, write versioned folders.

The public surface the CLI, tasks and (later) the API call.
"""

from aistudio.dataset.scores import REASONS, ImageScores, exclusion, score_image
from aistudio.dataset.select import Candidate, Selection, quality, select

__all__ = [
    "REASONS",
    "Candidate",
    "ImageScores",
    "Selection",
    "exclusion",
    "quality",
    "score_image",
    "select",
]
