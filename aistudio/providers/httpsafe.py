"""HTTP with bounds: downloads streamed under a size cap, redirects only to known hosts, error
bodies cut and redacted, and no plain http to a host that is not this machine."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import httpx

from aistudio.core.errors import ConfigError, ProviderError

MAX_HOPS = 5
ERROR_CHARS = 200
# A URL's query (presigned signatures, tokens) and bare credentials in a message.
_QUERY = re.compile(r"(https?://[^\s?#\"']+)\?[^\s#\"']*", re.IGNORECASE)
_SECRET = re.compile(
    r"((?:x-amz-signature|x-amz-credential|x-amz-security-token|signature|token|key|"
    r"api[_-]?key|access[_-]?token)=)[^&\s\"']+",
    re.IGNORECASE,
)


def redact(text: str, limit: int = ERROR_CHARS) -> str:
    """A provider's message fit for logs: URL queries and credentials removed, then cut."""
    text = _SECRET.sub(r"\1[redacted]", _QUERY.sub(r"\1?[redacted]", text))
    return text if len(text) <= limit else text[:limit] + "..."


def is_loopback(host: str) -> bool:
    """Whether a host name or address is this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, *, allow_http: bool, setting: str) -> None:
    """Refuse plain http to another machine (the API key would cross the network in clear)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{setting}={url!r}: not an http(s) URL")
    if parts.scheme == "http" and not is_loopback(parts.hostname) and not allow_http:
        raise ConfigError(
            f"{setting}={url!r}: plain http to {parts.hostname} would send the API key in clear; "
            "use https, or set MAXSTUDIO_ALLOW_HTTP=true if this network is trusted"
        )


def download(client: httpx.Client, url: str, *, cap: int, hosts: Iterable[str]) -> bytes:
    """GET url, following redirects only to `hosts` (and url's own), streaming at most cap bytes.

    Raises ProviderError (not retryable) for a redirect elsewhere or a body over the cap, and
    lets httpx's transport errors through for the caller's retries.
    """
    allowed = {h.lower() for h in hosts} | {(urlsplit(url).hostname or "").lower()}
    for _ in range(MAX_HOPS + 1):
        with client.stream("GET", url, follow_redirects=False) as resp:
            if resp.is_redirect:
                target = urljoin(url, resp.headers.get("Location", ""))
                host = (urlsplit(target).hostname or "").lower()
                if host not in allowed:
                    raise ProviderError(
                        f"a result download redirected to {host or '(no host)'}, which is "
                        "neither the provider's nor the storage's host: refused"
                    )
                url = target
                continue
            if resp.status_code != 200:
                raise _status(resp)
            declared = resp.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > cap:
                raise ProviderError(f"a result of {int(declared):,} bytes is over the {cap:,} cap")
            data = bytearray()
            for chunk in resp.iter_bytes():
                data += chunk
                if len(data) > cap:
                    raise ProviderError(f"a result download passed the {cap:,}-byte cap")
            return bytes(data)
    raise ProviderError(f"a result download redirected more than {MAX_HOPS} times")


class DownloadStatus(ProviderError):
    """A download answered with a status other than 200 (the caller decides on retrying)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


def _status(resp: httpx.Response) -> DownloadStatus:
    return DownloadStatus(resp.status_code)
