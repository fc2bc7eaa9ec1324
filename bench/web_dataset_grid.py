"""The dataset page with 2,000 candidates in headless Chromium: how soon the first card shows,
and how smooth scrolling to the end is. Prints time to first render (navigation start to the
first card in the viewport; the median of several loads), then the frame times while the page
scrolls to the end in steps, one step a frame (median and p95 of requestAnimationFrame
intervals), long tasks, and the most cards in the DOM at once (the grid is virtualised).

    PYTHONPATH=. .venv/bin/python bench/web_dataset_grid.py [--candidates 2000] [--loads 5]

The version is written straight into the store (half in, half out, every tenth left-out one a
near-duplicate of an included one), all its training images one tiny JPEG hard-linked: the
page, not the scorer, is under test. The API is `aistudio serve`'s app under uvicorn in a
process of its own; web/dist must be built (cd web && npm run build).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import httpx
import numpy as np

from tests.fakes.chromium import CHROMIUM, FLAGS

PASSWORD = "correct horse battery"
MODEL = "bench"
REASONS = ["blur", "exposure", "face_too_small", "identity", "quality", "aesthetic"]


def scores(i: int) -> dict[str, object]:
    """Scores as a build stores them (no descriptor), varied a little per candidate."""
    return {
        "width": 1024, "height": 1024, "face_score": 0.9, "face_fraction": 0.04 + i % 7 / 100,
        "face_box": [400.0, 300.0, 200.0, 240.0], "sharpness": 40.0 + i % 30,
        "highlights": 0.01, "shadows": 0.1, "brightness": 110.0 + i % 20, "contrast": 60.0,
        "yaw": float(i % 40 - 20), "pitch": float(i % 10), "roll": 1.0,
        "identity_distance": 0.2 + i % 10 / 50, "phash": f"{i:016x}", "explicit": False,
        "labels": [], "label_scores": [], "brisque": 30.0 + i % 20, "aesthetic": 0.5,
        "aesthetic_model": None,
    }  # fmt: skip


def seed(home: Path, candidates: int) -> None:
    """User 'bench' (a password), model 'bench' with consent, and dataset v1 of the candidates."""
    os.environ["AISTUDIO_HOME"] = str(home)
    from aistudio.accounts import users
    from aistudio.consent.records import set_consent
    from aistudio.core.config import get_settings
    from aistudio.db import queries
    from aistudio.db.tables import DatasetItem, DatasetVersion
    from aistudio.ingest.importer import create_model
    from aistudio.studio import Studio

    studio = Studio(get_settings())
    with studio.session() as session:
        user = users.create_user(session, name="bench", role="member", password=PASSWORD)
        owner = user.id
    create_model(studio, MODEL, owner_id=owner)
    set_consent(studio, MODEL, kind="synthetic", scopes="sfw", attest_adult=True)
    rel = f"models/{MODEL}/datasets/v1"
    folder = home / rel
    (folder / "imagefolder").mkdir(parents=True)
    (folder / "report").mkdir()
    tiny = folder / "tiny.jpg"
    face = np.full((96, 96, 3), (90, 140, 200), np.uint8)
    cv2.circle(face, (48, 44), 26, (150, 180, 230), -1)
    cv2.imwrite(str(tiny), face)
    cv2.imwrite(str(folder / "report" / "contact-sheet.png"), face)
    inside = candidates // 2
    files = [f"models/{MODEL}/results/sfw/c{i:05d}.jpg" for i in range(candidates)]
    (home / files[0]).parent.mkdir(parents=True)
    for file in files:  # each candidate as stored (what a left-out card shows)
        os.link(tiny, home / file)
    with studio.session() as session:
        model_id = queries.get_model_id(session, name=MODEL)
        version = DatasetVersion(
            model_id=model_id, number=1, content_hash="bench", path=rel, family="sdxl",
            settings_json=json.dumps({"max_images": inside}), holdout_json="[]",
            included=inside, excluded=candidates - inside,
        )  # fmt: skip
        session.add(version)
        session.flush()
        for i, file in enumerate(files):
            item = DatasetItem(version_id=version.id or 0, file=file, sha256=f"{i:064x}",
                               included=i < inside, scores_json=json.dumps(scores(i)))  # fmt: skip
            if i < inside:
                item.image = f"{i + 1:04d}.jpg"
                item.crop_json = json.dumps([0, 0, 1024, 1024, 1024, 1024])
                item.caption = "a photo of bench, person"
                os.link(tiny, folder / "imagefolder" / item.image)
            elif (i - inside) % 10 == 0:
                item.reason = "duplicate"
                item.detail = f"near-duplicate of {files[i % inside]} (pHash 3 bits apart)"
            else:
                item.reason = REASONS[i % len(REASONS)]
                item.detail = f"{item.reason}: measured below the rule"
            session.add(item)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(home: Path, port: int) -> subprocess.Popen[bytes]:
    """uvicorn with the studio API and the web studio (one worker, as `aistudio serve` runs it)."""
    env = {**os.environ, "AISTUDIO_HOME": str(home), "PYTHONPATH": os.getcwd()}
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "aistudio.api.app:create_app",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    for _ in range(400):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).is_success:
                return proc
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the API server did not start")


# Polls each frame from navigation start for the first card inside the viewport.
FIRST_CARD = """
window.__firstCard = null;
(function poll() {
  const card = document.querySelector('[role=group] article');
  if (card) {
    const r = card.getBoundingClientRect();
    if (r.height > 0 && r.top < innerHeight) { window.__firstCard = performance.now(); return; }
  }
  requestAnimationFrame(poll);
})();
"""

# Scrolls to the end one step a frame; rAF intervals, long tasks, most cards in the DOM.
SCROLL = """async (step) => {
  const longTasks = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
  observer.observe({ type: 'longtask', buffered: false });
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  const frames = [];
  let most = 0;
  let last = await frame();
  window.scrollTo(0, 0);
  for (let i = 0; i < 100000; i++) {
    window.scrollBy(0, step);
    const now = await frame();
    frames.push(now - last);
    last = now;
    most = Math.max(most, document.querySelectorAll('article').length);
    if (window.scrollY + innerHeight >= document.documentElement.scrollHeight - 1) break;
  }
  for (let i = 0; i < 10; i++) await frame();  // the last rows' renders land
  observer.disconnect();
  return { frames, most, height: document.documentElement.scrollHeight,
           longTasks: longTasks.length, longest: Math.max(0, ...longTasks.map((t) => t.duration)),
           cardsAtEnd: document.querySelectorAll('article').length,
           lastCard: [...document.querySelectorAll('article')].pop()?.getAttribute('aria-label') };
}"""


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(url: str, loads: int, step: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    page_url = f"{url}/models/{MODEL}/datasets/1"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(60_000)
            page.goto(f"{url}/")
            page.get_by_label("Name").fill("bench")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("region", name="Account")).to_contain_text("bench")
            page.add_init_script(FIRST_CARD)
            firsts: list[float] = []
            for _ in range(loads):
                page.goto(page_url)
                page.wait_for_function("window.__firstCard !== null")
                firsts.append(float(page.evaluate("window.__firstCard")))
            api_ms = page.evaluate(
                """performance.getEntriesByType('resource')
                     .filter((e) => /datasets\\/1$/.test(e.name))
                     .map((e) => [e.duration, e.transferSize])[0]"""
            )
            cards = int(page.evaluate("document.querySelectorAll('article').length"))
            got = page.evaluate(SCROLL, step)
        finally:
            browser.close()
    frames: list[float] = got["frames"]
    print(f"time to first render: median {statistics.median(firsts):.0f} ms over {loads} loads "
          f"({', '.join(f'{x:.0f}' for x in firsts)}); the version's JSON "
          f"{api_ms[0]:.0f} ms, {api_ms[1] / 1e6:.2f} MB")  # fmt: skip
    print(f"cards in the DOM after the first render: {cards}")
    print(f"scroll to the end ({got['height']} px, {step} px a frame, {len(frames)} frames): "
          f"frame median {statistics.median(frames):.1f} ms, p95 {pct(frames, 95):.1f} ms, "
          f"max {max(frames):.1f} ms; long tasks {got['longTasks']} (longest "
          f"{got['longest']:.0f} ms)")  # fmt: skip
    print(f"cards in the DOM at once: at most {got['most']}, {got['cardsAtEnd']} at the end "
          f"(last: {got['lastCard']})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--step", type=int, default=400, help="pixels scrolled a frame")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "studio"
        started = time.perf_counter()
        seed(home, args.candidates)
        print(f"seeded {args.candidates} candidates in {time.perf_counter() - started:.1f} s")
        port = free_port()
        server = serve(home, port)
        try:
            measure(f"http://127.0.0.1:{port}", args.loads, args.step)
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
