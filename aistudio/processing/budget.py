"""What a run will cost, and the budget it must stay within."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from aistudio.core.errors import BudgetExceeded, BudgetReached
from aistudio.db import queries
from aistudio.db.tables import Reservation, Run, utcnow
from aistudio.processing.claims import holder, is_gone
from aistudio.processing.costs import Estimate, price
from aistudio.processing.done import find_done
from aistudio.processing.journal import DbJournal
from aistudio.processing.keys import enhance_key
from aistudio.processing.plan import Plan
from aistudio.providers import get_provider
from aistudio.providers.base import Operation
from aistudio.studio import Studio


def estimate_cost(studio: Studio, *, plan: Plan) -> Estimate:
    """Credits for the work not done yet (finished pairs cost nothing again)."""
    provider = get_provider(plan.provider, studio.settings)
    config = studio.config(plan.model)
    swaps = enhances = done = refetches = 0

    def paid(op: Operation, key: str) -> bool:
        """False when a completed, paid job for these inputs can be fetched again for free."""
        nonlocal refetches
        journal = DbJournal(studio, model_id=0, run_id="", pair="", provider=provider.name, key=key)
        free = journal.refetch_is_free(op)
        refetches += free
        return not free

    with studio.read() as session:
        model_id = queries.get_model_id(session, name=plan.model)
        for pair in plan.pairs:
            # The same rule as the stages use: only an intact stored result is done.
            swapped = find_done(
                session, studio, model_id=model_id, stage="swapped", key=pair.swap_key
            )
            need_swap = swapped is None
            need_enhance = pair.enhance and (
                swapped is None
                or find_done(
                    session,
                    studio,
                    model_id=model_id,
                    stage="enhanced",
                    key=enhance_key(pair.provider, swapped.sha256),
                )
                is None
            )
            swaps += need_swap and paid("swap", pair.swap_key)
            enhances += need_enhance and (
                swapped is None or paid("enhance", enhance_key(pair.provider, swapped.sha256))
            )
            done += not (need_swap or need_enhance)
    return Estimate(
        swaps=swaps,
        enhances=enhances,
        swap_price=price(provider, config, "swap"),
        enhance_price=price(provider, config, "enhance"),
        done_pairs=done,
        refetches=refetches,
    )


def check_budget(estimate: Estimate, budget: float | None) -> None:
    """Refuse a run whose estimate is over the budget."""
    if budget is not None and estimate.total > budget + 1e-9:
        raise BudgetExceeded(
            f"{estimate.describe()} is over the budget of {budget:g} credits; raise the budget "
            "(--budget) or process fewer pairs: fewer categories or sources"
        )


def resolve_budget(studio: Studio, model: str, budget: float | None) -> float | None:
    """The run's budget: the explicit one, else the model's config.json."""
    return budget if budget is not None else studio.config(model).budget_credits


def reserve(
    studio: Studio, *, run_id: str, pair: str, op: str, credits: float, budget: float | None
) -> int | None:
    """Hold credits for a paid call, or BudgetReached; the hold is a row every worker sees."""
    if budget is None or not credits:
        return None  # nothing to protect
    # A hold older than a call can last is from a process that died mid-call.
    stale = utcnow() - timedelta(seconds=studio.settings.provider_timeout + 300)
    with studio.session() as session:
        # Serialise reservations of one run: the row lock (PostgreSQL) or the write lock that
        # the session took up front (SQLite) makes read-then-insert atomic.
        session.exec(select(Run).where(Run.id == run_id).with_for_update()).first()
        holders = session.exec(
            select(Reservation.holder).where(Reservation.run_id == run_id).distinct()
        ).all()
        gone = [h for h in holders if is_gone(h)]
        if gone:  # held by killed processes of this machine: those calls are not in flight
            session.exec(
                delete(Reservation).where(
                    col(Reservation.run_id) == run_id, col(Reservation.holder).in_(gone)
                )
            )
        spent = queries.run_credits(session, run_id=run_id)
        held = session.exec(
            select(func.coalesce(func.sum(Reservation.credits), 0.0)).where(
                Reservation.run_id == run_id, col(Reservation.created_at) > stale
            )
        ).one()
        if spent + float(held) + credits > budget + 1e-9:
            raise BudgetReached(f"budget of {budget:g} credits reached")
        row = Reservation(run_id=run_id, pair=pair, op=op, credits=credits, holder=holder())
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def release(session: Session, reservation_id: int | None) -> None:
    """Drop a hold (in the transaction that books the call, so credits move, never vanish)."""
    if reservation_id is not None:
        session.exec(delete(Reservation).where(col(Reservation.id) == reservation_id))
