"""SQLModel tables: the database is the source of truth for progress and costs."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Timezone-aware now, for timestamps."""
    return datetime.now(UTC)


class Model(SQLModel, table=True):
    """A persona."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    # The studio API's user it belongs to; None: made at the CLI (the API shows it to no one).
    owner_id: int | None = Field(default=None, foreign_key="user.id", index=True)


class Photo(SQLModel, table=True):
    """An imported source or target photo (a converted copy; the original is never touched)."""

    __table_args__ = (
        UniqueConstraint("model_id", "role", "original_sha256"),
        UniqueConstraint("model_id", "role", "category", "number"),
        # Sources have no category, and NULLs never collide in a unique constraint.
        Index(
            "ux_photo_source_number",
            "model_id",
            "number",
            unique=True,
            sqlite_where=text("role = 'source'"),
            postgresql_where=text("role = 'source'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    role: str  # "source" | "target"
    category: str | None = None  # targets: "nsfw" | "sfw"
    number: int  # source n / target t, per model (targets per category)
    path: str  # relative to the studio home
    sha256: str  # of the stored JPEG
    original_path: str
    original_sha256: str
    width: int
    height: int
    faces_json: str  # detected faces, largest first
    labels_json: str = "[]"  # content labels (targets), from the NSFW classifier
    explicit: bool = False  # an exposed-body label: needs the nsfw consent scope
    descriptor_json: str = ""  # sources: the face identity descriptor
    identity_distance: float | None = None  # sources: distance to the model's other sources
    identity_flag: bool = False  # sources: looks like a different person; not used in runs
    created_at: datetime = Field(default_factory=utcnow)


class Consent(SQLModel, table=True):
    """A consent record; the newest unrevoked one is in force."""

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    kind: str  # "synthetic" | "real-person" | "demo"
    scopes: str  # comma-separated: "sfw", "sfw,nsfw"
    subject: str | None = None
    attested_adult: bool = False
    release_path: str | None = None
    release_sha256: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    record_hash: str = Field(default="", index=True)  # sha256 of the content: LoRAs cite it
    prev_hash: str | None = None  # the previous consent row's row_hash (the chain)
    row_hash: str | None = None  # sha256 over prev_hash and this row's content


class Run(SQLModel, table=True):
    """One processing run of a model (e.g. andie-workflow-1730249876)."""

    id: str = Field(primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    category: str
    provider: str
    enhance: bool
    budget_credits: float | None = None
    estimate_credits: float = 0.0
    pairs_total: int = 0
    status: str = "running"  # running | completed | failed
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    # Set when results cannot be stored: every worker stops starting paid work for this run.
    halted_reason: str | None = None


class Reservation(SQLModel, table=True):
    """Credits promised to a paid call in flight, so workers together cannot overshoot a budget."""

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(foreign_key="run.id", index=True)
    pair: str
    op: str  # swap | enhance
    credits: float
    holder: str  # host:pid of the process making the call
    created_at: datetime = Field(default_factory=utcnow)


class StageClaim(SQLModel, table=True):
    """A worker working on a stage's inputs now: others leave them alone (never pay twice)."""

    __table_args__ = (UniqueConstraint("model_id", "stage", "input_key"),)

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    stage: str  # swapped | enhanced
    input_key: str
    holder: str  # host:pid
    run_id: str
    claimed_at: datetime = Field(default_factory=utcnow)


class Output(SQLModel, table=True):
    """A stage result for a pair; unique per content key, so finished work is never redone."""

    __table_args__ = (UniqueConstraint("model_id", "stage", "input_key"),)

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    run_id: str = Field(foreign_key="run.id", index=True)
    pair: str  # s1-t004-nsfw
    stage: str  # swapped | enhanced
    input_key: str  # hash of input contents, stage, provider and parameters
    provider: str
    path: str
    sha256: str
    width: int
    height: int
    created_at: datetime = Field(default_factory=utcnow)


class PairState(SQLModel, table=True):
    """Where a pair stands in a run: done, rejected, failed or skipped, with the reason."""

    __table_args__ = (UniqueConstraint("run_id", "pair"),)

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    run_id: str = Field(foreign_key="run.id", index=True)
    pair: str
    status: str  # done | rejected | failed | skipped
    rule: str | None = None
    reason: str | None = None
    output_path: str | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class Rejection(SQLModel, table=True):
    """An image refused by a validation rule, at import or on a result."""

    id: int | None = Field(default=None, primary_key=True)
    model_id: int | None = Field(default=None, foreign_key="model.id", index=True)
    run_id: str | None = None
    path: str
    rule: str
    detail: str
    created_at: datetime = Field(default_factory=utcnow)


class LedgerEntry(SQLModel, table=True):
    """One charged provider operation; the sum is what the provider billed."""

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    run_id: str = Field(foreign_key="run.id", index=True)
    pair: str
    op: str  # swap | enhance
    provider: str
    input_key: str
    credits: float
    created_at: datetime = Field(default_factory=utcnow)


class StoredObject(SQLModel, table=True):
    """A studio file uploaded to remote storage, and the run that wrote it."""

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    run_id: str | None = Field(default=None, index=True)
    key: str = Field(unique=True)
    path: str  # relative to the studio home
    sha256: str
    uploaded_at: datetime = Field(default_factory=utcnow)


