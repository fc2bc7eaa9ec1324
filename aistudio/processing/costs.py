"""Prices, estimates and the ledger summaries shown to users."""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel

from aistudio.core.config import ModelConfig
from aistudio.db import queries
from aistudio.providers.base import Operation, Provider
from aistudio.studio import Studio


def price(provider: Provider, config: ModelConfig, op: Operation) -> float:
    """Credits per operation: the model's override, else the provider's own price."""
    return float(config.prices.get(op, provider.prices.get(op, 0.0)))


def fmt_credits(value: float) -> str:
    """120, 1000000 or 118.50: whole credits without decimals, others to the cent."""
    return str(int(value)) if value == int(value) else f"{value:.2f}"


class Estimate(BaseModel):
    """What a run will cost before it starts."""

    swaps: int
    enhances: int
    swap_price: float
    enhance_price: float
    done_pairs: int = 0
    refetches: int = 0  # results lost after they were paid for: fetched again, free

    @property
    def total(self) -> float:
        return self.swaps * self.swap_price + self.enhances * self.enhance_price

    def describe(self) -> str:
        """Estimated cost: 120 credits (10 swaps x 10, 10 enhance x 2)"""
        parts = [f"{self.swaps} swaps x {fmt_credits(self.swap_price)}"]
        if self.enhances:
            parts.append(f"{self.enhances} enhance x {fmt_credits(self.enhance_price)}")
        text = f"Estimated cost: {fmt_credits(self.total)} credits ({', '.join(parts)})"
        if self.done_pairs:
            text += f"; {self.done_pairs} pairs already done"
        if self.refetches:
            text += f"; {self.refetches} paid results fetched again free"
        return text


class RunCost(BaseModel):
    """Credits billed (from the ledger) against the estimate, and operation counts of one run."""

    run_id: str
    status: str
    estimate_credits: float
    credits: float
    ops: dict[str, int]


class ModelCosts(BaseModel):
    """A model's credits per run and in total."""

    model: str
    total_credits: float
    runs: list[RunCost]


def model_costs(studio: Studio, name: str) -> ModelCosts:
    """Sum the ledger of a model per run."""
    with studio.read() as session:
        model = queries.get_model(session, name=name)
        assert model.id is not None
        entries = queries.ledger(session, model_id=model.id)
        runs = queries.list_runs(session, model_id=model.id)
    credits: dict[str, float] = defaultdict(float)
    ops: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for e in entries:
        credits[e.run_id] += e.credits
        ops[e.run_id][e.op] += 1
    per_run = [
        RunCost(
            run_id=r.id,
            status=r.status,
            estimate_credits=r.estimate_credits,
            credits=credits[r.id],
            ops=dict(ops[r.id]),
        )
        for r in runs
    ]
    return ModelCosts(model=name, total_credits=sum(credits.values()), runs=per_run)
