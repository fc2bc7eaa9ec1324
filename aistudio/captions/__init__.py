"""Training captions: the offline tagger, the template rules, captioned dataset versions.

The public surface the CLI, tasks and (later) the API call.
"""

from aistudio.captions.generate import Coverage, caption_dataset, coverage
from aistudio.captions.review import (
    Checked,
    apply_review,
    approve,
    caption_log,
    check_drafts,
    edit_captions,
    from_tsv,
    reviewer,
    to_tsv,
)
from aistudio.captions.tagger import TagInput, tags
from aistudio.captions.template import Caption, check, clean_description, compose
from aistudio.captions.tokens import LIMITS, count_tokens

__all__ = [
    "LIMITS",
    "Caption",
    "Checked",
    "Coverage",
    "TagInput",
    "apply_review",
    "approve",
    "caption_dataset",
    "caption_log",
    "check",
    "check_drafts",
    "clean_description",
    "compose",
    "count_tokens",
    "coverage",
    "edit_captions",
    "from_tsv",
    "reviewer",
    "tags",
    "to_tsv",
]
