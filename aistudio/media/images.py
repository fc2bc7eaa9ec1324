"""Safe image loading: bounded, fully decoded, upright, 8-bit BGR; and size-capped JPEG output."""

from __future__ import annotations

import io
import stat
import struct
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import PIL.Image
import PIL.ImageOps
from numpy.typing import NDArray

from aistudio.core.errors import ImageRejected
from aistudio.media.faces import Image

# Photo formats only: Pillow also opens EPS (which runs Ghostscript), PSD, ICNS, FITS and more,
# none of which belong in a face dataset.
_PHOTO_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "BMP", "GIF", "AVIF", "HEIF")
_FORMAT_HINT = "JPEG, PNG, WebP, TIFF, BMP, GIF or AVIF"

# Everything Pillow may raise on a hostile or broken file; fuzzing has shown all of these.
_PILLOW_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    struct.error,
)

JPEG_QUALITIES = (95, 90, 85, 80, 75, 70)

# warnings.catch_warnings swaps process-wide state, so concurrent decodes must not interleave
# their enter/exit (a thread could otherwise restore filters under another one mid-decode).
_quiet_lock = threading.Lock()


@contextmanager
def _pillow_quiet() -> Iterator[None]:
    """Silence Pillow's advisory warnings (bomb size, corrupt EXIF) while decoding one image."""
    with _quiet_lock, warnings.catch_warnings():
        # Our own max-pixels rule replaces DecompressionBombWarning; the rest are about metadata
        # we do not use, and under -W error they would turn into tracebacks.
        warnings.filterwarnings("ignore", module=r"PIL\.")
        warnings.filterwarnings("ignore", category=PIL.Image.DecompressionBombWarning)
        yield


@cache
def _formats() -> tuple[str, ...]:
    """The photo formats this Pillow build can open (optional plugins may be missing)."""
    PIL.Image.init()
    # Image.open raises KeyError (not "unidentified") for a format that is not registered.
    return tuple(f for f in _PHOTO_FORMATS if f in PIL.Image.OPEN)


def decode_image(data: bytes, name: str, max_pixels: int) -> Image:
    """Decode image bytes into an upright 8-bit BGR array, or raise ImageRejected."""
    if not data:
        raise ImageRejected(name, "decodes", "empty file; re-download or re-export the photo")
    with _pillow_quiet():
        try:
            img = PIL.Image.open(io.BytesIO(data), formats=_formats())
        except PIL.Image.DecompressionBombError:
            # Raised from the header alone, past twice Pillow's own limit: nothing was allocated.
            limit = 2 * (PIL.Image.MAX_IMAGE_PIXELS or 0)
            raise ImageRejected(
                name,
                "max-pixels",
                f"declared size is over {limit:,} pixels; downscale the image",
            ) from None
        except PIL.UnidentifiedImageError:
            raise ImageRejected(
                name,
                "decodes",
                f"not a supported image ({_FORMAT_HINT}); re-save it as JPEG",
            ) from None
        except _PILLOW_ERRORS as exc:
            raise _corrupt(name, exc) from None
        with img:
            width, height = img.size
            # The header's size, checked before a single pixel buffer exists.
            if width * height > max_pixels:
                raise ImageRejected(
                    name,
                    "max-pixels",
                    f"{width}x{height} is {width * height:,} pixels, over the limit of "
                    f"{max_pixels:,}; downscale the image",
                )
            try:
                animated = bool(getattr(img, "is_animated", False))
                # Phones store MPO (a JPEG plus depth or preview frames); its first frame is the
                # photo. Animations have no single frame that stands for the file.
                if animated and img.format != "MPO":
                    raise ImageRejected(
                        name,
                        "animated",
                        f"animated or multi-frame {img.format}; use a single still photo",
                    )
                # A full decode: truncated data raises here (LOAD_TRUNCATED_IMAGES stays off).
                img.load()
            except _PILLOW_ERRORS as exc:
                raise _corrupt(name, exc) from None
            # Broken EXIF metadata is common after editing and the pixels are still good, so a
            # failure here keeps the stored orientation rather than rejecting the photo.
            with suppress(*_PILLOW_ERRORS):
                # Phones store portrait shots sideways plus an EXIF flag; detection needs upright.
                PIL.ImageOps.exif_transpose(img, in_place=True)
            try:
                rgb = _to_rgb8(img)
            except _PILLOW_ERRORS as exc:
                raise ImageRejected(
                    name,
                    "decodes",
                    f"unsupported colour mode {img.mode} ({exc}); re-save it as an RGB JPEG",
                ) from None
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    return np.ascontiguousarray(bgr, dtype=np.uint8)


def _corrupt(name: str, exc: BaseException) -> ImageRejected:
    """The rejection for data Pillow could not decode."""
    reason = str(exc) or type(exc).__name__
    return ImageRejected(
        name,
        "decodes",
        f"corrupt or truncated image ({reason}); re-download or re-export the photo",
    )


