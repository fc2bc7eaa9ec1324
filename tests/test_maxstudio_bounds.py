"""MaxStudio over HTTP when the service (or whatever answers for it) misbehaves: results too
large, redirects to other hosts, error bodies that quote presigned URLs, a clear-text API."""

from __future__ import annotations

from pathlib import Path

import pytest

from aistudio.core.errors import ConfigError
from aistudio.providers import get_provider
from aistudio.providers.maxstudio_net import redact
from aistudio.studio import Studio
from tests.cli import aistudio
from tests.conftest import small_model
from tests.fakes.drive import drive
from tests.fakes.drive import ledger_credits as booked
from tests.fakes.maxstudio import ledger, serve

pytestmark = pytest.mark.integration


@pytest.fixture
def maxstudio_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAXSTUDIO_API_KEY", "test-key")
    monkeypatch.setenv("MAXSTUDIO_POLL_INTERVAL", "0.02")
    monkeypatch.setenv("MAXSTUDIO_POLL_MAX_INTERVAL", "0.1")
    monkeypatch.setenv("MAXSTUDIO_HTTP_RETRIES", "1")


def results(studio: Studio, name: str) -> list[Path]:
    return sorted((studio.home / "models" / name / "results").rglob("*.jpg"))


@pytest.mark.usefixtures("maxstudio_env")
@pytest.mark.parametrize("undeclared", [False, True], ids=["declared", "streamed"])
def test_a_result_over_the_download_cap_is_refused_and_booked_when_it_arrives(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
    undeclared: bool,
) -> None:
    name = small_model(studio, small_photos, sources=1, targets=2)
    studio.settings.max_download_bytes = 200_000
    with serve(
        swap_latency=0.05,
        enhance_latency=0.02,
        result_padding=4_000_000,
        result_undeclared=undeclared,
    ) as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)
        first = drive(studio, name, "maxstudio", 2)
        assert (first.done, first.failed) == (0, 2)
        reasons = " ".join(reason for _, _, reason in first.problems)
        assert "AISTUDIO_MAX_DOWNLOAD_BYTES=200,000" in reasons, reasons
        assert results(studio, name) == []
        assert ledger(url)["result_bytes_sent"] < 4_000_000 * 2  # it stopped reading
        assert ledger(url)["credits"] == 20.0 and booked(studio) == 0.0
        # With room for them, the paid jobs are fetched (not paid again) and booked once.
        studio.settings.max_download_bytes = 64_000_000
        second = drive(studio, name, "maxstudio", 2)
        assert (second.done, second.credits) == (2, 24.0)
        third = drive(studio, name, "maxstudio", 2)
        assert (third.done, third.credits) == (2, 0.0)
        billed = ledger(url)
        assert len(billed["submitted"]) == 4  # 2 swaps, 2 enhances: none twice
        assert billed["credits"] == 24.0 == booked(studio)


@pytest.mark.usefixtures("maxstudio_env")
def test_a_result_redirected_to_another_host_is_not_followed(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = small_model(studio, small_photos, sources=1, targets=1)
    # "localhost" stands for any other host (an internal service): the fake counts what
    # reaches it there, and it is on this machine whatever the code does.
    with serve(swap_latency=0.05, result_redirect="localhost") as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)
        summary = drive(studio, name, "maxstudio", 1)
        assert (summary.done, summary.failed) == (0, 1)
        reason = summary.problems[0][2]
        assert "redirects to 'localhost'" in reason and "refused" in reason, reason
        assert "X-Amz-Signature=s" not in reason
        assert ledger(url)["internal_hits"] == 0 and results(studio, name) == []


@pytest.mark.usefixtures("maxstudio_env")
def test_a_result_moved_on_the_providers_own_host_is_followed(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = small_model(studio, small_photos, sources=1, targets=1)
    with serve(swap_latency=0.05, enhance_latency=0.02, result_redirect="own") as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)
        summary = drive(studio, name, "maxstudio", 1)
        assert (summary.done, summary.credits) == (1, 12.0)
        assert ledger(url)["credits"] == 12.0 == booked(studio)


@pytest.mark.usefixtures("maxstudio_env")
def test_an_error_body_quoting_a_presigned_url_is_cut_and_redacted(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = small_model(studio, small_photos, sources=1, targets=1)
    with serve(error_echo=True) as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)
        summary = drive(studio, name, "maxstudio", 1)
        assert summary.failed == 1
        reason = summary.problems[0][2]
        assert "HTTP 400 could not fetch http://" in reason, reason
        assert "?[redacted]" in reason
        assert "X-Amz-Signature" not in reason and "X-Amz-Credential" not in reason
        assert len(reason) < 400  # the body was ~3,500 characters


def test_redact_drops_query_strings_and_signatures() -> None:
    text = (
        "see https://b.s3.eu-west-1.amazonaws.com/k.jpg?X-Amz-Algorithm=AWS4&X-Amz-Signature=abc"
        " and token=s3cr3t, sig=zz"
    )
    out = redact(text)
    assert "abc" not in out and "s3cr3t" not in out and "zz" not in out
    assert "https://b.s3.eu-west-1.amazonaws.com/k.jpg?[redacted]" in out
    assert len(redact("x" * 5000)) <= 203


@pytest.mark.usefixtures("maxstudio_env")
def test_a_clear_text_api_on_another_host_is_refused_unless_allowed(
    studio: Studio, s3_bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAXSTUDIO_BASE_URL", "http://api.maxstudio.example")
    with pytest.raises(ConfigError, match="MAXSTUDIO_ALLOW_INSECURE_HTTP"):
        get_provider("maxstudio", studio.settings)
    for allowed in ("http://127.0.0.1:9", "http://localhost:9", "https://api.maxstudio.example"):
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", allowed)
        assert get_provider("maxstudio", studio.settings).name == "maxstudio"
    monkeypatch.setenv("MAXSTUDIO_BASE_URL", "http://api.maxstudio.example")
    monkeypatch.setenv("MAXSTUDIO_ALLOW_INSECURE_HTTP", "true")
    assert get_provider("maxstudio", studio.settings).name == "maxstudio"


@pytest.mark.slow
@pytest.mark.usefixtures("maxstudio_env")
def test_the_cli_prints_what_the_provider_billed_through_corrupt_repair_rerun(
    studio: Studio,
    small_photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    name = small_model(studio, small_photos, sources=1, targets=2)
    s3 = {"AISTUDIO_S3_BUCKET": s3_bucket, "AISTUDIO_S3_PREFIX": "studio"}
    with serve(swap_latency=0.05, enhance_latency=0.02) as url:
        monkeypatch.setenv("MAXSTUDIO_BASE_URL", url)

        def run(*extra: str) -> str:
            proc = aistudio(tmp_path, "run", name, "--provider", "maxstudio", *extra, **s3)
            assert proc.returncode == 0, (proc.stdout, proc.stderr)
            return proc.stdout

        assert "Cost: 24 credits" in run("--yes") and ledger(url)["credits"] == 24.0
        enhanced = sorted((studio.home / "models" / name / "results").rglob("*-enhanced.jpg"))
        enhanced[0].write_bytes(enhanced[0].read_bytes()[:1000])  # same name, wrong sha256
        assert "Estimated cost: 0 credits" in run("--dry-run")
        repair = run("--yes")
        assert "Complete! 2/2 successful" in repair and "Cost: 0 credits" in repair
        assert "Cost: 0 credits" in run("--yes")
        billed = ledger(url)
        assert billed["credits"] == 24.0 == booked(studio) and len(billed["submitted"]) == 4
