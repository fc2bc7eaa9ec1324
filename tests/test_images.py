"""Safe image loading and JPEG output; every input is built here from skimage or arrays."""

from __future__ import annotations

import io
import os
import time
import warnings
from pathlib import Path

import cv2
import numpy as np
import PIL.Image
import pytest
from numpy.typing import NDArray
from skimage import data

from aistudio.core.errors import ImageRejected
from aistudio.ingest.importer import create_model, import_photos
from aistudio.media.images import (
    decode_image,
    encode_jpeg,
    encode_jpeg_within,
    load_image,
    load_stored_image,
)
from aistudio.studio import Studio
from tests.fakes.photos import png_claiming

MAX_PIXELS = 40_000_000


@pytest.fixture(scope="module")
def astronaut_rgb() -> NDArray[np.uint8]:
    """The public-domain astronaut photo (one face), upscaled to 1024x1024 RGB."""
    rgb = np.asarray(data.astronaut(), dtype=np.uint8)  # type: ignore[no-untyped-call]
    return np.asarray(cv2.resize(rgb, (1024, 1024), interpolation=cv2.INTER_CUBIC), np.uint8)


def pil_bytes(img: PIL.Image.Image, fmt: str, **kw: object) -> bytes:
    """Save a Pillow image to bytes."""
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def rejected(excinfo: pytest.ExceptionInfo[ImageRejected], rule: str, name: str) -> None:
    """Assert the rule and that the message names the file."""
    assert excinfo.value.rule == rule
    assert name in str(excinfo.value)
    assert f"[rule: {rule}]" in str(excinfo.value)


# --- valid inputs ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_valid_image_loads_as_bgr(
    tmp_path: Path, astronaut_rgb: NDArray[np.uint8], fmt: str
) -> None:
    path = tmp_path / f"astro.{fmt.lower()}"
    raw = pil_bytes(PIL.Image.fromarray(astronaut_rgb), fmt, quality=95)
    path.write_bytes(raw)
    mtime = path.stat().st_mtime_ns

    image, got = load_image(path, MAX_PIXELS)

    assert got == raw
    assert image.shape == (1024, 1024, 3)
    assert image.dtype == np.uint8
    assert image.flags["C_CONTIGUOUS"]
    # BGR: channel order reversed compared with the RGB source.
    diff = np.abs(image[:, :, ::-1].astype(int) - astronaut_rgb.astype(int)).mean()
    assert diff < (3 if fmt == "JPEG" else 0.01)
    assert path.read_bytes() == raw and path.stat().st_mtime_ns == mtime  # never modified


def test_symlink_is_read(tmp_path: Path, astronaut_rgb: NDArray[np.uint8]) -> None:
    real = tmp_path / "real.png"
    real.write_bytes(pil_bytes(PIL.Image.fromarray(astronaut_rgb[:64, :64]), "PNG"))
    link = tmp_path / "link.png"
    link.symlink_to(real)
    image, _ = load_image(link, MAX_PIXELS)
    assert image.shape == (64, 64, 3)


def test_exif_orientation_6_is_applied() -> None:
    # Stored 300 wide x 200 high, red block at the stored top-left; orientation 6 means
    # "rotate 90 degrees clockwise to display", so it becomes 200 wide x 300 high, block top-right.
    stored = np.zeros((200, 300, 3), np.uint8)
    stored[:50, :50] = (255, 0, 0)
    exif = PIL.Image.Exif()
    exif[0x0112] = 6
    raw = pil_bytes(PIL.Image.fromarray(stored), "JPEG", quality=95, exif=exif.tobytes())

    image = decode_image(raw, "rotated.jpg", MAX_PIXELS)

    assert image.shape == (300, 200, 3)
    top_right = image[:40, -40:].mean(axis=(0, 1))  # BGR
    assert top_right[2] > 200 and top_right[0] < 50
    assert image[:40, :40].mean() < 30


def test_mpo_uses_first_frame() -> None:
    first = np.full((32, 48, 3), (0, 0, 255), np.uint8)
    second = np.full((32, 48, 3), (0, 255, 0), np.uint8)
    frames = [PIL.Image.fromarray(first), PIL.Image.fromarray(second)]
    raw = pil_bytes(frames[0], "MPO", save_all=True, append_images=frames[1:])
    assert PIL.Image.open(io.BytesIO(raw)).format == "MPO"

    image = decode_image(raw, "phone.jpg", MAX_PIXELS)

    assert image.shape == (32, 48, 3)
    assert image[..., 0].mean() > 200  # blue (BGR channel 0) from the first frame