def _to_rgb8(img: PIL.Image.Image) -> NDArray[np.uint8]:
    """Any Pillow mode as an HxWx3 uint8 RGB array; transparency is flattened onto white."""
    mode = img.mode
    if mode in ("I", "F") or mode.startswith("I;16"):
        grey = _scale_to_8bit(np.asarray(img), mode)
        return np.repeat(grey[:, :, None], 3, axis=2)
    if mode == "1":
        img = img.convert("L")
        mode = "L"
    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        mode in ("P", "L", "RGB") and "transparency" in img.info
    )
    if has_alpha:
        # Converting P/L/RGB with tRNS straight to RGB warns and drops the transparency; going
        # through RGBA keeps it, and white matches how viewers show transparent photos.
        rgba = img.convert("RGBA")
        white = PIL.Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        rgb = PIL.Image.alpha_composite(white, rgba).convert("RGB")
    else:
        # CMYK, YCbCr, LAB, HSV, P and L all have a Pillow conversion to RGB.
        rgb = img if mode == "RGB" else img.convert("RGB")
    return np.asarray(rgb, dtype=np.uint8)


def _scale_to_8bit(arr: NDArray[np.generic], mode: str) -> NDArray[np.uint8]:
    """Map 16-bit, 32-bit integer or float greyscale onto 0..255 by range, never by clipping."""
    values = arr.astype(np.float64)
    if mode.startswith("I;16"):
        full = 65535.0
    else:
        lo, hi = float(values.min()), float(values.max())
        if mode == "F" and lo >= 0.0 and hi <= 1.0:
            full = 1.0
        elif lo >= 0.0 and hi <= 255.0:
            full = 255.0
        elif lo >= 0.0 and hi <= 65535.0:
            # Mode I usually carries 16-bit samples (older Pillow opened 16-bit PNGs this way).
            full = 65535.0
        else:
            # No known scale: stretch the actual range.
            values = values - lo
            full = max(hi - lo, 1e-12)
    return np.clip(np.rint(values * (255.0 / full)), 0, 255).astype(np.uint8)


# No photo file needs more: a 40 MP image (the pixel limit) as a 16-bit TIFF is about 240 MB.
MAX_FILE_BYTES = 256_000_000


def load_image(path: Path, max_pixels: int, max_bytes: int = MAX_FILE_BYTES) -> tuple[Image, bytes]:
    """Read a file (never modifying it) and decode it; returns the BGR image and the raw bytes."""
    data = _read(path, max_bytes)
    return decode_image(data, str(path), max_pixels), data


def load_stored_image(path: Path, max_pixels: int) -> tuple[Image, bytes]:
    """Like load_image, for a JPEG the studio wrote itself: OpenCV decodes straight to BGR,
    3-4x faster than Pillow's checked path (whose pixel copy alone costs more than its decode)."""
    data = _read(path, MAX_FILE_BYTES)
    # A stored JPEG that ends early (a damaged disk) takes the checked path, which says so; so
    # does anything OpenCV cannot read. Studio files carry no EXIF orientation to apply.
    if data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9":
        with suppress(cv2.error):
            image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
            if image is not None and image.shape[0] * image.shape[1] <= max_pixels:
                return np.asarray(image, dtype=np.uint8), data
    return decode_image(data, str(path), max_pixels), data


def _read(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, or ImageRejected that says why they cannot be read (or are too many:
    the size is checked before a byte is read, and the read stops at the limit)."""
    name = str(path)
    try:
        # stat follows symlinks; refusing non-regular files keeps us from blocking on a FIFO or
        # reading a device such as /dev/zero forever.
        if path.is_dir():
            raise ImageRejected(name, "readable", "is a folder; give the path of an image file")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ImageRejected(name, "readable", "not a regular file; give an image file")
        too_big = ImageRejected(
            name, "file_size", f"over {max_bytes:,} bytes, too large to read as a photo"
        )
        if info.st_size > max_bytes:
            raise too_big
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # a file that grew since: still bounded
        if len(data) > max_bytes:
            raise too_big
        return data
    except FileNotFoundError:
        raise ImageRejected(name, "readable", "no such file; check the path") from None
    except PermissionError:
        raise ImageRejected(
            name,
            "readable",
            "permission denied; make the file readable",
        ) from None
    except OSError as exc:
        raise ImageRejected(
            name,
            "readable",
            f"cannot read the file ({exc.strerror or exc}); check the path",
        ) from None


def encode_jpeg(image: Image, quality: int = 95) -> bytes:
    """Encode a BGR image as baseline JPEG (no metadata is written, so no GPS leaks out)."""
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError(f"JPEG encoding failed for an array of shape {image.shape}")
    return buf.tobytes()


def encode_jpeg_within(image: Image, max_bytes: int, name: str) -> bytes:
    """JPEG at the highest quality in JPEG_QUALITIES that fits max_bytes, or ImageRejected."""
    size = 0
    for quality in JPEG_QUALITIES:
        data = encode_jpeg(image, quality)
        size = len(data)
        if size <= max_bytes:
            return data
    raise ImageRejected(
        name,
        "max-bytes",
        f"{size:,} bytes even as JPEG quality {JPEG_QUALITIES[-1]}, over the limit of "
        f"{max_bytes:,}; downscale the image",
    )
