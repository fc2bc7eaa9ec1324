"""S3 storage against a real S3-compatible server (moto_server on 127.0.0.1), never mocked boto3."""

from __future__ import annotations

from pathlib import Path

import boto3
import httpx
import pytest

from aistudio.core.errors import StorageError, TransientStorageError, UnsafePath
from aistudio.core.fs import sha256_bytes, sha256_file
from aistudio.core.naming import storage_key
from aistudio.storage import sync as remote
from aistudio.storage.s3 import S3Storage
from aistudio.studio import Studio
from tests.cli import aistudio
from tests.conftest import make_model
from tests.fakes.drive import open_run, run_all
from tests.fakes.provider import calls
from tests.fakes.s3server import free_port, moto_server

pytestmark = pytest.mark.integration


def objects(endpoint: str, bucket: str) -> dict[str, dict[str, object]]:
    """Every object in the bucket with its head (metadata, encryption)."""
    s3 = boto3.client("s3", endpoint_url=endpoint)
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {k: s3.head_object(Bucket=bucket, Key=k) for k in keys}


def test_accepted_results_land_under_the_documented_keys(
    studio: Studio, photos: dict[str, list[Path]], s3_endpoint: str, s3_bucket: str
) -> None:
    name = make_model(studio, photos, sources=1, targets=2)
    summary = run_all(studio, name, provider="local")
    assert summary.done == 2
    stored = objects(s3_endpoint, s3_bucket)
    assert sorted(stored) == sorted(
        [
            "studio/andie/source/andie-source-1.jpg",
            "studio/andie/targets/sfw/andie-t001-sfw.jpg",
            "studio/andie/targets/sfw/andie-t002-sfw.jpg",
            "studio/andie/results/sfw/source_1/swapped/andie-s1-t001-sfw-swapped.jpg",
            "studio/andie/results/sfw/source_1/swapped/andie-s1-t002-sfw-swapped.jpg",
            "studio/andie/results/sfw/source_1/enhanced/andie-s1-t001-sfw-enhanced.jpg",
            "studio/andie/results/sfw/source_1/enhanced/andie-s1-t002-sfw-enhanced.jpg",
        ]
    )
    for key, head in stored.items():
        local = studio.home / "models" / key.removeprefix("studio/")
        assert head["Metadata"] == {"sha256": sha256_file(local)}  # type: ignore[comparison-overlap]
        assert head["ServerSideEncryption"] == "AES256"
    runs = remote.list_runs(studio, name)
    assert [(r.run_id, r.objects) for r in runs] == [(summary.run_id, 7)]
    # A sync finds everything in place.
    report = remote.sync_model(studio, name)
    assert (report.checked, report.uploaded, report.repaired) == (7, [], [])


def test_sync_repairs_uploads_and_pulls_with_checksums(
    studio: Studio, photos: dict[str, list[Path]], s3_endpoint: str, s3_bucket: str
) -> None:
    name = make_model(studio, photos, sources=1, targets=1)
    run_all(studio, name, provider="local")
    s3 = boto3.client("s3", endpoint_url=s3_endpoint)
    enhanced = "studio/andie/results/sfw/source_1/enhanced/andie-s1-t001-sfw-enhanced.jpg"
    swapped = "studio/andie/results/sfw/source_1/swapped/andie-s1-t001-sfw-swapped.jpg"
    s3.put_object(Bucket=s3_bucket, Key=enhanced, Body=b"corrupt", Metadata={"sha256": "0" * 64})
    s3.delete_object(Bucket=s3_bucket, Key=swapped)
    report = remote.sync_model(studio, name)
    assert report.repaired == [enhanced] and report.uploaded == [swapped]
    local = (
        studio.home / "models/andie/results/sfw/source_1/enhanced/andie-s1-t001-sfw-enhanced.jpg"
    )
    body = s3.get_object(Bucket=s3_bucket, Key=enhanced)["Body"].read()
    assert body == local.read_bytes()
    original = local.read_bytes()
    local.unlink()
    pulled = remote.sync_model(studio, name, pull=True)
    assert pulled.downloaded == [local.relative_to(studio.home).as_posix()]
    assert local.read_bytes() == original