# --- colour modes ---------------------------------------------------------------------------


def test_cmyk_jpeg_converted(astronaut_rgb: NDArray[np.uint8]) -> None:
    small = astronaut_rgb[::4, ::4].copy()
    raw = pil_bytes(PIL.Image.fromarray(small).convert("CMYK"), "JPEG", quality=95)
    assert PIL.Image.open(io.BytesIO(raw)).mode == "CMYK"

    image = decode_image(raw, "cmyk.jpg", MAX_PIXELS)

    assert image.shape == (256, 256, 3)
    assert np.abs(image[:, :, ::-1].astype(int) - small.astype(int)).mean() < 6


def test_16bit_greyscale_png_is_scaled_not_clipped() -> None:
    grey16 = np.linspace(0, 65535, 128 * 256).reshape(128, 256).astype(np.uint16)
    raw = pil_bytes(PIL.Image.fromarray(grey16), "PNG")
    assert PIL.Image.open(io.BytesIO(raw)).mode.startswith("I;16")

    image = decode_image(raw, "grey16.png", MAX_PIXELS)

    assert image.shape == (128, 256, 3)
    assert image.min() <= 1 and image.max() >= 254
    assert (image[..., 0] == image[..., 2]).all()
    # Mid-grey stays mid-grey (clipping would have made almost everything 255).
    assert 120 <= int(image[64, 128, 0]) <= 135


def test_16bit_rgb_png_keeps_its_colours(astronaut_rgb: NDArray[np.uint8]) -> None:
    small = astronaut_rgb[::8, ::8]
    rgb16 = small.astype(np.uint16) * 257
    ok, buf = cv2.imencode(".png", np.ascontiguousarray(rgb16[:, :, ::-1]))
    assert ok

    image = decode_image(buf.tobytes(), "rgb16.png", MAX_PIXELS)

    assert np.array_equal(image[:, :, ::-1], small)


def test_rgba_png_flattened_onto_white() -> None:
    rgba = np.zeros((40, 60, 4), np.uint8)
    rgba[:, :30] = (0, 0, 255, 255)  # opaque blue on the left, fully transparent on the right
    raw = pil_bytes(PIL.Image.fromarray(rgba, "RGBA"), "PNG")

    image = decode_image(raw, "alpha.png", MAX_PIXELS)

    assert image.shape == (40, 60, 3)
    assert (image[:, 30:] == 255).all()
    assert (image[:, :30] == (255, 0, 0)).all()  # BGR blue


def test_palette_png_with_transparency(recwarn: pytest.WarningsRecorder) -> None:
    pal = PIL.Image.new("P", (20, 20), 0)
    pal.putpalette([0, 0, 0, 200, 10, 10] + [0] * 762)
    pal.paste(1, (0, 0, 10, 20))  # left half index 1 (red); right half index 0 (transparent)
    raw = pil_bytes(pal, "PNG", transparency=0)

    image = decode_image(raw, "palette.png", MAX_PIXELS)

    assert (image[:, 10:] == 255).all()
    assert (image[:, :10] == (10, 10, 200)).all()
    assert not recwarn.list


def test_greyscale_and_bilevel() -> None:
    grey = PIL.Image.fromarray(np.tile(np.arange(256, dtype=np.uint8), (4, 1)))
    image = decode_image(pil_bytes(grey, "PNG"), "grey.png", MAX_PIXELS)
    assert image.shape == (4, 256, 3) and image[0, 255, 1] == 255
    bilevel = grey.convert("1")
    image = decode_image(pil_bytes(bilevel, "PNG"), "bw.png", MAX_PIXELS)
    assert set(np.unique(image)) <= {0, 255}


# --- rejections -----------------------------------------------------------------------------


def test_truncated_jpeg(tmp_path: Path, astronaut_rgb: NDArray[np.uint8]) -> None:
    raw = pil_bytes(PIL.Image.fromarray(astronaut_rgb), "JPEG", quality=90)
    path = tmp_path / "half.jpg"
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ImageRejected) as exc:
        load_image(path, MAX_PIXELS)
    rejected(exc, "decodes", "half.jpg")
    assert "truncated" in str(exc.value)


