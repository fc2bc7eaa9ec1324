"""The quality gate on a pair's final image: decodes, face, resolution and size."""

from __future__ import annotations

from aistudio.core.config import Thresholds
from aistudio.core.errors import ImageRejected
from aistudio.core.fs import atomic_write_bytes, sha256_bytes
from aistudio.db import queries
from aistudio.media.faces import Face, Image, faces_from_json
from aistudio.media.images import JPEG_QUALITIES, load_stored_image
from aistudio.media.quality import check_faces, check_resolution
from aistudio.processing.marks import mark_for
from aistudio.processing.plan import PairPlan
from aistudio.processing.results import StageResult, Verdict
from aistudio.provenance import watermark
from aistudio.provenance.stamp import COMPOSITE, Stamp, stamp_image
from aistudio.studio import Studio


def validate_result(studio: Studio, *, run_id: str, pair: PairPlan, result: StageResult) -> Verdict:
    """Apply the quality gates to a pair's final image; a rejection is recorded, not raised."""
    if result.status != "ok":
        return Verdict(pair=pair.pair, status="skipped", reason=result.reason)
    assert result.path is not None
    path = studio.home / result.path
    thresholds = studio.config(pair.model).thresholds
    try:
        image, raw = load_stored_image(path, thresholds.max_pixels * 4)
        check_resolution(image, str(path), thresholds)
        check_faces(_result_faces(studio, pair, image, thresholds), str(path), "result", thresholds)
        if len(raw) > thresholds.max_bytes:
            # Re-encode to fit the size limit, provenance included; the record follows.
            jpeg = _restamp_within(studio, image, pair, run_id, thresholds, str(path))
            atomic_write_bytes(path, jpeg)
            _update_output_sha(studio, result.path, sha256_bytes(jpeg))
    except ImageRejected as exc:
        with studio.session() as session:
            model_id = queries.get_model_id(session, name=pair.model)
            queries.record_rejection(
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


def _result_faces(
    studio: Studio, pair: PairPlan, image: Image, thresholds: Thresholds
) -> list[Face]:
    """The result's faces: first looked for where the target's were (a swap leaves the face in
    place, and the crop costs a fraction of a full detect), else in the whole image."""
    detector = studio.detector(thresholds)
    with studio.read() as session:
        model_id = queries.get_model_id(session, name=pair.model)
        target = queries.find_photo_by_number(
            session, model_id=model_id, role="target", category=pair.category, number=pair.target
        )
    if target is not None:
        # An enhance upscales: the faces scale with the image when its shape is kept.
        sy, sx = image.shape[0] / target.height, image.shape[1] / target.width
        if abs(sx - sy) <= 0.01 * sx:
            expected = [f.scaled(sx) for f in faces_from_json(target.faces_json)]
            near = detector.detect_near(image, expected)
            if any(f.score >= thresholds.min_face_score for f in near):
                return near
    return detector.detect(image)


def _restamp_within(
    studio: Studio, image: Image, pair: PairPlan, run_id: str, thresholds: Thresholds, name: str
) -> bytes:
    mark_id = watermark.read(image) or mark_for(studio, image, run_id, pair, "validated")
    stamp = Stamp(COMPOSITE, pair.model, run_id, mark_id)
    # The mark is already in the pixels: embedding the same id again only reinforces it.
    for quality in JPEG_QUALITIES:
        jpeg = stamp_image(image, stamp, quality=quality, sign_home=studio.home)
        if len(jpeg) <= thresholds.max_bytes:
            return jpeg
    raise ImageRejected(
        name,
        "max-bytes",
        f"still over {thresholds.max_bytes} bytes at quality {JPEG_QUALITIES[-1]}; "
        "reduce the image size",
    )


def _update_output_sha(studio: Studio, rel: str, sha: str) -> None:
    with studio.session() as session:
        for row in queries.outputs_at(session, path=rel):
            row.sha256 = sha
            session.add(row)
