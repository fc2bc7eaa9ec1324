"""The paid stages, swap and enhance: reuse a stored result, else call the provider once.

A result is stamped as AI-made, written atomically and committed with its ledger entry, so a
stored result is always a billed one and a billed one is never paid for again.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from aistudio.consent import records as consent
from aistudio.core import diskcheck
from aistudio.core.errors import (
    BudgetReached,
    OutputNotWritable,
    ProviderError,
    StudioError,
    UserError,
)
from aistudio.core.fs import atomic_write_bytes, sha256_bytes
from aistudio.core.naming import Stage
from aistudio.db import queries
from aistudio.db.tables import LedgerEntry, Output
from aistudio.media.faces import Image, faces_from_json
from aistudio.processing.budget import release, reserve
from aistudio.processing.claims import claim, release_claim
from aistudio.processing.costs import price
from aistudio.processing.done import find_done, intact
from aistudio.processing.journal import DbJournal
from aistudio.processing.keys import enhance_key
from aistudio.processing.marks import mark_for
from aistudio.processing.plan import PairPlan
from aistudio.processing.results import StageResult
from aistudio.processing.runs import halt_run, set_state
from aistudio.provenance.stamp import COMPOSITE, Stamp, stamp_image
from aistudio.providers import get_provider
from aistudio.providers.base import EnhanceRequest, Operation, Provider, SwapRequest
from aistudio.providers.guard import guarded_call, usable_image
from aistudio.storage import get_storage, sync
from aistudio.studio import Studio

logger = logging.getLogger(__name__)


def _reuse(studio: Studio, pair: PairPlan, stage: Stage, op: str, done: Output) -> StageResult:
    paths = studio.paths(pair.model)
    own = paths.result_path(pair.source, pair.target, pair.category, stage)
    if studio.home / done.path != own and not intact(own, done.sha256):
        # Same inputs as another pair's (identical bytes): reuse, never pay again, but give
        # this pair its own file under its own name.
        atomic_write_bytes(own, (studio.home / done.path).read_bytes())
    logger.debug("%s %s: reusing the stored result", pair.label, op)
    return StageResult(
        pair=pair.pair, status="ok", path=paths.rel(own), sha256=done.sha256, cached=True
    )


def _done(studio: Studio, model_id: int, stage: Stage, key: str) -> Output | None:
    with studio.read() as session:
        return find_done(session, studio, model_id=model_id, stage=stage, key=key)


def _skip(studio: Studio, run_id: str, pair: PairPlan, reason: str) -> StageResult:
    set_state(studio, run_id, pair, "skipped", reason=reason)
    return StageResult(pair=pair.pair, status="skipped", reason=reason)


def _run_stage(
    studio: Studio,
    *,
    run_id: str,
    pair: PairPlan,
    op: Operation,
    stage: Stage,
    key: str,
    call: Callable[[Provider], bytes | Image],
) -> StageResult:
    with studio.read() as session:
        model = queries.get_model(session, name=pair.model)
        model_id = queries.get_model_id(session, name=pair.model)
        done = find_done(session, studio, model_id=model_id, stage=stage, key=key)
        if done is not None:
            return _reuse(studio, pair, stage, op, done)
        # Checked here, right before the provider is called, not only when the run was planned.
        consent.require_consent(session, model=model, category=pair.category)
        run = queries.get_run(session, run_id=run_id)
        budget = run.budget_credits if run else None
        halted = run.halted_reason if run else None
    if halted is not None:
        return _skip(studio, run_id, pair, f"not started: {halted}")
    taken = claim(studio, model_id=model_id, stage=stage, key=key, run_id=run_id)
    if taken is not None:  # another worker on the same store is on it: it pays, not us
        return _skip(studio, run_id, pair, f"processed by {taken}")
    try:
        done = _done(studio, model_id, stage, key)  # it may have finished just before we claimed
        if done is not None:
            return _reuse(studio, pair, stage, op, done)
        result = _paid_call(studio, run_id, pair, op, stage, key, call, budget, model_id)
        if result.status == "ok" and result.path is not None:
            _share(studio, model_id, run_id, result.path)
        return result
    finally:
        with studio.session() as session:
            release_claim(session, model_id=model_id, stage=stage, key=key)


def _share(studio: Studio, model_id: int, run_id: str, rel: str) -> None:
    """On a shared store, put a new result in storage at once: workers elsewhere reuse it."""
    storage = get_storage(studio.settings) if studio.settings.shared_store else None
    if storage is None:
        return  # one machine: the record step uploads accepted pairs
    try:
        sync.upload(studio, storage, model_id=model_id, rel=rel, run_id=run_id)
    except StudioError as exc:  # the pair's record step uploads it again, or fails clearly
        logger.warning("%s: not in %s yet: %s", rel, storage.location, exc)


def _paid_call(
    studio: Studio,
    run_id: str,
    pair: PairPlan,
    op: Operation,
    stage: Stage,
    key: str,
    call: Callable[[Provider], bytes | Image],
    budget: float | None,
    model_id: int,
) -> StageResult:
    """Reserve the credits, call the provider once, store the stamped result with its charge."""
    provider = get_provider(pair.provider, studio.settings)
    config = studio.config(pair.model)
    journal = DbJournal(
        studio, model_id=model_id, run_id=run_id, pair=pair.pair, provider=provider.name, key=key
    )
    # A job that completed and was paid for (its result since lost or damaged) is fetched
    # again for free: nothing to reserve, and nothing to book unless a new job is submitted.
    refetch = journal.refetch_is_free(op)
    attempts = journal.attempts(op)
    credits = 0.0 if refetch else price(provider, config, op)
    try:
        held = reserve(studio, run_id=run_id, pair=pair.pair, op=op, credits=credits, budget=budget)
    except BudgetReached as exc:
        return _skip(studio, run_id, pair, str(exc))
    try:
        try:
            result = guarded_call(
                provider.name, op, lambda: call(provider), studio.settings.provider_timeout
            )
        except StudioError as exc:
            set_state(studio, run_id, pair, "failed", reason=f"{op}: {exc}")
            log = logger.warning if exc.retryable else logger.error
            log("%s %s failed (%s): %s", pair.label, op, provider.name, exc)
            raise
        try:
            image = usable_image(result, provider.name, op, config.thresholds.max_pixels * 4)
        except ProviderError as exc:  # it answered, so it may have billed: book it
            _book_lost(studio, run_id, pair, op, key, provider, credits, f"{op}: {exc}")
            raise ProviderError(f"{pair.label}: {exc}") from None
        paths = studio.paths(pair.model)
        out_path = paths.result_path(pair.source, pair.target, pair.category, stage)
        # Every output says it is AI-made before it is stored: XMP metadata, a watermark and a
        # signed C2PA manifest.
        mark_id = mark_for(studio, image, run_id, pair, stage)
        result = stamp_image(
            image, Stamp(COMPOSITE, pair.model, run_id, mark_id), sign_home=studio.home
        )
        try:
            atomic_write_bytes(out_path, result)
        except OSError as exc:
            reason = f"cannot write {out_path}: {diskcheck.describe(exc)}"
            # Every further result would be paid for and lost too, on any worker.
            halt_run(studio, run_id=run_id, reason=reason)
            _book_lost(studio, run_id, pair, op, key, provider, credits, f"{op}: {reason}")
            raise OutputNotWritable(f"{pair.label}: {reason}") from None
        sha = sha256_bytes(result)
        # A refetch books nothing, unless the provider had forgotten the job and a new one was
        # submitted (and billed) instead.
        paid = not refetch or journal.attempts(op) > attempts
        credits = price(provider, config, op) if paid else 0.0
        with studio.session() as session:
            row = queries.find_output(session, model_id=model_id, stage=stage, input_key=key)
            row = row or Output(
                model_id=model_id,
                run_id=run_id,
                pair=pair.pair,
                stage=stage,
                input_key=key,
                provider=provider.name,
                path="",
                sha256="",
                width=0,
                height=0,
            )
            row.run_id, row.path, row.sha256 = run_id, paths.rel(out_path), sha
            row.height, row.width = image.shape[:2]
            session.add(row)
            # The ledger entry commits with the output: a stored result is always a billed one.
            if paid:
                session.add(_charge(model_id, run_id, pair, op, provider, key, credits))
            release(session, held)
            held = None
    finally:
        if held is not None:  # the call failed: give the credits back
            with studio.session() as session:
                release(session, held)
    return StageResult(pair=pair.pair, status="ok", path=paths.rel(out_path), sha256=sha)


def _charge(
    model_id: int,
    run_id: str,
    pair: PairPlan,
    op: Operation,
    provider: Provider,
    key: str,
    credits: float,
) -> LedgerEntry:
    """A ledger entry for one provider call."""
    return LedgerEntry(
        model_id=model_id,
        run_id=run_id,
        pair=pair.pair,
        op=op,
        provider=provider.name,
        input_key=key,
        credits=credits,
    )


def _book_lost(
    studio: Studio,
    run_id: str,
    pair: PairPlan,
    op: Operation,
    key: str,
    provider: Provider,
    credits: float,
    reason: str,
) -> None:
    """A provider answered but its result is lost: book what it cost, fail the pair."""
    # Looked up before the write session below opens (it takes the write lock); a journal
    # lookup reads by provider and key only, so no model id is needed.
    journal = DbJournal(
        studio, model_id=0, run_id=run_id, pair=pair.pair, provider=provider.name, key=key
    )
    # A journaled job (MaxStudio) is fetched again for free on a rerun; any other call is paid
    # again, so this one goes in the ledger now to match what the provider billed.
    refetchable = journal.completed_job(op) is not None
    # The database may sit on a full disk: book and record what can be, and say what could not.
    lost_key = f"{key}:lost:{uuid.uuid4().hex[:12]}"
    try:
        with studio.session() as session:
            model_id = queries.get_model_id(session, name=pair.model)
            if credits and not refetchable:
                session.add(_charge(model_id, run_id, pair, op, provider, lost_key, credits))
    except (OSError, SQLAlchemyError) as exc:
        logger.error(
            "%s: could not book %g credits already paid to %s for %s (%s); the ledger is short "
            "by that much",
            pair.label,
            credits,
            provider.name,
            op,
            exc,
        )
    try:
        set_state(studio, run_id, pair, "failed", reason=reason)
    except (OSError, SQLAlchemyError) as exc:
        logger.error("%s: could not record its failure (%s): %s", pair.label, exc, reason)


def swap_pair(studio: Studio, *, run_id: str, pair: PairPlan) -> StageResult:
    """Swap the pair's source face onto its target (or reuse the stored result)."""
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=pair.model)
        src = queries.find_photo_by_number(
            session, model_id=model_id, role="source", category=None, number=pair.source
        )
        tgt = queries.find_photo_by_number(
            session, model_id=model_id, role="target", category=pair.category, number=pair.target
        )
    if src is None or tgt is None or (src.sha256, tgt.sha256) != (pair.source_sha, pair.target_sha):
        raise UserError(f"{pair.label}: its photos changed since the run was planned; rerun it")
    journal = DbJournal(
        studio,
        model_id=model_id,
        run_id=run_id,
        pair=pair.pair,
        provider=pair.provider,
        key=pair.swap_key,
    )
    request = SwapRequest(
        journal=journal,
        key=pair.swap_key,
        source_path=studio.home / src.path,
        target_path=studio.home / tgt.path,
        source_face=faces_from_json(src.faces_json)[0],
        target_faces=faces_from_json(tgt.faces_json),
    )
    return _run_stage(
        studio,
        run_id=run_id,
        pair=pair,
        op="swap",
        stage="swapped",
        key=pair.swap_key,
        call=lambda p: p.swap(request),
    )


def enhance_pair(
    studio: Studio, *, run_id: str, pair: PairPlan, swapped: StageResult
) -> StageResult:
    """Enhance a swapped image (or pass a skipped pair through)."""
    if swapped.status != "ok" or not pair.enhance:
        return swapped
    assert swapped.path is not None and swapped.sha256 is not None
    key = enhance_key(pair.provider, swapped.sha256)
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=pair.model)
    journal = DbJournal(
        studio, model_id=model_id, run_id=run_id, pair=pair.pair, provider=pair.provider, key=key
    )
    request = EnhanceRequest(key=key, image_path=studio.home / swapped.path, journal=journal)
    return _run_stage(
        studio,
        run_id=run_id,
        pair=pair,
        op="enhance",
        stage="enhanced",
        key=key,
        call=lambda p: p.enhance(request),
    )