def test_jpeg_with_garbage_header(astronaut_rgb: NDArray[np.uint8]) -> None:
    raw = pil_bytes(PIL.Image.fromarray(astronaut_rgb[:128, :128]), "JPEG")
    noise = np.random.default_rng(0).integers(0, 256, 200, dtype=np.uint8).tobytes()
    with pytest.raises(ImageRejected) as exc:
        decode_image(noise + raw[200:], "garbage.jpg", MAX_PIXELS)
    rejected(exc, "decodes", "garbage.jpg")


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    with pytest.raises(ImageRejected) as exc:
        load_image(path, MAX_PIXELS)
    rejected(exc, "decodes", "empty.jpg")
    assert "empty" in exc.value.detail


def test_text_file_named_jpg(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("these are not the pixels you are looking for\n" * 20)
    with pytest.raises(ImageRejected) as exc:
        load_image(path, MAX_PIXELS)
    rejected(exc, "decodes", "notes.jpg")


def test_non_photo_format_refused() -> None:
    # Pillow can read ICO, but nothing outside the photo formats gets near the decoder.
    raw = pil_bytes(PIL.Image.new("RGB", (32, 32), (1, 2, 3)), "ICO")
    with pytest.raises(ImageRejected) as exc:
        decode_image(raw, "icon.ico", MAX_PIXELS)
    rejected(exc, "decodes", "icon.ico")


@pytest.mark.parametrize(
    ("width", "height", "max_pixels"),
    [
        (40_000, 25_000, MAX_PIXELS),  # 1e9: past Pillow's DecompressionBombError limit too
        (10_000, 10_000, MAX_PIXELS),  # 1e8: where Pillow would only warn
        (40_000, 25_000, 10**12),  # our limit is looser than Pillow's: still max-pixels
        (8_000, 6_000, MAX_PIXELS),  # 4.8e7: under Pillow's limits, over ours
    ],
)
def test_pixel_bomb_rejected_from_header(width: int, height: int, max_pixels: int) -> None:
    raw = png_claiming(width, height)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with pytest.raises(ImageRejected) as exc:
            decode_image(raw, "bomb.png", max_pixels)
    assert time.perf_counter() - start < 0.5
    rejected(exc, "max-pixels", "bomb.png")
    assert seen == []
    # No Pillow exception shows up chained in a traceback.
    assert exc.value.__cause__ is None
    assert exc.value.__context__ is None or exc.value.__suppress_context__


def test_max_pixels_boundary(astronaut_rgb: NDArray[np.uint8]) -> None:
    raw = pil_bytes(PIL.Image.fromarray(astronaut_rgb[:100, :80]), "PNG")
    assert decode_image(raw, "ok.png", 8000).shape == (100, 80, 3)
    with pytest.raises(ImageRejected) as exc:
        decode_image(raw, "big.png", 7999)
    rejected(exc, "max-pixels", "big.png")


@pytest.mark.parametrize("fmt", ["GIF", "PNG", "WEBP"])
def test_animation_rejected(fmt: str) -> None:
    frames = [PIL.Image.new("RGB", (64, 64), c) for c in ((255, 0, 0), (0, 0, 255))]
    raw = pil_bytes(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100)
    with pytest.raises(ImageRejected) as exc:
        decode_image(raw, f"anim.{fmt.lower()}", MAX_PIXELS)
    rejected(exc, "animated", f"anim.{fmt.lower()}")


def test_single_frame_gif_accepted() -> None:
    raw = pil_bytes(PIL.Image.new("RGB", (64, 48), (0, 255, 0)), "GIF")
    image = decode_image(raw, "still.gif", MAX_PIXELS)
    assert image.shape == (48, 64, 3) and image[..., 1].min() == 255


def test_missing_path_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ImageRejected) as exc:
        load_image(tmp_path / "nope.jpg", MAX_PIXELS)
    rejected(exc, "readable", "nope.jpg")
    folder = tmp_path / "folder.jpg"
    folder.mkdir()
    with pytest.raises(ImageRejected) as exc:
        load_image(folder, MAX_PIXELS)
    rejected(exc, "readable", "folder.jpg")


def test_fifo_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    with pytest.raises(ImageRejected) as exc:
        load_image(fifo, MAX_PIXELS)  # would block forever if opened
    rejected(exc, "readable", "pipe.jpg")


# --- JPEG output ----------------------------------------------------------------------------


def test_encode_jpeg_round_trip(astronaut_rgb: NDArray[np.uint8]) -> None:
    bgr = np.ascontiguousarray(astronaut_rgb[:, :, ::-1])
    raw = encode_jpeg(bgr)
    assert raw[:2] == b"\xff\xd8"
    back = decode_image(raw, "out.jpg", MAX_PIXELS)
    assert np.abs(back.astype(int) - bgr.astype(int)).mean() < 3


