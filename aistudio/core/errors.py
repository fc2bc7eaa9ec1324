"""The studio's one exception tree.

Every error the library raises on purpose derives from ``StudioError``. The class says two things
that callers act on:

- ``retryable``: whether trying the same operation again may succeed (Prefect's retry condition and
  the provider clients read this flag; nothing else decides what is retried).
- ``exit_code``: what the CLI exits with. ``UserError`` (2) means the user can fix the input;
  the CLI prints one line and no traceback.

::

    StudioError
    ├── UserError                      exit 2, never retried
    │   ├── InvalidName                a model name, trigger or class word that breaks its rule
    │   ├── UnsafePath                 a path that would leave its folder, or an input refused
    │   ├── NotFound                   no such object (or not yours): the API answers 404
    │   │   └── ModelNotFound
    │   ├── Conflict                   exists already, or a reused idempotency key: 409
    │   │   └── ModelExists
    │   ├── AuthError                  not signed in, a bad password or key: 401
    │   ├── Forbidden                  signed in, but the key's scopes or role do not allow it
    │   ├── RateLimited                too many requests or failed sign-ins: wait retry_after s
    │   ├── TooLarge                   an upload over its size or file-count cap: 413
    │   ├── ImageRejected              a photo failed a validation rule (names file and rule)
    │   ├── ConsentError               no consent record, wrong scope, revoked
    │   ├── BudgetExceeded             the estimate is over the budget
    │   ├── ConfigError                bad settings or config.json
    │   └── OutputNotWritable          a read-only results folder or a full disk
    ├── BudgetReached                  a running job hit its budget; the pair is skipped, not failed
    ├── ProviderError                  a swap/enhance engine failed
    │   └── TransientProviderError     timeouts, 429, 5xx: retryable
    └── StorageError                   S3: missing bucket, bad credentials, access denied
        └── TransientStorageError      endpoint down, throttling, 5xx: retryable
"""

from __future__ import annotations


class StudioError(Exception):
    """Base of every error the studio raises on purpose."""

    retryable: bool = False
    exit_code: int = 1


class UserError(StudioError):
    """A mistake the user can fix: bad input, missing consent, unknown model."""

    exit_code = 2


class InvalidName(UserError):
    """A model name that is not a safe slug."""


class UnsafePath(UserError):
    """A path that resolves outside the folder it must stay in, or an input the mode refuses."""


class NotFound(UserError):
    """No such object, or one the caller may not see (the API never says which)."""


class ModelNotFound(NotFound):
    """No model of that name in the studio."""


class Conflict(UserError):
    """The object exists already, or the request contradicts an earlier one."""


class ModelExists(Conflict):
    """A model of that name already exists."""


class AuthError(UserError):
    """Not signed in, or a wrong password or key."""


class Forbidden(UserError):
    """Signed in, but not allowed: a key without the scope, a member asking for admin work."""


class RateLimited(UserError):
    """Too many requests, or too many failed sign-ins: try again after retry_after seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class TooLarge(UserError):
    """An upload over the size or file-count cap: refused before more of it is read."""


class ImageRejected(UserError):
    """An image failed a validation rule."""

    def __init__(self, path: str, rule: str, detail: str) -> None:
        self.path = path
        self.rule = rule
        self.detail = detail
        super().__init__(f"{printable(path)}: {detail} [rule: {rule}]")


def printable(text: str) -> str:
    """Text for a one-line message: newlines, controls and bidi overrides escaped."""
    # A file name may hold any of these; printed raw they split or disguise the line.
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


class ConsentError(UserError):
    """The model's consent record does not allow this work."""


class BudgetExceeded(UserError):
    """The cost estimate is over the budget, so the run is refused."""


class ConfigError(UserError):
    """Settings or a model's config.json are invalid."""


class OutputNotWritable(UserError):
    """Results cannot be stored: a read-only folder or a full disk."""


class BudgetReached(StudioError):
    """A running job reached its budget; remaining work is skipped."""


class ProviderError(StudioError):
    """A swap or enhance engine failed for a reason retrying will not fix."""


class TransientProviderError(ProviderError):
    """A provider failure that may pass: timeouts, throttling, server errors."""

    retryable = True


class StorageError(StudioError):
    """Object storage refused or failed; local files are kept either way."""


class TransientStorageError(StorageError):
    """A storage failure that may pass: endpoint down, throttling, server errors."""

    retryable = True


def is_retryable(exc: BaseException) -> bool:
    """Whether an exception is worth retrying (only studio errors that say so)."""
    return isinstance(exc, StudioError) and exc.retryable
