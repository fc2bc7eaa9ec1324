"""MaxStudio's network hygiene: no API key over clear text, no presigned URL in a message."""

from __future__ import annotations

import ipaddress
import os
import re
from urllib.parse import urlsplit

import httpx

from aistudio.core.errors import ConfigError, ProviderError
from aistudio.providers.maxstudio_settings import MaxStudioSettings

_URL_QUERY = re.compile(r"(https?://[^\s?#\"'<>]*)\?[^\s#\"'<>]*", re.IGNORECASE)
_SECRET_PARAM = re.compile(
    r"((?:X-Amz-[A-Za-z-]+|Signature|AWSAccessKeyId|token|access_token|api_key|key|sig|"
    r"Expires|Policy|Key-Pair-Id)=)[^&\s\"'<>]+",
    re.IGNORECASE,
)
_MAX_MESSAGE = 200


def redact(text: str) -> str:
    """Cut a provider's message and drop URL query strings and signature-like parameters."""
    text = _URL_QUERY.sub(r"\1?[redacted]", text)
    text = _SECRET_PARAM.sub(r"\1[redacted]", text)
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE] + "..."


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(ms: MaxStudioSettings) -> None:
    """Refuse a base URL that would send the API key in clear over the network."""
    parts = urlsplit(ms.base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"MAXSTUDIO_BASE_URL={ms.base_url!r} is not an http(s) URL")
    if parts.scheme == "http" and not _is_loopback(parts.hostname) and not ms.allow_insecure_http:
        raise ConfigError(
            f"MAXSTUDIO_BASE_URL uses plain http:// to {parts.hostname}: the API key would "
            "cross the network unencrypted; use https:// (or set "
            "MAXSTUDIO_ALLOW_INSECURE_HTTP=true to accept that)"
        )


def s3_hosts() -> set[str]:
    """The configured S3 endpoint's host (a custom endpoint such as MinIO), if any."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    host = urlsplit(endpoint).hostname if endpoint else None
    return {host.lower()} if host else set()


class Retry(Exception):
    """A response worth retrying soon (429/5xx), with the server's Retry-After if it gave one."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def retry_after(resp: httpx.Response) -> float | None:
    """The server's Retry-After in seconds, if it gave a number."""
    value = resp.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def message(resp: httpx.Response) -> str:
    """An error response's message, cut and redacted."""
    try:
        body = resp.json()
        if isinstance(body, dict):
            return redact(str(body.get("message") or body.get("error") or body))
    except ValueError:
        pass
    return redact(resp.text[:2000])


def get_capped(client: httpx.Client, url: str, cap: int) -> httpx.Response | bytes:
    """One GET, no redirect followed: the body (at most cap bytes, streamed; a larger declared
    length refused before any byte is read) or the response to act on."""
    with client.stream("GET", url) as resp:
        if resp.status_code != 200:
            return resp
        declared = resp.headers.get("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            raise ProviderError(
                f"the MaxStudio result ({url.split('?')[0]}) declares {int(declared):,} "
                f"bytes, over AISTUDIO_MAX_DOWNLOAD_BYTES={cap:,}"
            )
        data = bytearray()
        for chunk in resp.iter_bytes():
            data += chunk
            if len(data) > cap:
                raise ProviderError(
                    f"the MaxStudio result ({url.split('?')[0]}) is over "
                    f"AISTUDIO_MAX_DOWNLOAD_BYTES={cap:,} bytes"
                )
        return bytes(data)
