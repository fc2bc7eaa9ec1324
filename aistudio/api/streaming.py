"""Request bodies streamed to files under <home>/uploads/ as they arrive, within size caps:
never spooled whole in memory or on disk before a route can refuse them."""

from __future__ import annotations

import logging
import re
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

from python_multipart import MultipartParser
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import parse_options_header
from starlette.requests import ClientDisconnect, Request

from aistudio.core.errors import TooLarge, UserError, printable
from aistudio.core.fs import UPLOADS

log = logging.getLogger(__name__)

FIELD_MAX = 4096  # a text field (role, scopes, subject): anything longer is not one of ours
FIELDS_MAX = 16
# What one part may add to its file: boundary, Content-Disposition with a long file name, type.
PART_OVERHEAD = 8192


class CutOff(UserError):
    """The request body ended (or the client left) before the end of the multipart form."""


@dataclass
class Part:
    """A file part: the client's file name and where its bytes are."""

    filename: str
    path: Path
    size: int = 0


@dataclass
class Form:
    """A multipart form read to the end: its file parts, on disk, and its text fields."""

    folder: Path
    files: list[Part] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    def remove(self) -> None:
        """Delete the parts' folder (the form's files are temporary)."""
        shutil.rmtree(self.folder, ignore_errors=True)


def upload_folder(home: Path) -> Path:
    """A new, empty folder for one request's parts under <home>/uploads/."""
    folder = home / UPLOADS / uuid.uuid4().hex
    folder.mkdir(parents=True)
    return folder


def sweep_forms(home: Path, *, older_than: float = 86_400) -> int:
    """Remove request folders left under <home>/uploads/ by a server that died mid-request;
    returns how many (a live request's folder is minutes old; .part files are resumable)."""
    root = home / UPLOADS
    cutoff = time.time() - older_than
    swept = 0
    for folder in root.iterdir() if root.is_dir() else ():
        if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            swept += 1
    if swept:
        log.info("removed %d request folders left in %s", swept, root)
    return swept


def longest_form(max_bytes: int, max_files: int) -> int:
    """The largest body a form within the caps can be (what Content-Length may declare)."""
    return max_files * (max_bytes + PART_OVERHEAD) + FIELDS_MAX * (FIELD_MAX + PART_OVERHEAD)


def declared_length(request: Request) -> int | None:
    """The body's Content-Length, or None when it is sent chunked."""
    value = request.headers.get("content-length")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise UserError(f"Content-Length {value!r} is not a number of bytes") from None


def _disposition(value: bytes) -> tuple[str, str | None]:
    kind, options = parse_options_header(value)
    if kind != b"form-data" or b"name" not in options:
        raise UserError("each multipart part needs Content-Disposition: form-data; name=...")
    name = options[b"name"].decode("utf-8", "replace")
    filename = options.get(b"filename")
    return name, None if filename is None else filename.decode("utf-8", "replace")


