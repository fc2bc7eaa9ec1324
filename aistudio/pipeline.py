"""The processing stages of a model run: plan, estimate, swap, enhance, validate, record.

Each stage is one function that the Prefect tasks call. Finished work is found in the database
by a content key (input hashes + stage + provider + parameters), so a rerun, a retry or a resumed
run never repeats a provider call whose result is already stored.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from aistudio import audit, consent, diskcheck, remote, watermark
from aistudio.costs import Estimate, price
from aistudio.errors import (
    BudgetExceeded,
    BudgetReached,
    ImageRejected,
    OutputNotWritable,
    ProviderError,
    StudioError,
    UserError,
)
from aistudio.faces import Face, Image
from aistudio.fsutil import atomic_write_bytes, sha256_bytes, sha256_file
from aistudio.images import JPEG_QUALITIES, load_image
from aistudio.jobs import DbJournal
from aistudio.naming import (
    CATEGORIES,
    Category,
    Stage,
    pair_key,
    source_filename,
    target_filename,
)
from aistudio.provenance import COMPOSITE, Stamp, stamp_image
from aistudio.providers import get_provider
from aistudio.providers.base import EnhanceRequest, Operation, Provider, SwapRequest
from aistudio.providers.guard import guarded_call, usable_image
from aistudio.quality import check_faces, check_resolution
from aistudio.storage import get_storage
from aistudio.store import data
from aistudio.store.tables import (
    LedgerEntry,
    Model,
    Output,
    Photo,
    ProvenanceMark,
    Run,
    utcnow,
)
from aistudio.studio import Studio

# Bump when a stage's algorithm changes meaning, so old results stop matching new keys.
STAGE_VERSION = {"swap": 1, "enhance": 1}


class PairPlan(BaseModel):
    """One (source, target) pair to process; small and serialisable."""

    model_config = ConfigDict(frozen=True)

    model: str
    pair: str  # s1-t004-nsfw
    source: int
    target: int
    category: Category
    source_sha: str
    target_sha: str
    provider: str
    enhance: bool
    swap_key: str

    @property
    def label(self) -> str:
        """andie-s1-t004-nsfw: how the pair is named in logs and the UI."""
        return f"{self.model}-{self.pair}"


class Plan(BaseModel):
    """All pairs of a run."""

    model: str
    provider: str
    enhance: bool
    categories: list[Category]
    pairs: list[PairPlan]
    excluded: list[tuple[str, str]] = []  # (target file, why it is not processed)


class StageResult(BaseModel):
    """What a stage produced for a pair, or why it was skipped."""

    pair: str
    status: Literal["ok", "skipped"]
    path: str | None = None  # relative to the studio home
    sha256: str | None = None
    cached: bool = False
    reason: str | None = None


class Verdict(BaseModel):
    """The quality gate's decision on a pair's final image."""

    pair: str
    status: Literal["accepted", "rejected", "skipped"]
    path: str | None = None
    rule: str | None = None
    reason: str | None = None


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


def content_key(*parts: object) -> str:
    """A stable hash of the inputs that decide a stage's output."""
    return sha256_bytes(json.dumps(parts, sort_keys=True, default=str).encode())


def _swap_key(provider: str, source_sha: str, target_sha: str) -> str:
    return content_key("swap", STAGE_VERSION["swap"], provider, source_sha, target_sha)


def _enhance_key(provider: str, swapped_sha: str) -> str:
    return content_key("enhance", STAGE_VERSION["enhance"], provider, swapped_sha)


# --- plan and estimate ----------------------------------------------------------------------


