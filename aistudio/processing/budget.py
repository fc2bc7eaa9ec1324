"""What a run will cost, and the budget it must stay within."""

from __future__ import annotations

import threading

from aistudio.core.errors import BudgetExceeded, BudgetReached
from aistudio.db import queries
from aistudio.processing.costs import Estimate, price
from aistudio.processing.keys import enhance_key, find_done
from aistudio.processing.plan import Plan
from aistudio.providers import get_provider
from aistudio.studio import Studio


def estimate_cost(studio: Studio, *, plan: Plan) -> Estimate:
    """Credits for the work not done yet (finished pairs cost nothing again)."""
    provider = get_provider(plan.provider, studio.settings)
    config = studio.config(plan.model)
    swaps = enhances = done = 0
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=plan.model)
        for pair in plan.pairs:
            # The same rule as the stages use: only an intact stored result is done.
            swapped = find_done(
                session, studio.home, model_id=model_id, stage="swapped", key=pair.swap_key
            )
            need_swap = swapped is None
            need_enhance = pair.enhance and (
                swapped is None
                or find_done(
                    session,
                    studio.home,
                    model_id=model_id,
                    stage="enhanced",
                    key=enhance_key(pair.provider, swapped.sha256),
                )
                is None
            )
            swaps += need_swap
            enhances += need_enhance
            done += not (need_swap or need_enhance)
    return Estimate(
        swaps=swaps,
        enhances=enhances,
        swap_price=price(provider, config, "swap"),
        enhance_price=price(provider, config, "enhance"),
        done_pairs=done,
    )


def check_budget(estimate: Estimate, budget: float | None) -> None:
    """Refuse a run whose estimate is over the budget."""
    if budget is not None and estimate.total > budget + 1e-9:
        raise BudgetExceeded(
            f"{estimate.describe()} is over the budget of {budget:g} credits; raise --budget "
            "or process fewer pairs (--category, --source)"
        )


def resolve_budget(studio: Studio, model: str, budget: float | None) -> float | None:
    """The run's budget: the explicit one, else the model's config.json."""
    return budget if budget is not None else studio.config(model).budget_credits


class Reservations:
    """Credits promised to operations in flight, so parallel pairs cannot overshoot a budget."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[str, float] = {}

    def reserve(self, run_id: str, spent: float, amount: float, budget: float | None) -> None:
        """Hold amount for run_id, or BudgetReached if spent + held + amount is over budget."""
        with self._lock:
            held = self._held.get(run_id, 0.0)
            if budget is not None and spent + held + amount > budget + 1e-9:
                raise BudgetReached(f"budget of {budget:g} credits reached")
            self._held[run_id] = held + amount

    def release(self, run_id: str, amount: float) -> None:
        """Give back what reserve held."""
        with self._lock:
            self._held[run_id] = self._held.get(run_id, 0.0) - amount


reservations = Reservations()