def test_presigned_links_download_the_results(
    studio: Studio, photos: dict[str, list[Path]], s3_bucket: str
) -> None:
    name = make_model(studio, photos, sources=1, targets=1)
    run_all(studio, name, provider="local")
    links = remote.share_links(studio, name, seconds=300)
    assert [f for f, _ in links] == ["andie-s1-t001-sfw-enhanced.jpg"]
    url = links[0][1]
    assert "Expires=" in url or "X-Amz-Expires=300" in url
    local = (
        studio.home / "models/andie/results/sfw/source_1/enhanced/andie-s1-t001-sfw-enhanced.jpg"
    )
    assert httpx.get(url).content == local.read_bytes()


def test_upload_failure_keeps_local_results_and_the_next_run_uploads(
    studio: Studio,
    photos: dict[str, list[Path]],
    s3_endpoint: str,
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
    call_log: Path,
) -> None:
    from aistudio import processing

    name = make_model(studio, photos, sources=1, targets=1)
    plan, run_id = open_run(studio, name, "fake", category="sfw")
    pair = plan.pairs[0]
    swapped = processing.swap_pair(studio, run_id=run_id, pair=pair)
    enhanced = processing.enhance_pair(studio, run_id=run_id, pair=pair, swapped=swapped)
    verdict = processing.validate_result(studio, run_id=run_id, pair=pair, result=enhanced)
    studio.settings.s3_bucket = "bucket-that-was-deleted"
    with pytest.raises(StorageError, match="does not exist"):
        processing.record_pair(studio, run_id=run_id, pair=pair, verdict=verdict)
    assert (studio.home / str(verdict.path)).is_file()  # never deleted because S3 failed
    studio.settings.s3_bucket = s3_bucket
    summary = run_all(studio, name, provider="fake")
    assert summary.done == 1 and summary.credits == 0
    assert len(calls(call_log)) == 2  # the rerun paid nothing again
    assert len(objects(s3_endpoint, s3_bucket)) == 4


def test_missing_bucket_is_refused_before_any_provider_call(
    studio: Studio,
    photos: dict[str, list[Path]],
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
    call_log: Path,
) -> None:
    from aistudio import processing

    name = make_model(studio, photos, sources=1, targets=1)
    studio.settings.s3_bucket = "no-such-bucket-here"
    with pytest.raises(StorageError, match="'no-such-bucket-here' does not exist"):
        processing.plan_pairs(studio, model=name, provider="fake")
    assert calls(call_log) == []


def test_bad_credentials_and_endpoint_down_have_clear_messages(
    studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AISTUDIO_S3_BUCKET", "any-bucket")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONG")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wrong")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    # Authentication on: unknown keys are refused, as AWS does.
    with moto_server(INITIAL_NO_AUTH_ACTION_COUNT="0") as url:
        monkeypatch.setenv("AWS_ENDPOINT_URL", url)
        storage = S3Storage(studio.settings.model_copy(update={"s3_bucket": "any-bucket"}))
        with pytest.raises(StorageError, match=r"refused access \(403\)") as exc:
            storage.check()
        assert not exc.value.retryable
        probe = studio.home / "probe.jpg"
        probe.parent.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"x")
        key = storage_key("p", "models/m/source/probe.jpg")
        with pytest.raises(StorageError, match=r"refused access \(403\) while trying to read"):
            storage.put_file(key, probe, "0" * 64)  # a HEAD first: a 403 without a code
        with pytest.raises(StorageError, match=r"rejected the credentials \(InvalidAccessKeyId\)"):
            storage.get_file(key, studio.home / "out.jpg")
        assert "wrong" not in str(exc.value)  # the secret never reaches a message
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")
    down = S3Storage(studio.settings.model_copy(update={"s3_bucket": "any-bucket"}))
    with pytest.raises(TransientStorageError, match="unreachable") as err:
        down.check()
    assert err.value.retryable