def plan_pairs(
    studio: Studio,
    *,
    model: str,
    category: Literal["nsfw", "sfw", "both"] = "both",
    sources: list[int] | None = None,
    provider: str | None = None,
    enhance: bool = True,
) -> Plan:
    """Every (source x target) pair to process; refuses early without consent."""
    config = studio.config(model)
    provider_name = provider or config.provider
    get_provider(provider_name, studio.settings)  # unknown or misconfigured: fail before work
    storage = get_storage(studio.settings)
    if storage is not None:
        storage.check()  # a missing bucket or bad credentials stop the run before paid work
    wanted: list[Category] = list(CATEGORIES) if category == "both" else [category]
    with studio.session() as session:
        row = data.get_model(session, name=model)
        row_id = data.get_model_id(session, name=model)
        src = list(data.list_photos(session, model_id=row_id, role="source"))
        if not src:
            raise UserError(
                f"model {model!r} has no source photos; add them with "
                f"'aistudio sources add {model} PATH...'"
            )
        if sources:
            known = {p.number for p in src}
            unknown = sorted(set(sources) - known)
            if unknown:
                raise UserError(
                    f"model {model!r} has no source number(s) {unknown}; it has {sorted(known)}"
                )
            src = [p for p in src if p.number in sources]
        excluded: list[tuple[str, str]] = [
            (
                Path(p.path).name,
                f"looks like a different person than the model's other sources "
                f"(distance {p.identity_distance:.2f}); check it, then remove or re-import it",
            )
            for p in src
            if p.identity_flag
        ]
        src = [p for p in src if not p.identity_flag]
        targets: dict[Category, list[Photo]] = {
            c: list(data.list_photos(session, model_id=row_id, role="target", category=c))
            for c in wanted
        }
        used = [c for c in wanted if targets[c]]
        if not used:
            where = " or ".join(f"targets/{c}/" for c in wanted)
            raise UserError(
                f"model {model!r} has no target photos in {where}; add them with "
                f"'aistudio targets add {model} --category {wanted[0]} PATH...'"
            )
        for c in used:
            record = consent.require_consent(session, model=row, category=c)
            if c == "sfw" and "nsfw" not in record.scopes.split(","):
                flagged = [t for t in targets[c] if t.explicit]
                excluded += [
                    (
                        Path(t.path).name,
                        "explicit content in targets/sfw/; needs the nsfw consent scope",
                    )
                    for t in flagged
                ]
                targets[c] = [t for t in targets[c] if not t.explicit]
    do_enhance = enhance and config.enhance
    pairs = [
        PairPlan(
            model=model,
            pair=pair_key(s.number, t.number, c),
            source=s.number,
            target=t.number,
            category=c,
            source_sha=s.sha256,
            target_sha=t.sha256,
            provider=provider_name,
            enhance=do_enhance,
            swap_key=_swap_key(provider_name, s.sha256, t.sha256),
        )
        for c in used
        for s in src
        for t in targets[c]
    ]
    if not pairs:
        raise UserError(
            f"model {model!r}: nothing to process; "
            + "; ".join(f"{name}: {why}" for name, why in excluded)
        )
    return Plan(
        excluded=excluded,
        model=model,
        provider=provider_name,
        enhance=do_enhance,
        categories=used,
        pairs=pairs,
    )