class _FormWriter:
    """The parser's callbacks: file parts to numbered files, text fields to memory, caps kept."""

    def __init__(self, form: Form, file_fields: frozenset[str], max_bytes: int, max_files: int):
        self.form = form
        self.file_fields = file_fields
        self.max_bytes = max_bytes
        self.max_files = max_files
        self.headers: dict[bytes, bytes] = {}
        self.header_field = b""
        self.header_value = b""
        self.out: BinaryIO | None = None
        self.part: Part | None = None
        self.field: tuple[str, bytearray] | None = None
        self.ended = False

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": self.header_field_data,
            "on_header_value": self.header_value_data,
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
            "on_end": self.end,
        }

    def part_begin(self) -> None:
        self.headers = {}

    def header_field_data(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def header_value_data(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def header_end(self) -> None:
        self.headers[self.header_field.lower()] = self.header_value
        self.header_field = self.header_value = b""

    def headers_finished(self) -> None:
        name, filename = _disposition(self.headers.get(b"content-disposition", b""))
        if name in self.file_fields:
            if filename is None:
                raise UserError(f"part {name!r} must be a file (it has no filename)")
            if len(self.form.files) >= self.max_files:
                raise TooLarge(f"at most {self.max_files} files per request; send the rest next")
            # The client's name never becomes a path: the part is stored under its number
            # (with the name's suffix when it is a plain one: a release keeps its .pdf).
            suffix = Path(filename or "").suffix.lower()
            if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
                suffix = ".upload"
            path = self.form.folder / f"{len(self.form.files) + 1:04d}{suffix}"
            self.part = Part(filename=filename or "(unnamed)", path=path)
            self.form.files.append(self.part)
            self.out = path.open("xb")
        else:
            if len(self.form.fields) >= FIELDS_MAX:
                raise UserError(f"at most {FIELDS_MAX} form fields")
            self.field = (name, bytearray())

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self.part is not None and self.out is not None:
            self.part.size += end - start
            if self.part.size > self.max_bytes:
                raise TooLarge(
                    f"{printable(self.part.filename)}: over the {self.max_bytes} byte cap "
                    "for one file"
                )
            self.out.write(data[start:end])
        elif self.field is not None:
            self.field[1].extend(data[start:end])
            if len(self.field[1]) > FIELD_MAX:
                raise TooLarge(f"form field {self.field[0]!r} is over {FIELD_MAX} bytes")

    def part_end(self) -> None:
        self.close()
        self.part = None
        if self.field is not None:
            self.form.fields[self.field[0]] = self.field[1].decode("utf-8", "replace")
            self.field = None

    def end(self) -> None:
        self.ended = True

    def close(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None


async def read_form(
    request: Request,
    home: Path,
    *,
    file_fields: frozenset[str],
    max_bytes: int,
    max_files: int,
) -> Form:
    """Stream a multipart/form-data body: file parts (named in file_fields) to files in a new
    folder under <home>/uploads/, text fields to memory. Over a cap: TooLarge, before more is
    read (a Content-Length over what the caps allow is refused before any of it). On any
    failure, a client that leaves included, the folder is removed: nothing half-written stays."""
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise UserError("send the files as multipart/form-data (with a boundary)")
    length = declared_length(request)
    allowed = longest_form(max_bytes, max_files)
    if length is not None and length > allowed:
        raise TooLarge(
            f"Content-Length {length} is over the {allowed} bytes {max_files} files of at "
            f"most {max_bytes} bytes can take; send fewer or smaller files per request"
        )
    form = Form(folder=upload_folder(home))
    writer = _FormWriter(form, file_fields, max_bytes, max_files)
    parser = MultipartParser(options[b"boundary"], writer.callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in request.stream():
            # Local disk writes of one network chunk are short; the event loop carries on.
            try:
                parser.write(chunk)
            except MultipartParseError as exc:
                raise UserError(f"malformed multipart body: {exc}") from None
        parser.finalize()
        if not writer.ended:
            raise CutOff("the multipart body ended before its closing boundary; send it again")
    except ClientDisconnect:
        log.info("client left mid-upload; removed its %d partial files", len(form.files))
        writer.close()
        form.remove()
        raise CutOff("the client left before the upload ended; nothing was kept") from None
    except BaseException:
        writer.close()
        form.remove()
        raise
    return form


async def append_body(request: Request, out: IO[bytes], *, room: int) -> int:
    """Append the raw request body to out, at most room bytes (more: TooLarge; the caller
    drops this body's bytes); a client that leaves keeps what arrived. Returns bytes written."""
    written = 0
    try:
        async for chunk in request.stream():
            if written + len(chunk) > room:
                raise TooLarge(f"the body is over the {room} bytes this upload has left")
            out.write(chunk)
            written += len(chunk)
    except ClientDisconnect:
        log.info("client left mid-chunk after %d bytes; they are kept", written)
    finally:
        out.flush()
    return written
