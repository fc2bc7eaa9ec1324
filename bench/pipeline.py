"""Seconds per pair of the local engine (I/O and validation included) and Prefect's CPU share.

Usage: PYTHONPATH=. python bench/pipeline.py [--pairs 20]. Prints numbers; asserts nothing.
Photos are ~1 MP variants of scikit-image's public-domain astronaut portrait.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import psutil
import skimage.data


def photo(i: int) -> np.ndarray:
    """A ~1 MP variant (flip, tint, shift) of the astronaut."""
    img = cv2.resize(
        cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR),
        (1024, 1024),
        interpolation=cv2.INTER_CUBIC,
    )
    if i % 2:
        img = cv2.flip(img, 1)
    tint = np.array([(i * 7) % 23 - 11, (i * 5) % 17 - 8, (i * 3) % 13 - 6], np.int16)
    return np.clip(img.astype(np.int16) + tint, 0, 255).astype(np.uint8)


def cpu_seconds() -> float:
    """CPU time of this process and its children (the embedded Prefect server is one)."""
    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += sum(child.cpu_times()[:2])
    return total


def make_studio(root: Path, sources: int, targets: int) -> str:
    """A studio with one model, consent, and sources x targets pairs to do."""
    os.environ["AISTUDIO_HOME"] = str(root / "studio")
    from aistudio.consent.records import set_consent
    from aistudio.core.config import get_settings
    from aistudio.ingest.importer import create_model, import_photos
    from aistudio.studio import Studio

    studio = Studio(get_settings())
    inputs = root / "inputs"
    inputs.mkdir(parents=True)
    files = []
    for i in range(sources + targets):
        path = inputs / f"p{i}.jpg"
        cv2.imwrite(str(path), photo(i), [cv2.IMWRITE_JPEG_QUALITY, 92])
        files.append(path)
    create_model(studio, "bench")
    set_consent(studio, "bench", kind="synthetic", scopes="sfw", attest_adult=True)
    import_photos(studio, "bench", files[:sources], role="source")
    import_photos(studio, "bench", files[sources:], role="target", category="sfw")
    return "bench"


def library_run(n_targets: int) -> tuple[float, float, int]:
    """Every stage called directly, one pair after another: (wall, cpu, pairs)."""
    from aistudio import processing
    from aistudio.core.config import get_settings
    from aistudio.studio import Studio

    with tempfile.TemporaryDirectory() as tmp:
        name = make_studio(Path(tmp), 2, n_targets)
        studio = Studio(get_settings())
        plan = processing.plan_pairs(studio, model=name)
        est = processing.estimate_cost(studio, plan=plan)
        run_id = processing.start_run(studio, plan=plan, estimate=est, budget=None, category="sfw")
        wall0, cpu0 = time.perf_counter(), cpu_seconds()
        for pair in plan.pairs:
            processing.process_pair(studio, run_id=run_id, pair=pair, tries=1)
        return time.perf_counter() - wall0, cpu_seconds() - cpu0, len(plan.pairs)


def flow_run(n_targets: int) -> tuple[float, float, int]:
    """The process-model flow on Prefect's embedded API: (wall, cpu incl. server, pairs)."""
    from aistudio.cli.runner import prefect_defaults

    prefect_defaults(verbose=False)  # what `aistudio run` sets: startup timeout, quiet console
    with tempfile.TemporaryDirectory() as tmp:
        name = make_studio(Path(tmp), 2, n_targets)
        from flows.process_model import process_model

        process_model(model=name, dry_run=True)  # starts the embedded server; not timed
        wall0, cpu0 = time.perf_counter(), cpu_seconds()
        result = process_model(model=name)
        return time.perf_counter() - wall0, cpu_seconds() - cpu0, int(result["done"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=20, help="pairs (2 sources x pairs/2)")
    args = parser.parse_args()
    n_targets = max(1, args.pairs // 2)
    print(f"cores: {os.cpu_count()}, photos: 1024x1024 (~1 MP), pairs: {2 * n_targets}")
    # A fresh process loads the detector, classifier and signer on first use: timed apart.
    first, _, first_n = library_run(1)
    print(f"first use in a fresh process: {first:.2f} s for {first_n} pairs (models load)")
    wall, cpu, n = library_run(n_targets)
    print(
        f"library, sequential: {wall / n:.3f} s/pair wall, {cpu / n:.3f} s/pair CPU "
        "(swap + enhance + validate + record, with I/O)"
    )
    fwall, fcpu, fn = flow_run(n_targets)
    concurrency = os.environ.get("AISTUDIO_CONCURRENCY", "2")
    print(
        f"flow (embedded Prefect API, concurrency {concurrency}): {fwall / fn:.3f} s/pair "
        f"wall, {fcpu / fn:.3f} s/pair CPU incl. the API server"
    )
    share = max(0.0, (fcpu / fn - cpu / n) / (fcpu / fn))
    print(
        f"orchestration share of CPU per pair: {share:.0%} "
        f"({fcpu / fn - cpu / n:.3f} s of {fcpu / fn:.3f} s)"
    )


if __name__ == "__main__":
    main()
