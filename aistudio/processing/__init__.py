"""Processing a model: plan its pairs, estimate, run each pair's stages, close the run.

The public surface that tasks, the CLI and (later) the API call; each name lives in the module
that does one job (plan, keys, budget, stages, validate, runs, pair).
"""

from aistudio.processing.budget import check_budget, estimate_cost, resolve_budget
from aistudio.processing.done import cache_key, find_done
from aistudio.processing.keys import STAGE_VERSION, content_key, enhance_key, swap_key
from aistudio.processing.pair import process_pair
from aistudio.processing.plan import PairPlan, Plan, plan_pairs
from aistudio.processing.results import StageResult, Verdict
from aistudio.processing.runs import (
    RunSummary,
    check_outputs,
    describe_failure,
    fail_pair,
    finish_run,
    record_pair,
    start_run,
    summarize_run,
)
from aistudio.processing.stages import enhance_pair, swap_pair
from aistudio.processing.validate import validate_result

__all__ = [
    "STAGE_VERSION",
    "PairPlan",
    "Plan",
    "RunSummary",
    "StageResult",
    "Verdict",
    "cache_key",
    "check_budget",
    "check_outputs",
    "content_key",
    "describe_failure",
    "enhance_key",
    "enhance_pair",
    "estimate_cost",
    "fail_pair",
    "find_done",
    "finish_run",
    "plan_pairs",
    "process_pair",
    "record_pair",
    "resolve_budget",
    "start_run",
    "summarize_run",
    "swap_key",
    "swap_pair",
    "validate_result",
]