def test_encode_jpeg_within_lowers_quality_to_fit() -> None:
    noise = np.random.default_rng(1).integers(0, 256, (256, 256, 3), dtype=np.uint8)
    at_95, at_80 = len(encode_jpeg(noise, 95)), len(encode_jpeg(noise, 80))
    assert at_80 < at_95

    fitted = encode_jpeg_within(noise, at_80, "noise.jpg")

    assert len(fitted) <= at_80
    assert fitted == encode_jpeg(noise, 80)  # the best quality that fits, not a lower one
    assert encode_jpeg_within(noise, at_95, "noise.jpg") == encode_jpeg(noise, 95)


def test_encode_jpeg_within_gives_up(astronaut_rgb: NDArray[np.uint8]) -> None:
    bgr = np.ascontiguousarray(astronaut_rgb[:, :, ::-1])
    with pytest.raises(ImageRejected) as exc:
        encode_jpeg_within(bgr, 1000, "huge.jpg")
    rejected(exc, "max-bytes", "huge.jpg")
    assert f"{len(encode_jpeg(bgr, 70)):,} bytes" in exc.value.detail


# --- the studio's own files -----------------------------------------------------------------


def test_a_stored_jpeg_decodes_to_the_same_pixels(
    tmp_path: Path, astronaut_rgb: NDArray[np.uint8]
) -> None:
    path = tmp_path / "stored.jpg"
    path.write_bytes(encode_jpeg(np.ascontiguousarray(astronaut_rgb[:, :, ::-1]), 92))
    fast, raw = load_stored_image(path, MAX_PIXELS)
    checked, _ = load_image(path, MAX_PIXELS)
    assert raw == path.read_bytes() and fast.shape == checked.shape == (1024, 1024, 3)
    assert fast.flags.writeable and fast.flags.c_contiguous
    # Two libjpeg builds may round an IDCT step differently, never more than that.
    assert np.abs(fast.astype(int) - checked.astype(int)).max() <= 2


def test_a_damaged_stored_file_still_says_what_is_wrong(
    tmp_path: Path, astronaut_rgb: NDArray[np.uint8]
) -> None:
    raw = encode_jpeg(astronaut_rgb, 90)
    path = tmp_path / "half.jpg"
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ImageRejected) as exc:
        load_stored_image(path, MAX_PIXELS)
    rejected(exc, "decodes", "half.jpg")
    png = tmp_path / "stored.png"
    png.write_bytes(pil_bytes(PIL.Image.fromarray(astronaut_rgb), "PNG"))
    image, _ = load_stored_image(png, MAX_PIXELS)  # not a JPEG: the checked path reads it
    assert image.shape == (1024, 1024, 3)
    with pytest.raises(ImageRejected) as exc:
        load_stored_image(tmp_path / "gone.jpg", MAX_PIXELS)
    rejected(exc, "readable", "gone.jpg")


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "huge.jpg"
    with big.open("wb") as fh:  # sparse: 150 MB that cost no disk, and no memory unless read
        fh.truncate(150_000_000)
    started = time.perf_counter()
    with pytest.raises(ImageRejected) as excinfo:
        load_image(big, 40_000_000)
    rejected(excinfo, "max_bytes", "huge.jpg")
    assert "over 100,000,000 bytes" in str(excinfo.value)
    assert time.perf_counter() - started < 0.5  # refused from stat, not after a read
    small = tmp_path / "small.jpg"
    small.write_bytes(pil_bytes(PIL.Image.new("RGB", (64, 64)), "JPEG"))
    with pytest.raises(ImageRejected) as excinfo:
        load_image(small, 40_000_000, max_bytes=100)
    rejected(excinfo, "max_bytes", "small.jpg")


def test_an_import_refuses_a_photo_over_the_studios_file_cap(
    studio: Studio, photos: dict[str, list[Path]], tmp_path: Path
) -> None:
    create_model(studio, "andie")
    studio.settings.max_image_file_bytes = 50_000
    sparse = tmp_path / "huge.jpg"
    with sparse.open("wb") as fh:
        fh.truncate(200_000_000)
    source = photos["sources"][0]
    assert source.stat().st_size > 50_000
    before = source.read_bytes()
    report = import_photos(studio, "andie", [sparse, source], role="source")
    assert report.imported == []
    assert [(Path(r.path).name, r.rule) for r in report.rejected] == [
        ("huge.jpg", "max_bytes"),
        (source.name, "max_bytes"),
    ]
    assert source.read_bytes() == before
    assert list((studio.home / "models/andie/source").iterdir()) == []
