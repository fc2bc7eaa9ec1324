"""What a model card shows beyond its counts (cover photo, latest dataset and LoRA, the job in
flight), read for a whole page of models in four queries rather than a few per model."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from aistudio.api.queue import IN_FLIGHT
from aistudio.api.schemas.models import JobGlance
from aistudio.db.api_tables import Job
from aistudio.db.tables import DatasetVersion, LoraVersion, PairState, Photo, Run


class Glance:
    """Per model id: its first source photo's id, latest dataset and LoRA numbers, job in flight."""

    def __init__(
        self,
        session: Session,
        model_ids: Sequence[int],
        prefect_ui: Callable[[str], str | None] | None = None,
    ) -> None:
        ids = list(model_ids)
        self.covers = _per_model(
            session,
            select(Photo.model_id, func.min(Photo.id))
            .where(col(Photo.model_id).in_(ids), Photo.role == "source")
            .group_by(col(Photo.model_id)),
        )
        self.datasets = _per_model(
            session,
            select(DatasetVersion.model_id, func.max(DatasetVersion.number))
            .where(col(DatasetVersion.model_id).in_(ids))
            .group_by(col(DatasetVersion.model_id)),
        )
        # A version counts once its file is published, and stops counting once withdrawn.
        self.loras = _per_model(
            session,
            select(LoraVersion.model_id, func.max(LoraVersion.number))
            .where(
                col(LoraVersion.model_id).in_(ids),
                LoraVersion.status == "done",
                col(LoraVersion.withdrawn_at).is_(None),
            )
            .group_by(col(LoraVersion.model_id)),
        )
        self.jobs: dict[int, JobGlance] = {}
        flying = session.exec(
            select(Job)
            .where(col(Job.model_id).in_(ids), col(Job.state).in_(IN_FLIGHT))
            .order_by(col(Job.created_at).desc(), col(Job.id))
        ).all()
        for job in flying:
            if job.model_id not in self.jobs:  # the newest one per model
                self.jobs[job.model_id] = _job_glance(session, job, prefect_ui)


def _per_model(session: Session, query: Select[int, int | None]) -> dict[int, int]:
    return {int(m): int(v) for m, v in session.exec(query).all() if v is not None}


def _job_glance(
    session: Session, job: Job, prefect_ui: Callable[[str], str | None] | None
) -> JobGlance:
    run = session.get(Run, job.run_id) if job.run_id else None
    done = 0
    if run is not None:
        done = session.exec(
            select(func.count()).select_from(PairState).where(PairState.run_id == run.id)
        ).one()
    return JobGlance(
        id=job.id,
        kind=job.kind,
        state=job.state,
        pairs_done=int(done),
        pairs_total=run.pairs_total if run else None,
        prefect_url=prefect_ui(job.flow_run_id) if prefect_ui and job.flow_run_id else None,
    )
