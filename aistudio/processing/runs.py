"""Runs: open one (after checking results can be stored), record pair states, close and sum up."""

from __future__ import annotations

import itertools
import logging
import time
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from aistudio.consent import audit
from aistudio.core import diskcheck
from aistudio.core.errors import StudioError, UserError
from aistudio.core.fs import clean_stale_temps
from aistudio.core.naming import Stage, source_filename, target_filename
from aistudio.db import events, queries
from aistudio.db.api_tables import Job, User
from aistudio.db.tables import Model, Run, utcnow
from aistudio.processing.costs import Estimate
from aistudio.processing.plan import PairPlan, Plan
from aistudio.processing.results import Verdict
from aistudio.storage import get_storage
from aistudio.storage import sync as remote
from aistudio.studio import Studio

logger = logging.getLogger(__name__)


class RunSummary(BaseModel):
    """The end of a run, as shown to users."""

    run_id: str
    model: str
    status: str
    pairs_total: int
    done: int
    rejected: int
    failed: int
    skipped: int
    cached: int
    credits: float
    results_dirs: list[str]
    uploaded: int = 0  # objects this run wrote to remote storage
    problems: list[tuple[str, str, str]]  # (pair, status, reason)


def check_outputs(studio: Studio, *, plan: Plan, estimate: Estimate) -> None:
    """Refuse to start, before any paid call, when results could not be stored."""
    if not plan.pairs:
        return
    paths = studio.paths(plan.model)
    stages: list[Stage] = ["swapped", "enhanced"] if plan.enhance else ["swapped"]
    folders = {paths.result_dir(p.category, p.source, s) for p in plan.pairs for s in stages}
    for folder in folders:  # what a killed run's writes left (a dead pid, untouched for long)
        clean_stale_temps(folder)
    diskcheck.check_writable(folders)
    targets = {
        paths.target_dir(p.category) / target_filename(plan.model, p.target, p.category)
        for p in plan.pairs
    }
    average = sum(t.stat().st_size for t in targets if t.exists()) / len(targets)
    need = diskcheck.space_needed(average, estimate.swaps, estimate.enhances)
    diskcheck.check_free_space(paths.home, need)


def start_run(
    studio: Studio,
    *,
    plan: Plan,
    estimate: Estimate,
    budget: float | None,
    category: str,
    job: str | None = None,
) -> str:
    """Create the run record (linked to the API job that started it, if any); returns its id
    (andie-workflow-1730249876)."""
    check_outputs(studio, plan=plan, estimate=estimate)
    stamp = int(time.time())
    for n in itertools.count(1):
        run_id = f"{plan.model}-workflow-{stamp}" + (f"-{n}" if n > 1 else "")
        try:
            with studio.session() as session:
                if queries.get_run(session, run_id=run_id) is not None:
                    continue
                model_id = queries.get_model_id(session, name=plan.model)
                owner = _link_job(session, job, run_id, len(plan.pairs), estimate.total)
                audit.record(
                    session,
                    action="run.start",
                    model_id=model_id,
                    actor=f"api:{owner}" if owner else None,
                    **({"job": job} if job else {}),
                    run_id=run_id,
                    provider=plan.provider,
                    pairs=len(plan.pairs),
                    categories=plan.categories,
                    estimate_credits=estimate.total,
                    budget=budget,
                )
                session.add(
                    Run(
                        id=run_id,
                        model_id=model_id,
                        category=category,
                        provider=plan.provider,
                        enhance=plan.enhance,
                        budget_credits=budget,
                        estimate_credits=estimate.total,
                        pairs_total=len(plan.pairs),
                    )
                )
        except IntegrityError:
            # Another worker took this id in the same second, between the check and the insert.
            continue
        logger.info("%s: %d pairs, estimate %g credits", run_id, len(plan.pairs), estimate.total)
        break
    return run_id


def _link_job(
    session: Session, job_id: str | None, run_id: str, pairs: int, estimate: float
) -> str | None:
    """Point an API job at its new run and log the run's start; returns the job owner's name."""
    if job_id is None:
        return None
    job = session.get(Job, job_id)
    if job is None:
        raise UserError(f"no job {job_id!r}: the flow run's aistudio-job tag names none")
    job.run_id = run_id
    session.add(job)
    events.append(
        session, job_id, "run", run=run_id, attempt=job.attempt, pairs_total=pairs,
        estimate_credits=estimate,
    )  # fmt: skip
    owner = session.get(User, job.owner_id)
    return owner.name if owner else None


def _job_of(session: Session, run_id: str) -> str | None:
    """The API job a run belongs to (None for a CLI run)."""
    return session.exec(select(Job.id).where(Job.run_id == run_id)).first()


def _pair_event(session: Session, run_id: str, pair: str, status: str, **why: str | None) -> None:
    """Log a finished pair on its job, with the run's progress so far (CLI runs log nothing)."""
    job_id = _job_of(session, run_id)
    if job_id is None:
        return
    run = queries.get_run(session, run_id=run_id)
    assert run is not None
    events.append(
        session,
        job_id,
        "pair",
        run=run_id,
        pair=pair,
        status=status,
        **why,
        done=len(queries.pair_states(session, run_id=run_id)),
        total=run.pairs_total,
        credits=queries.run_credits(session, run_id=run_id),
    )


def halt_run(studio: Studio, *, run_id: str, reason: str) -> None:
    """Stop every worker from starting paid work for a run (results cannot be stored)."""
    with studio.session() as session:
        run = queries.get_run(session, run_id=run_id)
        if run is not None and run.halted_reason is None:
            run.halted_reason = reason
            session.add(run)
    logger.error("%s halted: %s", run_id, reason)


