"""S3 storage (boto3): sha256 in object metadata, server-side encryption, multipart, retries."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError

from aistudio.core.config import Settings
from aistudio.core.errors import ConfigError, StorageError, TransientStorageError
from aistudio.core.fs import atomic_write_chunks

_RETRYABLE_CODES = {
    "SlowDown",
    "Throttling",
    "RequestTimeout",
    "InternalError",
    "ServiceUnavailable",
    "500",
    "502",
    "503",
    "504",
}
_CREDENTIAL_CODES = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "InvalidToken",
    "ExpiredToken",
    "AuthorizationHeaderMalformed",
}
_TRANSFER = TransferConfig(multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024)


_clients: dict[tuple[str | None, ...], Any] = {}
# (bucket, key, sha256) this process uploaded or saw: no HEAD needed to know they are there.
_known: set[tuple[str, str, str]] = set()
_lock = threading.Lock()


def _client() -> Any:
    """A boto3 S3 client per endpoint, region and credentials (clients are thread-safe and
    costly to build, so runs share them)."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    key = (
        endpoint,
        os.environ.get("AWS_DEFAULT_REGION"),
        os.environ.get("AWS_ACCESS_KEY_ID"),
        os.environ.get("AWS_SECRET_ACCESS_KEY"),
        os.environ.get("AWS_PROFILE"),
    )
    with _lock:
        if key not in _clients:
            # Virtual-hosted URLs on the regional endpoint (bucket.s3.<region>.amazonaws.com)
            # are what MaxStudio can fetch; a custom endpoint (MinIO, tests) wants path-style.
            config = Config(
                signature_version="s3v4",
                retries={"mode": "adaptive", "max_attempts": 6},
                connect_timeout=5,
                read_timeout=60,
                max_pool_connections=32,
                s3={"addressing_style": "path" if endpoint else "virtual"},
            )
            # A new session per client: boto3's default session caches the first credentials
            # it resolved, which would outlive a change of AWS_* settings.
            session = boto3.session.Session()
            _clients[key] = session.client("s3", endpoint_url=endpoint or None, config=config)
        return _clients[key]