def test_presigned_urls_use_the_buckets_regional_endpoint(
    studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s3cr3t-value")
    storage = S3Storage(studio.settings.model_copy(update={"s3_bucket": "my-studio"}))
    url = storage.presign("studio/andie/source/andie-source-1.jpg", 600)
    assert url.startswith("https://my-studio.s3.eu-west-1.amazonaws.com/studio/andie/source/")
    assert "X-Amz-Expires=600" in url and "s3cr3t-value" not in url


def test_large_files_go_up_in_parts(
    studio: Studio, s3_endpoint: str, s3_bucket: str, tmp_path: Path
) -> None:
    big = tmp_path / "big.jpg"
    big.write_bytes(bytes(range(256)) * (9 * 4096))  # 9 MiB: over the 8 MiB part size
    storage = S3Storage(studio.settings)
    assert storage.put_file("studio/m/results/big.jpg", big, sha256_file(big)) is True
    head = objects(s3_endpoint, s3_bucket)["studio/m/results/big.jpg"]
    assert str(head["ETag"]).strip('"').endswith("-2")  # a multipart upload's ETag
    assert storage.put_file("studio/m/results/big.jpg", big, sha256_file(big)) is False


def test_access_denied_names_the_permissions_needed(
    studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    import boto3

    # Authentication on after 3 unauthenticated set-up calls: a real user with no policy.
    with moto_server(INITIAL_NO_AUTH_ACTION_COUNT="3") as url:
        admin = {
            "endpoint_url": url,
            "region_name": "us-east-1",
            "aws_access_key_id": "admin",
            "aws_secret_access_key": "admin",
        }
        iam = boto3.client("iam", **admin)
        iam.create_user(UserName="no-rights")
        key = iam.create_access_key(UserName="no-rights")["AccessKey"]
        boto3.client("s3", **admin).create_bucket(Bucket="locked-bkt")
        monkeypatch.setenv("AWS_ENDPOINT_URL", url)
        monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
        storage = S3Storage(studio.settings.model_copy(update={"s3_bucket": "locked-bkt"}))
        with pytest.raises(StorageError, match="s3:ListBucket, s3:GetObject and s3:PutObject"):
            storage.get_file("studio/m/source/x.jpg", studio.home / "x.jpg")
        assert not (studio.home / "x.jpg").exists()


def test_a_pull_writes_only_the_studios_own_files_with_their_checksums(
    studio: Studio,
    photos: dict[str, list[Path]],
    s3_endpoint: str,
    s3_bucket: str,
    tmp_path: Path,
) -> None:
    name = make_model(studio, photos, sources=1, targets=2)
    run_all(studio, name, provider="local")
    s3 = boto3.client("s3", endpoint_url=s3_endpoint)

    def put(key: str, body: bytes, sha: str | None = None) -> None:
        meta = {} if sha == "" else {"sha256": sha or sha256_bytes(body)}
        s3.put_object(Bucket=s3_bucket, Key=key, Body=body, Metadata=meta)

    results = "models/andie/results/sfw/source_1"
    enhanced = studio.home / results / "enhanced/andie-s1-t001-sfw-enhanced.jpg"
    swapped = studio.home / results / "swapped/andie-s1-t002-sfw-swapped.jpg"
    original = enhanced.read_bytes()
    enhanced.unlink()  # in S3 with the sha256 recorded: the one file a pull should bring back
    swapped.unlink()  # ...and this one's object is replaced with other bytes and their sha256
    put(storage_key("studio", swapped.relative_to(studio.home).as_posix()), b"other bytes")
    config = studio.paths(name).config
    kept_config = config.read_bytes()
    evil_config = b'{"trigger": "x/../../../../../../../OUTSIDE"}'
    attacks = {
        "studio/andie/../../studio.db": b"not a database",  # lands on the store
        "studio/andie/source/../../../../OUTSIDE.jpg": b"escaped",  # above the studio home
        "studio/andie//etc/x.jpg": b"absolute",
        "studio/andie/notes/readme.txt": b"not the layout",
        "studio/andie/targets/sfw/andie-t009-sfw.jpg": b"no checksum",
    }
    for key, body in attacks.items():
        put(key, body, "" if "t009" in key else None)
    put("studio/andie/config.json", evil_config)
    report = remote.sync_model(studio, name, pull=True)
    assert report.downloaded == [enhanced.relative_to(studio.home).as_posix()]
    assert enhanced.read_bytes() == original
    refused = {r.split(": ", 1)[0]: r for r in report.refused}
    tampered = storage_key("studio", swapped.relative_to(studio.home).as_posix())
    assert sorted(refused) == sorted([*attacks, tampered])
    assert "not the one the studio recorded" in refused[tampered]
    assert "no sha256" in refused["studio/andie/targets/sfw/andie-t009-sfw.jpg"]
    assert "'..'" in refused["studio/andie/../../studio.db"]
    assert not swapped.exists() and not list(tmp_path.rglob("*OUTSIDE*"))
    assert config.read_bytes() == kept_config
    assert (studio.home / "studio.db").read_bytes()[:16] == b"SQLite format 3\x00"
    assert not (studio.home / "models/andie/notes").exists()
    # The CLI says what it left and exits 1; the good files are there all the same.
    enhanced.unlink()
    env = {"AISTUDIO_S3_BUCKET": s3_bucket, "AISTUDIO_S3_PREFIX": "studio"}
    proc = aistudio(tmp_path, "sync", "andie", "--pull", **env)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Not pulled: studio/andie/../../studio.db:" in proc.stderr
    assert "Traceback" not in proc.stderr and enhanced.read_bytes() == original


def test_a_fetch_needs_the_stored_checksum_and_the_studio_layout(
    studio: Studio, photos: dict[str, list[Path]], s3_endpoint: str, s3_bucket: str
) -> None:
    name = make_model(studio, photos, sources=1, targets=1)
    storage = remote.require_storage(studio)
    s3 = boto3.client("s3", endpoint_url=s3_endpoint)
    # No sha256 stored with the config: a machine without one does not take it on trust.
    s3.put_object(Bucket=s3_bucket, Key="studio/andie/config.json", Body=b"{}")
    config = studio.paths(name).config
    config.unlink()
    assert not remote.fetch(studio, storage, rel="models/andie/config.json", sha=None)
    assert not config.exists()
    for rel in ("models/andie/../../studio.db", "studio.db", "models/andie/notes/x.txt"):
        with pytest.raises(UnsafePath):
            remote.fetch(studio, storage, rel=rel, sha=None)


def test_an_object_over_the_download_cap_is_refused_before_it_is_read(
    studio: Studio, photos: dict[str, list[Path]], s3_endpoint: str, s3_bucket: str
) -> None:
    name = make_model(studio, photos, sources=1, targets=1)
    s3 = boto3.client("s3", endpoint_url=s3_endpoint)
    body = b"\xff\xd8" + b"x" * 60_000
    rel = "models/andie/targets/sfw/andie-t002-sfw.jpg"
    key = storage_key("studio", rel)
    s3.put_object(Bucket=s3_bucket, Key=key, Body=body, Metadata={"sha256": sha256_bytes(body)})
    small = S3Storage(studio.settings.model_copy(update={"max_download_bytes": 20_000}))
    dest = studio.home / rel
    with pytest.raises(StorageError, match="over AISTUDIO_MAX_DOWNLOAD_BYTES=20,000"):
        small.get_file(key, dest)
    with pytest.raises(StorageError, match="MAX_DOWNLOAD_BYTES"):  # a pull stops there too
        remote.fetch(studio, small, rel=rel, sha=sha256_bytes(body))
    assert not dest.exists() and not list(dest.parent.glob(".*"))  # no part-file left behind
    # Under the cap it streams to the file as before.
    S3Storage(studio.settings).get_file(key, dest)
    assert dest.read_bytes() == body and name == "andie"