def set_state(
    studio: Studio,
    run_id: str,
    pair: PairPlan,
    status: str,
    *,
    rule: str | None = None,
    reason: str | None = None,
    output_path: str | None = None,
    final: bool = False,
) -> None:
    """Write where a pair stands in a run (done, rejected, failed, skipped) and why; a final
    state is also logged on the run's job, in the same transaction."""
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=pair.model)
        queries.set_pair_state(
            session,
            model_id=model_id,
            run_id=run_id,
            pair=pair.pair,
            status=status,
            rule=rule,
            reason=reason,
            output_path=output_path,
        )
        if final:
            _pair_event(session, run_id, pair.pair, status, rule=rule, reason=reason)


def describe_failure(stage: str, error: BaseException) -> str:
    """A failed pair's reason: the stage and the error (its type too, when it is not ours)."""
    if isinstance(error, StudioError):
        return f"{stage}: {error}"[:1000]
    return f"{stage}: {type(error).__name__}: {error}"[:1000]


def fail_pair(studio: Studio, *, run_id: str, pair: PairPlan, reason: str) -> str:
    """Mark a pair failed with its reason; a reason the stage already recorded is kept."""
    with studio.read() as session:
        state = queries.get_pair_state(session, run_id=run_id, pair=pair.pair)
        if state is not None and state.status == "failed" and state.reason:
            reason = state.reason  # the stage's own words are more specific
    set_state(studio, run_id, pair, "failed", reason=reason, final=True)
    logger.error("%s failed: %s", pair.label, reason)
    return reason


def record_pair(studio: Studio, *, run_id: str, pair: PairPlan, verdict: Verdict) -> str:
    """Upload an accepted pair's files (when storage is configured) and write its state."""
    storage = get_storage(studio.settings)
    if storage is not None and verdict.status == "accepted":
        paths = studio.paths(pair.model)
        files = [
            paths.source_dir / source_filename(pair.model, pair.source),
            paths.target_dir(pair.category)
            / target_filename(pair.model, pair.target, pair.category),
            *(
                paths.result_path(pair.source, pair.target, pair.category, stage)
                for stage in (("swapped", "enhanced") if pair.enhance else ("swapped",))
            ),
        ]
        with studio.session() as session:
            model_id = queries.get_model_id(session, name=pair.model)
        for path in files:
            remote.upload(studio, storage, model_id=model_id, rel=paths.rel(path), run_id=run_id)
    status = {"accepted": "done", "rejected": "rejected", "skipped": "skipped"}[verdict.status]
    set_state(
        studio,
        run_id,
        pair,
        status,
        rule=verdict.rule,
        reason=verdict.reason,
        output_path=verdict.path,
        final=True,
    )
    return status


def finish_run(studio: Studio, *, run_id: str) -> RunSummary:
    """Close the run record (completed, or failed if any pair failed) and summarise it."""
    summary = summarize_run(studio, run_id=run_id)
    with studio.session() as session:
        run = queries.get_run(session, run_id=run_id)
        assert run is not None
        run.status = "failed" if summary.failed else "completed"
        run.finished_at = utcnow()
        session.add(run)
        audit.record(
            session,
            action="run.finish",
            model_id=run.model_id,
            run_id=run_id,
            status=run.status,
            done=summary.done,
            failed=summary.failed,
            rejected=summary.rejected,
            credits=summary.credits,
        )
        job_id = _job_of(session, run_id)
        if job_id is not None:
            events.append(
                session,
                job_id,
                "summary",
                **summary.model_dump(exclude={"results_dirs", "problems", "status"}),
                status=run.status,
            )
    logger.info(
        "%s %s: %d done, %d rejected, %d failed, %d skipped; %g credits",
        run_id,
        run.status,
        summary.done,
        summary.rejected,
        summary.failed,
        summary.skipped,
        summary.credits,
    )
    return summary.model_copy(update={"status": run.status})


def summarize_run(studio: Studio, *, run_id: str) -> RunSummary:
    """A run's counts, credits and problems, read from the database."""
    with studio.read() as session:
        run = queries.get_run(session, run_id=run_id)
        if run is None:
            raise UserError(f"no run {run_id!r}")
        model = session.get(Model, run.model_id)
        assert model is not None
        states = list(queries.pair_states(session, run_id=run_id))
        credits = queries.run_credits(session, run_id=run_id)
        charged = queries.ledger_pairs(session, run_id=run_id)
        uploaded = queries.count_objects(session, run_id=run_id)
    counts = {
        s: sum(1 for p in states if p.status == s)
        for s in ("done", "rejected", "failed", "skipped")
    }
    missing = run.pairs_total - len(states)  # pairs that never reached a state (crash, kill)
    dirs = sorted({str(Path(p.output_path).parent) for p in states if p.output_path})
    return RunSummary(
        run_id=run_id,
        model=model.name,
        status=run.status,
        pairs_total=run.pairs_total,
        done=counts["done"],
        rejected=counts["rejected"],
        failed=counts["failed"] + missing,
        skipped=counts["skipped"],
        cached=sum(1 for p in states if p.status == "done" and p.pair not in charged),
        credits=credits,
        results_dirs=dirs,
        uploaded=uploaded,
        problems=[(p.pair, p.status, p.reason or "") for p in states if p.status != "done"],
    )
