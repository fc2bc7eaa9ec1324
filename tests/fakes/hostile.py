"""A corpus of malformed and hostile photos (with the rule each breaks), shared by the CLI's
and the API's hostile-input tests."""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import PIL.Image

from tests.fakes.photos import astronaut, png_claiming, variant, write_jpeg

Maker = Callable[[Path], None]


def pil(image: np.ndarray | PIL.Image.Image, fmt: str, **kw: object) -> bytes:
    """Encode a BGR array (or a Pillow image) with Pillow."""
    img = image if isinstance(image, PIL.Image.Image) else PIL.Image.fromarray(image[..., ::-1])
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def face(i: int) -> np.ndarray:
    """A distinct photo of the one public-domain face."""
    return variant(i, 900)


def data(raw: bytes | Callable[[], bytes]) -> Maker:
    return lambda p: p.write_bytes(raw() if callable(raw) else raw)


def half(fmt: str, i: int) -> Maker:
    return data(lambda: (b := pil(face(i), fmt))[: len(b) // 2])


def animated(fmt: str) -> Maker:
    frames = [PIL.Image.fromarray(face(k)[..., ::-1]) for k in (1, 2)]
    return data(lambda: pil(frames[0], fmt, save_all=True, append_images=frames[1:], duration=90))


def gif_claiming(width: int, height: int) -> bytes:
    """A GIF whose screen descriptor claims width x height."""
    return (
        b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0) + b",\0\0\0\0\1\0\1\0\0\2\2D\1\0;"
    )


def symlink_to(target: str | Callable[[Path], Path]) -> Maker:
    def make(p: Path) -> None:
        os.symlink(target(p) if callable(target) else target, p)

    return make


def real_photo(p: Path) -> Path:
    return write_jpeg(p.parent / "linked-original.jpg", face(40))


def symlink_loop(p: Path) -> None:
    os.symlink(p.parent / "loop-b.jpg", p)
    os.symlink(p, p.parent / "loop-b.jpg")


def fifo(p: Path) -> None:
    os.mkfifo(p)


def cmyk(p: Path) -> None:
    p.write_bytes(pil(PIL.Image.fromarray(face(30)[..., ::-1]).convert("CMYK"), "JPEG"))


def png16(p: Path) -> None:
    rgb16 = face(31)[..., ::-1].astype(np.uint16) * 257
    ok, buf = cv2.imencode(".png", rgb16[..., ::-1])
    assert ok
    p.write_bytes(buf.tobytes())


def rgba(p: Path) -> None:
    img = PIL.Image.fromarray(face(32)[..., ::-1]).convert("RGBA")
    img.putalpha(200)
    p.write_bytes(pil(img, "PNG"))


def grey(p: Path) -> None:
    p.write_bytes(pil(PIL.Image.fromarray(face(33)[..., ::-1]).convert("L"), "JPEG"))


# (file name, how to make it, the rule it breaks or None when it must import)
CORPUS: list[tuple[str, Maker, str | None]] = [
    ("empty.jpg", data(b""), "decodes"),
    ("notes.jpg", data(b"shopping list: eggs, milk\n" * 20), "decodes"),
    ("random.png", data(os.urandom(50_000)), "decodes"),
    ("cut.jpg", half("JPEG", 1), "decodes"),
    ("cut.png", half("PNG", 2), "decodes"),
    ("cut.webp", half("WEBP", 3), "decodes"),
    ("cut.tiff", half("TIFF", 4), "decodes"),
    ("cut.bmp", half("BMP", 5), "decodes"),
    ("cut.gif", half("GIF", 6), "decodes"),
    ("garbage-head.jpg", data(lambda: b"\0" * 64 + pil(face(7), "JPEG")[64:]), "decodes"),
    ("document.jpg", data(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), "decodes"),
    (
        "script.jpg",
        data(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"),
        "decodes",
    ),
    ("icon.png", data(lambda: pil(PIL.Image.new("RGB", (32, 32)), "ICO")), "decodes"),
    ("bomb.png", data(png_claiming(40_000, 25_000)), "max-pixels"),
    ("bomb.gif", data(gif_claiming(65_535, 65_535)), "max-pixels"),
    ("huge.png", data(lambda: pil(np.zeros((7100, 7100, 3), np.uint8), "PNG")), "max-pixels"),
    ("strip.jpg", data(lambda: pil(np.full((20, 9000, 3), 90, np.uint8), "JPEG")), "min-side"),
    ("tiny.jpg", data(lambda: pil(astronaut(100), "JPEG")), "min-side"),
    ("noface.jpg", data(lambda: pil(np.full((900, 1200, 3), 128, np.uint8), "JPEG")), "face"),
    ("anim.gif", animated("GIF"), "animated"),
    ("anim.webp", animated("WEBP"), "animated"),
    ("anim.png", animated("PNG"), "animated"),
    ("pages.tiff", animated("TIFF"), "animated"),
    ("markers-only.jpg", data(b"\xff\xd8\xff\xd9"), "decodes"),
    ("dangling.jpg", symlink_to("/nonexistent/photo.jpg"), "readable"),
    ("loop-a.jpg", symlink_loop, "readable"),
    ("passwd.jpg", symlink_to("/etc/passwd"), "decodes"),
    ("pipe.jpg", fifo, "readable"),
    ("line\nbreak.jpg", data(b"not an image"), "decodes"),
    ("photo\u202egpj.exe", half("JPEG", 8), "decodes"),
    ("-rf.jpg", data(lambda: pil(face(9), "JPEG")), None),
    ("$(touch pwned);.jpg", data(lambda: pil(face(10), "JPEG")), None),
    ("x" * 200 + ".jpg", data(lambda: pil(face(11), "JPEG")), None),
    ("really-a-png.jpg", data(lambda: pil(face(12), "PNG")), None),
    ("really-a-jpeg.png", data(lambda: pil(face(13), "JPEG")), None),
    ("link.jpg", symlink_to(real_photo), None),
    ("cmyk.jpg", cmyk, None),
    ("sixteen-bit.png", png16, None),
    ("alpha.png", rgba, None),
    ("grey.jpg", grey, None),
    ("photo.webp", data(lambda: pil(face(14), "WEBP", quality=90)), None),
    ("photo.tiff", data(lambda: pil(face(15), "TIFF")), None),
]


def build(folder: Path) -> list[tuple[str, Path, str | None]]:
    """Make every corpus entry in folder: (name, path, rule or None when it must import)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name, make, rule in CORPUS:
        make(folder / name)
        made.append((name, folder / name, rule))
    return made