class S3Storage:
    """A bucket + prefix; credentials and endpoint come from the standard AWS settings."""

    name = "s3"

    def __init__(self, settings: Settings) -> None:
        if not settings.s3_bucket:
            raise ConfigError("AISTUDIO_S3_BUCKET is not set")
        self.bucket = settings.s3_bucket
        self.sse = settings.s3_sse
        self.max_bytes = settings.max_download_bytes
        self.location = f"s3://{self.bucket}/{settings.s3_prefix.strip('/')}"
        self.client: Any = _client()

    def _error(self, exc: Exception, action: str, key: str | None = None) -> StorageError:
        where = f"{self.location}" + (f" ({key})" if key else "")
        if isinstance(exc, EndpointConnectionError):
            return TransientStorageError(
                f"S3 endpoint unreachable while trying to {action} "
                f"{where}: {exc}; check AWS_ENDPOINT_URL / network"
            )
        if isinstance(exc, ClientError):
            err = exc.response.get("Error", {})
            code = str(err.get("Code", ""))
            if code in ("NoSuchBucket",) or (code == "404" and key is None):
                return StorageError(
                    f"S3 bucket {self.bucket!r} does not exist; create it or fix AISTUDIO_S3_BUCKET"
                )
            if code in _CREDENTIAL_CODES:
                return StorageError(
                    f"S3 rejected the credentials ({code}) while trying to "
                    f"{action} {where}; check AWS_ACCESS_KEY_ID / "
                    "AWS_SECRET_ACCESS_KEY"
                )
            if code in ("AccessDenied", "403", "AllAccessDisabled"):
                return StorageError(
                    f"S3 refused access (403) while trying to {action} {where}; check "
                    "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and that they allow "
                    "s3:ListBucket, s3:GetObject and s3:PutObject"
                )
            if code in _RETRYABLE_CODES:
                return TransientStorageError(f"S3 {code} while trying to {action} {where}")
            return StorageError(
                f"S3 {code or 'error'} while trying to {action} {where}: {err.get('Message', '')}"
            )
        return TransientStorageError(f"S3 failed to {action} {where}: {exc}")

    def check(self) -> None:
        """Head the bucket so a bad setup fails before any paid work."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (ClientError, BotoCoreError) as exc:
            raise self._error(exc, "reach") from None

    def sha256_of(self, key: str) -> str | None:
        """The sha256 metadata of an object, None if missing."""
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code")) in ("404", "NoSuchKey", "NotFound"):
                return None
            raise self._error(exc, "read", key) from None
        except BotoCoreError as exc:
            raise self._error(exc, "read", key) from None
        sha = head.get("Metadata", {}).get("sha256")
        return str(sha) if sha else ""

    def put_file(self, key: str, path: Path, sha256: str, *, force: bool = False) -> bool:
        """Upload unless an object with the same sha256 is there (an upload is all or nothing)."""
        memo = (self.bucket, key, sha256)
        if not force and (memo in _known or self.sha256_of(key) == sha256):
            _known.add(memo)
            return False
        extra: dict[str, Any] = {"Metadata": {"sha256": sha256}, "ContentType": "image/jpeg"}
        if self.sse:
            extra["ServerSideEncryption"] = self.sse
        try:
            self.client.upload_file(str(path), self.bucket, key, ExtraArgs=extra, Config=_TRANSFER)
        except (ClientError, BotoCoreError) as exc:
            raise self._error(exc, "upload", key) from None
        except Exception as exc:  # boto3's S3UploadFailedError wraps the ClientError
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, ClientError | BotoCoreError):
                raise self._error(cause, "upload", key) from None
            raise
        _known.add(memo)
        return True

    def get_file(self, key: str, dest: Path) -> None:
        """Download to dest via a temp file, streamed, refusing an object over the size cap."""
        cap = self.max_bytes
        try:
            obj = self.client.get_object(Bucket=self.bucket, Key=key)
        except (ClientError, BotoCoreError) as exc:
            raise self._error(exc, "download", key) from None
        body = obj["Body"]
        too_big = StorageError(
            f"S3 object {self.location} ({key}) is over AISTUDIO_MAX_DOWNLOAD_BYTES={cap:,} "
            "bytes; not downloaded"
        )

        def capped() -> Iterator[bytes]:
            size = 0
            for chunk in body.iter_chunks(1024 * 1024):
                size += len(chunk)
                if size > cap:  # a length that lied: stop reading all the same
                    raise too_big
                yield chunk

        try:
            if int(obj.get("ContentLength") or 0) > cap:
                raise too_big  # checked before a byte of the body is read
            atomic_write_chunks(dest, capped())
        except (ClientError, BotoCoreError) as exc:
            raise self._error(exc, "download", key) from None
        finally:
            body.close()

    def list_keys(self, prefix: str) -> dict[str, str | None]:
        """Every key under prefix with its sha256 (one HEAD per object)."""
        keys: list[str] = []
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=prefix
            )
            for page in pages:
                keys.extend(obj["Key"] for obj in page.get("Contents", []))
        except (ClientError, BotoCoreError) as exc:
            raise self._error(exc, "list") from None
        return {k: self.sha256_of(k) for k in keys}

    def delete(self, key: str) -> None:
        """Delete an object; S3 answers success for a missing key too."""
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key)
        except (ClientError, BotoCoreError) as exc:
            raise self._error(exc, "delete", key) from None
        with _lock:
            for memo in [m for m in _known if m[:2] == (self.bucket, key)]:
                _known.discard(memo)

    def presign(self, key: str, seconds: int) -> str:
        """A presigned GET URL."""
        url: str = self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=seconds
        )
        return url
