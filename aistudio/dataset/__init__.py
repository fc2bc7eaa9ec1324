"""Training datasets: score candidate images, choose the best varied set, write versioned folders.

The public surface the CLI, tasks and (later) the API call. A build is four steps, each
returning a small serialisable value: score_pool, select_images, plan_crops, write_dataset
(build_dataset runs them in a row; the build-dataset flow runs each as a task).
"""

from aistudio.core.families import FAMILIES, Family
from aistudio.dataset.builder import BuildPreview, build_dataset, preview_build, write_dataset
from aistudio.dataset.candidates import CandidateFile, Pool
from aistudio.dataset.options import DatasetOptions
from aistudio.dataset.overrides import Change, override_dataset
from aistudio.dataset.scores import REASONS, ImageScores, exclusion, score_image
from aistudio.dataset.select import Candidate, Selection, choose, quality
from aistudio.dataset.steps import Choice, Excluded, Plan, plan_crops, score_pool, select_images
from aistudio.dataset.versions import DatasetInfo, list_datasets, show_dataset, summary_markdown

__all__ = [
    "FAMILIES",
    "REASONS",
    "BuildPreview",
    "Candidate",
    "CandidateFile",
    "Change",
    "Choice",
    "DatasetInfo",
    "DatasetOptions",
    "Excluded",
    "Family",
    "ImageScores",
    "Plan",
    "Pool",
    "Selection",
    "build_dataset",
    "choose",
    "exclusion",
    "list_datasets",
    "override_dataset",
    "plan_crops",
    "preview_build",
    "quality",
    "score_image",
    "score_pool",
    "select_images",
    "show_dataset",
    "summary_markdown",
    "write_dataset",
]
