"""The database-backed job journal that paid providers write to before they poll."""

from __future__ import annotations

from sqlmodel import col, select

from aistudio.db.tables import LedgerEntry, ProviderJob, utcnow
from aistudio.providers.base import Operation
from aistudio.studio import Studio


class DbJournal:
    """Jobs of one (pair, inputs) in studio.db; failed billed jobs also go to the ledger."""

    def __init__(
        self, studio: Studio, *, model_id: int, run_id: str, pair: str, provider: str, key: str
    ) -> None:
        self.studio = studio
        self.model_id, self.run_id, self.pair = model_id, run_id, pair
        self.provider, self.key = provider, key

    def _jobs(self, op: Operation) -> list[ProviderJob]:
        with self.studio.read() as session:
            return list(
                session.exec(
                    select(ProviderJob)
                    .where(
                        ProviderJob.provider == self.provider,
                        ProviderJob.op == op,
                        ProviderJob.input_key == self.key,
                    )
                    .order_by(col(ProviderJob.attempt))
                ).all()
            )

    def open_job(self, op: Operation) -> str | None:
        """The newest job still marked submitted."""
        open_jobs = [j for j in self._jobs(op) if j.status == "submitted"]
        return open_jobs[-1].job_id if open_jobs else None

    def completed_job(self, op: Operation) -> str | None:
        """The newest completed job: its result can be fetched again instead of paid again."""
        done = [j for j in self._jobs(op) if j.status == "completed"]
        return done[-1].job_id if done else None

    def refetch_is_free(self, op: Operation) -> bool:
        """Whether a completed job's result can be fetched again with nothing left to book:
        the job completed and its charge is already in the ledger (a crash between the two
        leaves it unbooked, and then the refetch books it, once)."""
        if self.completed_job(op) is None:
            return False
        with self.studio.read() as session:
            return (
                session.exec(
                    select(LedgerEntry.id).where(
                        LedgerEntry.provider == self.provider,
                        LedgerEntry.op == op,
                        LedgerEntry.input_key == self.key,
                    )
                ).first()
                is not None
            )

    def attempts(self, op: Operation) -> int:
        """How many jobs were submitted for these inputs."""
        return len(self._jobs(op))

    def submitted(self, op: Operation, job_id: str) -> None:
        """Insert the job (attempt n+1)."""
        with self.studio.session() as session:
            n = len(
                session.exec(
                    select(ProviderJob.id).where(
                        ProviderJob.provider == self.provider,
                        ProviderJob.op == op,
                        ProviderJob.input_key == self.key,
                    )
                ).all()
            )
            session.add(
                ProviderJob(
                    model_id=self.model_id,
                    run_id=self.run_id,
                    pair=self.pair,
                    provider=self.provider,
                    op=op,
                    input_key=self.key,
                    attempt=n + 1,
                    job_id=job_id,
                )
            )

    def _finish(
        self, op: Operation, job_id: str, status: str, reason: str | None, billed: float
    ) -> None:
        with self.studio.session() as session:
            job = session.exec(
                select(ProviderJob).where(
                    ProviderJob.provider == self.provider, ProviderJob.job_id == job_id
                )
            ).first()
            if job is None or job.status != "submitted":
                return  # already settled (a resumed poll)
            job.status, job.reason, job.billed_credits = status, reason, billed
            job.finished_at = utcnow()
            session.add(job)
            if billed:
                session.add(
                    LedgerEntry(
                        model_id=self.model_id,
                        run_id=self.run_id,
                        pair=self.pair,
                        op=op,
                        provider=self.provider,
                        input_key=f"{self.key}:failed:{job_id}",
                        credits=billed,
                    )
                )

    def completed(self, op: Operation, job_id: str) -> None:
        """Mark completed (its credits are booked with the stored result)."""
        self._finish(op, job_id, "completed", None, 0.0)

    def failed(self, op: Operation, job_id: str, reason: str, billed: float) -> None:
        """Mark failed; a billed failure gets its own ledger entry."""
        self._finish(op, job_id, "failed", reason, billed)