def estimate_cost(studio: Studio, *, plan: Plan) -> Estimate:
    """Credits for the work not done yet (finished pairs cost nothing again)."""
    provider = get_provider(plan.provider, studio.settings)
    config = studio.config(plan.model)
    swaps = enhances = done = 0
    with studio.session() as session:
        model_id = data.get_model_id(session, name=plan.model)
        for pair in plan.pairs:
            swapped = _stored(session, studio, model_id, "swapped", pair.swap_key)
            need_swap = swapped is None
            need_enhance = pair.enhance and (
                swapped is None
                or _stored(
                    session,
                    studio,
                    model_id,
                    "enhanced",
                    _enhance_key(pair.provider, swapped.sha256),
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


def _stored(session: Session, studio: Studio, model_id: int, stage: str, key: str) -> Output | None:
    out = data.find_output(session, model_id=model_id, stage=stage, input_key=key)
    return out if out is not None and (studio.home / out.path).is_file() else None


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


def check_outputs(studio: Studio, *, plan: Plan, estimate: Estimate) -> None:
    """Refuse to start, before any paid call, when results could not be stored."""
    if not plan.pairs:
        return
    paths = studio.paths(plan.model)
    stages: list[Stage] = ["swapped", "enhanced"] if plan.enhance else ["swapped"]
    diskcheck.check_writable(
        paths.result_dir(p.category, p.source, s) for p in plan.pairs for s in stages
    )
    targets = {
        paths.target_dir(p.category) / target_filename(plan.model, p.target, p.category)
        for p in plan.pairs
    }
    average = sum(t.stat().st_size for t in targets if t.exists()) / len(targets)
    need = diskcheck.space_needed(average, estimate.swaps, estimate.enhances)
    diskcheck.check_free_space(paths.home, need)


def start_run(
    studio: Studio, *, plan: Plan, estimate: Estimate, budget: float | None, category: str
) -> str:
    """Create the run record; returns its id (andie-workflow-1730249876)."""
    check_outputs(studio, plan=plan, estimate=estimate)
    with studio.session() as session:
        model_id = data.get_model_id(session, name=plan.model)
        stamp = int(time.time())
        run_id = f"{plan.model}-workflow-{stamp}"
        n = 1
        while data.get_run(session, run_id=run_id) is not None:
            n += 1
            run_id = f"{plan.model}-workflow-{stamp}-{n}"
        audit.record(
            session,
            action="run.start",
            model_id=model_id,
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
    return run_id


# --- paid stages ----------------------------------------------------------------------------


class _Reservations:
    """Credits promised to operations in flight, so parallel pairs cannot overshoot a budget."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[str, float] = {}

    def reserve(self, run_id: str, spent: float, amount: float, budget: float | None) -> None:
        with self._lock:
            held = self._held.get(run_id, 0.0)
            if budget is not None and spent + held + amount > budget + 1e-9:
                raise BudgetReached(f"budget of {budget:g} credits reached")
            self._held[run_id] = held + amount

    def release(self, run_id: str, amount: float) -> None:
        with self._lock:
            self._held[run_id] = self._held.get(run_id, 0.0) - amount


_reservations = _Reservations()

# Runs in this process that stopped starting paid work because results cannot be stored: every
# further result would be paid for and lost the same way.
_halted: dict[str, str] = {}


def _run_stage(
    studio: Studio,
    *,
    run_id: str,
    pair: PairPlan,
    op: Operation,
    stage: Stage,
    key: str,
    call: Callable[[Provider], bytes],
) -> StageResult:
    home = studio.home
    with studio.session() as session:
        model = data.get_model(session, name=pair.model)
        model_id = data.get_model_id(session, name=pair.model)
        done = data.find_output(session, model_id=model_id, stage=stage, input_key=key)
        if done is not None and _intact(home / done.path, done.sha256):
            paths = studio.paths(pair.model)
            own = paths.result_path(pair.source, pair.target, pair.category, stage)
            if home / done.path != own and not _intact(own, done.sha256):
                # Same inputs as another pair's (identical bytes): reuse, never pay again, but
                # give this pair its own file under its own name.
                atomic_write_bytes(own, (home / done.path).read_bytes())
            return StageResult(
                pair=pair.pair, status="ok", path=paths.rel(own), sha256=done.sha256, cached=True
            )
        # Checked here, right before the provider is called, not only when the run was planned.
        consent.require_consent(session, model=model, category=pair.category)
        run = data.get_run(session, run_id=run_id)
        budget = run.budget_credits if run else None
        spent = data.run_credits(session, run_id=run_id)
    if run_id in _halted:
        reason = f"not started: {_halted[run_id]}"
        _set_state(studio, run_id, pair, "skipped", reason=reason)
        return StageResult(pair=pair.pair, status="skipped", reason=reason)
    provider = get_provider(pair.provider, studio.settings)
    config = studio.config(pair.model)
    credits = price(provider, config, op)
    try:
        _reservations.reserve(run_id, spent, credits, budget)
    except BudgetReached as exc:
        _set_state(studio, run_id, pair, "skipped", reason=str(exc))
        return StageResult(pair=pair.pair, status="skipped", reason=str(exc))
    try:
        try:
            result = guarded_call(
                provider.name, op, lambda: call(provider), studio.settings.provider_timeout
            )
        except StudioError as exc:
            _set_state(studio, run_id, pair, "failed", reason=f"{op}: {exc}")
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
        mark_id = _mark_for(studio, image, run_id, pair, stage)
        result = stamp_image(
            image, Stamp(COMPOSITE, pair.model, run_id, mark_id), sign_home=studio.home
        )
        try:
            atomic_write_bytes(out_path, result)
        except OSError as exc:
            reason = f"cannot write {out_path}: {diskcheck.describe(exc)}"
            _halted[run_id] = reason  # every further result would be paid for and lost too
            _book_lost(studio, run_id, pair, op, key, provider, credits, f"{op}: {reason}")
            raise OutputNotWritable(f"{pair.label}: {reason}") from None
        sha = sha256_bytes(result)
        with studio.session() as session:
            model_id = data.get_model_id(session, name=pair.model)
            row = data.find_output(session, model_id=model_id, stage=stage, input_key=key)
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
            session.add(_charge(model_id, run_id, pair, op, provider, key, credits))
    finally:
        _reservations.release(run_id, credits)
    return StageResult(pair=pair.pair, status="ok", path=paths.rel(out_path), sha256=sha)


def _mark_for(studio: Studio, image: Image, run_id: str, pair: PairPlan, stage: str) -> int:
    # A derived image (the enhanced swap) keeps its input's mark: two different marks on one
    # image would cancel out. A new mark id is recorded for everything else.
    inherited = watermark.read(image)
    with studio.session() as session:
        if inherited is not None and session.get(ProvenanceMark, inherited) is not None:
            return inherited
        mark = ProvenanceMark(
            model_id=data.get_model_id(session, name=pair.model),
            run_id=run_id,
            pair=pair.pair,
            stage=stage,
        )
        session.add(mark)
        session.flush()
        assert mark.id is not None
        return mark.id


def _intact(path: Path, sha: str) -> bool:
    return path.is_file() and sha256_file(path) == sha


def _faces(photo_faces: str) -> tuple[Face, ...]:
    return tuple(Face.from_dict(d) for d in json.loads(photo_faces))


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
    # The database may sit on a full disk: book and record what can be.
    with suppress(OSError, SQLAlchemyError), studio.session() as session:
        model_id = data.get_model_id(session, name=pair.model)
        if credits and not refetchable:
            lost_key = f"{key}:lost:{uuid.uuid4().hex[:12]}"
            session.add(_charge(model_id, run_id, pair, op, provider, lost_key, credits))
    with suppress(OSError, SQLAlchemyError):
        _set_state(studio, run_id, pair, "failed", reason=reason)


def swap_pair(studio: Studio, *, run_id: str, pair: PairPlan) -> StageResult:
    """Swap the pair's source face onto its target (or reuse the stored result)."""
    with studio.session() as session:
        model_id = data.get_model_id(session, name=pair.model)
        src = data.find_photo_by_number(
            session, model_id=model_id, role="source", category=None, number=pair.source
        )
        tgt = data.find_photo_by_number(
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
        source_face=_faces(src.faces_json)[0],
        target_faces=_faces(tgt.faces_json),
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
    key = _enhance_key(pair.provider, swapped.sha256)
    with studio.session() as session:
        model_id = data.get_model_id(session, name=pair.model)
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


# --- quality gate and bookkeeping -----------------------------------------------------------


def validate_result(studio: Studio, *, run_id: str, pair: PairPlan, result: StageResult) -> Verdict:
    """Apply the quality gates to a pair's final image; a rejection is recorded, not raised."""
    if result.status != "ok":
        return Verdict(pair=pair.pair, status="skipped", reason=result.reason)
    assert result.path is not None
    path = studio.home / result.path
    thresholds = studio.config(pair.model).thresholds
    try:
        image, raw = load_image(path, thresholds.max_pixels * 4)
        check_resolution(image, str(path), thresholds)
        check_faces(studio.detector(thresholds).detect(image), str(path), "result", thresholds)
        if len(raw) > thresholds.max_bytes:
            # Re-encode to fit the size limit, provenance included; the record follows.
            jpeg = _restamp_within(studio, image, pair, run_id, thresholds.max_bytes, str(path))
            atomic_write_bytes(path, jpeg)
            _update_output_sha(studio, pair, result.path, sha256_bytes(jpeg))
    except ImageRejected as exc:
        with studio.session() as session:
            model_id = data.get_model_id(session, name=pair.model)
            data.record_rejection(
                session,
                model_id=model_id,
                run_id=run_id,
                path=result.path,
                rule=exc.rule,
                detail=exc.detail,
            )
        return Verdict(
            pair=pair.pair, status="rejected", path=result.path, rule=exc.rule, reason=exc.detail
        )
    return Verdict(pair=pair.pair, status="accepted", path=result.path)


def _restamp_within(
    studio: Studio, image: Image, pair: PairPlan, run_id: str, max_bytes: int, name: str
) -> bytes:
    mark_id = watermark.read(image) or _mark_for(studio, image, run_id, pair, "validated")
    stamp = Stamp(COMPOSITE, pair.model, run_id, mark_id)
    # The mark is already in the pixels: embedding the same id again only reinforces it.
    for quality in JPEG_QUALITIES:
        jpeg = stamp_image(image, stamp, quality=quality, sign_home=studio.home)
        if len(jpeg) <= max_bytes:
            return jpeg
    raise ImageRejected(
        name,
        "max-bytes",
        f"still over {max_bytes} bytes at quality {JPEG_QUALITIES[-1]}; reduce the image size",
    )


def _update_output_sha(studio: Studio, pair: PairPlan, rel: str, sha: str) -> None:
    with studio.session() as session:
        for row in data.outputs_at(session, path=rel):
            row.sha256 = sha
            session.add(row)


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
            model_id = data.get_model_id(session, name=pair.model)
        for path in files:
            remote.upload(studio, storage, model_id=model_id, rel=paths.rel(path), run_id=run_id)
    status = {"accepted": "done", "rejected": "rejected", "skipped": "skipped"}[verdict.status]
    _set_state(
        studio,
        run_id,
        pair,
        status,
        rule=verdict.rule,
        reason=verdict.reason,
        output_path=verdict.path,
    )
    return status


def _set_state(
    studio: Studio,
    run_id: str,
    pair: PairPlan,
    status: str,
    *,
    rule: str | None = None,
    reason: str | None = None,
    output_path: str | None = None,
) -> None:
    with studio.session() as session:
        model_id = data.get_model_id(session, name=pair.model)
        data.set_pair_state(
            session,
            model_id=model_id,
            run_id=run_id,
            pair=pair.pair,
            status=status,
            rule=rule,
            reason=reason,
            output_path=output_path,
        )


def finish_run(studio: Studio, *, run_id: str) -> RunSummary:
    """Close the run record (completed, or failed if any pair failed) and summarise it."""
    _halted.pop(run_id, None)
    summary = summarize_run(studio, run_id=run_id)
    with studio.session() as session:
        run = data.get_run(session, run_id=run_id)
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
    return summary.model_copy(update={"status": run.status})


def summarize_run(studio: Studio, *, run_id: str) -> RunSummary:
    """A run's counts, credits and problems, read from the database."""
    with studio.session() as session:
        run = data.get_run(session, run_id=run_id)
        if run is None:
            raise UserError(f"no run {run_id!r}")
        model = session.get(Model, run.model_id)
        assert model is not None
        states = list(data.pair_states(session, run_id=run_id))
        credits = data.run_credits(session, run_id=run_id)
        charged = data.ledger_pairs(session, run_id=run_id)
        uploaded = data.count_objects(session, run_id=run_id)
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