class ProviderJob(SQLModel, table=True):
    """A job submitted to a paid provider, recorded before it is polled (never pay twice)."""

    __table_args__ = (UniqueConstraint("provider", "op", "input_key", "attempt"),)

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    run_id: str = Field(index=True)
    pair: str
    provider: str
    op: str  # swap | enhance
    input_key: str = Field(index=True)  # idempotency key of the inputs
    attempt: int
    job_id: str
    status: str = "submitted"  # submitted | completed | failed
    reason: str | None = None
    billed_credits: float = 0.0
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class AuditEvent(SQLModel, table=True):
    """Append-only log of consent changes and runs: who, when, what (triggers forbid edits)."""

    id: int | None = Field(default=None, primary_key=True)
    model_id: int | None = Field(default=None, index=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str
    action: str  # consent.set | consent.revoke | consent.purge | run.start | run.finish
    detail: str  # JSON
    prev_hash: str | None = None  # the previous event's row_hash (the chain)
    row_hash: str | None = None  # sha256 over prev_hash and this event's content


class ProvenanceMark(SQLModel, table=True):
    """The id an output's invisible watermark carries, and what it stands for."""

    id: int | None = Field(default=None, primary_key=True)  # the watermark id (24 bits)
    model_id: int = Field(foreign_key="model.id", index=True)
    run_id: str
    pair: str
    stage: str
    created_at: datetime = Field(default_factory=utcnow)


class ImageScore(SQLModel, table=True):
    """Scores of one image's content, kept so a rebuild does not measure it again."""

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(index=True)  # of the file's bytes
    version: int  # the scorer's version: a new one measures again
    scores_json: str  # ImageScores without the identity distance (it depends on the sources)
    created_at: datetime = Field(default_factory=utcnow)

    __table_args__ = (UniqueConstraint("sha256", "version"),)


class DatasetVersion(SQLModel, table=True):
    """One immutable build of a model's training set; the same content hash is the same version."""

    __table_args__ = (
        UniqueConstraint("model_id", "number"),
        UniqueConstraint("model_id", "content_hash"),
    )

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    number: int  # v1, v2, ... per model
    content_hash: str  # over images, crops and captions
    path: str  # the dataset folder, relative to the studio home
    family: str  # a Family (aistudio.core.families)
    settings_json: str  # max images, sources included, rules in force
    holdout_json: str  # source photos kept out as identity references
    included: int
    excluded: int
    created_at: datetime = Field(default_factory=utcnow)
    parent_id: int | None = Field(default=None, index=True)  # the version it was captioned from
    captioner: str | None = None  # what wrote its captions (None: the build's template)
    reviewed_by: str | None = None  # who approved its captions; training wants this set
    reviewed_at: datetime | None = None


class CaptionEdit(SQLModel, table=True):
    """The caption audit log: every caption a version got, who gave it and when."""

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="datasetversion.id", index=True)
    image: str  # 001.jpg
    caption: str
    previous: str | None = None  # the parent version's caption of the image
    source: str  # tagger | edit | review
    author: str
    created_at: datetime = Field(default_factory=utcnow)


class DatasetItem(SQLModel, table=True):
    """One candidate of a dataset version: in (with its crop and caption) or out (with why)."""

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="datasetversion.id", index=True)
    file: str  # the candidate, relative to the studio home
    sha256: str
    included: bool
    reason: str | None = None  # no_face | resolution | ... when excluded
    detail: str | None = None
    scores_json: str
    image: str | None = None  # the written image's name inside the dataset folder
    crop_json: str | None = None  # [x, y, w, h] in the candidate, and the bucket size
    caption: str | None = None
    # A person's keep/reject (a version of its own): the automatic choice stays beside it.
    auto_included: bool | None = None  # None: nobody overrode this item
    override_by: str | None = None
    override_reason: str | None = None


class LoraVersion(SQLModel, table=True):
    """One LoRA training of a model: what it learnt from and how, its checkpoints' scores and
    the file it gave; a rerun with the same inputs resumes the same row."""

    __table_args__ = (
        UniqueConstraint("model_id", "number"),
        UniqueConstraint("model_id", "run_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="model.id", index=True)
    number: int  # v1, v2, ... per model
    run_key: str  # sha256 over the dataset, base and parameters: its training folder's name
    dataset_id: int = Field(foreign_key="datasetversion.id", index=True)
    family: str  # a Family (aistudio.core.families)
    base: str  # the base model as given: a file, a folder or a hub id
    base_hash: str  # sha256 of its weights (a hub id: of the id)
    base_license: str = "unknown"  # the base's license, as training found it
    consent_hash: str | None = None  # the consent record the training checked (its record_hash)
    params_json: str  # every TrainParams field
    status: str = "training"  # training | done
    steps: int = 0  # trained so far
    metrics_json: str = "{}"  # per checkpoint step: loss and the identity scores
    best_step: int | None = None
    file: str | None = None  # the kohya-format LoRA, relative to the studio home
    file_sha256: str | None = None
    file_size: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    # Consent revoked: downloads are refused and `verify` says so; the row stays as a record.
    withdrawn_at: datetime | None = None
    withdrawn_reason: str | None = None
