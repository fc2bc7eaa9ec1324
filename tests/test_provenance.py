"""Every output says it is AI-made: XMP DigitalSourceType and an invisible watermark."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from aistudio.provenance import watermark
from aistudio.provenance.stamp import COMPOSITE, Stamp, inspect_file, stamp_image
from aistudio.provenance.verify import verify
from aistudio.studio import Studio
from tests.conftest import make_model
from tests.fakes.drive import run_all
from tests.fakes.photos import astronaut, variant, write_jpeg


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def test_watermark_survives_jpeg_q90_and_a_90_percent_resize() -> None:
    for i, mark in enumerate((1, 4242, 2**24 - 1)):
        img = variant(i, 1024)
        marked = watermark.embed(img, mark)
        assert cv2.PSNR(img, marked) > 40  # invisible: under ~2 grey levels
        small = cv2.resize(jpeg(marked, 90), (921, 921), interpolation=cv2.INTER_AREA)
        assert watermark.read(jpeg(small, 90)) == mark
        assert watermark.read(img) is None  # the unmarked photo carries nothing
    with pytest.raises(ValueError):
        watermark.embed(astronaut(64), 0)


def test_random_images_are_not_read_as_marked() -> None:
    rng = np.random.default_rng(0)
    noise = [rng.integers(0, 256, (480, 640, 3), dtype=np.uint8) for _ in range(25)]
    assert [watermark.read(n) for n in noise] == [None] * 25


def test_stamped_file_carries_the_iptc_source_type_and_the_mark(tmp_path: Path) -> None:
    path = tmp_path / "out.jpg"
    path.write_bytes(stamp_image(astronaut(512), Stamp(COMPOSITE, "andie", "andie-workflow-1", 9)))
    found = inspect_file(path)
    assert found.source_type == COMPOSITE
    assert (found.model, found.run_id, found.xmp_mark, found.watermark_id) == (
        "andie",
        "andie-workflow-1",
        9,
        9,
    )
    assert found.creator_tool and found.creator_tool.startswith("AI Model Studio")


def test_every_output_of_a_run_is_marked_and_verify_maps_it_back(
    studio: Studio, photos: dict[str, list[Path]], tmp_path: Path
) -> None:
    name = make_model(studio, photos, sources=2, targets=2)
    summary = run_all(studio, name, provider="local")
    outputs = sorted((studio.home / "models" / name / "results").rglob("*.jpg"))
    assert len(outputs) == 8  # 4 pairs x (swapped, enhanced)
    verdicts = verify(studio, outputs)
    for v in verdicts:
        assert v.findings.manifest and v.findings.manifest_state == "Valid"
        assert v.findings.manifest_source_type == COMPOSITE
        assert v.findings.manifest_issuer == "AI Model Studio"
        assert set(v.findings.manifest_problems) <= {"signingCredential.untrusted"}
        assert v.findings.source_type == COMPOSITE
        assert v.findings.watermark_id == v.findings.xmp_mark
        assert (v.mark_model, v.mark_run) == (name, summary.run_id)
        assert v.mark_pair and v.mark_pair in v.findings.path
    key = studio.home / ".keys" / "c2pa-signer.json"
    assert key.stat().st_mode & 0o777 == 0o600 and key.parent.stat().st_mode & 0o777 == 0o700
    # The enhanced image keeps its swap's mark: one id per pair.
    assert len({v.findings.watermark_id for v in verdicts}) == 4
    unmarked = write_jpeg(tmp_path / "plain.jpg", astronaut(512))
    assert not verify(studio, [unmarked])[0].ai_marked
    exe = Path(sys.executable).with_name("aistudio")
    env = {"AISTUDIO_HOME": str(studio.home), "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(
        [str(exe), "verify", str(outputs[0])], capture_output=True, text=True, env=env
    )
    assert ok.returncode == 0 and f"run {summary.run_id}" in ok.stdout
    bad = subprocess.run(
        [str(exe), "verify", str(unmarked)], capture_output=True, text=True, env=env
    )
    assert bad.returncode == 1 and "watermark: none" in bad.stdout


def test_results_re_encoded_to_fit_the_size_limit_keep_their_provenance(
    studio: Studio, photos: dict[str, list[Path]]
) -> None:
    from aistudio.core.config import load_model_config, save_model_config

    name = make_model(studio, photos, sources=1, targets=1)
    cfg_path = studio.home / "models" / name / "config.json"
    cfg = load_model_config(cfg_path)
    cfg.thresholds.max_bytes = 700_000
    save_model_config(cfg_path, cfg)
    assert run_all(studio, name, provider="local").done == 1
    enhanced = next((studio.home / "models" / name / "results").rglob("*-enhanced.jpg"))
    assert enhanced.stat().st_size <= 700_000
    found = verify(studio, [enhanced])[0].findings
    assert found.manifest_state == "Valid" and found.source_type == COMPOSITE
    assert found.watermark_id is not None
